"""Notes of officials and organisations are need-to-know (partners.involvement): they
leave the search documents, and so the full-text indexes are rebuilt without them."""

from django.db import migrations

# (index name, table, old expression, new expression)
DOCUMENTS = [
    (
        "search_official_document",
        "officials_official",
        "search_document(full_name, position, notes)",
        "search_document(full_name, position)",
    ),
    (
        "search_organisation_document",
        "partners_organisation",
        "search_document(name, acronym, notes)",
        "search_document(name, acronym)",
    ),
]


def _rebuild(schema_editor, *, forward: bool) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, old, new in DOCUMENTS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        expression = new if forward else old
        schema_editor.execute(f"CREATE INDEX {name} ON {table} USING gin ({expression})")


def forwards(apps, schema_editor):
    _rebuild(schema_editor, forward=True)


def backwards(apps, schema_editor):
    _rebuild(schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_search_functions_and_indexes"),
        ("officials", "0001_initial"),
        ("partners", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
