"""Sites, topics, items, counterparts and beneficiary groups: their table of database rules
(run, with every app's table, by tests/test_constraints.py), non-negative columns (theirs,
and those of the partners' and delegations' models), PROTECT, their names.

Learning's records have theirs in tests/learning/test_models.py."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import ProtectedError

from delegations.models import (
    Delegation,
    DelegationDestination,
    DelegationMember,
    Leg,
    Report,
    SupportAssignment,
)
from itinerary.enums import BeneficiaryCategory, CounterpartRole, ItemKind, SiteKind
from itinerary.models import BeneficiaryGroup, Counterpart, ItineraryItem, Site, Topic
from officials.models import Official
from partners.models import Organisation, Programme, Project
from tests.factories.delegations import (
    DelegationFactory,
    DelegationMemberFactory,
    LegFactory,
    SupportAssignmentFactory,
)
from tests.factories.itinerary import (
    NAIROBI_MORNING,
    BeneficiaryGroupFactory,
    CounterpartFactory,
    ItineraryItemFactory,
    SiteFactory,
    TopicFactory,
)
from tests.factories.officials import OfficialFactory
from tests.factories.partners import OrganisationFactory, ProgrammeFactory, ProjectFactory
from tests.factories.places import PlaceFactory
from tests.support.constraints import (
    NOT_A_CHOICE,
    ConstraintCase,
    Violation,
    assert_database_refuses_negative,
    check_non_negative_columns,
    new,
)

HOUR = datetime.timedelta(hours=1)


def _site(**values) -> Violation:
    fields = {
        "name": "Kenya School of Government",
        "kind": SiteKind.SCHOOL,
        "place": PlaceFactory(),
    }
    return new(**(fields | values))


def _same_site_name() -> Violation:
    existing = SiteFactory(name="Kenya School of Government")
    return _site(name="KENYA SCHOOL OF GOVERNMENT", place=existing.place)


def _same_topic_slug() -> Violation:
    TopicFactory(name="Community policing", slug="community-policing")
    return new(name="Policing with communities", slug="community-policing")


def _same_topic_name() -> Violation:
    TopicFactory(name="Community policing", slug="community-policing")
    return new(name="COMMUNITY POLICING", slug="community-policing-2")


def _item(**values) -> Violation:
    fields = {
        "delegation": DelegationFactory(),
        "kind": ItemKind.MEETING,
        "title": "Courtesy call on the County Commissioner",
        "starts_at": NAIROBI_MORNING,
        "ends_at": NAIROBI_MORNING + HOUR,
        "place": PlaceFactory(),
    }
    return new(**(fields | values))


def _same_item_twice() -> Violation:
    existing = ItineraryItemFactory(title="Briefing at IOM Kenya")
    return _item(delegation=existing.delegation, title=existing.title, starts_at=existing.starts_at)


def _same_counterpart_twice() -> Violation:
    existing = CounterpartFactory()
    return new(item=existing.item, official=existing.official, role=CounterpartRole.HOST)


def _group(**values) -> Violation:
    fields = {
        "item": ItineraryItemFactory(),
        "category": BeneficiaryCategory.YOUTH_LEADERS,
        "female": None,
        "male": None,
        "other": None,
        "total": None,
        "youth": None,
    }
    return new(**(fields | values))


CONSTRAINT_CASES = [
    ConstraintCase("itinerary_site_unique_name_place", Site, _same_site_name),
    ConstraintCase(
        "itinerary_site_coordinates_valid",
        Site,
        lambda: _site(latitude=Decimal("95"), longitude=Decimal("39.66")),
        label="latitude-out-of-range",
    ),
    ConstraintCase(
        "itinerary_site_coordinates_valid",
        Site,
        lambda: _site(latitude=Decimal("-4.04"), longitude=Decimal("-181")),
        label="longitude-out-of-range",
    ),
    ConstraintCase(
        "itinerary_site_coordinates_valid",
        Site,
        lambda: _site(latitude=Decimal("-4.04"), longitude=None),
        label="latitude-only",
    ),
    ConstraintCase(
        "itinerary_site_coordinates_valid",
        Site,
        lambda: _site(latitude=None, longitude=Decimal("39.66")),
        label="longitude-only",
    ),
    ConstraintCase(
        "itinerary_site_kind_valid", Site, lambda: _site(kind="stadium"), **NOT_A_CHOICE
    ),
    ConstraintCase("itinerary_topic_unique_slug", Topic, _same_topic_slug),
    ConstraintCase("itinerary_topic_unique_name", Topic, _same_topic_name),
    ConstraintCase(
        "itinerary_item_ends_after_start",
        ItineraryItem,
        lambda: _item(ends_at=NAIROBI_MORNING),
    ),
    ConstraintCase(
        "itinerary_item_site_visit_has_site",
        ItineraryItem,
        lambda: _item(kind=ItemKind.SITE_VISIT, site=None),
    ),
    ConstraintCase(
        "itinerary_item_travel_has_route",
        ItineraryItem,
        lambda: _item(kind=ItemKind.TRAVEL, origin=PlaceFactory(), destination=None),
    ),
    ConstraintCase("itinerary_item_has_place", ItineraryItem, lambda: _item(place=None)),
    ConstraintCase("itinerary_item_natural_key", ItineraryItem, _same_item_twice),
    ConstraintCase(
        "itinerary_item_kind_valid", ItineraryItem, lambda: _item(kind="party"), **NOT_A_CHOICE
    ),
    ConstraintCase("itinerary_counterpart_unique_official", Counterpart, _same_counterpart_twice),
    ConstraintCase(
        "itinerary_counterpart_role_valid",
        Counterpart,
        lambda: new(item=ItineraryItemFactory(), official=OfficialFactory(), role="chair"),
        **NOT_A_CHOICE,
    ),
    ConstraintCase(
        "itinerary_beneficiaries_total_covers_counts",
        BeneficiaryGroup,
        lambda: _group(female=5, male=5, total=8),
    ),
    ConstraintCase(
        "itinerary_beneficiaries_total_matches_counts",
        BeneficiaryGroup,
        lambda: _group(female=1, male=1, other=1, total=5),
    ),
    ConstraintCase(
        "itinerary_beneficiaries_youth_within_total",
        BeneficiaryGroup,
        lambda: _group(total=3, youth=4),
    ),
    ConstraintCase(
        "itinerary_beneficiaries_category_valid",
        BeneficiaryGroup,
        lambda: _group(category="tourists"),
        **NOT_A_CHOICE,
    ),
]


# --- Non-negative columns ------------------------------------------------------------

# One row of each model with a non-negative column, but learning's (tests/learning/
# test_models.py); tests/test_constraints.py checks that together they name every such model.
ROW_FACTORIES = {
    Organisation: OrganisationFactory,
    Project: ProjectFactory,
    Leg: LegFactory,
    Official: OfficialFactory,
    Programme: ProgrammeFactory,
    Delegation: DelegationFactory,
    Report: lambda: DelegationFactory().report,
    DelegationMember: DelegationMemberFactory,
    SupportAssignment: SupportAssignmentFactory,
    DelegationDestination: lambda: DelegationDestination.objects.create(
        delegation=DelegationFactory(), place=PlaceFactory()
    ),
    ItineraryItem: ItineraryItemFactory,
    BeneficiaryGroup: lambda: BeneficiaryGroupFactory(
        female=None, male=None, other=None, total=None, youth=None
    ),
}
# A negative total also breaks "total covers counts", which PostgreSQL may name instead.
ALSO_BROKEN = {(BeneficiaryGroup, "total"): {"itinerary_beneficiaries_total_covers_counts"}}


@pytest.mark.django_db
@check_non_negative_columns(ROW_FACTORIES)
def test_non_negative_column_refuses_negative_at_database(model, field):
    row = ROW_FACTORIES[model]()

    assert_database_refuses_negative(model, row, field, ALSO_BROKEN.get((model, field.name), ()))


@pytest.mark.django_db
@pytest.mark.parametrize("count", ["female", "male", "other", "total", "youth"])
def test_negative_count_is_a_form_error(count):
    _instance, values = _group(**{count: -1})
    case = ConstraintCase(
        "itinerary_beneficiaries_category_valid",  # any of the model's: only the message matters
        BeneficiaryGroup,
        lambda: (None, values),
        form_message="Ensure this value is greater than or equal to 0.",
    )

    case.assert_form_rejects()
    case.assert_full_clean_rejects()


# --- PROTECT and the rest ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["place", "origin", "destination"])
def test_place_used_by_item_is_protected(role):
    place = PlaceFactory()
    values = {"kind": ItemKind.TRAVEL, "origin": PlaceFactory(), "destination": PlaceFactory()}
    ItineraryItemFactory(**(values | {role: place}))

    with pytest.raises(ProtectedError):
        place.delete()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "use"),
    [
        (SiteFactory, lambda site: ItineraryItemFactory(kind=ItemKind.SITE_VISIT, site=site)),
        (lambda: PlaceFactory(), lambda place: SiteFactory(place=place)),
    ],
    ids=["site-by-item", "place-by-site"],
)
def test_used_reference_is_protected(make, use):
    used = make()
    use(used)

    with pytest.raises(ProtectedError):
        used.delete()


@pytest.mark.django_db
def test_site_with_coordinates_or_without_is_valid():
    SiteFactory.build(
        place=PlaceFactory(), latitude=Decimal("-4.04"), longitude=Decimal("39.66")
    ).full_clean()
    SiteFactory.build(place=PlaceFactory()).full_clean()


@pytest.mark.django_db
def test_str_of_visit_objects():
    item = ItineraryItemFactory(title="Briefing at IOM Kenya")

    assert str(item) == "Briefing at IOM Kenya"
    assert str(SiteFactory.build(name="Likoni school")) == "Likoni school"
    assert str(TopicFactory.build(name="Border management")) == "Border management"
    assert str(BeneficiaryGroupFactory.build(item=item)) == (
        "Programme beneficiaries – Briefing at IOM Kenya"
    )
    assert str(CounterpartFactory.build(official=OfficialFactory(full_name="Ali Omar"))) == (
        "Mr Ali Omar (Participant)"
    )
