"""Liveness (`core:health`, no database) and readiness (`core:ready`, SELECT 1)."""

import pytest
from django.db import connection
from django.db.backends.postgresql.base import DatabaseWrapper
from django.urls import reverse


@pytest.mark.parametrize("name", ["core:health", "core:ready"])
def test_health_endpoints_are_public_and_never_cached(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_health_answers_without_touching_the_database(client):
    # No `db` fixture: pytest-django makes any database access in this test an error.
    response = client.get(reverse("core:health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_refuses_writes(client):
    assert client.post(reverse("core:health")).status_code == 405


def test_ready_reports_database_ok(client, db):
    response = client.get(reverse("core:ready"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_ready_reports_database_unavailable(client, db, monkeypatch):
    # A real connection to a port where no server listens: the database is "gone".
    gone = DatabaseWrapper({**connection.settings_dict, "PORT": "1", "CONN_MAX_AGE": 0})
    monkeypatch.setattr("core.health.connection", gone)
    response = client.get(reverse("core:ready"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable"}
    assert "no-cache" in response["Cache-Control"]
    # Liveness does not depend on the database.
    assert client.get(reverse("core:health")).status_code == 200


def test_ready_drops_a_connection_the_server_killed_and_reconnects(client, db, monkeypatch):
    # A persistent connection of its own (as in production), terminated by the server
    # the way a PostgreSQL restart terminates it.
    own = DatabaseWrapper({**connection.settings_dict, "CONN_MAX_AGE": 600})
    monkeypatch.setattr("core.health.connection", own)
    try:
        assert client.get(reverse("core:ready")).status_code == 200
        backend_pid = own.connection.info.backend_pid
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [backend_pid])
            assert cursor.fetchone() == (True,)

        assert client.get(reverse("core:ready")).status_code == 503
        assert own.connection is None  # discarded, not kept for the next request

        response = client.get(reverse("core:ready"))
        assert response.status_code == 200
        assert own.connection.info.backend_pid != backend_pid
    finally:
        own.close()


def test_home_sends_people_to_the_delegations(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("delegations:list")


def test_home_leads_where_the_project_setting_says(client, db, settings):
    settings.HOME_URL_NAME = "reports:dashboard"
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:dashboard")
