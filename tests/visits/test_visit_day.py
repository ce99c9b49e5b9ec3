"""The visit day (visits:today) and its quick captures (visits:capture)."""

import datetime

import pytest
from django.urls import reverse

from itinerary.enums import BeneficiaryCategory, CounterpartRole
from itinerary.models import BeneficiaryGroup, Counterpart
from learning.enums import AttachmentKind, HighlightKind
from learning.models import Attachment, FollowUp, Highlight
from officials.models import Official
from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import BeneficiaryGroupFactory, ItineraryItemFactory
from tests.factories.learning import png_bytes
from tests.factories.officials import OfficialFactory
from tests.support.queries import assert_constant_queries
from visits.selectors import visit_day

UTC = datetime.UTC


@pytest.fixture
def delegation(programme, nairobi):
    delegation = DelegationFactory(programme=programme, title="Cabo Delgado to Kenya")
    delegation.destinations.add(nairobi)
    return delegation


def item_on(delegation, place, day: int, hour: int, title: str, **fields):
    """An item on `day` July 2019 at `hour`:00 in Nairobi (UTC+3)."""
    starts = datetime.datetime(2019, 7, day, hour - 3, 0, tzinfo=UTC)
    return ItineraryItemFactory(
        delegation=delegation, place=place, title=title, starts_at=starts, **fields
    )


@pytest.fixture
def item(delegation, nairobi):
    return item_on(delegation, nairobi, 23, 9, "Courtesy call on the county")


def today_url(delegation, day: str = "") -> str:
    url = reverse("visits:today", args=[delegation.pk])
    return f"{url}?day={day}" if day else url


def capture_url(item, what: str) -> str:
    return reverse("visits:capture", args=[item.pk, what])


# --- The day ------------------------------------------------------------------------------------


def test_visit_day_shows_the_days_items_in_order_with_local_times(
    staff_client, delegation, nairobi
):
    later = item_on(delegation, nairobi, 23, 14, "Site visit to the school")
    earlier = item_on(delegation, nairobi, 23, 9, "Courtesy call on the county")
    item_on(delegation, nairobi, 24, 9, "Another day's meeting")

    body = staff_client.get(today_url(delegation, "2019-07-23")).content.decode()

    assert body.index(earlier.title) < body.index(later.title)
    assert "Another day&#x27;s meeting" not in body and "Another day's meeting" not in body
    assert "09:00" in body and "14:00" in body and "EAT" in body
    assert "Tuesday 23 July 2019" in body
    assert f'href="{capture_url(earlier, "outcome")}"' in body
    assert "openstreetmap.org/search?query=Nairobi" in body


def test_visit_day_marks_what_is_on_now_and_next(delegation, nairobi):
    on = item_on(delegation, nairobi, 23, 9, "On now")
    up = item_on(delegation, nairobi, 23, 14, "Up next")
    now = datetime.datetime(2019, 7, 23, 6, 30, tzinfo=UTC)  # 09:30 in Nairobi

    visit = visit_day(delegation, now=now)

    assert visit.is_today and visit.day.day == datetime.date(2019, 7, 23)
    assert visit.on_now.item == on and visit.up_next.item == up


@pytest.mark.parametrize(
    ("now", "shown", "outside"),
    [
        (datetime.datetime(2019, 7, 1, 9, tzinfo=UTC), "2019-07-22", "before"),
        (datetime.datetime(2019, 8, 30, 9, tzinfo=UTC), "2019-07-26", "after"),
    ],
    ids=["before", "after"],
)
def test_outside_the_visit_the_first_or_last_day_shows(delegation, now, shown, outside):
    visit = visit_day(delegation, now=now)

    assert visit.day.day.isoformat() == shown and visit.outside == outside
    assert visit.days[0].day.isoformat() == "2019-07-22"


def test_after_the_visit_the_page_says_so_and_offers_every_day(staff_client, delegation):
    body = staff_client.get(today_url(delegation)).content.decode()  # today: long after 2019

    assert "The visit is over: here is its last day." in body
    assert 'value="2019-07-22"' in body and 'value="2019-07-26" selected' in body


@pytest.mark.parametrize("day", ["2019-02-30", "tomorrow", "2019-07-23x", "99999-01-01"])
def test_a_bad_day_shows_a_day_of_the_visit_not_an_error(staff_client, delegation, item, day):
    response = staff_client.get(today_url(delegation, day))

    assert response.status_code == 200
    assert "Friday 26 July 2019" in response.content.decode()


def test_a_day_outside_the_visit_shows_its_nearest_end_without_a_notice(delegation):
    now = datetime.datetime(2019, 7, 23, 9, tzinfo=UTC)  # during the visit

    visit = visit_day(delegation, day=datetime.date(2019, 9, 1), now=now)

    assert visit.day.day == datetime.date(2019, 7, 26) and visit.outside == ""


