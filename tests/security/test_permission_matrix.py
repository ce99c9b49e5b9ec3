"""Access control, URL by URL: every named URL of the project against every role.

The table is tests/security/matrix_rows.py (one row per URL name). A URL without a row,
or a row without a URL, fails `test_every_url_has_a_row`. Each (URL, method, role, state)
is its own test: anonymous -> log in, another programme's object -> 404, in scope but
not allowed -> 403, allowed -> 200 with the object's content (or, for a POST, the
redirect and the change in the database); refused POSTs change nothing.
"""

from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from django.conf import settings
from django.urls import URLResolver, get_resolver, reverse
from django.views.static import serve

from delegations.enums import PlanningStatus, ReportStatus
from delegations.models import Delegation
from itinerary.models import ItineraryItem
from learning.models import Attachment, FollowUp, Highlight
from reports.views.exports import feed_token
from tests.security.matrix import (
    APPROVED,
    FORBIDDEN,
    GET,
    HIDDEN,
    INVALID,
    LIST,
    LOGIN,
    NOT_ALLOWED,
    OK,
    REDIRECTED,
    REFUSED,
    SUBMITTED,
    body,
    contains,
    expected,
    states,
)
from tests.security.matrix_rows import (
    NEW,
    ROWS,
    ROWS_BY_NAME,
    delegation_data,
    followup_data,
    item_data,
    upload,
)
from tests.security.matrix_world import (
    ANONYMOUS,
    MANAGER,
    OTHER_MANAGER,
    OTHER_STAFF,
    OUTSIDERS,
    ROLES,
    STAFF,
    approve,
    submit,
)

SKIPPED_NAMESPACES = ("admin",)  # the Django admin: test_admin_* below
PROGRAMME_B = (OTHER_STAFF, OTHER_MANAGER)


