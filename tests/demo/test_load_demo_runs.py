"""load_demo runs: a second run writes nothing, a run fills only what is missing, and the
passwords are printed only when DEBUG is on."""

from datetime import date

import pytest
from django.apps import apps
from django.contrib.auth import password_validation
from django.test import override_settings

from accounts.models import User
from delegations.models import Delegation
from learning.enums import HighlightKind
from partners.enums import ProgrammeRole
from partners.models import Organisation
from tests.demo.expected import DEMO_EMAILS, ELUNGATA_QUOTE


def database_snapshot() -> dict[str, list[tuple]]:
    """Every row of every table Django knows, history and many-to-many tables included."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values_list())
        for model in apps.get_models(include_auto_created=True)
    }


@pytest.fixture
def loaded(run_load_demo) -> Delegation:
    run_load_demo()
    return Delegation.objects.get(programme__code="PHSS", start_date=date(2019, 7, 22))


def test_load_demo_passwords_pass_the_validators(run_load_demo):
    with override_settings(DEBUG=True):
        output = run_load_demo()
    assert "Created" in output
    for user in User.objects.filter(email__in=DEMO_EMAILS):
        line = next(line for line in output.splitlines() if user.email in line)
        password = line.split()[1]
        assert len(password) >= 12
        password_validation.validate_password(password, user)
        assert user.check_password(password)


def test_load_demo_second_run_creates_and_changes_nothing(loaded, run_load_demo):
    before = database_snapshot()
    assert len(before["itinerary.HistoricalItineraryItem"]) > 0
    assert len(before["delegations.HistoricalDelegation_destinations"]) > 0

    output = run_load_demo()

    after = database_snapshot()
    grown = {
        label: (len(rows), len(after[label]))
        for label, rows in before.items()
        if len(rows) != len(after[label])
    }
    assert grown == {}
    changed = [label for label, rows in before.items() if rows != after[label]]
    assert changed == []
    assert "Nothing to create" in output


def test_load_demo_creates_only_what_is_missing(loaded, run_load_demo):
    quote = loaded.highlights.get(kind=HighlightKind.QUOTE)
    quote.delete()
    iom_kenya = Organisation.objects.get(name="IOM Kenya")
    iom_kenya.notes = "Edited by a user."
    iom_kenya.save()
    history_rows = iom_kenya.history.count()

    output = run_load_demo()

    assert loaded.highlights.get(kind=HighlightKind.QUOTE).text == ELUNGATA_QUOTE
    assert "Created 1 row: 1 highlight." in output
    iom_kenya.refresh_from_db()
    assert iom_kenya.notes == "Edited by a user."
    assert iom_kenya.history.count() == history_rows


def test_load_demo_keeps_an_existing_users_password(run_load_demo):
    User.objects.create_user(email="phss.staff@exchange.example", password="my-own-secret-99")
    run_load_demo()
    user = User.objects.get(email="phss.staff@exchange.example")
    assert user.check_password("my-own-secret-99")
    assert user.memberships.get().role == ProgrammeRole.STAFF


@override_settings(DEBUG=False)
def test_load_demo_hides_passwords_when_debug_is_off(run_load_demo):
    output = run_load_demo()
    for email in DEMO_EMAILS:
        assert email in output
    for password in ("baobab-lighthouse-2019", "mangrove-ferry-2019", "coral-reef-ledger-2019"):
        assert password not in output
    assert "changepassword" in output


@override_settings(DEBUG=True)
def test_load_demo_prints_passwords_when_debug_is_on(run_load_demo):
    output = run_load_demo()
    assert "admin@exchange.example" in output
    assert "baobab-lighthouse-2019" in output
    assert "savanna-compass-2019" in output
