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
from tests.factories.itinerary import ItineraryItemFactory
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
        "organisation-acronym": (
            "partners:organisation-create",
            lambda w: [],
            lambda w: {"name": "Typed", "acronym": "a" * 31, "kind": "government"},
            "acronym",
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
