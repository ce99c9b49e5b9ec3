"""The itinerary: the day-by-day page, the item form with its rows, and who may do what."""

import datetime
import re
from html import unescape

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import User
from delegations.models import Delegation
from delegations.selectors import delegation_detail_queryset
from itinerary.enums import BeneficiaryCategory, CounterpartRole, ItemKind
from itinerary.models import BeneficiaryGroup, Counterpart, ItineraryItem
from places.enums import PlaceKind
from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import (
    BeneficiaryGroupFactory,
    CounterpartFactory,
    ItineraryItemFactory,
    SiteFactory,
    TopicFactory,
)
from tests.factories.learning import LearningObjectiveFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import OrganisationFactory
from tests.factories.places import PlaceFactory
from tests.support.queries import assert_constant_queries

UTC = datetime.UTC


def utc(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2019, 7, day, hour, minute, tzinfo=UTC)


def text_of(response) -> str:
    """The page's visible text, tags removed and spaces squeezed."""
    html = response.content.decode()
    html = re.sub(r"<(script|template)\b.*?</\1>", " ", html, flags=re.S)
    text = unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))
    return re.sub(r"\s*–\s*", "–", text)


@pytest.fixture
def mombasa(db):
    return PlaceFactory(name="Mombasa", country="KE", timezone="Africa/Nairobi")


@pytest.fixture
def pemba(db):
    return PlaceFactory(name="Pemba", country="MZ", timezone="Africa/Maputo")


@pytest.fixture
def delegation(programme, nairobi):
    delegation = DelegationFactory(programme=programme)  # 22–26 July 2019
    delegation.destinations.add(nairobi)
    return delegation


def itinerary_url(delegation) -> str:
    return reverse("itinerary:itinerary", args=[delegation.pk])


def create_url(delegation) -> str:
    return reverse("itinerary:item-create", args=[delegation.pk])


def update_url(item) -> str:
    return reverse("itinerary:item-update", args=[item.pk])


def delete_url(item) -> str:
    return reverse("itinerary:item-delete", args=[item.pk])


