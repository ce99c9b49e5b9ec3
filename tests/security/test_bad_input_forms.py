"""Bad input (issue 5) typed into the forms: reversed and impossible dates, text longer
than its column or with a NUL, odd searches, names in any script. Each gets a clear
error next to its field (what was typed kept) or a safe result; never a 500, and
nothing stored changes when refused."""

import io

import pytest
from django.urls import reverse
from icalendar import Calendar
from openpyxl import load_workbook

from delegations.models import Delegation
from itinerary.models import ItineraryItem
from learning.enums import AttachmentKind, FollowUpStatus, HighlightKind
from learning.models import FollowUp, Highlight
from officials.models import Official
from tests.factories.delegations import LegFactory
from tests.factories.itinerary import ItineraryItemFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import ProjectFactory
from tests.security.bad_input import pdf_text
from tests.security.bad_input_forms import (
    build_form_world,
    delegation_data,
    item_data,
    refused,
    stored,
)


@pytest.fixture
def world(programme, other_programme, staff_user):
    return build_form_world(programme=programme, other_programme=other_programme)


# --- Dates --------------------------------------------------------------------------------------

DELEGATION_DATES = {
    "end-before-start": ({"end_date": "2019-07-20"}, "end_date", "cannot be before"),
    "year-0": ({"start_date": "0000-07-22"}, "start_date", "valid date"),
    "year-99999": ({"end_date": "99999-07-26"}, "end_date", "valid date"),
    "30-february": ({"start_date": "2019-02-30"}, "start_date", "valid date"),
    "month-13": ({"end_date": "2019-13-01"}, "end_date", "valid date"),
    "words": ({"start_date": "next tuesday"}, "start_date", "valid date"),
    "nul": ({"start_date": "2019-07-22\x00"}, "start_date", "valid date"),
}


@pytest.mark.parametrize(
    ("overrides", "field", "message"), DELEGATION_DATES.values(), ids=DELEGATION_DATES
)
def test_bad_delegation_dates_are_refused_on_their_field(
    staff_client, programme, world, overrides, field, message
):
    before = stored()

    response = staff_client.post(
        reverse("delegations:create"), delegation_data(programme, **overrides)
    )

    assert message in refused(response, before, field, 'value="Typed title"')


def test_moving_the_delegations_dates_away_from_its_items_is_refused(staff_client, world):
    before = stored()
    data = delegation_data(
        world.mine.programme,
        title=world.mine.title,
        start_date="2019-08-01",
        end_date="2019-08-05",
        version=world.mine.version,
    )

    response = staff_client.post(reverse("delegations:update", args=[world.mine.pk]), data)

    error = refused(response, before, "start_date", 'value="2019-08-01"')
    assert "would fall outside the new dates: Courtesy call" in error


ITEM_DATES = {
    "ends-before-it-starts": ({"ends_at_1": "08:00"}, "ends_at", "must end after it starts"),
    "after-the-delegation": (
        {"starts_at_0": "2019-08-15", "ends_at_0": "2019-08-15"},
        "starts_at",
        "outside the delegation",
    ),
    "before-the-delegation": (
        {"starts_at_0": "2019-07-01", "ends_at_0": "2019-07-01"},
        "starts_at",
        "outside the delegation",
    ),
    "year-0": ({"starts_at_0": "0000-07-23"}, "starts_at", "valid date"),
    "year-99999": ({"ends_at_0": "99999-07-23"}, "ends_at", "valid date"),
    "hour-25": ({"starts_at_1": "25:61"}, "starts_at", "valid time"),
    "words": ({"ends_at_0": "soon"}, "ends_at", "valid date"),
}


@pytest.mark.parametrize(("overrides", "field", "message"), ITEM_DATES.values(), ids=ITEM_DATES)
def test_bad_item_times_are_refused_on_their_field(staff_client, world, overrides, field, message):
    before = stored()

    response = staff_client.post(
        reverse("itinerary:item-create", args=[world.mine.pk]), item_data(world, **overrides)
    )

    error = refused(response, before, field, 'value="Typed item title"')
    assert message in error
    for value in overrides.values():  # what was typed is shown again
        assert f'value="{value}"' in response.content.decode()


