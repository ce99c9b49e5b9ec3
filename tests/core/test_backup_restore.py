"""The backup procedure of README.md, end to end: the demo delegation loaded into a database
of its own, `bin/backup` (pg_dump -Fc + the uploaded files), `bin/restore` into a new
database and folder, and every row and file found again."""

import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import environ
import psycopg
import pytest
from django.apps import apps
from psycopg import sql

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def database_url(name: str) -> str:
    """The suite's DATABASE_URL (same server and user), naming another database."""
    url = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    return url._replace(path=f"/{name}").geturl()


def base_name() -> str:
    return environ.Env.db_url_config(os.environ["DATABASE_URL"])["NAME"]


def run(env: dict, *command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def succeed(env: dict, *command: str) -> str:
    result = run(env, *command)
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def drop_database(name: str) -> None:
    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def model_tables() -> set[str]:
    """Every table behind a model: history models and many-to-many tables included."""
    return {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


def snapshot(url: str) -> dict:
    """Row count and a checksum of the content of every table, and every sequence."""
    with psycopg.connect(url) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        content = {}
        for table in tables:
            query = sql.SQL(
                "SELECT count(*), md5(string_agg(t::text, ',' ORDER BY t::text)) FROM {} t"
            ).format(sql.Identifier(table))
            content[table] = conn.execute(query).fetchone()
        sequences = dict(
            conn.execute(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
            ).fetchall()
        )
        (attachment,) = conn.execute("SELECT file FROM visits_attachment").fetchone()
    return {"tables": content, "sequences": sequences, "attachment": attachment}


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


def app_env(url: str, media: Path) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="exchange.settings",
        DATABASE_URL=url,
        MEDIA_ROOT=str(media),
        DEBUG="false",
        SECRET_KEY="backup-restore-test-key-not-for-production-0123456789",
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    return env


def test_backup_restores_every_row_and_file(databases, tmp_path):
    source, restored = databases
    source_env = app_env(database_url(source), tmp_path / "media")
    restored_env = app_env(database_url(restored), tmp_path / "media-restored")

    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(source)))
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
    assert tables["visits_itineraryitem"][0] > 5
    for table in (
        "delegations_historicaldelegation",
        "visits_historicalitineraryitem",
        "visits_historicalitineraryitem_topics",  # history of a many-to-many field
        "delegations_delegation_destinations",
        "visits_itineraryitem_topics",
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