def management(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def item_data(where, *, counterparts=(), groups=(), **overrides) -> dict:
    """What the browser posts: a meeting in `where` on 23 July, 09:00–10:30 local."""
    data = {
        "kind": ItemKind.MEETING,
        "title": "Meeting with the county commissioner",
        "place": str(where.pk) if where else "",
        "site": "",
        "origin": "",
        "destination": "",
        "starts_at_0": "2019-07-23",
        "starts_at_1": "09:00",
        "ends_at_0": "2019-07-23",
        "ends_at_1": "10:30",
        "summary": "",
        "outcome": "",
        **management("counterparts", len(counterparts)),
        **management("groups", len(groups)),
    }
    for index, row in enumerate(counterparts):
        data.update({f"counterparts-{index}-{name}": value for name, value in row.items()})
    for index, row in enumerate(groups):
        data.update({f"groups-{index}-{name}": value for name, value in row.items()})
    data.update(overrides)
    return data


# --- The day-by-day page ------------------------------------------------------------------------


def test_itinerary_shows_every_day_including_empty_ones(staff_client, delegation, nairobi):
    ItineraryItemFactory(delegation=delegation, place=nairobi, starts_at=utc(23, 6), title="Only")

    text = text_of(staff_client.get(itinerary_url(delegation)))

    for heading in (
        "Monday 22 July 2019",
        "Tuesday 23 July 2019",
        "Wednesday 24 July 2019",
        "Thursday 25 July 2019",
        "Friday 26 July 2019",
    ):
        assert heading in text
    assert text.count("Nothing planned") == 4
    assert text.index("Tuesday 23 July") < text.index("Only") < text.index("Wednesday 24 July")


def test_itinerary_shows_local_time_and_names_the_zone(staff_client, delegation, nairobi):
    ItineraryItemFactory(
        delegation=delegation,
        place=nairobi,
        starts_at=utc(22, 6),  # 09:00 in Nairobi
        ends_at=utc(22, 7, 30),
        title="Briefing",
    )

    text = text_of(staff_client.get(itinerary_url(delegation)))

    assert "09:00–10:30 EAT (Africa/Nairobi)" in text
    assert "06:00" not in text


def test_itinerary_travel_shows_each_end_in_its_own_zone(staff_client, delegation, mombasa, pemba):
    ItineraryItemFactory(
        delegation=delegation,
        kind=ItemKind.TRAVEL,
        title="Flight Mombasa to Pemba",
        place=None,
        origin=mombasa,
        destination=pemba,
        starts_at=utc(26, 10),  # 13:00 in Mombasa
        ends_at=utc(26, 12, 30),  # 14:30 in Pemba
    )

    text = text_of(staff_client.get(itinerary_url(delegation)))

    assert "13:00 EAT (Africa/Nairobi) → 14:30 CAT (Africa/Maputo)" in text
    assert "Mombasa → Pemba" in text


def test_itinerary_groups_by_local_day_and_adds_the_day_before_for_an_arrival(
    staff_client, delegation, nairobi
):
    ItineraryItemFactory(
        delegation=delegation,
        kind=ItemKind.ARRIVAL,
        title="Early arrival",
        place=nairobi,
        starts_at=utc(21, 18),  # 21:00 on 21 July in Nairobi
    )
    ItineraryItemFactory(
        delegation=delegation,
        place=nairobi,
        title="Late dinner",
        starts_at=utc(22, 21, 30),  # 00:30 on 23 July in Nairobi, still the 22nd in UTC
    )

    text = text_of(staff_client.get(itinerary_url(delegation)))

    assert "Sunday 21 July 2019 the day before the visit" in text
    assert text.index("Sunday 21 July") < text.index("Early arrival") < text.index("Monday 22")
    assert text.index("Tuesday 23 July") < text.index("Late dinner") < text.index("Wednesday 24")


def test_itinerary_shows_who_was_met_and_counts_with_unknown_as_not_recorded(
    staff_client, delegation, nairobi
):
    item = ItineraryItemFactory(
        delegation=delegation,
        place=nairobi,
        title="Meeting with the police",
        summary="Community policing discussed.",
        outcome="A follow-up exchange.",
        illustrative=True,
    )
    item.organisations.add(OrganisationFactory(name="Administration Police Service", acronym="APS"))
    item.topics.add(TopicFactory(name="Community policing"))
    CounterpartFactory(
        item=item,
        official=OfficialFactory(full_name="Noor Gabow", position="Director"),
        role=CounterpartRole.REPRESENTED,
        position="Deputy Inspector General's office",
    )
    CounterpartFactory(
        item=item,
        official=OfficialFactory(full_name="Mark Leruk", position="Senior Superintendent"),
        position="",
    )
    group = BeneficiaryGroupFactory(
        item=item,
        category=BeneficiaryCategory.YOUTH_LEADERS,
        female=4,
        male=None,
        other=None,
        total=None,
        youth=None,
    )
    group.origins.add(PlaceFactory(name="Kwale County", kind=PlaceKind.COUNTY))

    text = text_of(staff_client.get(itinerary_url(delegation)))

    for fact in (
        "Administration Police Service (APS)",
        "Mr Noor Gabow, Deputy Inspector General's office",
        "Represented the office",
        "Mr Mark Leruk, Senior Superintendent",
        "Community policing",
        "Community policing discussed.",
        "A follow-up exchange.",
        "illustrative times",
        "Youth leaders",
        "Kwale County",
    ):
        assert fact in text
    row = text[text.index("Youth leaders") :]
    assert row.split("Kwale County", 1)[1].split()[:1] == ["4"]
    assert row.count("not recorded") >= 4
    assert " 0 " not in row.split("Kwale County", 1)[1][:80]


# --- Creating and editing items -----------------------------------------------------------------


def test_item_create_saves_two_counterparts_and_two_groups(
    staff_client, staff_user, delegation, nairobi
):
    elungata = OfficialFactory(full_name="John Elungata", position="Regional Coordinator")
    muendo = OfficialFactory(full_name="Charles Muendo", position="Assistant Director")
    kwale, kilifi = PlaceFactory(name="Kwale County"), PlaceFactory(name="Kilifi County")
    organisation = OrganisationFactory(name="Regional Security Committees")
    topic = TopicFactory(name="Border management")
    objective = LearningObjectiveFactory(delegation=delegation, topic=topic)
    data = item_data(
        nairobi,
        organisations=[str(organisation.pk)],
        topics=[str(topic.pk)],
        objectives=[str(objective.pk)],
        summary="They met.",
        counterparts=[
            {"official": str(elungata.pk), "role": CounterpartRole.HOST, "position": ""},
            {"official": str(muendo.pk), "role": CounterpartRole.PARTICIPANT, "position": "Acting"},
        ],
        groups=[
            {
                "category": BeneficiaryCategory.YOUTH_LEADERS,
                "description": "From the coast",
                "origins": [str(kwale.pk), str(kilifi.pk)],
                "female": "4",
                "male": "6",
                "other": "0",
                "youth": "10",
            },
            {
                "category": BeneficiaryCategory.SMALL_BUSINESS,
                "female": "5",
                "male": "",
                "other": "",
                "youth": "",
                "illustrative": "on",
            },
        ],
    )

    response = staff_client.post(create_url(delegation), data)

    item = ItineraryItem.objects.get(delegation=delegation)
    assert response.status_code == 302
    assert response["Location"] == f"{itinerary_url(delegation)}#item-{item.pk}"
    assert item.starts_at == utc(23, 6)  # 09:00 typed, read in Nairobi's zone
    assert item.ends_at == utc(23, 7, 30)
    assert list(item.organisations.all()) == [organisation]
    assert list(item.topics.all()) == [topic]
    assert list(item.objectives.all()) == [objective]
    links = {link.official: link for link in item.counterpart_links.all()}
    assert links[elungata].role == CounterpartRole.HOST
    assert links[elungata].position == "Regional Coordinator"  # blank: the directory's
    assert links[muendo].position == "Acting"
    youth = item.beneficiary_groups.get(category=BeneficiaryCategory.YOUTH_LEADERS)
    assert (youth.female, youth.male, youth.other, youth.total, youth.youth) == (4, 6, 0, 10, 10)
    assert set(youth.origins.all()) == {kwale, kilifi}
    business = item.beneficiary_groups.get(category=BeneficiaryCategory.SMALL_BUSINESS)
    assert (business.female, business.male, business.total, business.youth) == (5, None, None, None)
    assert business.illustrative
    assert item.history.first().history_user == staff_user


def test_item_create_outside_the_dates_is_refused_on_the_field_with_everything_kept(
    staff_client, delegation, nairobi
):
    official = OfficialFactory(full_name="Kept Official")
    data = item_data(
        nairobi,
        title="Too late",
        starts_at_0="2019-07-28",
        ends_at_0="2019-07-28",
        summary="Typed summary",
        counterparts=[
            {"official": str(official.pk), "role": CounterpartRole.HOST, "position": "X"}
        ],
    )

    response = staff_client.post(create_url(delegation), data)

    assert response.status_code == 200
    assert not ItineraryItem.objects.exists()
    form = response.context["form"]
    assert (
        "2019-07-28 (local time in Africa/Nairobi) is outside the delegation's dates"
        in " ".join(form.errors["starts_at"])
    )
    html = response.content.decode()
    for kept in (
        'value="Too late"',
        'value="2019-07-28"',
        'value="09:00"',
        "Typed summary",
        f'value="{official}"',
        f'value="{nairobi}"',
    ):
        assert kept in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"kind": ItemKind.SITE_VISIT}, "site", "A site visit needs a site."),
        ({"kind": ItemKind.TRAVEL}, "origin", "Say where the journey starts."),
        ({"ends_at_1": "08:00"}, "ends_at", "The item must end after it starts."),
        ({"place": ""}, "place", "Say where this takes place."),
        ({"starts_at_1": ""}, "starts_at", "This field is required."),
    ],
    ids=[
        "site-visit-without-site",
        "travel-without-route",
        "ends-before-start",
        "no-place",
        "no-time",
    ],
)
def test_item_create_refuses_incomplete_items_on_the_field(
    staff_client, delegation, nairobi, overrides, field, message
):
    response = staff_client.post(create_url(delegation), item_data(nairobi, **overrides))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode()
    assert not ItineraryItem.objects.exists()


