"""The link between items and the objectives they served is declared by learning now
(LearningObjective.itinerary_items): the item forgets its field here, state only; the
table is renamed and its history moved by learning.0002, which also drops nothing."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("itinerary", "0002_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="itineraryitem", name="objectives"),
            ],
        ),
    ]
