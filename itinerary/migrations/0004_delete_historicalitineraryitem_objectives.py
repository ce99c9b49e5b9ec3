"""The item-side history of the objectives it served, now kept on the objectives'
side (learning.0002 moved every snapshot there first)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("itinerary", "0003_objectives_declared_by_learning"),
        ("learning", "0002_objective_itinerary_items"),
    ]

    operations = [
        migrations.DeleteModel(name="HistoricalItineraryItem_objectives"),
    ]
