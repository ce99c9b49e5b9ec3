"""Databases of their own for tests that run the app's commands as a deployment would: a
name beside the suite's database, the app's environment for a subprocess, and what a
database holds (every table's rows, with a checksum of their content)."""

import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import environ
import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]


def database_url(name: str) -> str:
    """The suite's DATABASE_URL (same server and user), naming another database."""
    url = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    return url._replace(path=f"/{name}").geturl()


def base_name() -> str:
    return environ.Env.db_url_config(os.environ["DATABASE_URL"])["NAME"]


def create_database(name: str) -> None:
    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(name: str) -> None:
    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def run(env: dict, *command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def succeed(env: dict, *command: str) -> str:
    result = run(env, *command)
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def app_env(url: str, media: Path) -> dict:
    """The environment of the app's commands on database `url`, production settings."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="exchange.settings",
        DATABASE_URL=url,
        MEDIA_ROOT=str(media),
        DEBUG="false",
        SECRET_KEY="database-test-key-not-for-production-use-0123456789",
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    return env


def table_contents(url: str) -> dict[str, tuple[int, str | None]]:
    """Every table of the database: its row count and an md5 of its rows' text."""
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
    return content