def test_item_create_site_visit_takes_the_place_and_zone_of_its_site(
    staff_client, delegation, pemba
):
    site = SiteFactory(name="Pemba school", place=pemba)

    response = staff_client.post(
        create_url(delegation),
        item_data(None, kind=ItemKind.SITE_VISIT, site=str(site.pk), title="School visit"),
    )

    assert response.status_code == 302
    item = ItineraryItem.objects.get()
    assert (item.site, item.place) == (site, pemba)
    assert item.starts_at == utc(23, 7)  # 09:00 in Africa/Maputo


def test_item_create_reads_travel_times_in_the_zone_of_each_end(
    staff_client, delegation, mombasa, pemba
):
    data = item_data(
        None,
        kind=ItemKind.TRAVEL,
        title="Flight Mombasa to Pemba",
        origin=str(mombasa.pk),
        destination=str(pemba.pk),
        starts_at_0="2019-07-26",
        starts_at_1="13:00",
        ends_at_0="2019-07-26",
        ends_at_1="14:30",
    )

    response = staff_client.post(create_url(delegation), data)

    assert response.status_code == 302
    item = ItineraryItem.objects.get()
    assert (item.origin, item.destination, item.place) == (mombasa, pemba, None)
    assert item.starts_at == utc(26, 10)  # 13:00 in Mombasa (UTC+3)
    assert item.ends_at == utc(26, 12, 30)  # 14:30 in Pemba (UTC+2)
    form = staff_client.get(update_url(item)).content.decode()
    assert 'value="13:00"' in form and 'value="14:30"' in form
    assert "Start in Africa/Nairobi (EAT), end in Africa/Maputo (CAT)." in form


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({"female": "2", "male": "1", "other": "0", "youth": "5"}, "youth", "more youth (5)"),
        ({"female": "-1"}, "female", "greater than or equal to 0"),
    ],
    ids=["youth-above-total", "negative-count"],
)
def test_item_create_refuses_impossible_counts_on_the_row(
    staff_client, delegation, nairobi, row, field, message
):
    group = {"category": BeneficiaryCategory.OTHER, **row}

    response = staff_client.post(create_url(delegation), item_data(nairobi, groups=[group]))

    assert response.status_code == 200
    assert message in " ".join(response.context["groups"].forms[0].errors[field])
    assert not ItineraryItem.objects.exists()


