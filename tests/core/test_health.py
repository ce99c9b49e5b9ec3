from django.db import connection
from django.db.backends.postgresql.base import DatabaseWrapper
from django.urls import reverse


def test_health_reports_database_ok(client, db):
    response = client.get(reverse("core:health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_reports_database_unavailable(client, db, monkeypatch):
    # A real connection to a port where no server listens: the database is "gone".
    gone = DatabaseWrapper({**connection.settings_dict, "PORT": "1", "CONN_MAX_AGE": 0})
    monkeypatch.setattr("core.views.connection", gone)
    response = client.get(reverse("core:health"))
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_home_sends_people_to_the_delegations(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("delegations:list")
