"""Rename the tables of visits to the apps that take them over (itinerary, learning).

Every row stays. Renaming an itinerary item's table also renames the tables of its
many-to-many fields (Django derives their names from it). The search indexes made by
search.0001 on these tables move with them, so that migration runs first.
"""

from django.db import migrations

# Model of visits -> its table from now on (the app that takes it over, its own name).
TABLES = {
    "beneficiarygroup": "itinerary_beneficiarygroup",
    "counterpart": "itinerary_counterpart",
    "historicalbeneficiarygroup": "itinerary_historicalbeneficiarygroup",
    "historicalbeneficiarygroup_origins": "itinerary_historicalbeneficiarygroup_origins",
    "historicalitineraryitem": "itinerary_historicalitineraryitem",
    "historicalsite": "itinerary_historicalsite",
    "historicaltopic": "itinerary_historicaltopic",
    "itineraryitem": "itinerary_itineraryitem",
    "historicalitineraryitem_organisations": "itinerary_historicalitineraryitem_organisations",
    "historicalcounterpart": "itinerary_historicalcounterpart",
    "historicalattachment": "learning_historicalattachment",
    "attachment": "learning_attachment",
    "learningobjective": "learning_learningobjective",
    "historicalitineraryitem_objectives": "itinerary_historicalitineraryitem_objectives",
    "site": "itinerary_site",
    "topic": "itinerary_topic",
    "historicallearningobjective": "learning_historicallearningobjective",
    "historicalitineraryitem_topics": "itinerary_historicalitineraryitem_topics",
    "historicalhighlight": "learning_historicalhighlight",
    "historicalfollowup": "learning_historicalfollowup",
    "highlight": "learning_highlight",
    "followup": "learning_followup",
}


def _rename_column_checks(schema_editor, *, forwards: bool) -> None:
    """Django names a positive field's check "<table>_<column>_check" and looks for it by
    that name; the checks follow their tables. (SQLite keeps them inside the table.)"""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for model, table in TABLES.items():
            old, new = (f"visits_{model}", table) if forwards else (table, f"visits_{model}")
            cursor.execute(
                "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'c'",
                [table],  # renamed already going forwards, not yet going backwards
            )
            for (name,) in cursor.fetchall():
                if name.startswith(f"{old}_") and name.endswith("_check"):
                    schema_editor.execute(
                        f'ALTER TABLE "{table}" RENAME CONSTRAINT "{name}" '
                        f'TO "{new}{name[len(old) :]}"'
                    )


def rename_column_checks(apps, schema_editor):
    _rename_column_checks(schema_editor, forwards=True)


def restore_column_checks(apps, schema_editor):
    _rename_column_checks(schema_editor, forwards=False)


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0001_initial"),
        ("search", "0001_search_functions_and_indexes"),
    ]

    operations = [
        *(migrations.AlterModelTable(name=model, table=table) for model, table in TABLES.items()),
        migrations.RunPython(rename_column_checks, restore_column_checks),
    ]