def test_the_day_picker_shows_the_chosen_day(staff_client, delegation, item):
    body = staff_client.get(today_url(delegation, "2019-07-23")).content.decode()

    assert item.title in body
    assert 'value="2019-07-23" selected' in body
    assert "?day=2019-07-22" in body and "?day=2019-07-24" in body  # previous, next


def test_visit_day_queries_do_not_grow_with_items(staff_client, delegation, nairobi, item):
    BeneficiaryGroupFactory(item=item)  # every prefetch already has a row to read

    def add(n):
        for i in range(n):
            extra = item_on(delegation, nairobi, 23, 10 + i, f"Extra {i}")
            BeneficiaryGroupFactory(item=extra)
            Highlight.objects.create(
                delegation=delegation, item=extra, kind=HighlightKind.LESSON, text=f"Lesson {i}"
            )

    assert_constant_queries(staff_client, today_url(delegation, "2019-07-23"), add)


def test_visit_day_of_another_programme_is_hidden(other_staff_client, delegation):
    assert other_staff_client.get(today_url(delegation)).status_code == 404


def test_a_reader_sees_the_day_without_capture_buttons(manager_client, delegation, item):
    body = manager_client.get(today_url(delegation, "2019-07-23")).content.decode()

    assert item.title in body
    assert capture_url(item, "outcome") not in body


# --- The link while the visit is on -------------------------------------------------------------


def test_delegation_and_itinerary_pages_link_the_visit_day_only_while_it_is_on(
    staff_client, programme, nairobi
):
    today = datetime.date.today()
    on = DelegationFactory(
        programme=programme,
        start_date=today - datetime.timedelta(days=2),
        end_date=today + datetime.timedelta(days=2),
    )
    on.destinations.add(nairobi)
    past = DelegationFactory(programme=programme)  # July 2019
    pages = ("delegations:detail", "itinerary:itinerary")

    for name in pages:
        assert today_url(on) in staff_client.get(reverse(name, args=[on.pk])).content.decode()
        assert (
            today_url(past) not in staff_client.get(reverse(name, args=[past.pk])).content.decode()
        )


# --- Captures -----------------------------------------------------------------------------------


def test_outcome_saves_with_the_version_and_returns_to_the_day(staff_client, item):
    response = staff_client.post(
        capture_url(item, "outcome"),
        {"summary": "They met the governor.", "outcome": "A joint plan.", "version": item.version},
    )

    item.refresh_from_db()
    assert item.outcome == "A joint plan." and item.summary == "They met the governor."
    assert response.status_code == 302
    expected = f"{today_url(item.delegation, '2019-07-23')}#visit-item-{item.pk}"
    assert response.url == expected


def test_outcome_form_opens_on_the_items_text_and_version(staff_client, item):
    item.outcome = "Agreed to meet again"
    item.save()

    form = staff_client.get(capture_url(item, "outcome")).context["form"]

    assert form["outcome"].value() == "Agreed to meet again"
    assert form["version"].value() == item.version


def test_outcome_without_its_version_is_refused_with_a_message(staff_client, item):
    response = staff_client.post(capture_url(item, "outcome"), {"outcome": "Typed"})

    body = response.content.decode()
    assert response.status_code == 200 and "reload the page" in body and "Typed" in body
    item.refresh_from_db()
    assert item.outcome == ""


def test_outcome_from_a_stale_version_is_refused_keeping_what_was_typed(staff_client, item):
    stale = item.version
    staff_client.post(
        capture_url(item, "outcome"), {"summary": "", "outcome": "First", "version": stale}
    )

    response = staff_client.post(
        capture_url(item, "outcome"), {"summary": "", "outcome": "Second", "version": stale}
    )

    item.refresh_from_db()
    assert response.status_code == 200 and item.outcome == "First"
    assert "Second" in response.content.decode()


def test_the_same_capture_sent_twice_saves_once(staff_client, item):
    data = {"kind": HighlightKind.LESSON, "text": "Listen first.", "submission_token": "a" * 32}

    first = staff_client.post(capture_url(item, "note"), data)
    second = staff_client.post(capture_url(item, "note"), data)

    assert Highlight.objects.filter(text="Listen first.").count() == 1
    assert second.url == first.url


def test_people_met_are_recorded_with_their_total(staff_client, item):
    staff_client.post(
        capture_url(item, "people"),
        {
            "category": BeneficiaryCategory.YOUTH_LEADERS,
            "female": 12,
            "male": 9,
            "other": 0,
            "youth": 15,
        },
    )

    group = BeneficiaryGroup.objects.get(item=item)
    assert (group.female, group.male, group.total, group.youth) == (12, 9, 21, 15)


def test_more_youth_than_people_is_refused_on_its_field(staff_client, item):
    response = staff_client.post(
        capture_url(item, "people"),
        {
            "category": BeneficiaryCategory.YOUTH_LEADERS,
            "female": 1,
            "male": 1,
            "other": 0,
            "youth": 5,
        },
    )

    assert response.status_code == 200
    assert (
        "There cannot be more youth (5) than people in the group (2)." in response.content.decode()
    )
    assert not BeneficiaryGroup.objects.exists()


