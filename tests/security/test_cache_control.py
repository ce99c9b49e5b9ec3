"""Finding 5: nothing a logged-in person sees is kept by a cache.

Every URL of the permission matrix, fetched by a role allowed to read it, answers with
`Cache-Control: private, no-store` (pages, fragments, exports, files); so do a POST's
answer and the admin. The calendar feed, which phones poll without logging in, may be
kept a few minutes by the phone and never by a shared cache.
"""

import pytest
from django.urls import reverse

from reports.views.exports import FEED_MAX_AGE, feed_token
from tests.security.matrix import GET, REDIRECTED, body
from tests.security.matrix_rows import ROWS
from tests.security.matrix_world import ADMINISTRATOR, ANONYMOUS, STAFF

READ_ROWS = [row for row in ROWS if row.get is not None and ANONYMOUS not in row.get]


def reader(row) -> str:
    return STAFF if STAFF in row.get else ADMINISTRATOR


def assert_no_store(response) -> None:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= directives, response.get("Cache-Control")
    assert not any(part.startswith("max-age=") and part != "max-age=0" for part in directives)


@pytest.mark.parametrize("row", READ_ROWS, ids=[row.name for row in READ_ROWS])
def test_every_logged_in_page_and_export_is_no_store(row, world, client, db):
    role = reader(row)
    client.force_login(world.users[role])
    response = client.get(reverse(row.name, kwargs=row.args(world)), row.query)
    body(response)
    # A fragment read outside htmx sends its reader to the page that holds it.
    redirected = row.overrides.get((role, GET)) == REDIRECTED
    assert response.status_code == (302 if redirected else 200)
    assert_no_store(response)


def test_a_logged_in_post_and_the_admin_are_no_store(world, client, db):
    client.force_login(world.users[ADMINISTRATOR])
    renew = reverse("reports:itinerary-feed-renew", args=[world.delegation.pk])
    assert_no_store(client.post(renew))
    assert_no_store(client.get(reverse("admin:index")))
    assert_no_store(client.get(reverse("delegations:detail", args=[world.delegation.pk + 10**6])))


def test_the_calendar_feed_is_private_with_a_short_max_age(world, client, db):
    response = client.get(reverse("reports:itinerary-feed", args=[feed_token(world.delegation)]))
    assert response.status_code == 200
    assert response["Cache-Control"] == f"private, max-age={FEED_MAX_AGE}"
    assert FEED_MAX_AGE <= 15 * 60