@pytest.mark.parametrize("due", ["99999-01-01", "0000-01-01", "2019-02-30", "later"])
def test_bad_follow_up_due_dates_are_refused(staff_client, world, due):
    before = stored()

    response = staff_client.post(
        reverse("learning:followup-create", args=[world.mine.pk]),
        {"description": "Typed follow-up", "due_date": due, "status": FollowUpStatus.PROPOSED},
    )

    assert "valid date" in refused(response, before, "due_date", "Typed follow-up")


# --- Long and odd text --------------------------------------------------------------------------

HUGE = "x" * 100_000


def long_text_cases():
    """(url name, url args from the world, data from the world, field, kept) per form."""
    return {
        "delegation-title": (
            "delegations:create",
            lambda w: [],
            lambda w: delegation_data(w.mine.programme, title="t" * 301),
            "title",
        ),
        "item-title": (
            "itinerary:item-create",
            lambda w: [w.mine.pk],
            lambda w: item_data(w, title="t" * 301),
            "title",
        ),
        "objective": (
            "learning:objective-create",
            lambda w: [w.mine.pk],
            lambda w: {"description": "d" * 501, "order": 1},
            "description",
        ),
        "attachment-caption": (
            "learning:attachment-create",
            lambda w: [w.mine.pk],
            lambda w: {"kind": AttachmentKind.OTHER, "caption": "c" * 501},
            "caption",
        ),
        "official-name": (
            "officials:create",
            lambda w: [],
            lambda w: {"full_name": "n" * 201, "gender": "not_recorded"},
            "full_name",
        ),
        "project-name": (
            "partners:project-create",
            lambda w: [],
            lambda w: {"programme": w.mine.programme_id, "name": "n" * 251},
            "name",
        ),
        "project-code": (
            "partners:project-create",
            lambda w: [],
            lambda w: {"programme": w.mine.programme_id, "name": "Typed", "code": "c" * 51},
            "code",
        ),
        "organisation-acronym": (
            "partners:organisation-create",
            lambda w: [],
            lambda w: {"name": "Typed", "acronym": "a" * 31, "kind": "government"},
            "acronym",
        ),
        "visit-day-new-counterpart": (
            "visits:capture",
            lambda w: [w.item.pk, "counterpart"],
            lambda w: {"full_name": "n" * 201, "role": "participant"},
            "full_name",
        ),
        "visit-day-people-met": (
            "visits:capture",
            lambda w: [w.item.pk, "people"],
            lambda w: {"category": "youth_leaders", "description": "d" * 301},
            "description",
        ),
        "visit-day-photo-caption": (
            "visits:capture",
            lambda w: [w.item.pk, "photo"],
            lambda w: {"caption": "c" * 501},
            "caption",
        ),
        "place-name": (
            "places:create",
            lambda w: [],
            lambda w: {"name": "p" * 201, "kind": "city", "country": "KE"},
            "name",
        ),
        "site-name": (
            "itinerary:site-create",
            lambda w: [],
            lambda w: {"name": "s" * 251, "kind": "other", "place": w.nairobi.pk},
            "name",
        ),
        "topic-name": (
            "itinerary:topic-create",
            lambda w: [],
            lambda w: {"name": "t" * 151},
            "name",
        ),
        "copy-title": (
            "learning:delegation-copy",
            lambda w: [w.mine.pk],
            lambda w: {"title": "t" * 301, "start_date": "2020-07-20", "confirm": "1"},
            "title",
        ),
    }


LONG = long_text_cases()


@pytest.mark.parametrize(("url_name", "args", "data", "field"), LONG.values(), ids=LONG)
def test_text_beyond_its_column_is_refused_on_its_field(
    staff_client, world, url_name, args, data, field
):
    before = stored()

    response = staff_client.post(reverse(url_name, args=args(world)), data(world))

    assert "at most" in refused(response, before, field, "")