def test_item_create_refuses_a_forged_official_id(staff_client, delegation, nairobi):
    forged = {"official": "987654321", "role": CounterpartRole.HOST, "position": ""}

    response = staff_client.post(create_url(delegation), item_data(nairobi, counterparts=[forged]))

    assert response.status_code == 200
    errors = response.context["counterparts"].forms[0].errors["official"]
    assert "this one is unknown" in " ".join(errors)
    assert not ItineraryItem.objects.exists() and not Counterpart.objects.exists()


def test_item_create_refuses_the_same_official_twice(staff_client, delegation, nairobi):
    official = OfficialFactory()
    row = {"official": str(official.pk), "role": CounterpartRole.HOST, "position": ""}

    response = staff_client.post(
        create_url(delegation), item_data(nairobi, counterparts=[row, row])
    )

    assert response.status_code == 200
    assert response.context["counterparts"].non_form_errors()
    assert not ItineraryItem.objects.exists()


@pytest.fixture
def met_item(delegation, nairobi):
    item = ItineraryItemFactory(
        delegation=delegation, place=nairobi, starts_at=utc(24, 6), title="Coast meeting"
    )
    kept = CounterpartFactory(item=item, official=OfficialFactory(full_name="Kept One"))
    gone = CounterpartFactory(item=item, official=OfficialFactory(full_name="Gone One"))
    group = BeneficiaryGroupFactory(item=item)
    return item, kept, gone, group


def edit_data(item, kept, gone, group, **overrides) -> dict:
    data = item_data(
        item.place,
        title=item.title,
        starts_at_0="2019-07-24",
        ends_at_0="2019-07-24",
        ends_at_1="10:00",
        version=str(item.version),
        **management("counterparts", 2, initial=2),
        **management("groups", 1, initial=1),
    )
    for index, link in enumerate((kept, gone)):
        data.update(
            {
                f"counterparts-{index}-id": str(link.pk),
                f"counterparts-{index}-item": str(item.pk),
                f"counterparts-{index}-official": str(link.official_id),
                f"counterparts-{index}-role": link.role,
                f"counterparts-{index}-position": link.position,
            }
        )
    data.update(
        {
            "groups-0-id": str(group.pk),
            "groups-0-item": str(item.pk),
            "groups-0-category": group.category,
            "groups-0-description": group.description,
            "groups-0-female": str(group.female),
            "groups-0-male": str(group.male),
            "groups-0-other": str(group.other),
            "groups-0-youth": str(group.youth),
        }
    )
    data.update(overrides)
    return data


