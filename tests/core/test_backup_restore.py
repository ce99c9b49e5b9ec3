"""The backup procedure of README.md, end to end: the demo delegation loaded into a database
of its own, `bin/backup` (pg_dump -Fc + the uploaded files), `bin/restore` into a new
database and folder, and every row and file found again."""

import os
import sys
from pathlib import Path

import psycopg
import pytest
from django.apps import apps

from tests.support.databases import (
    ROOT,
    app_env,
    base_name,
    create_database,
    database_url,
    drop_database,
    run,
    succeed,
    table_contents,
)

pytestmark = pytest.mark.slow


def model_tables() -> set[str]:
    """Every table behind a model: history models and many-to-many tables included."""
    return {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


def snapshot(url: str) -> dict:
    """What `table_contents` reads, every sequence, and the demo photo's stored name."""
    with psycopg.connect(url) as conn:
        sequences = dict(
            conn.execute(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
            ).fetchall()
        )
        (attachment,) = conn.execute("SELECT file FROM learning_attachment").fetchone()
    return {"tables": table_contents(url), "sequences": sequences, "attachment": attachment}


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def databases():
    source, restored = f"{base_name()}_backup_src", f"{base_name()}_backup_restored"
    for name in (source, restored):
        drop_database(name)
    try:
        yield source, restored
    finally:
        for name in (source, restored):
            drop_database(name)


def test_backup_restores_every_row_and_file(databases, tmp_path):
    source, restored = databases
    source_env = app_env(database_url(source), tmp_path / "media")
    restored_env = app_env(database_url(restored), tmp_path / "media-restored")

    create_database(source)
    succeed(source_env, sys.executable, "manage.py", "migrate", "--noinput")
    succeed(source_env, sys.executable, "manage.py", "load_demo")

    backup = succeed(source_env, "bin/backup", str(tmp_path / "backups")).splitlines()[-1]
    assert sorted(os.listdir(ROOT / backup)) == ["SHA256SUMS", "database.dump", "media.tar"]
    succeed(restored_env, "bin/restore", backup)

    before, after = snapshot(database_url(source)), snapshot(database_url(restored))

    # Every model's table is there, history and many-to-many tables included, and holds
    # the same rows, byte for byte.
    tables = before["tables"]
    assert model_tables() <= set(tables)
    assert tables["delegations_delegation"][0] == 1  # the demo delegation
    assert tables["itinerary_itineraryitem"][0] > 5
    for table in (
        "delegations_historicaldelegation",
        "itinerary_historicalitineraryitem",
        "itinerary_historicalitineraryitem_topics",  # history of a many-to-many field
        "delegations_delegation_destinations",
        "itinerary_itineraryitem_topics",
    ):
        assert tables[table][0] > 0, f"{table} is empty in the demo: the check proves nothing"
    differing = {
        table: (rows, after["tables"].get(table))
        for table, rows in tables.items()
        if after["tables"].get(table) != rows
    }
    assert not differing
    assert after["tables"].keys() == tables.keys()
    # New rows get new ids, not ones the restored rows already use.
    assert after["sequences"] == before["sequences"]

    # The uploaded files came back, the demo photo among them.
    assert files(tmp_path / "media-restored") == files(tmp_path / "media")
    assert (tmp_path / "media-restored" / after["attachment"]).is_file()

    # The app is happy with the restored database: no migration missing.
    succeed(restored_env, sys.executable, "manage.py", "migrate", "--check")

    # Restoring never overwrites: the database now exists, so a second restore stops.
    again = run(app_env(database_url(restored), tmp_path / "media-again"), "bin/restore", backup)
    assert again.returncode != 0
    assert "already exists" in again.stderr
    assert snapshot(database_url(restored))["tables"] == tables
