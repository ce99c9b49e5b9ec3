"""itinerary.services: the itinerary in local time, its counterparts and beneficiaries,
sites and topics; delegation_update re-checks it when the dates move.

Learning's objectives, highlights and follow-ups: tests/learning/test_services.py."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from delegations.models import Delegation
from delegations.services import ConflictError, delegation_update
from itinerary.enums import BeneficiaryCategory, CounterpartRole, ItemKind
from itinerary.models import BeneficiaryGroup, Counterpart, ItineraryItem, Site, Topic
from itinerary.services import (
    beneficiaries_record,
    counterpart_add,
    item_create,
    item_delete,
    item_update,
    itinerary_submission_check,
    site_save,
    topic_save,
)
from places.enums import PlaceKind
from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import (
    BeneficiaryGroupFactory,
    ItineraryItemFactory,
    SiteFactory,
    TopicFactory,
)
from tests.factories.learning import LearningObjectiveFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import OrganisationFactory
from tests.factories.places import PlaceFactory

NAIROBI_TZ, MAPUTO_TZ = ZoneInfo("Africa/Nairobi"), ZoneInfo("Africa/Maputo")
START, END = datetime.date(2019, 7, 22), datetime.date(2019, 7, 26)
HOUR = datetime.timedelta(hours=1)
LOCKED = "This delegation's report is approved: it is locked until an administrator reopens it."


def at(zone: ZoneInfo, day: int, hour: int, minute: int = 0, month: int = 7) -> datetime.datetime:
    return datetime.datetime(2019, month, day, hour, minute, tzinfo=zone)


def outside(day: str, zone: str) -> str:
    return (
        f"{day} (local time in {zone}) is outside the delegation's dates, 2019-07-22 to 2019-07-26."
    )


@pytest.fixture
def delegation(programme):
    return DelegationFactory(programme=programme, start_date=START, end_date=END)


@pytest.fixture
def locked_delegation(programme):
    return DelegationFactory(programme=programme, locked=True)


@pytest.fixture
def mombasa(db):
    return PlaceFactory(name="Mombasa", kind=PlaceKind.COUNTY, timezone="Africa/Nairobi")


@pytest.fixture
def pemba(db):
    return PlaceFactory(name="Pemba", kind=PlaceKind.CITY, country="MZ", timezone="Africa/Maputo")


def _create(delegation, actor, place, *, starts_at, ends_at=None, kind=ItemKind.MEETING, **extra):
    return item_create(
        delegation=delegation,
        actor=actor,
        kind=kind,
        title=extra.pop("title", "Meeting"),
        starts_at=starts_at,
        ends_at=ends_at or starts_at + HOUR,
        place=place,
        **extra,
    )


def _latest_history(obj):
    return obj.history.order_by("-history_id").first()


# --- item_create: the delegation's dates in local time ------------------------------------


@pytest.mark.parametrize(
    ("starts_at", "ends_at"),
    [
        (at(NAIROBI_TZ, 26, 23, 30), at(NAIROBI_TZ, 26, 23, 59)),  # 20:30 UTC, same day
        (at(NAIROBI_TZ, 22, 1), at(NAIROBI_TZ, 22, 2)),  # 22:00 UTC the day before
        (at(NAIROBI_TZ, 22, 0), at(NAIROBI_TZ, 26, 23, 59)),  # the whole visit
    ],
    ids=["last-day-late-evening", "first-day-before-utc-midnight", "whole-visit"],
)
def test_item_create_inside_dates_in_local_time(
    delegation, staff_user, mombasa, starts_at, ends_at
):
    item = _create(delegation, staff_user, mombasa, starts_at=starts_at, ends_at=ends_at)

    assert ItineraryItem.objects.get(pk=item.pk).starts_at == starts_at
    assert (item.version, _latest_history(item).history_user) == (1, staff_user)


def test_item_create_refuses_day_after_end_in_local_time(delegation, staff_user, mombasa):
    starts_at = at(NAIROBI_TZ, 27, 0, 30)  # still 26 July in UTC
    assert starts_at.astimezone(datetime.UTC).date() == END

    with pytest.raises(ValidationError) as excinfo:
        _create(delegation, staff_user, mombasa, starts_at=starts_at)

    assert excinfo.value.message_dict == {
        "starts_at": [outside("2019-07-27", "Africa/Nairobi")],
        "ends_at": [outside("2019-07-27", "Africa/Nairobi")],
    }
    assert not ItineraryItem.objects.exists()


def test_item_create_refuses_day_before_start_in_local_time(delegation, staff_user, mombasa):
    with pytest.raises(ValidationError) as excinfo:
        _create(
            delegation,
            staff_user,
            mombasa,
            starts_at=at(NAIROBI_TZ, 21, 23),
            ends_at=at(NAIROBI_TZ, 22, 0, 30),
        )

    assert excinfo.value.message_dict == {"starts_at": [outside("2019-07-21", "Africa/Nairobi")]}


@pytest.mark.parametrize("kind", [ItemKind.ARRIVAL, ItemKind.DEPARTURE, ItemKind.TRAVEL])
@pytest.mark.parametrize(
    ("day", "month", "allowed"),
    [(21, 7, True), (27, 7, True), (20, 7, False), (28, 7, False)],
    ids=["day-before", "day-after", "two-days-before", "two-days-after"],
)
def test_travel_kinds_may_fall_one_day_outside(
    delegation, staff_user, mombasa, pemba, kind, day, month, allowed
):
    route = {"origin": mombasa, "destination": mombasa} if kind == ItemKind.TRAVEL else {}
    starts_at = at(NAIROBI_TZ, day, 10, month=month)

    def create():
        return _create(delegation, staff_user, mombasa, starts_at=starts_at, kind=kind, **route)

    if allowed:
        create()
        assert ItineraryItem.objects.count() == 1
    else:
        with pytest.raises(ValidationError) as excinfo:
            create()
        assert (
            outside(f"2019-07-{day}", "Africa/Nairobi") in excinfo.value.message_dict["starts_at"]
        )
        assert not ItineraryItem.objects.exists()


@pytest.mark.parametrize("kind", [ItemKind.MEETING, ItemKind.SITE_VISIT, ItemKind.BRIEFING])
def test_other_kinds_may_not_fall_one_day_outside(delegation, staff_user, mombasa, kind):
    site = SiteFactory(place=mombasa) if kind == ItemKind.SITE_VISIT else None

    with pytest.raises(ValidationError) as excinfo:
        _create(
            delegation, staff_user, mombasa, starts_at=at(NAIROBI_TZ, 27, 10), kind=kind, site=site
        )

    assert "starts_at" in excinfo.value.message_dict


def test_travel_starts_in_origin_zone_and_ends_in_destination_zone(
    delegation, staff_user, mombasa, pemba
):
    # Leaves Mombasa at 00:30 on 21 July Nairobi time (still 20 July in Maputo) and lands
    # in Pemba at 23:50 on 27 July Maputo time (already 28 July in Nairobi): both inside
    # the one day of slack only in the right zones.
    departs = at(NAIROBI_TZ, 21, 0, 30)
    lands = at(MAPUTO_TZ, 27, 23, 50)
    assert departs.astimezone(MAPUTO_TZ).day == 20
    assert lands.astimezone(NAIROBI_TZ).day == 28

    item = _create(
        delegation,
        staff_user,
        None,
        kind=ItemKind.TRAVEL,
        title="Flight Mombasa - Pemba",
        starts_at=departs,
        ends_at=lands,
        origin=mombasa,
        destination=pemba,
    )

    assert (item.origin, item.destination, item.place) == (mombasa, pemba, None)


def test_travel_arriving_too_late_names_the_destination_zone(
    delegation, staff_user, mombasa, pemba
):
    with pytest.raises(ValidationError) as excinfo:
        _create(
            delegation,
            staff_user,
            None,
            kind=ItemKind.TRAVEL,
            starts_at=at(NAIROBI_TZ, 27, 22),
            ends_at=at(MAPUTO_TZ, 28, 0, 10),
            origin=mombasa,
            destination=pemba,
        )

    assert excinfo.value.message_dict == {"ends_at": [outside("2019-07-28", "Africa/Maputo")]}


def test_item_create_without_times_reports_the_missing_field(delegation, staff_user, mombasa):
    with pytest.raises(ValidationError) as excinfo:
        item_create(
            delegation=delegation,
            actor=staff_user,
            kind=ItemKind.MEETING,
            title="Sometime",
            place=mombasa,
        )

    assert set(excinfo.value.message_dict) == {"starts_at", "ends_at"}
    assert not ItineraryItem.objects.exists()


def test_item_create_refuses_end_before_start(delegation, staff_user, mombasa):
    starts_at = at(NAIROBI_TZ, 23, 10)

    with pytest.raises(ValidationError) as excinfo:
        _create(delegation, staff_user, mombasa, starts_at=starts_at, ends_at=starts_at)

    assert excinfo.value.message_dict == {"ends_at": ["The item must end after it starts."]}


# --- item_create: what an item needs --------------------------------------------------------


def test_site_visit_takes_the_place_of_its_site(delegation, staff_user, mombasa):
    site = SiteFactory(name="Likoni resource centre", place=mombasa)

    item = _create(
        delegation,
        staff_user,
        None,
        kind=ItemKind.SITE_VISIT,
        site=site,
        starts_at=at(NAIROBI_TZ, 24, 9),
    )

    assert ItineraryItem.objects.get(pk=item.pk).place == mombasa


def test_site_place_wins_over_another_place(delegation, staff_user, mombasa):
    site = SiteFactory(place=mombasa)

    item = _create(
        delegation,
        staff_user,
        PlaceFactory(name="Elsewhere"),
        site=site,
        starts_at=at(NAIROBI_TZ, 24, 9),
    )

    assert item.place == mombasa


@pytest.mark.parametrize(
    ("kind", "extra", "errors"),
    [
        (ItemKind.SITE_VISIT, {}, {"site": ["A site visit needs a site."]}),
        (
            ItemKind.TRAVEL,
            {"place": None},
            {
                "origin": ["Say where the journey starts."],
                "destination": ["Say where the journey ends."],
            },
        ),
        (ItemKind.MEETING, {"place": None}, {"place": ["Say where this takes place."]}),
    ],
    ids=["site-visit-without-site", "travel-without-route", "meeting-without-place"],
)
def test_item_create_refuses_missing_pieces(delegation, staff_user, mombasa, kind, extra, errors):
    values = {"place": mombasa} | extra
    with pytest.raises(ValidationError) as excinfo:
        item_create(
            delegation=delegation,
            actor=staff_user,
            kind=kind,
            title="Incomplete",
            starts_at=at(NAIROBI_TZ, 23, 9),
            ends_at=at(NAIROBI_TZ, 23, 10),
            **values,
        )

    assert excinfo.value.message_dict == errors
    assert not ItineraryItem.objects.exists()


def test_item_create_refuses_same_item_twice(delegation, staff_user, mombasa):
    _create(delegation, staff_user, mombasa, starts_at=at(NAIROBI_TZ, 23, 9), title="Briefing")

    with pytest.raises(ValidationError) as excinfo:
        _create(delegation, staff_user, mombasa, starts_at=at(NAIROBI_TZ, 23, 9), title="Briefing")

    assert excinfo.value.messages == ["This item is already on the itinerary at that time."]


def test_item_create_sets_relations(delegation, staff_user, mombasa):
    organisation, topic = OrganisationFactory(), TopicFactory()
    objective = LearningObjectiveFactory(delegation=delegation)

    item = _create(
        delegation,
        staff_user,
        mombasa,
        starts_at=at(NAIROBI_TZ, 23, 9),
        organisations=[organisation],
        topics=[topic],
        linked={"objectives": [objective]},
    )

    assert list(item.organisations.all()) == [organisation]
    assert list(item.topics.all()) == [topic]
    assert list(item.objectives.all()) == [objective]


def test_item_create_refuses_objective_of_another_delegation(delegation, staff_user, mombasa):
    foreign = LearningObjectiveFactory()

    with pytest.raises(ValidationError) as excinfo:
        _create(
            delegation,
            staff_user,
            mombasa,
            starts_at=at(NAIROBI_TZ, 23, 9),
            linked={"objectives": [foreign]},
        )

    assert excinfo.value.message_dict == {"objectives": ["Choose objectives of this delegation."]}
    assert not ItineraryItem.objects.exists()


def test_item_create_refused_on_locked_delegation(locked_delegation, staff_user, mombasa):
    with pytest.raises(ValidationError) as excinfo:
        _create(locked_delegation, staff_user, mombasa, starts_at=at(NAIROBI_TZ, 23, 9))

    assert excinfo.value.messages == [LOCKED]
    assert not ItineraryItem.objects.exists()


# --- item_update and item_delete ------------------------------------------------------------


@pytest.fixture
def item(delegation, staff_user, mombasa):
    return _create(
        delegation, staff_user, mombasa, starts_at=at(NAIROBI_TZ, 23, 9), title="Briefing"
    )


def test_item_update_saves_and_bumps_version(item, manager):
    topic = TopicFactory()

    item_update(
        item=item,
        actor=manager,
        data={"summary": "Briefed on the county action plan", "ends_at": at(NAIROBI_TZ, 23, 12)},
        topics=[topic],
        expected_version=1,
    )

    fresh = ItineraryItem.objects.get(pk=item.pk)
    assert (fresh.summary, fresh.ends_at, fresh.version) == (
        "Briefed on the county action plan",
        at(NAIROBI_TZ, 23, 12),
        2,
    )
    assert list(fresh.topics.all()) == [topic]
    assert _latest_history(fresh).history_user == manager


def test_item_update_refuses_stale_version(item, staff_user):
    item_update(item=item, actor=staff_user, data={"summary": "First"})

    with pytest.raises(ConflictError):
        item_update(item=item, actor=staff_user, data={"summary": "Second"}, expected_version=1)

    assert ItineraryItem.objects.get(pk=item.pk).summary == "First"


def test_item_update_refuses_moving_outside_dates(item, staff_user):
    with pytest.raises(ValidationError) as excinfo:
        item_update(
            item=item,
            actor=staff_user,
            data={"starts_at": at(NAIROBI_TZ, 27, 9), "ends_at": at(NAIROBI_TZ, 27, 10)},
        )

    assert set(excinfo.value.message_dict) == {"starts_at", "ends_at"}
    assert ItineraryItem.objects.get(pk=item.pk).starts_at == at(NAIROBI_TZ, 23, 9)


def test_item_update_place_follows_a_new_site(item, staff_user, pemba):
    site = SiteFactory(name="Pemba port", place=pemba)

    item_update(item=item, actor=staff_user, data={"kind": ItemKind.SITE_VISIT, "site": site})

    assert ItineraryItem.objects.get(pk=item.pk).place == pemba


def test_item_update_refused_once_locked(item, staff_user):
    Delegation.objects.filter(pk=item.delegation_id).update(locked=True)

    with pytest.raises(ValidationError) as excinfo:
        item_update(item=item, actor=staff_user, data={"summary": "Late"})

    assert excinfo.value.messages == [LOCKED]


def test_item_delete_with_history(item, staff_user):
    item_id = item.pk

    item_delete(item=item, actor=staff_user)

    assert not ItineraryItem.objects.exists()
    record = ItineraryItem.history.filter(id=item_id, history_type="-").get()
    assert record.history_user == staff_user


def test_item_delete_refused_once_locked(item, staff_user):
    item.delegation.locked = True

    with pytest.raises(ValidationError):
        item_delete(item=item, actor=staff_user)

    assert ItineraryItem.objects.filter(pk=item.pk).exists()


# --- moving the dates (delegation_update re-checks the itinerary) ----------------------------


def test_moving_the_dates_refuses_stranding_items_and_names_them(delegation, staff_user, mombasa):
    _create(
        delegation, staff_user, mombasa, starts_at=at(NAIROBI_TZ, 22, 9), title="Arrival briefing"
    )
    _create(delegation, staff_user, mombasa, starts_at=at(NAIROBI_TZ, 24, 9), title="Likoni visit")
    _create(
        delegation, staff_user, mombasa, starts_at=at(NAIROBI_TZ, 26, 21), title="Farewell dinner"
    )

    with pytest.raises(ValidationError) as excinfo:
        delegation_update(
            delegation=delegation,
            actor=staff_user,
            data={"start_date": datetime.date(2019, 7, 23), "end_date": datetime.date(2019, 7, 25)},
        )

    assert excinfo.value.message_dict == {
        "start_date": [
            "These itinerary items would fall outside the new dates: "
            "Arrival briefing; Farewell dinner."
        ]
    }
    fresh = Delegation.objects.get(pk=delegation.pk)
    assert (fresh.start_date, fresh.end_date, fresh.version) == (START, END, 1)


def test_moving_the_dates_keeps_travel_slack(delegation, staff_user, mombasa):
    _create(
        delegation,
        staff_user,
        mombasa,
        kind=ItemKind.ARRIVAL,
        starts_at=at(NAIROBI_TZ, 22, 9),
        title="Arrival",
    )

    delegation_update(
        delegation=delegation,
        actor=staff_user,
        data={"start_date": datetime.date(2019, 7, 23), "end_date": END},
        expected_version=1,
    )

    fresh = Delegation.objects.get(pk=delegation.pk)
    assert (fresh.start_date, fresh.version, fresh.last_edited_by) == (
        datetime.date(2019, 7, 23),
        2,
        staff_user,
    )
    assert _latest_history(fresh).history_user == staff_user


def test_moving_the_dates_refuses_stale_version(delegation, staff_user):
    with pytest.raises(ConflictError):
        delegation_update(
            delegation=delegation,
            actor=staff_user,
            data={"start_date": START, "end_date": datetime.date(2019, 7, 30)},
            expected_version=7,
        )

    assert Delegation.objects.get(pk=delegation.pk).end_date == END


def test_moving_the_dates_refuses_end_before_start(delegation, staff_user):
    with pytest.raises(ValidationError) as excinfo:
        delegation_update(
            delegation=delegation,
            actor=staff_user,
            data={"start_date": END, "end_date": START},
        )

    assert excinfo.value.messages == ["The end date cannot be before the start date."]


# --- counterparts and beneficiaries ---------------------------------------------------------


def test_counterpart_add_takes_the_officials_position(item, staff_user):
    commissioner = OfficialFactory(position="County Commissioner")

    link = counterpart_add(
        item=item, official=commissioner, actor=staff_user, role=CounterpartRole.HOST
    )
    other = counterpart_add(
        item=item, official=OfficialFactory(), actor=staff_user, role="presenter", position="Chief"
    )

    assert (link.position, other.position) == ("County Commissioner", "Chief")
    assert set(item.counterparts.all()) == {commissioner, other.official}
    assert _latest_history(link).history_user == staff_user


def test_counterpart_add_refuses_same_official_twice(item, staff_user):
    official = OfficialFactory()
    counterpart_add(item=item, official=official, actor=staff_user, role="host")

    with pytest.raises(ValidationError) as excinfo:
        counterpart_add(item=item, official=official, actor=staff_user, role="participant")

    assert excinfo.value.messages == ["This official is already listed for this item."]
    assert Counterpart.objects.count() == 1


@pytest.mark.parametrize(
    ("counts", "total"),
    [
        ({"female": 5, "male": 7, "other": 0}, 12),
        ({"female": 5, "male": 7, "other": None}, None),
        ({"female": None, "male": None, "other": None, "total": 40}, 40),
        ({"female": 5, "male": 7, "other": 0, "total": None}, 12),
    ],
    ids=["all-known", "one-unknown", "only-total", "total-none-given"],
)
def test_beneficiaries_record_fills_total_from_known_counts(item, staff_user, counts, total):
    kwale, kilifi = PlaceFactory(name="Kwale"), PlaceFactory(name="Kilifi")

    group = beneficiaries_record(
        item=item,
        actor=staff_user,
        origins=[kwale, kilifi],
        category=BeneficiaryCategory.YOUTH_LEADERS,
        **counts,
    )

    fresh = BeneficiaryGroup.objects.get(pk=group.pk)
    assert fresh.total == total
    assert set(fresh.origins.all()) == {kwale, kilifi}
    assert _latest_history(fresh).history_user == staff_user


def test_beneficiaries_record_total_follows_changed_counts(item, staff_user):
    group = beneficiaries_record(
        item=item, actor=staff_user, category="community_leaders", female=5, male=7, other=0
    )

    beneficiaries_record(item=item, actor=staff_user, group=group, female=6)

    fresh = BeneficiaryGroup.objects.get(pk=group.pk)
    assert (fresh.female, fresh.total) == (6, 13)
    assert BeneficiaryGroup.objects.count() == 1


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ({"total": 10, "youth": 11}, "There cannot be more youth than people in the group."),
        (
            {"female": 3, "male": 3, "other": 0, "youth": 7},
            "There cannot be more youth than people in the group.",
        ),
        (
            {"female": 3, "male": 3, "other": 0, "total": 9},
            "When every count by sex is known, the total is their sum.",
        ),
        ({"female": 8, "total": 5}, "The total cannot be less than the counts by sex."),
    ],
    ids=["youth-above-total", "youth-above-filled-total", "total-not-sum", "total-below-counts"],
)
def test_beneficiaries_record_refuses_inconsistent_counts(item, staff_user, counts, message):
    with pytest.raises(ValidationError) as excinfo:
        beneficiaries_record(item=item, actor=staff_user, category="other", **counts)

    assert message in excinfo.value.messages
    assert not BeneficiaryGroup.objects.exists()


def test_beneficiaries_record_refuses_negative_count(item, staff_user):
    with pytest.raises(ValidationError) as excinfo:
        beneficiaries_record(item=item, actor=staff_user, category="other", female=-1)

    assert list(excinfo.value.message_dict) == ["female"]


LOCKED_WRITES = {
    "counterpart": lambda d, item, actor: counterpart_add(
        item=item, official=OfficialFactory(), actor=actor, role="host"
    ),
    "beneficiaries": lambda d, item, actor: beneficiaries_record(
        item=item, actor=actor, category="other", total=3
    ),
}


@pytest.mark.parametrize("write", LOCKED_WRITES.values(), ids=LOCKED_WRITES.keys())
def test_writes_refused_on_locked_delegation(item, staff_user, write):
    delegation = item.delegation
    delegation.locked = True
    counts = [model.objects.count() for model in (Counterpart, BeneficiaryGroup)]

    with pytest.raises(ValidationError) as excinfo:
        write(delegation, item, staff_user)

    assert excinfo.value.messages == [LOCKED]
    assert counts == [model.objects.count() for model in (Counterpart, BeneficiaryGroup)]


# --- sites, topics and the submission check -------------------------------------------------


def test_site_save_and_duplicate(mombasa):
    site_save(site=Site(name="Likoni school", kind="school", place=mombasa))

    with pytest.raises(ValidationError) as excinfo:
        site_save(site=Site(name="LIKONI SCHOOL", kind="school", place=mombasa))

    assert excinfo.value.messages == ["A site with this name already exists in this place."]
    assert Site.objects.count() == 1


def test_topic_save_and_duplicate(db):
    topic_save(topic=Topic(name="Border management", slug="border-management"))

    with pytest.raises(ValidationError) as excinfo:
        topic_save(topic=Topic(name="border management", slug="border-management"))

    assert set(excinfo.value.messages) == {
        "A topic with this slug already exists.",
        "A topic with this name already exists.",
    }
    assert Topic.objects.count() == 1


def test_itinerary_submission_check(delegation):
    assert itinerary_submission_check(delegation) == ["at least one itinerary item"]

    ItineraryItemFactory(delegation=delegation)

    assert itinerary_submission_check(delegation) == []


def test_beneficiary_factory_row_is_consistent(db):
    BeneficiaryGroupFactory().full_clean()


def test_delegation_update_rechecks_the_itinerary_when_dates_move(delegation, staff_user):
    """Whoever changes the dates, the itinerary must fit."""
    item = ItineraryItemFactory(delegation=delegation, title="Briefing at IOM Kenya")
    with pytest.raises(ValidationError) as caught:
        delegation_update(
            delegation=delegation,
            actor=staff_user,
            data={"start_date": item.starts_at.date() + datetime.timedelta(days=1)},
        )
    assert "Briefing at IOM Kenya" in str(caught.value)
    delegation.refresh_from_db()
    assert delegation.start_date == START


def test_beneficiaries_record_sets_clears_or_keeps_origins(item, staff_user):
    kwale, kilifi = PlaceFactory(name="Kwale"), PlaceFactory(name="Kilifi")
    group = beneficiaries_record(
        item=item, actor=staff_user, origins=[kwale, kilifi], category="youth_leaders"
    )
    assert set(group.origins.all()) == {kwale, kilifi}

    beneficiaries_record(item=item, actor=staff_user, group=group, female=3)
    assert set(group.origins.all()) == {kwale, kilifi}  # None: left alone

    beneficiaries_record(item=item, actor=staff_user, group=group, origins=[])
    assert not group.origins.exists()  # an empty list clears them