def test_item_update_shows_the_stored_times_in_local_time(staff_client, met_item):
    item = met_item[0]

    response = staff_client.get(update_url(item))

    html = response.content.decode()
    assert 'value="2019-07-24"' in html and 'value="09:00"' in html  # 06:00 UTC in Nairobi
    assert "Times are local: Africa/Nairobi (EAT)." in html
    assert 'value="Mr Kept One"' in html and 'value="Mr Gone One"' in html


def test_item_update_removes_a_counterpart_and_changes_a_group(staff_client, met_item):
    item, kept, gone, group = met_item
    data = edit_data(
        item, kept, gone, group, **{"counterparts-1-DELETE": "on", "groups-0-male": ""}
    )

    response = staff_client.post(update_url(item), data)

    assert response.status_code == 302
    item.refresh_from_db()
    assert [link.official for link in item.counterpart_links.all()] == [kept.official]
    assert not Counterpart.objects.filter(pk=gone.pk).exists()
    group.refresh_from_db()
    assert (group.male, group.total) == (None, None)  # unknown now: no stale total
    assert item.ends_at == utc(24, 7)
    assert item.version == 2


def test_item_update_with_a_stale_version_says_so_and_saves_nothing(staff_client, met_item):
    item, kept, gone, group = met_item
    data = edit_data(item, kept, gone, group, title="Renamed", version="0")

    response = staff_client.post(update_url(item), data)

    assert response.status_code == 200
    assert "Someone else saved this since you opened it" in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Coast meeting"
    assert Counterpart.objects.filter(item=item).count() == 2


def test_item_delete_asks_first_then_removes(staff_client, met_item, delegation):
    item = met_item[0]

    confirm = staff_client.get(delete_url(item))
    assert "Remove “Coast meeting” from the itinerary?" in confirm.content.decode()
    assert ItineraryItem.objects.filter(pk=item.pk).exists()

    response = staff_client.post(delete_url(item))

    assert response["Location"] == itinerary_url(delegation)
    assert not ItineraryItem.objects.filter(pk=item.pk).exists()
    assert not BeneficiaryGroup.objects.filter(item_id=item.pk).exists()


# --- Who may do what ----------------------------------------------------------------------------


def page_urls(item) -> dict[str, str]:
    return {
        "itinerary": itinerary_url(item.delegation),
        "create": create_url(item.delegation),
        "update": update_url(item),
        "delete": delete_url(item),
    }


@pytest.mark.parametrize("page", ["itinerary", "create", "update", "delete"])
def test_pages_send_anonymous_users_to_log_in(client, met_item, page):
    url = page_urls(met_item[0])[page]

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("page", ["itinerary", "create", "update", "delete"])
def test_pages_answer_404_to_staff_of_another_programme(other_staff_client, met_item, page):
    assert other_staff_client.get(page_urls(met_item[0])[page]).status_code == 404


@pytest.mark.parametrize("page", ["create", "update", "delete"])
def test_managers_read_the_itinerary_but_may_not_change_it(manager_client, met_item, page):
    item = met_item[0]

    itinerary = manager_client.get(itinerary_url(item.delegation)).content.decode()
    assert "Coast meeting" in itinerary
    for control in (create_url(item.delegation), update_url(item), delete_url(item)):
        assert control not in itinerary

    assert manager_client.get(page_urls(item)[page]).status_code == 403
    assert manager_client.post(page_urls(item)[page], {}).status_code == 403
    assert ItineraryItem.objects.filter(pk=item.pk, title="Coast meeting").exists()


@pytest.mark.parametrize("page", ["create", "update", "delete"])
def test_a_locked_delegation_refuses_staff_and_hides_the_controls(staff_client, met_item, page):
    item = met_item[0]
    Delegation.objects.filter(pk=item.delegation_id).update(locked=True)

    itinerary = staff_client.get(itinerary_url(item.delegation)).content.decode()
    assert "the itinerary is locked" in itinerary
    assert update_url(item) not in itinerary

    assert staff_client.get(page_urls(item)[page]).status_code == 403
    assert staff_client.post(page_urls(item)[page], {}).status_code == 403
    assert ItineraryItem.objects.filter(pk=item.pk).exists()


def test_staff_see_the_edit_controls(staff_client, met_item):
    item = met_item[0]

    html = staff_client.get(itinerary_url(item.delegation)).content.decode()

    for control in (create_url(item.delegation), update_url(item), delete_url(item)):
        assert control in html


# --- Query counts -------------------------------------------------------------------------------


