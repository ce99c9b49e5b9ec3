"""PostgreSQL search support: the pg_trgm and unaccent extensions, three IMMUTABLE SQL
functions the indexes and the queries share, and a trigram and a full-text GIN index per
searched table (plus the initials of organisation names).

`unaccent()` itself is only STABLE (it reads a dictionary), so it cannot appear in an
index expression: `search_fold` wraps it, naming the dictionary and its schema so the
result never depends on the search path. Everything here is PostgreSQL only; on SQLite
(the zero-set-up `make run`) the operations do nothing and search falls back to
accent-insensitive pattern matching.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

# (index name, table, indexed expression, method and operator class)
INDEXES = [
    (
        "search_official_name_trgm",
        "officials_official",
        "search_fold(full_name) gin_trgm_ops",
        "gin",
    ),
    (
        "search_official_document",
        "officials_official",
        "search_document(full_name, position, notes)",
        "gin",
    ),
    (
        "search_organisation_name_trgm",
        "partners_organisation",
        "search_fold(name) gin_trgm_ops",
        "gin",
    ),
    (
        "search_organisation_document",
        "partners_organisation",
        "search_document(name, acronym, notes)",
        "gin",
    ),
    ("search_organisation_initials", "partners_organisation", "search_initials(name)", "btree"),
    ("search_site_name_trgm", "visits_site", "search_fold(name) gin_trgm_ops", "gin"),
    ("search_site_document", "visits_site", "search_document(name, description)", "gin"),
    ("search_place_name_trgm", "places_place", "search_fold(name) gin_trgm_ops", "gin"),
    ("search_place_document", "places_place", "search_document(name)", "gin"),
    (
        "search_delegation_title_trgm",
        "delegations_delegation",
        "search_fold(title) gin_trgm_ops",
        "gin",
    ),
    (
        "search_delegation_document",
        "delegations_delegation",
        "search_document(title, purpose, background)",
        "gin",
    ),
    ("search_item_title_trgm", "visits_itineraryitem", "search_fold(title) gin_trgm_ops", "gin"),
    (
        "search_item_document",
        "visits_itineraryitem",
        "search_document(title, summary, outcome)",
        "gin",
    ),
    ("search_highlight_text_trgm", "visits_highlight", "search_fold(text) gin_trgm_ops", "gin"),
    ("search_highlight_document", "visits_highlight", "search_document(text)", "gin"),
    (
        "search_followup_text_trgm",
        "visits_followup",
        "search_fold(description) gin_trgm_ops",
        "gin",
    ),
    ("search_followup_document", "visits_followup", "search_document(description)", "gin"),
]

FUNCTIONS = """
CREATE OR REPLACE FUNCTION search_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT lower({schema}.unaccent('{schema}.unaccent'::regdictionary, $1)) $$;

CREATE OR REPLACE FUNCTION search_document(a text, b text DEFAULT NULL, c text DEFAULT NULL)
    RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
        SELECT setweight(to_tsvector('simple'::regconfig, coalesce({own}.search_fold(a), '')), 'A')
            || setweight(to_tsvector('simple'::regconfig, coalesce({own}.search_fold(b), '')), 'B')
            || setweight(to_tsvector('simple'::regconfig, coalesce({own}.search_fold(c), '')), 'C')
    $$;

CREATE OR REPLACE FUNCTION search_initials(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$
        SELECT coalesce(string_agg(upper(left(word, 1)), '' ORDER BY position), '')
        FROM regexp_split_to_table($1, '[^[:alnum:]]+') WITH ORDINALITY AS words(word, position)
        WHERE word ~ '^[[:upper:][:digit:]]'
    $$;
"""

DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS search_initials(text);
DROP FUNCTION IF EXISTS search_document(text, text, text);
DROP FUNCTION IF EXISTS search_fold(text);
"""


def _is_postgresql(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


def create(apps, schema_editor):
    if not _is_postgresql(schema_editor):
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'unaccent'"
        )
        extension_schema = cursor.fetchone()[0]
        cursor.execute("SELECT current_schema()")
        own_schema = cursor.fetchone()[0]
    # Qualified names throughout: an index expression is also evaluated with an empty
    # search path (restores, maintenance), where unqualified calls would not resolve.
    schema_editor.execute(
        FUNCTIONS.replace("{schema}", schema_editor.quote_name(extension_schema)).replace(
            "{own}", schema_editor.quote_name(own_schema)
        )
    )
    for name, table, expression, method in INDEXES:
        schema_editor.execute(f"CREATE INDEX {name} ON {table} USING {method} ({expression})")


def drop(apps, schema_editor):
    if not _is_postgresql(schema_editor):
        return
    for name, *_rest in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute(DROP_FUNCTIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("delegations", "0001_initial"),
        ("officials", "0001_initial"),
        ("partners", "0001_initial"),
        ("places", "0001_initial"),
        ("visits", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunPython(create, drop, elidable=False),
    ]
