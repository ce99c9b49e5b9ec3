"""Bad input (issue 5) that forges rather than mistypes: a POST without a valid CSRF
token, the id of another delegation's or programme's row in a form field, odd values
posted to the action buttons, absurd ids in URLs. Each is refused (or answers 404)
with a readable page; never a 500, and nothing stored changes."""

import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from learning.enums import AttachmentKind, HighlightKind
from tests.factories.delegations import DelegationMemberFactory
from tests.factories.learning import AttachmentFactory, FollowUpFactory, HighlightFactory, png_bytes
from tests.security.bad_input_forms import (
    HUGE_PK,
    NOT_ASCII_DIGITS,
    build_form_world,
    delegation_data,
    item_data,
    refused,
    stored,
)
from tests.support.spreadsheets import item_row, xlsx_bytes


@pytest.fixture
def world(programme, other_programme, staff_user):
    return build_form_world(programme=programme, other_programme=other_programme)


# --- CSRF ---------------------------------------------------------------------------------------


@pytest.fixture
def csrf_client(staff_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    return client


CSRF_POSTS = {
    "delegation-create": lambda w: (
        reverse("delegations:create"),
        delegation_data(w.mine.programme),
    ),
    "item-create": lambda w: (reverse("itinerary:item-create", args=[w.mine.pk]), item_data(w)),
    "highlight-create": lambda w: (
        reverse("learning:highlight-create", args=[w.mine.pk]),
        {"kind": HighlightKind.LESSON, "text": "Typed"},
    ),
    "item-delete": lambda w: (reverse("itinerary:item-delete", args=[w.item.pk]), {}),
    "delegation-copy": lambda w: (
        reverse("learning:delegation-copy", args=[w.mine.pk]),
        {"title": "Typed", "start_date": "2020-07-20", "confirm": "1"},
    ),
    "itinerary-import": lambda w: (
        reverse("itinerary:itinerary-import", args=[w.mine.pk]),
        {
            "content": base64.b64encode(xlsx_bytes(itinerary=[item_row()])).decode(),
            "confirm": "1",
            "filename": "visit.xlsx",
        },
    ),
    "status": lambda w: (
        reverse("delegations:set-status", args=[w.mine.pk]),
        {"to_status": "planned"},
    ),
}


@pytest.mark.parametrize("token", ["missing", "forged"])
@pytest.mark.parametrize("case", CSRF_POSTS.values(), ids=CSRF_POSTS)
def test_a_post_without_a_valid_csrf_token_is_refused_readably(csrf_client, world, case, token):
    url, data = case(world)
    csrf_client.get(reverse("delegations:detail", args=[world.mine.pk]))  # sets the cookie
    if token == "forged":
        data = data | {"csrfmiddlewaretoken": "A" * 64}
    before = stored()

    response = csrf_client.post(url, data)

    assert response.status_code == 403
    body = response.content.decode()
    assert "<title>" in body and "Exchange" in body  # the site's page, not Django's
    assert "The form could not be sent" in body
    assert stored() == before


# --- Ids of other delegations' rows in form fields ----------------------------------------------

FOREIGN_FIELDS = {
    "item-objectives": (
        "itinerary:item-create",
        lambda w, f: item_data(w, objectives=[f("objective").pk]),
        "objectives",
    ),
    "highlight-item": (
        "learning:highlight-create",
        lambda w, f: {"kind": HighlightKind.LESSON, "text": "Typed", "item": f("item").pk},
        "item",
    ),
    "followup-item": (
        "learning:followup-create",
        lambda w, f: {"description": "Typed", "status": "proposed", "item": f("item").pk},
        "item",
    ),
    "followup-objective": (
        "learning:followup-create",
        lambda w, f: {
            "description": "Typed",
            "status": "proposed",
            "objective": f("objective").pk,
        },
        "objective",
    ),
    "attachment-item": (
        "learning:attachment-create",
        lambda w, f: {
            "kind": AttachmentKind.PHOTO,
            "item": f("item").pk,
            "file": _png(),
        },
        "item",
    ),
}


def _png():
    return SimpleUploadedFile("visit.png", png_bytes())


@pytest.mark.parametrize("owner", ["sibling", "theirs"])
@pytest.mark.parametrize(("url_name", "data", "field"), FOREIGN_FIELDS.values(), ids=FOREIGN_FIELDS)
def test_another_delegations_row_in_a_form_field_is_refused(
    staff_client, world, owner, url_name, data, field
):
    before = stored()

    response = staff_client.post(
        reverse(url_name, args=[world.mine.pk]),
        data(world, lambda name: world.foreign[f"{owner}-{name}"]),
    )

    assert "valid choice" in refused(response, before, field, "")


def test_another_programme_in_the_delegation_form_is_refused(staff_client, world, other_programme):
    before = stored()

    response = staff_client.post(reverse("delegations:create"), delegation_data(other_programme))

    assert "valid choice" in refused(response, before, "programme", 'value="Typed title"')


@pytest.mark.parametrize(
    ("url_name", "row", "field", "value"),
    [
        ("learning:highlight-update", HighlightFactory, "item", "item"),
        ("learning:followup-update", FollowUpFactory, "item", "item"),
        ("learning:followup-update", FollowUpFactory, "objective", "objective"),
        ("learning:attachment-update", AttachmentFactory, "item", "item"),
    ],
    ids=["highlight-item", "followup-item", "followup-objective", "attachment-item"],
)
@pytest.mark.parametrize("owner", ["sibling", "theirs"])
def test_another_delegations_row_in_an_edit_form_is_refused(
    staff_client, world, owner, url_name, row, field, value
):
    obj = row(delegation=world.mine)
    url = reverse(url_name, args=[obj.pk])
    form = staff_client.get(url).context["form"]
    data = {
        name: ("" if form[name].value() is None else form[name].value())
        for name in form.fields
        if name != "file"
    }
    data = {key: val for key, val in data.items() if not isinstance(val, list)}
    data[field] = world.foreign[f"{owner}-{value}"].pk
    before = stored()

    response = staff_client.post(url, data)

    assert "valid choice" in refused(response, before, field, "")


ROWS = {
    "counterpart": {
        "counterparts-TOTAL_FORMS": "1",
        "counterparts-INITIAL_FORMS": "1",
        "counterparts-0-id": lambda row: row.pk,
        "counterparts-0-official": lambda row: row.official_id,
        "counterparts-0-role": "host",
        "counterparts-0-position": "Hijacked",
    },
    "group": {
        "groups-TOTAL_FORMS": "1",
        "groups-INITIAL_FORMS": "1",
        "groups-0-id": lambda row: row.pk,
        "groups-0-category": "youth_leaders",
        "groups-0-description": "Hijacked",
        "groups-0-female": "1",
    },
}


@pytest.mark.parametrize("owner", ["sibling", "theirs"])
@pytest.mark.parametrize("row", ROWS)
def test_another_items_row_in_the_item_forms_rows_is_refused(staff_client, world, owner, row):
    """The hidden id of a counterpart or group row names another item's row."""
    foreign = world.foreign[f"{owner}-{row}"]
    rows = {key: value(foreign) if callable(value) else value for key, value in ROWS[row].items()}
    data = item_data(world, title=world.item.title, version=world.item.version) | rows
    before = stored()

    response = staff_client.post(reverse("itinerary:item-update", args=[world.item.pk]), data)

    assert response.status_code == 200
    assert "no longer this item&#x27;s: reload the page" in response.content.decode()
    assert stored() == before


# --- Odd values posted to the action buttons ------------------------------------------------------

ODD_POSTS = {
    "followup-status-nonsense": lambda w, f: (
        reverse("learning:followup-status", args=[f.pk]),
        {"status": "<script>", "version": "abc"},
    ),
    "followup-status-huge-version": lambda w, f: (
        reverse("learning:followup-status", args=[f.pk]),
        {"status": "done", "version": HUGE_PK},
    ),
    "planning-status": lambda w, f: (
        reverse("delegations:set-status", args=[w.mine.pk]),
        {"to_status": "<script>", "reason": "x" * 5000},
    ),
    "member-move": lambda w, f: (
        reverse("delegations:member-move", args=[w.member.pk]),
        {"direction": "sideways"},
    ),
    "no-head-nonsense": lambda w, f: (
        reverse("delegations:no-head", args=[w.mine.pk]),
        {"no_head": "<script>", "next": "https://elsewhere.example/"},
    ),
    "review-action": lambda w, f: (
        reverse("reports:review", args=[w.mine.pk]),
        {"action": "<script>"},
    ),
    "review-huge-version": lambda w, f: (
        reverse("reports:review", args=[w.mine.pk]),
        {"action": "save", "version": HUGE_PK, "summary": "Typed"},
    ),
    "delegation-huge-version": lambda w, f: (
        reverse("delegations:update", args=[w.mine.pk]),
        delegation_data(w.mine.programme, version=HUGE_PK),
    ),
    "item-huge-version": lambda w, f: (
        reverse("itinerary:item-update", args=[w.item.pk]),
        item_data(w, version=HUGE_PK),
    ),
}


@pytest.mark.parametrize("case", ODD_POSTS.values(), ids=ODD_POSTS)
def test_odd_values_posted_to_actions_change_nothing(staff_client, world, case):
    world.member = DelegationMemberFactory(delegation=world.mine)
    follow_up = FollowUpFactory(delegation=world.mine)
    url, data = case(world, follow_up)
    before = stored()

    response = staff_client.post(url, data)

    assert response.status_code in (200, 302)
    assert stored() == before


# --- Absurd ids in URLs -------------------------------------------------------------------------

URLS = [
    f"/delegations/{HUGE_PK}/",
    f"/delegations/{HUGE_PK}/edit/",
    f"/visits/delegations/{HUGE_PK}/itinerary/",
    f"/visits/items/{HUGE_PK}/edit/",
    f"/visits/delegations/{HUGE_PK}/itinerary/import/",
    f"/visits/delegations/{HUGE_PK}/copy/",
    f"/visits/delegations/{HUGE_PK}/highlights/add/",
    f"/visits/attachments/{HUGE_PK}/download/",
    f"/reports/delegations/{HUGE_PK}/report.pdf",
    f"/reports/delegations/{HUGE_PK}/report/v1.pdf",
    f"/reports/delegations/{HUGE_PK}/report/v1.html",
    f"/reports/delegations/{HUGE_PK}/export.xlsx",
    f"/officials/{HUGE_PK}/",
    f"/partners/organisations/{HUGE_PK}/",
    f"/partners/projects/{HUGE_PK}/edit/",
    f"/delegations/{HUGE_PK}/legs/",
    f"/delegations/legs/{HUGE_PK}/edit/",
    f"/delegations/legs/{HUGE_PK}/remove/",
    f"/delegations/{HUGE_PK}/no-head/",
    f"/visits/delegations/{HUGE_PK}/itinerary/zone-note/",
    "/delegations/abc/",
    "/delegations/-1/",
    "/delegations/1.5/",
    "/delegations/%00/",
    f"/reports/feeds/{HUGE_PK}.ics",
    "/jobs/exports/00000000-0000-0000-0000-000000000000/",
    "/jobs/exports/00000000-0000-0000-0000-000000000000/download/",
    "/jobs/exports/not-a-uuid/",
    "/jobs/exports/%00/download/",
]


@pytest.mark.parametrize("url", URLS)
def test_absurd_ids_in_urls_answer_404(staff_client, world, url):
    assert staff_client.get(url).status_code == 404


@pytest.mark.parametrize("number", [HUGE_PK, 0, 2])
@pytest.mark.parametrize("kind", ["pdf", "html"])
def test_absurd_version_numbers_answer_404(staff_client, world, number, kind):
    url = reverse(f"reports:report-version-{kind}", args=[world.mine.pk, number])

    assert staff_client.get(url).status_code == 404


@pytest.mark.parametrize("object_id", [HUGE_PK, "abc", "-1", "%00"])
def test_absurd_ids_in_the_admin_do_not_break_it(admin_client, object_id):
    response = admin_client.get(f"/admin/delegations/delegation/{object_id}/change/")

    assert response.status_code in (302, 404)


@pytest.mark.parametrize(
    "query",
    [
        {"programme": HUGE_PK},
        {"programme": "abc"},
        {"starts_after": "99999-01-01"},
        {"page": HUGE_PK},
        {"page": "abc"},
        {"sort": "<script>"},
    ],
    ids=["huge-programme", "text-programme", "huge-date", "huge-page", "text-page", "sort"],
)
def test_absurd_list_filters_answer_safely(staff_client, world, query):
    response = staff_client.get(reverse("delegations:list"), query)

    assert response.status_code in (200, 404)


@pytest.mark.parametrize("value", [HUGE_PK, "abc", "-1", *NOT_ASCII_DIGITS])
def test_absurd_ids_in_query_strings_of_forms_are_ignored(staff_client, world, value):
    for url in (
        reverse("learning:attachment-create", args=[world.mine.pk]) + f"?item={value}",
        reverse("itinerary:item-create", args=[world.mine.pk]) + f"?day={value}",
        reverse("itinerary:zone-note", args=[world.mine.pk])
        + f"?place={value}&site={value}&origin={value}&destination={value}&starts_at_0={value}",
    ):
        assert staff_client.get(url).status_code == 200, url


# --- The administrators' admin pages (issue 18): merge, duplicates, review, invite, reset ------


@pytest.mark.parametrize("object_id", [HUGE_PK, "abc", "-1", "%00"])
@pytest.mark.parametrize(
    "path",
    [
        "/admin/partners/organisation/{}/merge/",
        "/admin/officials/official/{}/merge/",
    ],
)
def test_absurd_ids_in_the_merge_page_do_not_break_it(admin_client, object_id, path):
    assert admin_client.get(path.format(object_id)).status_code in (302, 404)


@pytest.mark.parametrize("object_id", [HUGE_PK, "abc", "-1", "%00"])
@pytest.mark.parametrize(
    "path", ["/admin/delegations/report/{}/review/", "/admin/delegations/delegation/{}/review/"]
)
def test_absurd_ids_in_the_review_buttons_do_not_break_them(admin_client, object_id, path):
    response = admin_client.post(path.format(object_id), {"action": "approve"})
    assert response.status_code in (302, 404)


@pytest.mark.parametrize("into", [HUGE_PK, "abc", "-1", "", "%00", "1 OR 1=1", "²"])
def test_absurd_merge_targets_come_back_as_a_form_error(admin_client, into):
    from partners.models import Organisation
    from tests.factories.partners import OrganisationFactory

    duplicate = OrganisationFactory()
    response = admin_client.post(
        reverse("admin:partners_organisation_merge", args=[duplicate.pk]),
        {"into": into, "confirm": "1"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["into"]
    assert Organisation.objects.filter(pk=duplicate.pk).exists()


@pytest.mark.parametrize(
    "digits", ["\u0663", "\uff13", "\u09e9"], ids=["arabic", "fullwidth", "bengali"]
)
def test_merge_target_in_non_ascii_digits_is_refused_not_read_as_another_row(admin_client, digits):
    """ "٣", "３" and "৩" read as 3 to int(): the merge must not pick row 3 from them."""
    from partners.models import Organisation
    from tests.factories.partners import OrganisationFactory

    duplicate = OrganisationFactory()
    target = OrganisationFactory()
    typed = str(target.pk).translate({ord(str(n)): ord(digits) - 3 + n for n in range(10)})
    assert typed != str(target.pk) and int(typed) == target.pk  # what int() would read

    response = admin_client.post(
        reverse("admin:partners_organisation_merge", args=[duplicate.pk]),
        {"into": typed, "confirm": "1"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["into"]
    assert Organisation.objects.filter(pk=duplicate.pk).exists()
    assert typed not in response.content.decode().split('name="into"', 1)[-1].split("</select>")[0]


@pytest.mark.parametrize(
    "action", ["", "reopen", "approve", "<script>", "submit" * 500], ids=lambda a: a[:10] or "none"
)
def test_review_buttons_refuse_what_is_not_open_with_a_message(admin_client, world, action):
    report = world.mine.report
    before = report.status
    response = admin_client.post(
        reverse("admin:delegations_report_review", args=[report.pk]),
        {"action": action, "comment": "x" * 5000},
        follow=True,
    )
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.status == before
    assert list(response.context["messages"])


@pytest.mark.parametrize("email", ["not-an-email", "a" * 300 + "@example.org", "x@\x00.org", ""])
def test_bad_addresses_in_forgot_password_come_back_on_the_field(client, email):
    response = client.post(reverse("password_reset"), {"email": email})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]


NOT_ASCII_ITEM_FIELDS = {
    "organisations": {},
    "topics": {},
    "place": {},
    "groups-0-origins": {
        "groups-TOTAL_FORMS": "1",
        "groups-0-category": "youth_leaders",
        "groups-0-description": "Typed group",
        "groups-0-female": "1",
    },
}


@pytest.mark.parametrize("value", NOT_ASCII_DIGITS)
@pytest.mark.parametrize("field", NOT_ASCII_ITEM_FIELDS)
def test_not_ascii_digits_in_the_item_forms_id_fields_are_refused_on_the_field(
    staff_client, world, field, value
):
    """Once a 500 ("Field 'id' expected a number but got '²'")."""
    before = stored()
    data = item_data(world) | NOT_ASCII_ITEM_FIELDS[field] | {field: value}

    response = staff_client.post(reverse("itinerary:item-create", args=[world.mine.pk]), data)

    if field.startswith("groups"):  # a row's error is shown with its row
        assert response.status_code == 200 and stored() == before
        assert "is not a valid value" in response.content.decode()
    else:
        typed = 'value="Typed item title"'
        error = refused(response, before, field, typed)
        assert "is not a valid value" in error or "not one of the available choices" in error


@pytest.mark.parametrize("value", NOT_ASCII_DIGITS)
def test_not_ascii_digits_in_the_list_filter_are_refused(staff_client, world, value):
    response = staff_client.get(reverse("delegations:list"), {"programme": value})

    assert response.status_code == 200
    assert "not one of the available choices" in response.content.decode()