def add_full_items(delegation, place):
    def add(count: int) -> None:
        for index in range(count):
            item = ItineraryItemFactory(
                delegation=delegation,
                place=place,
                starts_at=utc(22 + index % 5, 6 + index),
                site=SiteFactory(place=place),
            )
            item.organisations.add(OrganisationFactory(), OrganisationFactory())
            item.topics.add(TopicFactory())
            CounterpartFactory.create_batch(2, item=item)
            for group in BeneficiaryGroupFactory.create_batch(2, item=item):
                group.origins.add(PlaceFactory(parent=place))

    return add


def test_itinerary_page_queries_do_not_grow_with_items(staff_client, delegation, nairobi):
    add = add_full_items(delegation, nairobi)
    add(1)
    assert_constant_queries(staff_client, itinerary_url(delegation), add)


def test_item_form_queries_do_not_grow_with_rows(staff_client, delegation, nairobi):
    item = ItineraryItemFactory(delegation=delegation, place=nairobi)
    CounterpartFactory(item=item)
    group = BeneficiaryGroupFactory(item=item)
    group.origins.add(PlaceFactory(parent=nairobi))

    def add_rows(count: int) -> None:
        CounterpartFactory.create_batch(count, item=item)
        for group in BeneficiaryGroupFactory.create_batch(count, item=item):
            group.origins.add(PlaceFactory(parent=nairobi), PlaceFactory())
        item.organisations.add(*OrganisationFactory.create_batch(count))

    assert_constant_queries(staff_client, update_url(item), add_rows)


def test_delegation_page_section_reads_only_its_prefetch(
    staff_user, delegation, nairobi, django_assert_num_queries
):
    add_full_items(delegation, nairobi)(3)
    loaded = delegation_detail_queryset(user=staff_user).get(pk=delegation.pk)

    with django_assert_num_queries(0):
        html = render_to_string(
            "itinerary/includes/itinerary_section.html",
            {"delegation": loaded, "can_edit": True},
        )

    assert html.count("Nothing planned") == 2  # 3 items over 22–24 July, 25–26 empty
    assert "Site visits" in html
    assert "12" in html  # the groups' totals


# --- The demo -----------------------------------------------------------------------------------


@pytest.fixture
def demo_client(client, db):
    call_command("load_demo", verbosity=0)
    client.force_login(User.objects.get(email="phss.staff@exchange.example"))
    return client


def test_demo_itinerary_shows_every_item_of_the_story_on_its_local_day(demo_client):
    delegation = Delegation.objects.get(
        programme__code="PHSS", start_date=datetime.date(2019, 7, 22)
    )

    text = text_of(demo_client.get(itinerary_url(delegation)))

    days = {
        day: text[text.index(heading) :]
        for day, heading in (
            (22, "Monday 22 July 2019"),
            (23, "Tuesday 23 July 2019"),
            (24, "Wednesday 24 July 2019"),
            (25, "Thursday 25 July 2019"),
            (26, "Friday 26 July 2019"),
        )
    }

    def on(day: int, fact: str) -> None:
        following = days.get(day + 1, "")
        section = days[day][: len(days[day]) - len(following)] if following else days[day]
        assert fact in section, f"{fact!r} not on {day} July"

    on(22, "Arrival in Nairobi")
    on(22, "Mr Ferdinand Paredes")
    on(23, "Lidimba")
    on(23, "Noor Gabow")
    on(23, "Mark Leruk")
    on(24, "Flight Nairobi to Mombasa")
    on(24, "John Elungata")
    on(24, "Charles Muendo")
    on(24, "Mombasa county action plan")
    on(25, "Bongwe Secondary School")
    on(25, "Jitoni Resource Center")
    on(25, "Small business operators")
    on(25, "Youth leaders")
    on(26, "Departure from Mombasa")
    assert "10:30–11:30 EAT (Africa/Nairobi)" in text
    for figures in ("7 9 0 16 9", "5 4 0 9 4", "4 6 0 10 10"):
        assert figures in text
    assert "illustrative times" in text and "illustrative counts" in text
    assert "Nothing planned" not in text


def test_demo_item_form_opens_with_local_times(demo_client):
    item = ItineraryItem.objects.get(title="Site visit: Jitoni Resource Center")

    html = demo_client.get(update_url(item)).content.decode()

    assert 'value="2019-07-25"' in html and 'value="11:15"' in html
    assert 'value="Jitoni Resource Center"' in html