def test_a_counterpart_is_picked_from_the_directory(staff_client, item):
    official = OfficialFactory(full_name="Amina Hassan")

    staff_client.post(
        capture_url(item, "counterpart"), {"official": official.pk, "role": CounterpartRole.HOST}
    )

    assert Counterpart.objects.get(item=item).official == official


def test_a_new_counterpart_is_added_to_the_directory_in_place(staff_client, item):
    staff_client.post(
        capture_url(item, "counterpart"),
        {"full_name": "  Fatuma   Ali ", "position": "Chief", "role": CounterpartRole.PARTICIPANT},
    )

    official = Official.objects.get(full_name="Fatuma Ali")
    assert official.position == "Chief"
    assert Counterpart.objects.get(item=item).official == official


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "official", "Pick someone in the directory, or type a new name."),
        ({"full_name": "Amina Hassan"}, "full_name", "is already in the directory"),
    ],
    ids=["nobody", "already-there"],
)
def test_a_counterpart_needs_one_person_not_a_duplicate(staff_client, item, data, field, message):
    OfficialFactory(full_name="Amina Hassan")
    before = Official.objects.count()

    response = staff_client.post(
        capture_url(item, "counterpart"), {"role": CounterpartRole.PARTICIPANT, **data}
    )

    assert response.status_code == 200 and message in response.content.decode()
    assert Official.objects.count() == before and not Counterpart.objects.exists()


def test_a_photo_is_uploaded_on_the_item_with_caption_and_credit(staff_client, item):
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = SimpleUploadedFile("courtyard.png", png_bytes(), "image/png")
    staff_client.post(
        capture_url(item, "photo"), {"file": photo, "caption": "The courtyard", "credit": "IOM"}
    )

    attachment = Attachment.objects.get(item=item)
    assert attachment.kind == AttachmentKind.PHOTO
    assert (attachment.caption, attachment.credit) == ("The courtyard", "IOM")


def test_a_photo_that_is_no_image_is_refused_next_to_it(staff_client, item):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = SimpleUploadedFile("notes.png", b"just words", "image/png")
    response = staff_client.post(capture_url(item, "photo"), {"file": text, "caption": "Kept"})

    body = response.content.decode()
    assert response.status_code == 200 and "Kept" in body
    assert "A photo must be a PNG, JPEG, GIF or WebP image." in body
    assert not Attachment.objects.exists()


def test_the_photo_field_opens_the_camera(staff_client, item):
    body = staff_client.get(capture_url(item, "photo")).content.decode()

    assert 'accept="image/*"' in body and 'capture="environment"' in body


def test_a_quote_needs_its_speaker_and_is_kept_on_the_item(staff_client, item):
    speaker = OfficialFactory(full_name="Amina Hassan")
    refused = staff_client.post(
        capture_url(item, "note"), {"kind": HighlightKind.QUOTE, "text": "We listen."}
    )
    staff_client.post(
        capture_url(item, "note"),
        {"kind": HighlightKind.QUOTE, "text": "We listen.", "speaker": speaker.pk},
    )

    assert "A quote needs a speaker, unless it is anonymous." in refused.content.decode()
    quote = Highlight.objects.get()
    assert (quote.item, quote.speaker, quote.delegation) == (item, speaker, item.delegation)


def test_a_follow_up_is_noted_on_the_item(staff_client, item):
    staff_client.post(
        capture_url(item, "follow-up"), {"description": "Send the plan", "due_date": "2019-08-30"}
    )

    follow_up = FollowUp.objects.get()
    assert (follow_up.item, follow_up.due_date) == (item, datetime.date(2019, 8, 30))


def test_htmx_gets_the_items_card_back_with_the_form_then_the_saved_record(staff_client, item):
    htmx = {"HTTP_HX_REQUEST": "true"}

    opened = staff_client.get(capture_url(item, "note"), **htmx).content.decode()
    saved = staff_client.post(
        capture_url(item, "note"), {"kind": HighlightKind.LESSON, "text": "Listen first."}, **htmx
    )

    assert opened.lstrip().startswith(
        f'<article class="card visit-item mb-3" id="visit-item-{item.pk}"'
    )
    assert 'name="text"' in opened and "<html" not in opened
    body = saved.content.decode()
    assert (
        saved.status_code == 200 and "Listen first." in body and "The highlight was added." in body
    )
    assert "exchange:history-changed" in saved["HX-Trigger"]


def test_an_unknown_capture_answers_404(staff_client, item):
    assert staff_client.get(capture_url(item, "nothing")).status_code == 404


def test_a_locked_delegation_refuses_captures(staff_client, item):
    item.delegation.locked = True
    item.delegation.save()

    response = staff_client.post(
        capture_url(item, "note"), {"kind": HighlightKind.LESSON, "text": "x"}
    )

    assert response.status_code == 403 and not Highlight.objects.exists()
