"""Organisations, programmes and memberships: the database rules, PROTECT and the services."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from partners.enums import OrganisationKind, ProgrammeRole
from partners.models import Organisation, Programme, ProgrammeMembership, Project
from partners.services import membership_set, organisation_save, programme_save
from tests.factories.accounts import UserFactory
from tests.factories.delegations import DelegationFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import (
    OrganisationFactory,
    ProgrammeFactory,
    ProgrammeMembershipFactory,
    ProjectFactory,
)
from tests.factories.places import PlaceFactory
from tests.support.constraints import (
    ConstraintCase,
    Violation,
    change,
    new,
)

IOM = {"name": "International Organization for Migration", "kind": OrganisationKind.INTERNATIONAL}


def _international_twice() -> Violation:
    OrganisationFactory(**IOM, country="")
    return new(**IOM, country="")


def _same_name_other_case() -> Violation:
    OrganisationFactory(name="IOM", kind=OrganisationKind.INTERNATIONAL, country="KE")
    return new(name="iom", kind=OrganisationKind.INTERNATIONAL, country="KE")


def _organisation_own_parent() -> Violation:
    organisation = OrganisationFactory()
    return change(organisation, parent=organisation)


def _programme(**values) -> Violation:
    return new(name="Programme", lead_organisation=OrganisationFactory(), **values)


def _code_in_other_case() -> Violation:
    ProgrammeFactory(code="PHSS")
    return _programme(code="phss")


def _second_role() -> Violation:
    membership = ProgrammeMembershipFactory(role=ProgrammeRole.STAFF)
    return new(user=membership.user, programme=membership.programme, role=ProgrammeRole.MANAGER)


def _project(**values) -> Violation:
    fields = {"programme": ProgrammeFactory(), "name": "NOAH Phase IV", "code": "NOAH-4"}
    return new(**(fields | values))


def _project_twice(**values) -> Violation:
    existing = ProjectFactory(name="NOAH Phase IV", code="NOAH-4")
    return _project(programme=existing.programme, **values)


CONSTRAINT_CASES = [
    ConstraintCase(
        "partners_project_unique_name_in_programme",
        Project,
        lambda: _project_twice(name="noah phase iv", code="OTHER"),
    ),
    ConstraintCase(
        "partners_project_unique_code_in_programme",
        Project,
        lambda: _project_twice(name="NOAH Phase V", code="noah-4"),
    ),
    ConstraintCase(
        "partners_project_end_after_start",
        Project,
        lambda: _project(start_date=datetime.date(2024, 5, 1), end_date=datetime.date(2024, 4, 30)),
    ),
    ConstraintCase(
        "partners_organisation_unique_name_country",
        Organisation,
        _international_twice,
        label="blank-country",
    ),
    ConstraintCase(
        "partners_organisation_unique_name_country",
        Organisation,
        _same_name_other_case,
        label="other-case",
    ),
    ConstraintCase("partners_organisation_not_own_parent", Organisation, _organisation_own_parent),
    ConstraintCase(
        "partners_organisation_kind_valid",
        Organisation,
        lambda: new(name="Guild", kind="guild", country="KE"),
        form_message="Select a valid choice.",
        clean_message="is not a valid choice.",
    ),
    ConstraintCase("partners_programme_unique_code", Programme, _code_in_other_case),
    ConstraintCase(
        "partners_programme_end_after_start",
        Programme,
        lambda: _programme(
            code="LATE",
            start_date=datetime.date(2020, 1, 1),
            end_date=datetime.date(2019, 12, 31),
        ),
    ),
    ConstraintCase(
        "partners_programme_start_year_plausible",
        Programme,
        lambda: _programme(code="OLD", start_year=1800),
    ),
    ConstraintCase("partners_membership_unique_user_programme", ProgrammeMembership, _second_role),
    ConstraintCase(
        "partners_membership_role_valid",
        ProgrammeMembership,
        lambda: new(user=UserFactory(), programme=ProgrammeFactory(), role="owner"),
        form_message="Select a valid choice.",
        clean_message="is not a valid choice.",
    ),
]


@pytest.mark.django_db
def test_organisation_same_name_allowed_in_other_country():
    OrganisationFactory(name="Ministry of Interior", country="KE")
    OrganisationFactory(name="Ministry of Interior", country="MZ")
    OrganisationFactory(name="Ministry of Interior", country="")

    assert Organisation.objects.filter(name="Ministry of Interior").count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["requested_by", "arranged_by", "host_organisation"])
def test_organisation_used_by_delegation_is_protected(role):
    organisation = OrganisationFactory()
    DelegationFactory(**{role: organisation})

    with pytest.raises(ProtectedError):
        organisation.delete()
    assert Organisation.objects.filter(pk=organisation.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "use",
    [
        lambda organisation: ProgrammeFactory(lead_organisation=organisation),
        lambda organisation: OfficialFactory(organisation=organisation),
        lambda organisation: OrganisationFactory(parent=organisation),
    ],
    ids=["programme-lead", "official", "parent"],
)
def test_organisation_in_use_is_protected(use):
    organisation = OrganisationFactory()
    use(organisation)

    with pytest.raises(ProtectedError):
        organisation.delete()


@pytest.mark.django_db
def test_programme_with_delegation_is_protected():
    delegation = DelegationFactory()

    with pytest.raises(ProtectedError):
        delegation.programme.delete()


@pytest.mark.django_db
def test_place_of_organisation_is_protected():
    place = PlaceFactory()
    OrganisationFactory(place=place)

    with pytest.raises(ProtectedError):
        place.delete()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "acronym", "expected"),
    [
        (
            "International Organization for Migration",
            "IOM",
            "International Organization for Migration (IOM)",
        ),
        ("IOM", "iom", "IOM"),
        ("National Police Service", "", "National Police Service"),
    ],
)
def test_organisation_str(name, acronym, expected):
    assert str(OrganisationFactory.build(name=name, acronym=acronym)) == expected


@pytest.mark.django_db
def test_programme_and_membership_str():
    membership = ProgrammeMembershipFactory(
        user=UserFactory(full_name="Ana Silva"),
        programme=ProgrammeFactory(code="PHSS", name="Human Security"),
        role=ProgrammeRole.MANAGER,
    )

    assert str(membership.programme) == "PHSS – Human Security"
    assert str(membership) == "Ana Silva – PHSS (Manager)"


@pytest.mark.django_db
def test_organisation_save_refuses_duplicate_and_keeps_one_row():
    organisation_save(organisation=Organisation(name="IOM", kind=OrganisationKind.INTERNATIONAL))

    with pytest.raises(ValidationError) as excinfo:
        organisation_save(
            organisation=Organisation(name="iom", kind=OrganisationKind.INTERNATIONAL)
        )

    assert excinfo.value.messages == [
        "An organisation with this name already exists for this country."
    ]
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_programme_save_validates_and_saves():
    lead = OrganisationFactory()
    programme = programme_save(
        programme=Programme(
            code="PHSS", name="Human Security", lead_organisation=lead, start_note="since 2014"
        )
    )

    assert Programme.objects.get(pk=programme.pk).start_note == "since 2014"
    with pytest.raises(ValidationError):
        programme_save(programme=Programme(code="PHSS", name="Again", lead_organisation=lead))


@pytest.mark.django_db
def test_membership_set_creates_changes_and_keeps_one_row():
    user, programme = UserFactory(), ProgrammeFactory()

    created = membership_set(user=user, programme=programme, role=ProgrammeRole.STAFF)
    same = membership_set(user=user, programme=programme, role=ProgrammeRole.STAFF)
    changed = membership_set(user=user, programme=programme, role=ProgrammeRole.MANAGER)

    assert created.pk == same.pk == changed.pk
    assert list(ProgrammeMembership.objects.values_list("role", flat=True)) == ["manager"]
    assert created.history.count() == 2


@pytest.mark.django_db
def test_membership_set_refuses_unknown_role():
    with pytest.raises(ValidationError):
        membership_set(user=UserFactory(), programme=ProgrammeFactory(), role="owner")
    assert not ProgrammeMembership.objects.exists()
