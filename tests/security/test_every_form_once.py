"""Findings 2 and 3, for every form the URL configuration holds.

Edits (every URL named `…update`): two tabs open the same edit form, the first saves,
the second's save is refused ("Someone else saved this since you opened it.") and
changes nothing. A new edit form without the version check fails here.

Creations (every URL named `…create`, and the team pages, whose form adds someone): the
form carries the one-time token, and the same submission sent twice (a double click, a
resent POST) creates one row. A new create form without the token fails here.
"""

import pytest
from django.apps import apps
from django.urls import reverse

from tests.security.matrix_rows import ROWS_BY_NAME
from tests.security.matrix_world import ADMINISTRATOR, STAFF
from tests.security.test_permission_matrix import walk
from tests.support.html_forms import form_fields

NAMES = [what for kind, what in walk() if kind == "name"]
UPDATE_URLS = [name for name in NAMES if name.endswith("update")]
# Pages whose form adds a row without "create" in their name: the team pages.
ADDING_PAGES = {"delegations:members", "delegations:support-team"}
CREATE_URLS = [name for name in NAMES if name.endswith("create") or name in ADDING_PAGES]
# What the snapshot compares: every row of the apps people edit.
EDITED_APPS = ("partners", "officials", "places", "delegations", "itinerary", "learning")


def snapshot() -> dict[str, list]:
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for app in EDITED_APPS
        for model in apps.get_app_config(app).get_models()
    }


def counts() -> dict[str, int]:
    """Rows of each model (history rows aside: one creation may write two)."""
    return {
        model._meta.label: model.objects.count()
        for app in EDITED_APPS
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
    }


def tab(client_class, user):
    client = client_class()
    client.force_login(user)
    return client


def test_the_walk_finds_the_forms():
    assert {"learning:highlight-update", "officials:update", "delegations:member-update"} <= set(
        UPDATE_URLS
    )
    assert {"officials:create", "delegations:members", "learning:attachment-create"} <= set(
        CREATE_URLS
    )


@pytest.mark.parametrize("name", UPDATE_URLS)
def test_a_stale_save_is_refused_on_every_edit_form(name, world, client, db):
    row = ROWS_BY_NAME[name]
    url = reverse(name, kwargs=row.args(world))
    first, second = (
        tab(type(client), world.users[STAFF]),
        tab(type(client), world.users[ADMINISTRATOR]),
    )
    opened = [
        form_fields(c.get(url).content.decode(), containing="version") or {}
        for c in (first, second)
    ]
    assert all("version" in form for form in opened), f"{name}: the edit form has no version"
    data = {key: value for key, value in row.data(world).items() if key != "version"}

    saved = first.post(url, {**opened[0], **data})
    assert saved.status_code == 302, f"{name}: the first save failed"
    after_first = snapshot()

    refused = second.post(url, {**opened[1], **data})

    assert refused.status_code == 200, f"{name}: the stale save went through"
    assert "Someone else saved this since you opened it." in refused.content.decode()
    assert snapshot() == after_first


@pytest.mark.parametrize("name", CREATE_URLS)
def test_every_create_form_saves_once_per_submission(name, world, client, db):
    row = ROWS_BY_NAME[name]
    url = reverse(name, kwargs=row.args(world))
    client.force_login(world.users[STAFF])
    page = form_fields(client.get(url).content.decode(), containing="submission_token")
    assert page and page.get("submission_token"), f"{name}: the form has no one-time token"
    before = counts()

    answers = [
        client.post(url, {**row.data(world), "submission_token": page["submission_token"]})
        for _ in range(2)
    ]

    assert [answer.status_code for answer in answers] == [302, 302]
    assert answers[0]["Location"] == answers[1]["Location"]
    grown = {label: n - before[label] for label, n in counts().items() if n != before[label]}
    assert grown and all(n == 1 for n in grown.values()), f"{name}: {grown}"
