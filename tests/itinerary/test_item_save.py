"""itinerary.services.item_save: an item with its counterparts and people met, all or nothing."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from delegations.services import ConflictError
from itinerary.enums import BeneficiaryCategory, CounterpartRole, ItemKind
from itinerary.models import BeneficiaryGroup, Counterpart, ItineraryItem
from itinerary.services import RowChange, RowsRefused, item_create, item_save
from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import BeneficiaryGroupFactory, CounterpartFactory
from tests.factories.officials import OfficialFactory
from tests.factories.places import PlaceFactory

NAIROBI_TZ = ZoneInfo("Africa/Nairobi")
NO_RELATIONS = {"organisations": [], "topics": [], "objectives": []}


def at(hour: int) -> datetime.datetime:
    return datetime.datetime(2019, 7, 23, hour, tzinfo=NAIROBI_TZ)


@pytest.fixture
def delegation(programme):
    return DelegationFactory(
        programme=programme,
        start_date=datetime.date(2019, 7, 22),
        end_date=datetime.date(2019, 7, 26),
    )


@pytest.fixture
def item_data(db):
    return {
        "kind": ItemKind.MEETING,
        "title": "Briefing",
        "starts_at": at(9),
        "ends_at": at(10),
        "place": PlaceFactory(name="Mombasa"),
    }


@pytest.fixture
def item(delegation, staff_user, item_data):
    return item_create(delegation=delegation, actor=staff_user, **item_data)


def _group_data(**counts) -> dict:
    return {
        "category": BeneficiaryCategory.PROGRAMME_BENEFICIARIES,
        "description": "Teachers",
        "origins": [],
        **counts,
    }


def test_item_save_creates_the_item_with_its_rows(delegation, staff_user, item_data):
    official = OfficialFactory(position="County director")

    saved = item_save(
        delegation=delegation,
        actor=staff_user,
        data=item_data,
        relations=NO_RELATIONS,
        counterparts=[RowChange(data={"official": official, "role": CounterpartRole.HOST})],
        groups=[RowChange(data=_group_data(female=3, male=2, other=0))],
    )

    assert ItineraryItem.objects.get().title == "Briefing"
    link = Counterpart.objects.get(item=saved)
    assert (link.official, link.role, link.position) == (
        official,
        CounterpartRole.HOST,
        "County director",
    )
    group = BeneficiaryGroup.objects.get(item=saved)
    assert (group.description, group.total) == ("Teachers", 5)
    assert link.history.get().history_user == staff_user


def test_item_save_updates_changes_and_removes_rows(item, manager):
    kept = CounterpartFactory(item=item, role=CounterpartRole.PARTICIPANT)
    gone = BeneficiaryGroupFactory(item=item)

    item_save(
        delegation=item.delegation,
        item=item,
        actor=manager,
        data={"summary": "Agreed a plan"},
        relations=NO_RELATIONS,
        expected_version=1,
        counterparts=[RowChange(row=kept, data={"role": CounterpartRole.PRESENTER})],
        groups=[RowChange(row=gone, remove=True)],
    )

    fresh = ItineraryItem.objects.get(pk=item.pk)
    assert (fresh.summary, fresh.version) == ("Agreed a plan", 2)
    assert Counterpart.objects.get(pk=kept.pk).role == CounterpartRole.PRESENTER
    assert not BeneficiaryGroup.objects.filter(pk=gone.pk).exists()
    assert kept.history.order_by("-history_id").first().history_user == manager


def test_item_save_names_every_refused_row_and_saves_nothing(delegation, staff_user, item_data):
    official = OfficialFactory()
    twice = [
        RowChange(data={"official": official, "role": CounterpartRole.HOST}),
        RowChange(data={"official": official, "role": CounterpartRole.PARTICIPANT}),
    ]
    too_young = RowChange(data=_group_data(female=1, male=1, other=0, youth=5))

    with pytest.raises(RowsRefused) as excinfo:
        item_save(
            delegation=delegation,
            actor=staff_user,
            data=item_data,
            relations=NO_RELATIONS,
            counterparts=twice,
            groups=[too_young],
        )

    refused = excinfo.value
    assert refused.messages == ["Nothing was saved: see the rows marked below."]
    assert [change for change, _error in refused.refusals] == [twice[1], too_young]
    assert "This official is already listed for this item." in str(refused.refusals[0][1])
    assert not ItineraryItem.objects.exists()
    assert not Counterpart.objects.exists()


def test_item_save_refuses_a_stale_version_before_any_row(item, staff_user):
    official = OfficialFactory()

    with pytest.raises(ConflictError):
        item_save(
            delegation=item.delegation,
            item=item,
            actor=staff_user,
            data={"summary": "Late"},
            relations=NO_RELATIONS,
            expected_version=0,
            counterparts=[RowChange(data={"official": official, "role": CounterpartRole.HOST})],
        )

    fresh = ItineraryItem.objects.get(pk=item.pk)
    assert (fresh.summary, fresh.version) == ("", 1)
    assert not Counterpart.objects.exists()
