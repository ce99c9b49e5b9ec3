"""The itinerary admin: the item's rules on the form, its times typed and shown where it
happens, inlines through services, new delegation dates re-checked, locks.

Learning's admin (objectives inline, highlights, follow-ups, attachments, the delegation
page's links to the records of the visit): tests/learning/test_admin.py."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from delegations.enums import ReportStatus
from delegations.models import Report
from itinerary.enums import CounterpartRole, ItemKind
from itinerary.models import ItineraryItem
from tests.factories.accounts import UserFactory
from tests.factories.delegations import (
    DelegationFactory,
    DelegationMemberFactory,
    SupportAssignmentFactory,
)
from tests.factories.itinerary import (
    BeneficiaryGroupFactory,
    CounterpartFactory,
    ItineraryItemFactory,
    SiteFactory,
)
from tests.factories.officials import OfficialFactory
from tests.factories.places import PlaceFactory
from tests.support.admin import change_url, management_data

ITEM_ADD_URL = reverse("admin:itinerary_itineraryitem_add")


@pytest.fixture
def delegation(db):
    return DelegationFactory(
        start_date=datetime.date(2019, 7, 22), end_date=datetime.date(2019, 7, 26)
    )


@pytest.fixture
def mombasa(db):
    return PlaceFactory(name="Mombasa", timezone="Africa/Nairobi")


@pytest.fixture
def pemba(db):
    return PlaceFactory(name="Pemba", country="MZ", timezone="Africa/Maputo")


def utc(hour: int, minute: int = 0, day: int = 23) -> datetime.datetime:
    return datetime.datetime(2019, 7, day, hour, minute, tzinfo=datetime.UTC)


def item_form(delegation, place, *, day="2019-07-23", **overrides) -> dict:
    """Times as the admin types them: the wall clock where the item happens."""
    return {
        "delegation": delegation.pk,
        "kind": ItemKind.MEETING,
        "title": "Courtesy call on the County Commissioner",
        "starts_at_0": day,
        "starts_at_1": "09:00",
        "ends_at_0": day,
        "ends_at_1": "10:00",
        "place": place.pk if place else "",
        "summary": "",
        "outcome": "",
        **overrides,
    }


def test_item_add_outside_the_delegation_dates_shows_the_field_error(
    admin_client, delegation, nairobi
):
    data = management_data(admin_client, ITEM_ADD_URL) | item_form(
        delegation, nairobi, day="2019-08-01"
    )

    response = admin_client.post(ITEM_ADD_URL, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "outside the delegation's dates" in " ".join(errors["starts_at"])
    assert "outside the delegation's dates" in " ".join(errors["ends_at"])
    assert not ItineraryItem.objects.exists()


def test_item_add_with_counterparts_and_beneficiaries_goes_through_the_services(
    admin_client, administrator, delegation, nairobi
):
    host = OfficialFactory(position="County Commissioner")
    data = management_data(admin_client, ITEM_ADD_URL) | item_form(delegation, nairobi)
    data |= {
        "counterpart_links-TOTAL_FORMS": "1",
        "counterpart_links-0-official": host.pk,
        "counterpart_links-0-role": CounterpartRole.HOST,
        "counterpart_links-0-position": "",
        "beneficiary_groups-TOTAL_FORMS": "1",
        "beneficiary_groups-0-category": "youth_leaders",
        "beneficiary_groups-0-description": "Youth leaders from Kwale",
        "beneficiary_groups-0-female": "5",
        "beneficiary_groups-0-male": "7",
        "beneficiary_groups-0-other": "0",
        "beneficiary_groups-0-total": "",
        "beneficiary_groups-0-youth": "3",
    }

    response = admin_client.post(ITEM_ADD_URL, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    item = ItineraryItem.objects.get()
    assert item.history.get().history_user == administrator
    counterpart = item.counterpart_links.get()
    assert (counterpart.official, counterpart.position) == (host, "County Commissioner")
    assert item.beneficiary_groups.get().total == 12  # filled by beneficiaries_record


def test_site_visit_add_takes_the_place_from_the_site(admin_client, delegation, nairobi):
    site = SiteFactory(place=nairobi)
    data = management_data(admin_client, ITEM_ADD_URL) | item_form(
        delegation, None, kind=ItemKind.SITE_VISIT, site=site.pk
    )

    response = admin_client.post(ITEM_ADD_URL, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert ItineraryItem.objects.get().place == nairobi


# --- Times typed and shown where the item happens ------------------------------------------


def typed_times(content: str) -> tuple[str, str]:
    """The time boxes of the start and end as the page renders them."""
    found = re.findall(r'<input[^>]*name="(?:starts|ends)_at_1"[^>]*>', content)
    values = [re.search(r'value="([^"]*)"', tag) for tag in found]
    return tuple(value.group(1) if value else "" for value in values)


def test_item_add_reads_the_typed_times_in_the_zone_of_its_place(admin_client, delegation, nairobi):
    data = management_data(admin_client, ITEM_ADD_URL) | item_form(delegation, nairobi)

    response = admin_client.post(ITEM_ADD_URL, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    item = ItineraryItem.objects.get()
    assert (item.starts_at, item.ends_at) == (utc(6), utc(7))  # 09:00 EAT is 06:00 UTC


def test_travel_add_starts_in_the_origin_zone_and_ends_in_the_destination_zone(
    admin_client, delegation, mombasa, pemba
):
    data = management_data(admin_client, ITEM_ADD_URL) | item_form(
        delegation,
        None,
        kind=ItemKind.TRAVEL,
        title="Flight Mombasa to Pemba",
        origin=mombasa.pk,
        destination=pemba.pk,
        ends_at_1="10:30",
    )

    response = admin_client.post(ITEM_ADD_URL, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    item = ItineraryItem.objects.get()
    assert item.starts_at == utc(6)  # 09:00 in Mombasa (Africa/Nairobi, UTC+3)
    assert item.ends_at == utc(8, 30)  # 10:30 in Pemba (Africa/Maputo, UTC+2)
    page = admin_client.get(change_url(item)).content.decode()
    assert typed_times(page) == ("09:00", "10:30")
    assert "In Africa/Nairobi (EAT), the time where it happens." in page
    assert "In Africa/Maputo (CAT), the time where it happens." in page


def test_item_change_page_shows_the_local_wall_clock_with_its_zone(admin_client, nairobi):
    item = ItineraryItemFactory(place=nairobi, starts_at=utc(6), ends_at=utc(7, 30))

    response = admin_client.get(change_url(item))

    form = response.context["adminform"].form
    assert form["starts_at"].value() == datetime.datetime(2019, 7, 23, 9, 0)
    assert form["ends_at"].value() == datetime.datetime(2019, 7, 23, 10, 30)
    content = response.content.decode()
    assert typed_times(content) == ("09:00", "10:30")
    assert content.count("In Africa/Nairobi (EAT), the time where it happens.") == 2
    assert "Type each time as the wall clock where it happens" in content


def test_item_change_reads_the_times_in_the_zone_of_the_place_chosen_now(
    admin_client, delegation, nairobi, pemba
):
    item = ItineraryItemFactory(
        delegation=delegation, place=nairobi, starts_at=utc(6), ends_at=utc(7)
    )
    url = change_url(item)
    data = management_data(admin_client, url) | item_form(delegation, nairobi)

    renamed = admin_client.post(url, data | {"title": "Renamed", "expected_version": item.version})
    item.refresh_from_db()
    assert renamed.status_code == 302, renamed.context["adminform"].form.errors
    assert (item.title, item.starts_at, item.ends_at) == ("Renamed", utc(6), utc(7))

    moved = admin_client.post(url, data | {"place": pemba.pk, "expected_version": item.version})
    item.refresh_from_db()
    assert moved.status_code == 302, moved.context["adminform"].form.errors
    # The same 09:00 typed, now read in Pemba's zone (UTC+2), not Nairobi's.
    assert (item.place, item.starts_at, item.ends_at) == (pemba, utc(7), utc(8))


def test_site_visit_times_are_read_in_the_zone_of_the_site_place(
    admin_client, delegation, nairobi, pemba
):
    site = SiteFactory(place=pemba)
    data = management_data(admin_client, ITEM_ADD_URL) | item_form(
        delegation, nairobi, kind=ItemKind.SITE_VISIT, site=site.pk
    )

    response = admin_client.post(ITEM_ADD_URL, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    item = ItineraryItem.objects.get()
    assert (item.place, item.starts_at) == (pemba, utc(7))  # the site's place wins
    page = admin_client.get(change_url(item)).content.decode()
    assert typed_times(page) == ("09:00", "10:00")
    assert "In Africa/Maputo (CAT), the time where it happens." in page


def test_item_form_with_errors_shows_back_the_times_as_typed(
    admin_client, delegation, nairobi, pemba
):
    item = ItineraryItemFactory(
        delegation=delegation, place=nairobi, starts_at=utc(6), ends_at=utc(7)
    )
    url = change_url(item)
    data = management_data(admin_client, url) | item_form(
        delegation, pemba, title="", expected_version=item.version
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "title" in form.errors
    assert form.cleaned_data["starts_at"] == utc(7)  # read in the new place's zone
    content = response.content.decode()
    assert typed_times(content) == ("09:00", "10:00")  # what was typed, not 06:00 or 07:00
    assert "In Africa/Maputo (CAT), the time where it happens." in content
    item.refresh_from_db()
    assert (item.place, item.starts_at) == (nairobi, utc(6))


def test_with_no_place_the_times_are_in_the_server_zone(admin_client, settings, delegation):
    settings.TIME_ZONE = "Asia/Tokyo"

    page = admin_client.get(ITEM_ADD_URL).content.decode()
    data = management_data(admin_client, ITEM_ADD_URL) | item_form(delegation, None)
    response = admin_client.post(ITEM_ADD_URL, data)

    assert "No place chosen: read in the server's time zone, Asia/Tokyo." in page
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "Say where this takes place." in str(form.errors)  # refused by item_create
    assert form.cleaned_data["starts_at"] == utc(0)  # 09:00 in Tokyo (UTC+9)
    content = response.content.decode()
    assert typed_times(content) == ("09:00", "10:00")
    assert "No place chosen: read in the server's time zone, Asia/Tokyo." in content
    assert not ItineraryItem.objects.exists()


@pytest.mark.parametrize(
    ("end_date", "saved", "error"),
    [
        ("2019-07-27", True, None),
        ("2019-07-21", False, "would fall outside the new dates"),
    ],
)
def test_delegation_date_change_rechecks_the_itinerary(
    admin_client, delegation, nairobi, end_date, saved, error
):
    """New dates and other changes are one `delegation_update`: saved together, once, or
    (the itinerary left outside the dates) not at all."""
    ItineraryItemFactory(delegation=delegation, place=nairobi, title="Briefing at IOM")
    url = change_url(delegation)
    data = management_data(admin_client, url) | {
        "title": delegation.title,
        "programme": delegation.programme.pk,
        "purpose": "Meet the county police",
        "sending_countries": ["MZ"],
        "host_country": "KE",
        "start_date": "2019-07-20" if error else "2019-07-22",
        "end_date": end_date,
        "expected_version": delegation.version,
    }

    response = admin_client.post(url, data)

    delegation.refresh_from_db()
    if saved:
        assert response.status_code == 302
        assert delegation.end_date == datetime.date(2019, 7, 27)
        assert delegation.purpose == "Meet the county police"
        assert delegation.version == 2  # one save for dates and purpose alike
    else:
        assert response.status_code == 200
        assert error in " ".join(response.context["adminform"].form.errors["start_date"])
        assert "Briefing at IOM" in response.content.decode()
        assert delegation.end_date == datetime.date(2019, 7, 26)
        assert delegation.purpose != "Meet the county police"
        assert delegation.version == 1


def _on_locked(factory, **kwargs):
    def make():
        locked = DelegationFactory(locked=True)
        if factory in (CounterpartFactory, BeneficiaryGroupFactory):
            return factory(item=ItineraryItemFactory(delegation=locked), **kwargs)
        return factory(delegation=locked, **kwargs)

    return make


LOCKED_CHILDREN = {
    "member": _on_locked(DelegationMemberFactory),
    "support": _on_locked(SupportAssignmentFactory),
    "item": _on_locked(ItineraryItemFactory),
    "counterpart": _on_locked(CounterpartFactory),
    "beneficiaries": _on_locked(BeneficiaryGroupFactory),
    "report": lambda: DelegationFactory(locked=True).report,
}


@pytest.mark.parametrize("make", LOCKED_CHILDREN.values(), ids=LOCKED_CHILDREN.keys())
def test_rows_of_a_locked_delegation_are_read_only(admin_client, make):
    obj = make()

    page = admin_client.get(change_url(obj))
    refused = admin_client.post(change_url(obj), {})

    content = page.content.decode()
    assert page.status_code == 200
    assert "read-only until an administrator reopens the report" in content
    assert 'name="_save"' not in content
    assert refused.status_code == 403


def _under_review(make):
    """The row made by `make`, its delegation's report with the managers."""

    def made():
        obj = make()
        delegation = getattr(obj, "delegation", None) or obj.item.delegation
        Report.objects.filter(delegation=delegation).update(
            status=ReportStatus.SUBMITTED,
            submitted_by=UserFactory(),
            submitted_at=timezone.now(),
        )
        return obj

    return made


UNDER_REVIEW = {
    name: _under_review(factory)
    for name, factory in (
        ("member", DelegationMemberFactory),
        ("item", ItineraryItemFactory),
        ("counterpart", CounterpartFactory),
    )
}


@pytest.mark.parametrize("make", UNDER_REVIEW.values(), ids=UNDER_REVIEW.keys())
def test_rows_under_review_are_read_only_in_the_admin(admin_client, make):
    obj = make()

    page = admin_client.get(change_url(obj))
    refused = admin_client.post(change_url(obj), {})

    content = page.content.decode()
    assert page.status_code == 200
    assert "ask them to send it back to change it" in content
    assert 'name="_save"' not in content
    assert refused.status_code == 403