NUL = "Before\x00after"


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("learning:highlight-create", {"kind": HighlightKind.LESSON, "text": NUL}),
        ("learning:followup-create", {"description": NUL, "status": FollowUpStatus.PROPOSED}),
        ("learning:objective-create", {"description": NUL, "order": 1}),
    ],
    ids=["highlight", "follow-up", "objective"],
)
def test_a_nul_character_is_refused_not_a_500(staff_client, world, url_name, data):
    before = stored()

    response = staff_client.post(reverse(url_name, args=[world.mine.pk]), data)

    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    assert stored() == before


PLACE_INPUT = {
    "unknown-zone": ({"country": "US", "timezone": "Mars/Olympus"}, "Select a valid choice"),
    "other-countrys-zone": ({"country": "US", "timezone": "Africa/Nairobi"}, "Select a valid choice"),
    "zone-to-choose": ({"country": "US"}, "This country has several time zones"),
    "nul-in-name": ({"country": "KE", "name": NUL}, "Null characters are not allowed."),
    "parent-elsewhere": ({"country": "US", "timezone": "America/Chicago", "parent": "nairobi"},
                         "This place is in another country."),
}  # fmt: skip


@pytest.mark.parametrize(("data", "message"), PLACE_INPUT.values(), ids=PLACE_INPUT)
def test_bad_place_input_is_refused_on_its_field(staff_client, world, data, message):
    before = stored()
    if data.get("parent") == "nairobi":
        data = {**data, "parent": world.nairobi.pk}
    response = staff_client.post(
        reverse("places:create"), {"name": "Typed", "kind": "city", **data}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert stored() == before


@pytest.mark.parametrize(
    ("url_name", "data", "model", "field"),
    [
        (
            "learning:highlight-create",
            {"kind": HighlightKind.LESSON, "text": HUGE},
            Highlight,
            "text",
        ),
        (
            "learning:followup-create",
            {"description": HUGE, "status": FollowUpStatus.PROPOSED},
            FollowUp,
            "description",
        ),
    ],
    ids=["highlight", "follow-up"],
)
def test_100k_characters_in_a_text_field_are_kept_whole(
    staff_client, world, url_name, data, model, field
):
    response = staff_client.post(reverse(url_name, args=[world.mine.pk]), data)

    assert response.status_code == 302
    assert getattr(model.objects.get(delegation=world.mine), field) == HUGE
    page = staff_client.get(reverse("delegations:detail", args=[world.mine.pk]))
    assert page.status_code == 200


def test_100k_characters_in_the_item_summary_are_kept_whole(staff_client, world):
    response = staff_client.post(
        reverse("itinerary:item-create", args=[world.mine.pk]), item_data(world, summary=HUGE)
    )

    assert response.status_code == 302
    assert ItineraryItem.objects.get(title="Typed item title").summary == HUGE


SEARCHES = [
    ("delegations:list", "q"),
    ("officials:list", "q"),
    ("partners:organisation-list", "q"),
    ("officials:autocomplete", "q"),
    ("partners:organisation-autocomplete", "q"),
    ("places:autocomplete", "q"),
    ("places:country-autocomplete", "q"),
    ("itinerary:site-autocomplete", "q"),
    ("itinerary:topic-autocomplete", "q"),
    ("reports:delegations-csv", "q"),
    ("search:results", "q"),
]


@pytest.mark.parametrize(("url_name", "param"), SEARCHES, ids=[name for name, _ in SEARCHES])
@pytest.mark.parametrize(
    "query",
    ["x" * 10_000, "nul\x00byte", "%_\\'\"; DROP TABLE x; --", "🇲🇿😀"],
    ids=["long", "nul", "sql-ish", "emoji"],
)
def test_odd_searches_answer_safely(staff_client, world, url_name, param, query):
    response = staff_client.get(reverse(url_name), {param: query})

    assert response.status_code == 200
    assert Delegation.objects.filter(pk=world.mine.pk).exists()


# --- Names in any script ------------------------------------------------------------------------

NAMES = {
    "accents": "António Çé Mapure",
    "arabic": "محمد عبد الله",
    "chinese": "王小明",
    "emoji": "Amina 🇰🇪 Njeri 😀",
}
# What the PDF's fonts can draw (DejaVu: Latin, Arabic; no CJK, no colour emoji).
PDF_DRAWS = {"accents", "arabic"}


@pytest.mark.parametrize("name", NAMES.values(), ids=NAMES)
def test_names_in_any_script_round_trip(staff_client, programme, world, name, request):
    official = staff_client.post(
        reverse("officials:create"), {"full_name": name, "gender": "not_recorded"}
    )
    created = staff_client.post(
        reverse("delegations:create"), delegation_data(programme, title=name)
    )

    assert official.status_code == 302 and created.status_code == 302
    assert Official.objects.get(full_name=name)
    delegation = Delegation.objects.get(title=name)
    ItineraryItemFactory(delegation=delegation, place=world.nairobi, title=name)
    found = staff_client.get(reverse("delegations:list"), {"q": name}).content.decode()
    people = staff_client.get(reverse("officials:list"), {"q": name}).content.decode()
    assert name in found and "Cabo Delgado to Kenya" not in found
    assert name in people
    everywhere = staff_client.get(reverse("search:results"), {"q": name}).content.decode()
    assert name in everywhere and "Cabo Delgado to Kenya" not in everywhere
    assert (
        name
        in staff_client.get(reverse("delegations:detail", args=[delegation.pk])).content.decode()
    )

    csv_text = b"".join(staff_client.get(reverse("reports:delegations-csv")).streaming_content)
    assert name in csv_text.decode("utf-8")
    workbook = staff_client.get(reverse("reports:export-xlsx", args=[delegation.pk]))
    book = load_workbook(io.BytesIO(b"".join(workbook.streaming_content)))
    assert book["Overview"]["B1"].value == name
    assert workbook["Content-Disposition"].startswith("attachment;")
    calendar = staff_client.get(reverse("reports:itinerary-ics", args=[delegation.pk]))
    (event,) = Calendar.from_ical(calendar.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == name
    pdf = staff_client.get(reverse("reports:report-pdf", args=[delegation.pk]))
    assert pdf.status_code == 200
    if request.node.callspec.id in PDF_DRAWS:
        text = pdf_text(pdf.content)
        assert name in text or name[::-1] in text  # Arabic may be extracted right to left


# --- Legs, projects, the support team's leg -------------------------------------------------------

LEG_DATES = {
    "before-the-visit": ({"start_date": "2019-07-20"}, "start_date", "on or after the visit"),
    "after-the-visit": ({"end_date": "2019-07-28"}, "end_date", "on or before the visit"),
    "end-before-start": ({"end_date": "2019-07-22"}, "end_date", "cannot be before"),
    "words": ({"start_date": "soon"}, "start_date", "valid date"),
    "no-place": ({"place": ""}, "place", "required"),
    "unknown-place": ({"place": "99999999999999999999"}, "place", "valid choice"),
}


@pytest.mark.parametrize(("overrides", "field", "message"), LEG_DATES.values(), ids=LEG_DATES)
def test_bad_legs_are_refused_on_their_field(staff_client, world, overrides, field, message):
    before = stored()
    data = {
        "place": world.nairobi.pk,
        "start_date": "2019-07-23",
        "end_date": "2019-07-24",
        "notes": "Typed leg notes",
    } | overrides

    response = staff_client.post(reverse("delegations:legs", args=[world.mine.pk]), data)

    assert message in refused(response, before, field, "Typed leg notes")


PROJECTS = {
    "end-before-start": (
        {"start_date": "2024-05-01", "end_date": "2024-04-01"},
        "end_date",
        "cannot end before",
    ),
    "no-name": ({"name": ""}, "name", "required"),
    "bad-date": ({"start_date": "2024-02-30"}, "start_date", "valid date"),
    "unknown-donor": ({"donors": ["99999999999999999999"]}, "donors", "valid choice"),
}


@pytest.mark.parametrize(("overrides", "field", "message"), PROJECTS.values(), ids=PROJECTS)
def test_bad_projects_are_refused_on_their_field(staff_client, world, overrides, field, message):
    before = stored()
    data = {"programme": world.mine.programme_id, "name": "Typed project", "code": "TP-1"}

    response = staff_client.post(reverse("partners:project-create"), data | overrides)

    assert message in refused(response, before, field, "TP-1")


def test_a_project_of_another_programme_is_refused_on_the_delegation(
    staff_client, world, other_programme
):
    theirs = ProjectFactory(programme=other_programme, name="Their project")
    before = stored()

    response = staff_client.post(
        reverse("delegations:create"), delegation_data(world.mine.programme, project=theirs.pk)
    )

    assert "valid choice" in refused(response, before, "project", 'value="Typed title"')


def test_a_project_of_another_programme_cannot_be_created(staff_client, world, other_programme):
    before = stored()

    response = staff_client.post(
        reverse("partners:project-create"),
        {"programme": other_programme.pk, "name": "Typed project", "code": "TP-2"},
    )

    assert "valid choice" in refused(response, before, "programme", "TP-2")


def test_another_delegations_leg_on_the_support_team_is_refused(staff_client, world):
    their_leg = LegFactory(delegation=world.sibling, place=world.nairobi)
    official = OfficialFactory(full_name="Typed Supporter")
    before = stored()

    response = staff_client.post(
        reverse("delegations:support-team", args=[world.mine.pk]),
        {"official": official.pk, "role": "logistics", "side": "host", "leg": their_leg.pk},
    )

    assert response.status_code == 200
    assert "valid choice" in response.content.decode()
    assert stored() == before


def test_a_sending_side_focal_point_on_a_leg_is_refused(staff_client, world):
    leg = LegFactory(delegation=world.mine, place=world.nairobi)
    official = OfficialFactory(full_name="Typed Focal Point")
    before = stored()

    response = staff_client.post(
        reverse("delegations:support-team", args=[world.mine.pk]),
        {"official": official.pk, "role": "focal_point", "side": "sending", "leg": leg.pk},
    )

    assert response.status_code == 200
    assert "Only the host support team is assigned to a leg." in response.content.decode()
    assert stored() == before


# --- Consent and attribution --------------------------------------------------------------------

CONSENT_CASES = {
    "attribution-not-a-choice": (
        "learning:highlight-create",
        lambda w: {"kind": HighlightKind.QUOTE, "text": "Typed words", "attribution": "whispered"},
        "attribution",
        "Typed words",
        "valid choice",
    ),
    "quote-by-role-without-speaker": (
        "learning:highlight-create",
        lambda w: {"kind": HighlightKind.QUOTE, "text": "Typed words", "attribution": "role"},
        "speaker",
        "Typed words",
        "unless it is anonymous",
    ),
    "consent-not-a-choice": (
        "learning:attachment-create",
        lambda w: {"kind": AttachmentKind.OTHER, "caption": "Typed caption", "consent": "maybe"},
        "consent",
        "Typed caption",
        "valid choice",
    ),
    "published-without-consent": (
        "learning:attachment-create",
        lambda w: {
            "kind": AttachmentKind.OTHER,
            "caption": "Typed caption",
            "people_identifiable": "on",
            "consent": "no",
            "may_publish": "on",
        },
        None,
        "Typed caption",
        "only with their consent",
    ),
}


@pytest.mark.parametrize(
    ("url_name", "data", "field", "typed", "message"), CONSENT_CASES.values(), ids=CONSENT_CASES
)
def test_bad_consent_and_attribution_are_refused_with_a_message(
    staff_client, world, url_name, data, field, typed, message
):
    before = stored()
    posted = data(world)
    if url_name == "learning:attachment-create":
        posted["file"] = io.BytesIO(b"Plain notes of the visit.\n")
        posted["file"].name = "notes.txt"

    response = staff_client.post(reverse(url_name, args=[world.mine.pk]), posted)

    assert response.status_code == 200
    body = response.content.decode()
    assert typed in body and stored() == before
    if field:
        assert message in refused(response, before, field, typed)
    else:
        assert message in body
