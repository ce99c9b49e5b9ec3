"""Need-to-know in the directory, case by case (partners.involvement, officials.rules,
partners.rules): who sees a person's email, phone and notes, who edits the entry, who
finds a sensitive entry in search, for every role and every way of being involved.

Programme A's delegation involves the people below; programme B's does not. An entry no
delegation involves is everyone's; a sensitive one (or one of a sensitive organisation)
shows its contact details to administrators only and stays out of programme B's search.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from partners.enums import ProgrammeRole
from tests.factories.accounts import AdministratorFactory, UserFactory
from tests.factories.delegations import (
    DelegationFactory,
    DelegationMemberFactory,
    SupportAssignmentFactory,
)
from tests.factories.itinerary import CounterpartFactory, ItineraryItemFactory
from tests.factories.learning import FollowUpFactory, HighlightFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import (
    OrganisationFactory,
    ProgrammeFactory,
    ProgrammeMembershipFactory,
)
from tests.search.test_views import titles

STAFF, MANAGER, OTHER_STAFF, OTHER_MANAGER, ADMIN = (
    "staff",
    "manager",
    "other-staff",
    "other-manager",
    "admin",
)
ROLES = (STAFF, MANAGER, OTHER_STAFF, OTHER_MANAGER, ADMIN)
PROGRAMME_A = {STAFF, MANAGER, ADMIN}
EVERYONE = set(ROLES)

# How each person is known: (their kind, who reads contact details, who edits the entry)
CASES = {
    "member": (PROGRAMME_A, {STAFF, ADMIN}),
    "support": (PROGRAMME_A, {STAFF, ADMIN}),
    "counterpart": (PROGRAMME_A, {STAFF, ADMIN}),
    "speaker": (PROGRAMME_A, {STAFF, ADMIN}),
    "owner": (PROGRAMME_A, {STAFF, ADMIN}),
    "uninvolved": (EVERYONE, {STAFF, OTHER_STAFF, ADMIN}),
    "sensitive": ({ADMIN}, {STAFF, ADMIN}),
    "security-service": ({ADMIN}, {STAFF, ADMIN}),
    "sensitive-uninvolved": ({ADMIN}, {STAFF, OTHER_STAFF, ADMIN}),
}


@dataclass
class World:
    users: dict
    people: dict
    involved_organisation: object
    sensitive_organisation: object


def _user(email: str, programme=None, role=None):
    user = UserFactory(email=email)
    if programme:
        ProgrammeMembershipFactory(user=user, programme=programme, role=role)
    return user


@pytest.fixture
def world(db) -> World:
    a, b = ProgrammeFactory(code="NTKA"), ProgrammeFactory(code="NTKB")
    users = {
        STAFF: _user("ntk.staff@example.org", a, ProgrammeRole.STAFF),
        MANAGER: _user("ntk.manager@example.org", a, ProgrammeRole.MANAGER),
        OTHER_STAFF: _user("ntk.other-staff@example.org", b, ProgrammeRole.STAFF),
        OTHER_MANAGER: _user("ntk.other-manager@example.org", b, ProgrammeRole.MANAGER),
        ADMIN: AdministratorFactory(email="ntk.admin@example.org"),
    }
    security = OrganisationFactory(
        name="Needtoknow Intelligence Service", kind="security", sensitive=True, notes="Q7 only"
    )
    involved_organisation = OrganisationFactory(
        name="Needtoknow Ministry", notes="Minister's diary: ask Wanjala"
    )
    DelegationFactory(programme=b, title="Programme B's own visit")
    delegation = DelegationFactory(programme=a)
    delegation.sending_organisations.add(involved_organisation)
    item = ItineraryItemFactory(delegation=delegation)

    def person(kind: str, **fields):
        return OfficialFactory(
            full_name=f"Needtoknow {kind.title().replace('-', '')}",
            email=f"{kind}@needtoknow.example.org",
            phone="+254 700 000 111",
            notes=f"Private note about the {kind}",
            **fields,
        )

    people = {kind: person(kind) for kind in CASES if kind not in ("sensitive", "security-service")}
    people["sensitive"] = person("sensitive", sensitive=True)
    people["security-service"] = person("security-service", organisation=security)
    people["sensitive-uninvolved"].sensitive = True
    people["sensitive-uninvolved"].save()
    DelegationMemberFactory(delegation=delegation, official=people["member"])
    DelegationMemberFactory(delegation=delegation, official=people["sensitive"])
    DelegationMemberFactory(delegation=delegation, official=people["security-service"])
    SupportAssignmentFactory(delegation=delegation, official=people["support"])
    CounterpartFactory(item=item, official=people["counterpart"])
    HighlightFactory(delegation=delegation, kind="quote", speaker=people["speaker"])
    FollowUpFactory(delegation=delegation, owner_official=people["owner"])
    return World(users, people, involved_organisation, security)


def _as(client, world: World, role: str):
    client.force_login(world.users[role])
    return client


@pytest.mark.parametrize("kind", CASES)
@pytest.mark.parametrize("role", ROLES)
def test_contact_details_and_notes_only_for_who_needs_to_know(client, world, role, kind):
    official = world.people[kind]
    html = (
        _as(client, world, role)
        .get(reverse("officials:detail", args=[official.pk]))
        .content.decode()
    )

    assert official.full_name in html  # name, position, organisation: for everyone
    shown = official.email in html
    assert shown == (role in CASES[kind][0])
    assert (official.phone in html) == shown
    assert (official.notes in html) == shown


@pytest.mark.parametrize("kind", CASES)
@pytest.mark.parametrize("role", ROLES)
def test_only_the_involved_programmes_staff_and_administrators_edit(client, world, role, kind):
    official = world.people[kind]
    client = _as(client, world, role)
    url = reverse("officials:update", args=[official.pk])

    response = client.get(url)

    if role not in CASES[kind][1]:
        assert response.status_code == 403
        response = client.post(url, {"full_name": "Changed", "gender": "not_recorded"})
        assert response.status_code == 403
        official.refresh_from_db()
        assert official.full_name != "Changed"
        return
    html = response.content.decode()
    assert response.status_code == 200 and official.full_name in html
    # An editor who may not read the contact details gets no field holding them.
    assert ('name="email"' in html) == (role in CASES[kind][0])
    assert (official.notes in html) == (role in CASES[kind][0])


def test_an_editor_without_contact_rights_keeps_them_when_saving(client, world):
    official = world.people["sensitive"]
    client = _as(client, world, STAFF)

    response = client.post(
        reverse("officials:update", args=[official.pk]),
        {
            "full_name": "Needtoknow Renamed",
            "gender": "not_recorded",
            "sensitive": "",
            "version": official.version,
        },
    )

    assert response.status_code == 302
    official.refresh_from_db()
    assert official.full_name == "Needtoknow Renamed"
    assert official.email == "sensitive@needtoknow.example.org"  # untouched
    assert official.sensitive is True  # only an administrator lifts the flag


@pytest.mark.parametrize("kind", ["sensitive", "security-service", "member"])
@pytest.mark.parametrize("role", ROLES)
def test_sensitive_people_stay_out_of_other_programmes_search(client, world, role, kind):
    official = world.people[kind]
    response = _as(client, world, role).get(reverse("search:results"), {"q": official.full_name})

    found = any(official.full_name in title for title in titles(response, "officials"))
    expected = role in PROGRAMME_A if kind != "member" else True
    assert found == expected


@pytest.mark.parametrize("role", ROLES)
def test_notes_are_never_searched(client, world, role):
    response = _as(client, world, role).get(reverse("search:results"), {"q": "Wanjala"})
    assert response.status_code == 200
    assert titles(response, "organisations") == []
    assert titles(response, "officials") == []


@pytest.mark.parametrize("role", ROLES)
def test_organisation_notes_are_need_to_know(client, world, role):
    client = _as(client, world, role)
    involved = client.get(
        reverse("partners:organisation-detail", args=[world.involved_organisation.pk])
    ).content.decode()
    sensitive = client.get(
        reverse("partners:organisation-detail", args=[world.sensitive_organisation.pk])
    ).content.decode()

    assert ("Minister's diary" in involved.replace("&#x27;", "'")) == (role in PROGRAMME_A)
    assert ("Q7 only" in sensitive) == (role == ADMIN)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_involved_programmes_staff_edit_an_organisation(client, world, role):
    url = reverse("partners:organisation-update", args=[world.involved_organisation.pk])

    response = _as(client, world, role).get(url)

    assert response.status_code == (200 if role in {STAFF, ADMIN} else 403)


@pytest.mark.parametrize("role", ROLES)
def test_sensitive_organisations_stay_out_of_other_programmes_search(client, world, role):
    response = _as(client, world, role).get(
        reverse("search:results"), {"q": "Needtoknow Intelligence"}
    )

    found = "Needtoknow Intelligence Service" in titles(response, "organisations")
    assert found == (role in PROGRAMME_A)
