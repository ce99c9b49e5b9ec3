"""Learning declares the link between objectives and the itinerary items that served them.

The link table keeps every row (renamed; its columns are the same on either side). Its
history was kept as snapshots of each item ("objectives served" at each save of an item);
it is kept from now on as snapshots of each objective ("items that served it"). Every item
snapshot is turned into the objective snapshots it implies: when an item gained or lost an
objective, that objective gets a snapshot at the same moment, by the same person, with its
fields as its own history last had them; and every snapshot of an objective, old or new,
lists the items it had at that moment. itinerary.0004 then drops the item-side table.
"""

from collections import defaultdict

import django.db.models.deletion
import simple_history.models
from django.db import migrations, models

OLD_TABLE = "itinerary_itineraryitem_objectives"
NEW_TABLE = "learning_learningobjective_itinerary_items"
BOOKKEEPING = {
    "history_id",
    "history_date",
    "history_user_id",
    "history_type",
    "history_change_reason",
}


def _flips(apps) -> tuple[dict, dict]:
    """When each objective gained (True) or lost (False) each item, from the item-side
    snapshots; and the id of each (item, objective) link row."""
    ItemHistory = apps.get_model("itinerary", "HistoricalItineraryItem")
    OldLinks = apps.get_model("itinerary", "HistoricalItineraryItem_objectives")
    linked = defaultdict(set)
    link_ids = {}
    for history_id, item, objective, link in OldLinks.objects.values_list(
        "history_id", "itineraryitem_id", "learningobjective_id", "id"
    ):
        linked[history_id].add(objective)
        link_ids[item, objective] = link
    flips = defaultdict(list)  # objective -> [(when, user, item, member)]
    before = defaultdict(set)
    rows = ItemHistory.objects.order_by("history_date", "history_id").values_list(
        "history_id", "id", "history_date", "history_user_id", "history_type"
    )
    for history_id, item, when, user, kind in rows:
        now = set() if kind == "-" else linked[history_id]
        for objective in sorted(now ^ before[item]):
            flips[objective].append((when, user, item, objective in now))
        before[item] = now
    return flips, link_ids


def move_link_history(apps, schema_editor):
    ObjectiveHistory = apps.get_model("learning", "HistoricalLearningObjective")
    NewLinks = apps.get_model("learning", "HistoricalLearningObjective_itinerary_items")
    columns = [
        field.attname for field in ObjectiveHistory._meta.fields if field.attname not in BOOKKEEPING
    ]
    flips, link_ids = _flips(apps)
    links = []
    for objective in ObjectiveHistory.objects.values_list("id", flat=True).distinct():
        own = list(
            ObjectiveHistory.objects.filter(id=objective).order_by("history_date", "history_id")
        )
        changes = flips.get(objective, [])
        # A snapshot of the objective at each moment one of its items came or went.
        for when, user in dict.fromkeys((when, user) for when, user, _, _ in changes):
            base = [row for row in own if row.history_date <= when] or own
            fields = {name: getattr(base[-1], name) for name in columns}
            own.append(
                ObjectiveHistory.objects.create(
                    **fields, history_date=when, history_user_id=user, history_type="~"
                )
            )
        # Every snapshot, old or new, lists the items the objective had at its moment.
        for row in own:
            items = set()
            for when, _user, item, member in changes:
                if when <= row.history_date:
                    (items.add if member else items.discard)(item)
            links += [
                NewLinks(
                    history_id=row.history_id,
                    id=link_ids.get((item, objective)),
                    itineraryitem_id=item,
                    learningobjective_id=objective,
                )
                for item in sorted(items)
            ]
    NewLinks.objects.bulk_create(links, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("itinerary", "0003_objectives_declared_by_learning"),
        ("learning", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="learningobjective",
                    name="itinerary_items",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="objectives",
                        to="itinerary.itineraryitem",
                        verbose_name="itinerary items that served it",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'ALTER TABLE "{OLD_TABLE}" RENAME TO "{NEW_TABLE}"',
                    f'ALTER TABLE "{NEW_TABLE}" RENAME TO "{OLD_TABLE}"',
                ),
            ],
        ),
        migrations.CreateModel(
            name="HistoricalLearningObjective_itinerary_items",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="learning.historicallearningobjective",
                    ),
                ),
                (
                    "itineraryitem",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="itinerary.itineraryitem",
                    ),
                ),
                (
                    "learningobjective",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="learning.learningobjective",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalLearningObjective_itinerary_items",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        # Backwards the link rows stay; their item-side history does not come back.
        migrations.RunPython(move_link_history, migrations.RunPython.noop),
    ]
