"""A database made before `visits` was split migrates forward and keeps every row.

`demo_before_split.sql.gz` is the demo delegation as the code before the split loaded it
(migrate + load_demo at commit 8e3536d, then pg_dump). It is restored into a database of
its own, migrated with this code, and compared table by table with what it held.
"""

import gzip
import sys
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from tests.support.databases import (
    app_env,
    base_name,
    create_database,
    database_url,
    drop_database,
    succeed,
    table_contents,
)

pytestmark = pytest.mark.slow

DUMP = Path(__file__).with_name("demo_before_split.sql.gz")
LEARNING = {"learningobjective", "highlight", "followup", "attachment"}
# Tables whose rows migrate changes on purpose, checked on their own below.
BOOKKEEPING = {"django_migrations", "django_content_type", "auth_permission"}
# The history of which objectives an item served moves from the items' side to the
# objectives' (learning.0002): checked by what it says, not row by row.
LINK_HISTORY = {"visits_historicalitineraryitem_objectives", "visits_historicallearningobjective"}


def new_table(old: str) -> str:
    """Where a table of visits lives after the split (other tables keep their name)."""
    if not old.startswith("visits_"):
        return old
    if old == "visits_itineraryitem_objectives":  # now declared by the objective
        return "learning_learningobjective_itinerary_items"
    rest = old.removeprefix("visits_")
    model = rest.removeprefix("historical").split("_")[0]
    return f"{'learning' if model in LEARNING else 'itinerary'}_{rest}"


@pytest.fixture
def old_database(tmp_path):
    name = f"{base_name()}_before_split"
    drop_database(name)
    create_database(name)
    script = tmp_path / "dump.sql"
    script.write_bytes(gzip.decompress(DUMP.read_bytes()))
    env = app_env(database_url(name), tmp_path / "media")
    succeed(
        env, "psql", "--quiet", "--set=ON_ERROR_STOP=1", "-d", database_url(name), "-f", str(script)
    )
    try:
        yield name, env
    finally:
        drop_database(name)


# Columns this round's migrations add or drop on purpose, table by table (after the
# split's renames); every other column keeps its values, row for row.
SAVE = "history_save"  # which save a snapshot was (delegations.0007 and the others)
ADDED_COLUMNS: dict[str, set[str]] = {
    # The language switch (accounts) and the log-in link key.
    "accounts_user": {"language", "login_key"},
    "accounts_historicaluser": {"language", "login_key"},
    # The delegation's project, report language, calendar feed and "no head" mark.
    "delegations_delegation": {"project_id", "report_language", "feed_renewed_on", "no_head"},
    "delegations_historicaldelegation": {
        "project_id",
        "report_language",
        "feed_renewed_on",
        "no_head",
        SAVE,
    },
    # Destinations in the order of travel.
    "delegations_delegation_destinations": {"order"},
    "delegations_historicaldelegation_destinations": {"order"},
    # Versions against lost updates (delegations.0010 and the others).
    "delegations_delegationmember": {"version"},
    "delegations_historicaldelegationmember": {"version", SAVE},
    "delegations_historicalreport": {SAVE},
    # Support on a side, and for the hosts on a leg.
    "delegations_supportassignment": {"side", "leg_id", "version"},
    "delegations_historicalsupportassignment": {"side", "leg_id", "version", SAVE},
    "officials_official": {"rank", "sensitive", "version"},
    "officials_historicalofficial": {"rank", "sensitive", "version"},
    "partners_organisation": {"sensitive", "version"},
    "partners_historicalorganisation": {"sensitive", "version"},
    # Consent to publish a photo, attribution of a highlight.
    "learning_attachment": {
        "may_publish",
        "children_present",
        "consent",
        "people_identifiable",
        "version",
    },
    "learning_historicalattachment": {
        "may_publish",
        "children_present",
        "consent",
        "people_identifiable",
        "version",
        SAVE,
    },
    "learning_highlight": {"attribution", "version"},
    "learning_historicalhighlight": {"attribution", "version", SAVE},
    "learning_learningobjective": {"version"},
    "learning_historicalfollowup": {SAVE},
    "itinerary_historicalbeneficiarygroup": {SAVE},
    "itinerary_historicalcounterpart": {SAVE},
    "itinerary_historicalitineraryitem": {SAVE},
}
# The one sending organisation became several (delegations.0006): the link moves to
# delegations_delegation_sending_organisations, checked below.
DROPPED_COLUMNS: dict[str, set[str]] = {
    "delegations_delegation": {"sending_organisation_id"},
    "delegations_historicaldelegation": {"sending_organisation_id"},
}


def pairs(url: str, query: str) -> set[tuple]:
    with psycopg.connect(url) as conn:
        return set(conn.execute(query).fetchall())


def columns_of(url: str) -> dict[str, list[str]]:
    """Every table's columns, in order."""
    with psycopg.connect(url) as conn:
        columns = {}
        for table, column in conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"
        ):
            columns.setdefault(table, []).append(column)
        return columns


def contents_on(url: str, table: str, columns) -> tuple[int, str | None]:
    """A table's row count and an md5 of its rows' text on `columns` only."""
    row = sql.SQL("ROW({})").format(sql.SQL(", ").join(map(sql.Identifier, columns)))
    query = sql.SQL(
        "SELECT count(*), md5(string_agg(r::text, ',' ORDER BY r::text))"
        " FROM (SELECT {} AS r FROM {}) t"
    ).format(row, sql.Identifier(table))
    with psycopg.connect(url) as conn:
        return conn.execute(query).fetchone()


def content_types(url: str) -> dict[int, tuple[str, str]]:
    with psycopg.connect(url) as conn:
        return {
            pk: (app, model)
            for pk, app, model in conn.execute(
                "SELECT id, app_label, model FROM django_content_type"
            )
        }


