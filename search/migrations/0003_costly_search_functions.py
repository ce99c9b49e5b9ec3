"""Tell the planner what folding and building a document really cost.

`search_fold` and `search_document` were one-line SQL functions, which PostgreSQL inlines
and then prices as a few cheap operators. On 480,000 itinerary items a search for a common
word ("Nairobi", in a sixth of them) read with `LIMIT 1001` (search.selectors.found_ids)
was planned as a walk through the delegations that built the document of every item of
each one (about 50 µs apiece) until 1,001 matched: 180 ms. Written in PL/pgSQL (never
inlined) with a declared COST, the same query reads the search indexes (bitmap scans) and
only rechecks the rows they give: 60-100 ms (and far less with search.selectors' exact
matches first).

Same names, same results, still IMMUTABLE: the indexes built on them stay valid and are
still matched by the queries, which call the same functions. PostgreSQL only.
"""

from django.db import migrations

# The cost of a call, in units of cpu_operator_cost (an inlined operator costs 1): high
# enough that the planner reads the search indexes rather than build documents row by row
# (1,000 was not: with `LIMIT 1001` it still walked every item of the delegations).
FOLD_COST = 100
DOCUMENT_COST = 10000

COSTLY = """
CREATE OR REPLACE FUNCTION search_fold(text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE STRICT COST {fold_cost}
    AS $$ BEGIN RETURN lower({schema}.unaccent('{schema}.unaccent'::regdictionary, $1)); END $$;

CREATE OR REPLACE FUNCTION search_document(a text, b text DEFAULT NULL, c text DEFAULT NULL)
    RETURNS tsvector
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST {document_cost}
    AS $$ BEGIN RETURN
        setweight(to_tsvector('simple'::regconfig, coalesce({own}.search_fold(a), '')), 'A')
        || setweight(to_tsvector('simple'::regconfig, coalesce({own}.search_fold(b), '')), 'B')
        || setweight(to_tsvector('simple'::regconfig, coalesce({own}.search_fold(c), '')), 'C');
    END $$;
"""

INLINED = """
CREATE OR REPLACE FUNCTION search_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT COST 100
    AS $$ SELECT lower({schema}.unaccent('{schema}.unaccent'::regdictionary, $1)) $$;

CREATE OR REPLACE FUNCTION search_document(a text, b text DEFAULT NULL, c text DEFAULT NULL)
    RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE COST 100
    AS $$
        SELECT setweight(to_tsvector('simple'::regconfig, coalesce({own}.search_fold(a), '')), 'A')
            || setweight(to_tsvector('simple'::regconfig, coalesce({own}.search_fold(b), '')), 'B')
            || setweight(to_tsvector('simple'::regconfig, coalesce({own}.search_fold(c), '')), 'C')
    $$;
"""


def _define(schema_editor, template: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'unaccent'"
        )
        extension_schema = cursor.fetchone()[0]
        cursor.execute("SELECT current_schema()")
        own_schema = cursor.fetchone()[0]
    schema_editor.execute(
        template.replace("{schema}", schema_editor.quote_name(extension_schema))
        .replace("{own}", schema_editor.quote_name(own_schema))
        .replace("{fold_cost}", str(FOLD_COST))
        .replace("{document_cost}", str(DOCUMENT_COST))
    )


def forwards(apps, schema_editor):
    _define(schema_editor, COSTLY)


def backwards(apps, schema_editor):
    _define(schema_editor, INLINED)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_notes_not_searched")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
