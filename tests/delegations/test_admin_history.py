"""The admin keeps and shows the audit trail: edits name the administrator who made them."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalChanges

from delegations.models import Delegation
from learning.enums import FollowUpStatus
from learning.models import FollowUp
from tests.factories.delegations import DelegationFactory
from tests.factories.learning import FollowUpFactory
from tests.support.admin import admin_url, change_url, management_data


def historized_models() -> list:
    return sorted(
        (
            model
            for model in apps.get_models()
            if hasattr(model, "history") and not issubclass(model, HistoricalChanges)
        ),
        key=lambda model: model._meta.label,
    )


def test_every_historized_model_has_a_history_admin():
    models = historized_models()
    assert Delegation in models and FollowUp in models
    missing = [m._meta.label for m in models if m not in admin.site._registry]
    plain = [
        m._meta.label
        for m in models
        if m in admin.site._registry and not isinstance(admin.site._registry[m], SimpleHistoryAdmin)
    ]
    assert (missing, plain) == ([], [])


@pytest.fixture
def delegation(programme):
    return DelegationFactory(programme=programme, title="Cabo Delgado to Kenya")


def admin_change(admin_client, delegation, **fields):
    url = change_url(delegation)
    data = management_data(admin_client, url) | {
        "title": delegation.title,
        "programme": delegation.programme_id,
        "sending_countries": [str(code) for code in delegation.sending_countries],
        "host_country": str(delegation.host_country),
        "start_date": delegation.start_date.isoformat(),
        "end_date": delegation.end_date.isoformat(),
        "expected_version": delegation.version,
        **fields,
    }
    return admin_client.post(url, data)


def test_an_admin_edit_names_the_administrator_everywhere(
    admin_client, administrator, staff_user, delegation
):
    administrator.full_name = "Ada Administrator"
    administrator.save()

    response = admin_change(admin_client, delegation, title="Renamed by the admin")

    assert response.status_code == 302
    latest = delegation.history.order_by("-history_id").first()
    assert (latest.title, latest.history_user) == ("Renamed by the admin", administrator)
    # The admin's History button: the field change and who made it.
    history = admin_client.get(admin_url(Delegation, "history", delegation.pk))
    html = history.content.decode()
    assert "Ada Administrator" in html
    assert "Cabo Delgado to Kenya" in html and "Renamed by the admin" in html
    # The delegation page's timeline (its deferred section), as programme staff see it.
    staff_client = Client()
    staff_client.force_login(staff_user)
    page = staff_client.get(
        reverse("timeline:history-section", args=[delegation.pk])
    ).content.decode()
    timeline = page[page.index('id="history-heading"') :]
    assert "Ada Administrator</bdi>" in timeline
    assert "Cabo Delgado to Kenya</del>" in timeline and "Renamed by the admin</ins>" in timeline


def test_an_admin_edit_of_a_follow_up_names_the_administrator(
    admin_client, administrator, delegation
):
    follow_up = FollowUpFactory(delegation=delegation, description="Youth exchange")
    url = change_url(follow_up)
    data = management_data(admin_client, url) | {
        "delegation": delegation.pk,
        "description": follow_up.description,
        "status": FollowUpStatus.DONE,
        "expected_version": follow_up.version,
    }

    response = admin_client.post(url, data)

    assert response.status_code == 302
    latest = follow_up.history.order_by("-history_id").first()
    assert (latest.status, latest.history_user) == (FollowUpStatus.DONE, administrator)
    html = admin_client.get(admin_url(FollowUp, "history", follow_up.pk)).content.decode()
    assert str(administrator) in html
    assert re.search(
        r"Status:</strong>\s*<bdi>Proposed</bdi>\s*&nbsp;&rarr;&nbsp;&nbsp;<bdi>Done</bdi>", html
    )