def walk(resolver=None, namespace: tuple[str, ...] = ()):
    """(kind, what) for every pattern: ("name", "namespace:name"), ("unnamed", route) or
    ("files", document root) for a static-file route (DEBUG only)."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespace, pattern.namespace) if pattern.namespace else namespace
            if not (inner[:1] and inner[0] in SKIPPED_NAMESPACES):
                yield from walk(pattern, inner)
        elif pattern.callback is serve:
            yield "files", str(pattern.default_args.get("document_root", ""))
        elif pattern.name:
            yield "name", ":".join((*namespace, pattern.name))
        else:
            yield "unnamed", str(pattern.pattern)


def test_every_url_has_a_row():
    found = list(walk())
    names = {what for kind, what in found if kind == "name"}
    missing = sorted(names - ROWS_BY_NAME.keys())
    stale = sorted(ROWS_BY_NAME.keys() - names)
    unnamed = [what for kind, what in found if kind == "unnamed"]
    assert not missing, f"URLs without a row in tests/security/matrix_rows.py: {missing}"
    assert not stale, f"Rows of tests/security/matrix_rows.py naming no URL: {stale}"
    assert not unnamed, f"URL patterns without a name (the matrix cannot reach them): {unnamed}"
    assert len(ROWS_BY_NAME) == len(ROWS), "Two rows for the same URL name"


def test_no_url_serves_the_uploaded_files():
    """Attachments are served only through the permission-checked views."""
    roots = [what for kind, what in walk() if kind == "files"]
    assert str(settings.MEDIA_ROOT) not in roots


def cases():
    for row in ROWS:
        for method in row.methods():
            for role in ROLES:
                for state in states(row, role):
                    yield pytest.param(
                        row, role, method, state, id=f"{row.name}-{method}-{role}-{state}"
                    )


def request(client, world, row, method):
    url = reverse(row.name, kwargs=row.args(world))
    if method == GET:
        return url, client.get(url, row.query)
    return url, client.post(url, row.data(world))


@pytest.mark.parametrize(("row", "role", "method", "state"), list(cases()))
def test_permission_matrix(row, role, method, state, world, client, db):
    if state == APPROVED:
        approve(world)
    elif state == SUBMITTED:
        submit(world)
    if role != ANONYMOUS:
        client.force_login(world.users[role])
    outcome = expected(row, role, method, state)

    url, response = request(client, world, row, method)

    raw = body(response)
    status = response.status_code
    changed = row.changed(world) if method != GET and row.changed else None
    if outcome == LOGIN:
        assert status == 302, status
        location = urlparse(response["Location"])
        assert location.path == reverse("login")
        wanted = f"{url}?{urlencode(row.query)}" if row.query and method == GET else url
        assert parse_qs(location.query)["next"] == [wanted]
    elif outcome in (HIDDEN, FORBIDDEN, NOT_ALLOWED):
        assert status == {HIDDEN: 404, FORBIDDEN: 403, NOT_ALLOWED: 405}[outcome], status
        assert world.delegation.title.encode() not in raw
        if state == SUBMITTED and role == STAFF and method in row.locks:
            assert b"ask them to send it back to change it" in raw  # says why
    elif outcome == REDIRECTED:
        assert status == 302, status
        assert response["Location"] == row.goes_to(world)
    elif outcome == REFUSED:
        assert status in (200, 302), status
    elif outcome == INVALID:
        assert status == 200, status
        assert response.context["form"].errors
    elif outcome == OK and method == GET:
        assert status == 200, status
        check_content(row, role, response, raw, world)
    elif outcome == OK:
        assert status == 302, (status, getattr(response, "context", None) and form_errors(response))
        if row.goes_to:
            assert response["Location"] == row.goes_to(world)
        if row.changed:
            assert changed, "the POST was accepted but changed nothing"
        return
    else:  # pragma: no cover - a typo in the table
        raise AssertionError(f"unknown outcome {outcome}")
    assert not changed, f"{outcome}: yet the POST changed the database"


def check_content(row, role, response, raw, world):
    if row.shows is None:
        return
    shows = row.shows(world)
    everything = list(shows.values()) if isinstance(shows, dict) else [shows]
    if row.scope == LIST and role in OUTSIDERS:
        for wanted in everything:
            assert not contains(response, raw, wanted), f"{role} sees programme A's {wanted!r}"
        if row.other and role in PROGRAMME_B:
            assert contains(response, raw, row.other(world))
        return
    mine = shows[role] if isinstance(shows, dict) else shows
    assert contains(response, raw, mine), f"{mine!r} is not on the page"
    if row.scope == LIST and row.other and not world.users[role].is_administrator:
        assert not contains(response, raw, row.other(world)), "programme B's row leaks"


def form_errors(response):
    form = response.context.get("form") if response.context else None
    return form.errors if form is not None else None


# --- The Django admin ---------------------------------------------------------------------------


def test_admin_sends_anonymous_users_to_its_log_in(client, world, db):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    location = urlparse(response["Location"])
    assert location.path == reverse("admin:login")
    assert parse_qs(location.query)["next"] == [reverse("admin:index")]


@pytest.mark.parametrize("role", sorted(set(ROLES) - {ANONYMOUS, "administrator"}))
def test_admin_sends_programme_people_to_its_log_in(role, client, world, db):
    client.force_login(world.users[role])
    for url in (reverse("admin:index"), reverse("admin:delegations_delegation_changelist")):
        response = client.get(url)
        assert response.status_code == 302
        assert urlparse(response["Location"]).path == reverse("admin:login")


def test_admin_refuses_a_staff_flag_without_the_administrators_group(client, world, db):
    user = world.users["staff"]
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client.force_login(user)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert reverse("admin:delegations_delegation_changelist") not in index.content.decode()
    changelist = client.get(reverse("admin:delegations_delegation_changelist"))
    assert changelist.status_code == 403
    assert world.delegation.title.encode() not in changelist.content


def test_admin_serves_an_administrator(client, world, db):
    client.force_login(world.users["administrator"])
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert reverse("admin:delegations_delegation_changelist") in index.content.decode()
    changelist = client.get(reverse("admin:delegations_delegation_changelist"))
    assert changelist.status_code == 200
    assert world.delegation.title in changelist.content.decode()
    assert world.other_delegation.title in changelist.content.decode()


# The admin's own pages added for administrators (merge, possible duplicates, review buttons):
# (URL name, its arguments from the world, the method an administrator uses, what they see).
ADMIN_PAGES = (
    ("admin:partners_organisation_merge", lambda w: [w.organisation.pk], "GET", "Merge into"),
    ("admin:officials_official_merge", lambda w: [w.head.official_id], "GET", "Merge into"),
    ("admin:partners_organisation_duplicates", lambda w: [], "GET", "Possible duplicates"),
    ("admin:officials_official_duplicates", lambda w: [], "GET", "Possible duplicates"),
    ("admin:delegations_report_review", lambda w: [w.delegation.report.pk], "POST", None),
    ("admin:delegations_delegation_review", lambda w: [w.delegation.pk], "POST", None),
)


@pytest.mark.parametrize(
    ("name", "args", "method", "shows"), ADMIN_PAGES, ids=[p[0] for p in ADMIN_PAGES]
)
@pytest.mark.parametrize("role", ROLES)
def test_admin_pages_for_administrators_only(name, args, method, shows, role, client, world, db):
    url = reverse(name, args=args(world))
    if role != ANONYMOUS:
        client.force_login(world.users[role])
    response = client.post(url, {"action": "nothing"}) if method == "POST" else client.get(url)
    if role == "administrator":
        if shows is None:  # an unknown button: back to the page, nothing done
            assert response.status_code == 302 and "/change/" in response["Location"]
        else:
            assert response.status_code == 200 and shows in response.content.decode()
        return
    assert response.status_code == 302
    assert urlparse(response["Location"]).path == reverse("admin:login")


@pytest.mark.parametrize(
    ("name", "args", "method", "shows"), ADMIN_PAGES, ids=[p[0] for p in ADMIN_PAGES]
)
def test_admin_pages_refuse_a_staff_flag_without_the_administrators_group(
    name, args, method, shows, client, world, db
):
    user = world.users["staff"]
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client.force_login(user)
    url = reverse(name, args=args(world))
    response = client.post(url, {"action": "submit"}) if method == "POST" else client.get(url)
    assert response.status_code in (403, 404)
    world.delegation.report.refresh_from_db()
    assert world.delegation.report.status == "draft"


# --- The signed itinerary feed ------------------------------------------------------------------


@pytest.mark.parametrize(
    "forge",
    [
        lambda token, other: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token, other: token.split(":")[0],
        lambda token, other: f"{other}:{token.split(':')[1]}",  # B's delegation, A's signature
    ],
    ids=["bad-signature", "unsigned", "other-pk"],
)
def test_itinerary_feed_answers_404_to_a_forged_token(forge, client, world, db):
    token = forge(feed_token(world.delegation), world.other_delegation.pk)
    response = client.get(reverse("reports:itinerary-feed", kwargs={"token": token}))
    assert response.status_code == 404
    assert world.item.title.encode() not in response.content


# --- Forms set only what the user may choose ----------------------------------------------------


def staff_post(client, world, name: str, kwargs: dict, data: dict):
    client.force_login(world.users[STAFF])
    return client.post(reverse(name, kwargs=kwargs), data)


@pytest.mark.parametrize("name", ["delegations:create", "delegations:update"])
def test_delegation_form_refuses_another_programme(name, client, world, db):
    kwargs = {"pk": world.delegation.pk} if name == "delegations:update" else {}
    data = delegation_data(world, programme=world.other_programme.pk, version=1)

    response = staff_post(client, world, name, kwargs, data)

    assert response.status_code == 200
    assert "programme" in response.context["form"].errors
    assert not Delegation.objects.filter(title=NEW).exists()
    assert (
        not Delegation.objects.filter(programme=world.other_programme)
        .exclude(pk=world.other_delegation.pk)
        .exists()
    )
    assert world.fresh(world.delegation).programme_id == world.programme.pk


def test_delegation_form_ignores_status_lock_and_authorship(client, world, db):
    data = delegation_data(
        world,
        version=1,
        status=PlanningStatus.CANCELLED,
        locked="on",
        last_edited_by=world.users[MANAGER].pk,
        created_by=world.users[MANAGER].pk,
        report=world.other_delegation.report.pk,
    )

    response = staff_post(client, world, "delegations:update", {"pk": world.delegation.pk}, data)

    assert response.status_code == 302
    delegation = world.fresh(world.delegation)
    assert delegation.title == NEW  # the save went through...
    assert delegation.status == PlanningStatus.CONFIRMED  # ...and nothing else moved
    assert not delegation.locked
    assert delegation.last_edited_by_id == world.users[STAFF].pk
    assert delegation.report.pk == world.delegation.report.pk


def test_report_narrative_form_cannot_set_status_or_authors(client, world, db):
    report = world.fresh(world.delegation.report)
    data = {
        "action": "save",
        "summary": NEW,
        "version": report.version,
        "status": ReportStatus.APPROVED,
        "submitted_by": world.users[MANAGER].pk,
        "last_edited_by": world.users[MANAGER].pk,
        "delegation": world.other_delegation.pk,
        "created_by": world.users[MANAGER].pk,
    }

    response = staff_post(client, world, "reports:review", {"pk": world.delegation.pk}, data)

    assert response.status_code == 302
    report = world.fresh(report)
    assert report.summary == NEW
    assert report.status == ReportStatus.DRAFT
    assert report.submitted_by_id is None
    assert report.last_edited_by_id == world.users[STAFF].pk
    assert report.delegation_id == world.delegation.pk
    assert world.fresh(world.other_delegation.report).summary != NEW


@pytest.mark.parametrize(
    ("name", "target", "data"),
    [
        ("learning:followup-update", "follow_up", lambda w: followup_data(w, version=1)),
        ("learning:highlight-update", "highlight", lambda w: {"kind": "lesson", "text": NEW}),
        ("learning:objective-update", "objective", lambda w: {"description": NEW, "order": 1}),
        ("learning:attachment-update", "attachment", lambda w: {"kind": "photo", "caption": NEW}),
    ],
)
def test_row_forms_cannot_move_a_row_or_change_its_author(name, target, data, client, world, db):
    row = getattr(world, target)
    forged = {
        "version": world.fresh(row).version,  # the edit form's own; data may name another
        **data(world),
        "delegation": world.other_delegation.pk,
        "uploaded_by": world.users[MANAGER].pk,
        "created_by": world.users[MANAGER].pk,
    }

    response = staff_post(client, world, name, {"pk": row.pk}, forged)

    assert response.status_code == 302
    saved = world.fresh(row)
    assert saved.delegation_id == world.delegation.pk
    if target == "attachment":
        assert saved.uploaded_by_id == world.users[STAFF].pk


# Each form's own-delegation choices, given a row of programme B's delegation.
FORGED_CHOICES = [
    (
        "learning:followup-create",
        "item",
        lambda w: followup_data(w, item=w.other_item.pk),
        FollowUp,
    ),
    (
        "learning:followup-create",
        "objective",
        lambda w: followup_data(w, objective=w.other_objective.pk),
        FollowUp,
    ),
    (
        "learning:highlight-create",
        "item",
        lambda w: {"kind": "lesson", "text": NEW, "item": w.other_item.pk},
        Highlight,
    ),
    (
        "learning:attachment-create",
        "item",
        lambda w: {**upload(w), "item": w.other_item.pk},
        Attachment,
    ),
    (
        "itinerary:item-create",
        "objectives",
        lambda w: item_data(w, objectives=[w.other_objective.pk]),
        ItineraryItem,
    ),
]


@pytest.mark.parametrize(
    ("name", "field", "data", "model"),
    FORGED_CHOICES,
    ids=[f"{name}-{field}" for name, field, *_ in FORGED_CHOICES],
)
def test_forms_refuse_rows_of_another_delegation(name, field, data, model, client, world, db):
    before = model.objects.count()
    kwarg = "pk" if name == "itinerary:item-create" else "delegation_pk"

    response = staff_post(client, world, name, {kwarg: world.delegation.pk}, data(world))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert model.objects.count() == before


@pytest.mark.parametrize(
    ("name", "target", "data"),
    [
        ("learning:followup-update", "follow_up", lambda w: followup_data(w, version=1)),
        ("learning:highlight-update", "highlight", lambda w: {"kind": "lesson", "text": NEW}),
        ("learning:attachment-update", "attachment", lambda w: {"kind": "photo", "caption": NEW}),
    ],
)
def test_edit_forms_refuse_an_item_of_another_delegation(name, target, data, client, world, db):
    row = getattr(world, target)

    response = staff_post(
        client, world, name, {"pk": row.pk}, {**data(world), "item": world.other_item.pk}
    )

    assert response.status_code == 200
    assert "item" in response.context["form"].errors
    saved = world.fresh(row)
    assert saved.item_id is None
    assert NEW not in (
        getattr(saved, "description", ""),
        saved.caption if target == "attachment" else "",
    )


def test_log_in_does_not_send_anyone_to_another_site(client, world, db):
    response = client.post(
        f"{reverse('login')}?next=https://evil.example/steal",
        {"username": "mx.staff@example.org", "password": "correct-horse-battery-staple"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