def rows_of(url: str, table: str, columns) -> set[str]:
    """A table's rows' text on `columns` only."""
    row = sql.SQL("ROW({})").format(sql.SQL(", ").join(map(sql.Identifier, columns)))
    query = sql.SQL("SELECT {}::text FROM {}").format(row, sql.Identifier(table))
    with psycopg.connect(url) as conn:
        return {text for (text,) in conn.execute(query)}


def served_by_item_history(url: str) -> dict[tuple, frozenset]:
    """(item, moment) -> the objectives it served then, from the items' snapshots."""
    with psycopg.connect(url) as conn:
        snapshots = conn.execute(
            "SELECT h.id, h.history_date, h.history_id, array_remove(array_agg(l.learningobjective_id), NULL)"
            " FROM visits_historicalitineraryitem h"
            " LEFT JOIN visits_historicalitineraryitem_objectives l ON l.history_id = h.history_id"
            " WHERE h.history_type <> '-' GROUP BY h.id, h.history_date, h.history_id"
        ).fetchall()
    return {
        (item, when, order): frozenset(objectives) for item, when, order, objectives in snapshots
    }


def served_by_objective_history(url: str, moments) -> dict[tuple, frozenset]:
    """The same, read from the objectives' snapshots: at each moment, the objectives whose
    latest snapshot then lists the item."""
    with psycopg.connect(url) as conn:
        snapshots = conn.execute(
            "SELECT h.id, h.history_date, h.history_id, array_remove(array_agg(l.itineraryitem_id), NULL)"
            " FROM learning_historicallearningobjective h"
            " LEFT JOIN learning_historicallearningobjective_itinerary_items l"
            " ON l.history_id = h.history_id GROUP BY h.id, h.history_date, h.history_id"
            " ORDER BY h.history_date, h.history_id"
        ).fetchall()
    served = {}
    for item, when, order in moments:
        latest = {}
        for objective, at, _, items in snapshots:
            if at <= when:
                latest[objective] = items
        served[item, when, order] = frozenset(o for o, items in latest.items() if item in items)
    return served


def test_migrating_the_old_layout_forward_keeps_every_row(old_database):
    name, env = old_database
    url = database_url(name)
    before = table_contents(url)
    columns_before = columns_of(url)
    kept = {
        table: [c for c in columns if c not in DROPPED_COLUMNS.get(new_table(table), ())]
        for table, columns in columns_before.items()
        if table not in BOOKKEEPING | LINK_HISTORY
    }
    sent_before = pairs(
        url,
        "SELECT id, sending_organisation_id FROM delegations_delegation"
        " WHERE sending_organisation_id IS NOT NULL",
    )
    kept_before = {table: contents_on(url, table, columns) for table, columns in kept.items()}
    labels_before = content_types(url)
    served_before = served_by_item_history(url)
    # On the columns it had (the snapshots gained history_save and version since).
    objective_columns = columns_before["visits_historicallearningobjective"]
    objective_rows_before = rows_of(url, "visits_historicallearningobjective", objective_columns)
    assert before["visits_itineraryitem"][0] > 5, "the dump holds no itinerary: it proves nothing"
    assert not any(table.startswith(("itinerary_", "learning_")) for table in before)

    succeed(env, sys.executable, "manage.py", "migrate", "--noinput")
    after = table_contents(url)
    columns_after = columns_of(url)

    # Every table of the old layout is there under its new name, with the same rows,
    # byte for byte on the columns it had (less the ones dropped on purpose); the columns
    # added and dropped are exactly the intended ones; no table of visits is left.
    assert not any(table.startswith("visits_") for table in after)
    checked = [table for table in before if table not in BOOKKEEPING | LINK_HISTORY]
    added = {
        new_table(table): added
        for table in checked
        if (added := set(columns_after.get(new_table(table), ())) - set(columns_before[table]))
    }
    dropped = {
        new_table(table): dropped
        for table in checked
        if (dropped := set(columns_before[table]) - set(columns_after.get(new_table(table), ())))
    }
    assert (added, dropped) == (ADDED_COLUMNS, DROPPED_COLUMNS)
    differing = {
        table: (rows, contents_on(url, new_table(table), kept[table]))
        for table, rows in kept_before.items()
        if contents_on(url, new_table(table), kept[table]) != rows
    }
    assert differing == {}
    # Each delegation's sending organisation is now its one link to the organisation.
    assert sent_before, "the dump holds no sending organisation: it proves nothing"
    assert (
        pairs(
            url,
            "SELECT delegation_id, organisation_id FROM delegations_delegation_sending_organisations",
        )
        == sent_before
    )

    # Every snapshot of an item still says which objectives it served, now from the
    # objectives' side; the objectives' own history rows are all still there.
    assert any(served_before.values()), "the dump holds no objective served: it proves nothing"
    assert served_by_objective_history(url, served_before) == served_before
    assert objective_rows_before <= rows_of(
        url, "learning_historicallearningobjective", objective_columns
    )

    # The content types moved with their models and kept their ids, so permissions, admin
    # log entries and history keep pointing at them.
    labels_after = content_types(url)
    assert labels_after == {
        pk: (new_table(f"{app}_{model}").split("_")[0], model) if app == "visits" else (app, model)
        for pk, (app, model) in labels_before.items()
    } | {pk: label for pk, label in labels_after.items() if pk not in labels_before}
    assert not any(app == "visits" for app, _ in labels_after.values())

    # The migrated database is complete for this code, and the demo finds itself there.
    succeed(env, sys.executable, "manage.py", "migrate", "--check")
    succeed(env, sys.executable, "manage.py", "load_demo")
    assert table_contents(url) == after
