"""Organisation pages in the browser: list, an organisation's page, add (with the duplicate
warning) and edit; who may do what; constant query counts; the directory's scope."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from delegations.models import Delegation
from delegations.selectors import delegations_for_user
from partners.enums import OrganisationKind, ProgrammeRole
from partners.models import Organisation
from partners.selectors import delegation_scope_q, organisation_duplicates
from tests.factories.accounts import UserFactory
from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import ItineraryItemFactory
from tests.factories.learning import FollowUpFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import (
    OrganisationFactory,
    ProgrammeMembershipFactory,
)
from tests.factories.places import PlaceFactory
from tests.support.queries import assert_constant_queries

pytestmark = pytest.mark.demo

PHSS_STAFF = "phss.staff@exchange.example"
LMD_STAFF = "lmd.staff@exchange.example"
DEMO_TITLE_PART = "whole-of-society"


def page(client, url_name, *args, **query) -> str:
    response = client.get(reverse(url_name, args=args), query)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def form_data(**overrides) -> dict:
    data = {
        "name": "Kenya Red Cross Society",
        "acronym": "KRCS",
        "kind": OrganisationKind.NGO,
        "country": "KE",
        "parent": "",
        "place": "",
        "website": "www.redcross.or.ke",
        "notes": "",
    }
    data.update(overrides)
    return data


# --- The demo story on the pages ----------------------------------------------------------------


def org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def test_organisation_detail_shows_iom_kenya_its_family_people_and_visit(demo_client):
    iom_kenya = org("IOM Kenya")

    html = page(demo_client(PHSS_STAFF), "partners:organisation-detail", iom_kenya.pk)

    parent_url = reverse("partners:organisation-detail", args=[iom_kenya.parent_id])
    child_url = reverse("partners:organisation-detail", args=[org("IOM Mombasa sub-office").pk])
    assert f'<a href="{parent_url}">International Organization for Migration (IOM)</a>' in html
    assert f'<a href="{child_url}">IOM Mombasa sub-office</a>' in html
    assert "Mr Ferdinand Paredes" in html
    assert "Acting Chief of Mission, IOM Kenya" in html
    assert DEMO_TITLE_PART in html
    assert "Hosted" in html
    assert "Briefing at IOM Kenya on the PHSS partnership" in html
    assert "22 Jul 2019" in html


def test_organisation_detail_shows_the_police_hierarchy(demo_client):
    client = demo_client(PHSS_STAFF)

    aps = page(client, "partners:organisation-detail", org("Administration Police Service").pk)
    nps = page(client, "partners:organisation-detail", org("National Police Service").pk)

    assert "part of National Police Service" in aps
    assert "Mr Noor Gabow" in aps and "Dr Mark Leruk" in aps
    assert "Meeting with the office of the Deputy Inspector General" in aps
    assert "Administration Police Service (APS)" in nps


def test_organisation_detail_lists_every_role_in_the_delegation(demo_client):
    client = demo_client(PHSS_STAFF)

    arranged = page(client, "partners:organisation-detail", org("IOM Mozambique").pk)
    requested = page(client, "partners:organisation-detail", org("Government of Mozambique").pk)
    sent = page(
        client, "partners:organisation-detail", org("Cabo Delgado Provincial Government").pk
    )

    assert "Arranged" in arranged and DEMO_TITLE_PART in arranged
    assert "Requested" in requested and DEMO_TITLE_PART in requested
    assert "Sent" in sent and "Mr António Domingos Mapure" in sent


def test_organisation_detail_never_lists_delegations_out_of_scope(demo_client):
    html = page(demo_client(LMD_STAFF), "partners:organisation-detail", org("IOM Kenya").pk)

    assert "IOM Kenya" in html and "Mr Ferdinand Paredes" in html
    assert DEMO_TITLE_PART not in html
    assert "Briefing at IOM Kenya" not in html


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ({"q": "iom"}, ["IOM Kenya", "IOM Mombasa sub-office"], ["National Police Service"]),
        ({"q": "nctc"}, ["National Counter Terrorism Centre"], ["IOM Kenya"]),
        ({"q": "police"}, ["Administration Police Service", "National Police Service"], ["IOM"]),
        (
            {"kind": OrganisationKind.SECURITY},
            ["Administration Police Service", "National Police Service"],
            ["IOM Kenya", "Government of Kenya"],
        ),
        ({"country": "MZ"}, ["IOM Mozambique", "Cabo Delgado"], ["IOM Kenya"]),
        ({"country": "none"}, ["International Organization for Migration"], ["IOM Kenya"]),
        ({"q": "zzz-nothing"}, ["No organisation matches these filters."], ["IOM Kenya"]),
    ],
)
def test_organisation_list_searches_and_filters(demo_client, query, present, absent):
    html = page(demo_client(PHSS_STAFF), "partners:organisation-list", **query)

    for text in present:
        assert text in html
    for text in absent:
        assert text not in html


def test_organisation_list_rows_show_acronym_kind_country_and_parent(demo_client):
    html = page(demo_client(PHSS_STAFF), "partners:organisation-list", q="administration")
    aps = org("Administration Police Service")

    assert f'href="{reverse("partners:organisation-detail", args=[aps.pk])}"' in html
    assert "APS" in html and "Security service" in html and "Kenya" in html
    assert reverse("partners:organisation-detail", args=[aps.parent_id]) in html


def test_organisation_list_paginates_by_25(staff_client):
    for number in range(27):
        OrganisationFactory(name=f"Paged body {number:02}")

    first = staff_client.get(reverse("partners:organisation-list"), {"q": "paged body"})
    second = staff_client.get(reverse("partners:organisation-list"), {"q": "paged", "page": 2})

    assert len(first.context["object_list"]) == 25
    assert len(second.context["object_list"]) == 2
    assert "Page 2 of 2" in second.content.decode()


# --- Duplicate warning --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "acronym", "country", "expected"),
    [
        ("Kenya IOM", "", "KE", "IOM Kenya"),  # word order
        ("iom kenya office", "", "KE", "IOM Kenya"),  # one name inside the other
        ("Administration Police", "APS", "KE", "Administration Police Service"),  # acronym
        ("National Counter-Terrorism Center", "", "KE", "National Counter Terrorism Centre"),
        ("NPS", "", "KE", "National Police Service"),  # the name typed is its acronym
    ],
)
def test_organisation_create_warns_of_a_likely_duplicate(
    demo_client, name, acronym, country, expected
):
    before = Organisation.objects.count()

    response = demo_client(PHSS_STAFF).post(
        reverse("partners:organisation-create"),
        form_data(name=name, acronym=acronym, country=country),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "This organisation may already be in the directory" in html
    assert "This is a different organisation: save anyway" in html
    assert [other.name for other in response.context["duplicates"]] == [expected]
    assert f'value="{name}"' in html
    assert Organisation.objects.count() == before


@pytest.mark.parametrize(
    ("name", "acronym", "country"),
    [
        ("Kenya Red Cross Society", "KRCS", "KE"),
        ("Uganda Police Force", "APS", "UG"),  # same acronym, another country
        ("IOM Kenya", "", "UG"),  # same name, another country
    ],
)
def test_organisation_create_without_duplicates_saves(demo_client, name, acronym, country):
    response = demo_client(PHSS_STAFF).post(
        reverse("partners:organisation-create"),
        form_data(name=name, acronym=acronym, country=country),
    )

    created = Organisation.objects.get(name=name, country=country)
    assert response.status_code == 302
    assert response.url == reverse("partners:organisation-detail", args=[created.pk])
    assert created.history.get().history_user.email == PHSS_STAFF


def test_organisation_create_saves_anyway_once_confirmed(demo_client):
    client = demo_client(PHSS_STAFF)
    data = form_data(name="Kenya IOM", acronym="", country="KE")

    client.post(reverse("partners:organisation-create"), data)
    response = client.post(
        reverse("partners:organisation-create"), {**data, "confirm_different": "on"}
    )

    assert response.status_code == 302
    assert Organisation.objects.filter(name="Kenya IOM").exists()


def test_organisation_create_of_the_exact_same_name_and_country_is_refused(demo_client):
    response = demo_client(PHSS_STAFF).post(
        reverse("partners:organisation-create"),
        form_data(name="iom kenya", acronym="", country="KE", confirm_different="on"),
    )

    assert response.status_code == 200
    assert "An organisation with this name already exists for this country." in (
        response.content.decode()
    )
    assert Organisation.objects.filter(name__iexact="iom kenya").count() == 1


def test_organisation_duplicates_for_international_bodies_stay_international(db):
    body = OrganisationFactory(name="Intergovernmental Authority on Migration", country="")
    OrganisationFactory(name="Intergovernmental Authority on Migration", country="UG")

    assert organisation_duplicates(name="intergovernmental authority on migration") == [body]


# --- Edit and bad input -------------------------------------------------------------------------


def test_organisation_update_sets_the_parent_and_place(staff_client, staff_user):
    nps = OrganisationFactory(name="Police Service", kind=OrganisationKind.SECURITY)
    aps = OrganisationFactory(name="Police Service Unit", kind=OrganisationKind.SECURITY)
    nairobi = PlaceFactory(name="Nairobi")

    response = staff_client.post(
        reverse("partners:organisation-update", args=[aps.pk]),
        form_data(name=aps.name, acronym="PSU", kind=aps.kind, parent=nps.pk, place=nairobi.pk)
        | {"version": aps.version},
    )

    aps.refresh_from_db()
    assert response.status_code == 302
    assert (aps.parent, aps.place, aps.acronym) == (nps, nairobi, "PSU")
    assert aps.website == "https://www.redcross.or.ke"
    assert aps.history.count() == 2 and aps.history.first().history_user == staff_user


def test_organisation_update_refuses_a_loop_of_parents(staff_client):
    nps = OrganisationFactory(name="Police Service")
    aps = OrganisationFactory(name="Police Service Unit", parent=nps)
    unit = OrganisationFactory(name="Police Service Sub-unit", parent=aps)

    response = staff_client.post(
        reverse("partners:organisation-update", args=[nps.pk]),
        form_data(name=nps.name, parent=unit.pk),
    )

    nps.refresh_from_db()
    assert response.status_code == 200
    assert "cannot be part of itself or of one of its parts" in response.content.decode()
    assert nps.parent is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "N" * 251, "at most 250 characters"),
        ("name", "", "This field is required."),
        ("acronym", "A" * 31, "at most 30 characters"),
        ("kind", "spaceship", "Select a valid choice."),
        ("website", "not a website", "Enter a valid URL."),
        ("parent", "999999", "Select a valid choice."),
    ],
)
def test_organisation_create_with_bad_input_shows_the_error_and_keeps_the_rest(
    staff_client, field, value, message
):
    response = staff_client.post(
        reverse("partners:organisation-create"), form_data(**{field: value})
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert field in response.context["form"].errors
    assert 'value="KRCS"' in html or field == "acronym"
    assert not Organisation.objects.filter(name="Kenya Red Cross Society").exists()


# --- Who may do what ----------------------------------------------------------------------------


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Kwale County Government")


def urls_of(organisation) -> list[str]:
    return [
        reverse("partners:organisation-list"),
        reverse("partners:organisation-detail", args=[organisation.pk]),
        reverse("partners:organisation-create"),
        reverse("partners:organisation-update", args=[organisation.pk]),
    ]


def test_organisation_pages_send_anonymous_users_to_log_in(client, organisation):
    for url in urls_of(organisation):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_organisation_pages_refuse_users_without_a_programme(client, organisation):
    client.force_login(UserFactory())

    for url in urls_of(organisation):
        assert client.get(url).status_code == 403


def test_manager_reads_organisations_but_cannot_change_them(manager_client, organisation):
    listing = page(manager_client, "partners:organisation-list")
    detail = page(manager_client, "partners:organisation-detail", organisation.pk)
    created = manager_client.post(reverse("partners:organisation-create"), form_data())
    changed = manager_client.post(
        reverse("partners:organisation-update", args=[organisation.pk]),
        form_data(name="Renamed"),
    )

    assert "Kwale County Government" in listing and "Add an organisation" not in listing
    assert reverse("partners:organisation-update", args=[organisation.pk]) not in detail
    assert (created.status_code, changed.status_code) == (403, 403)
    organisation.refresh_from_db()
    assert organisation.name == "Kwale County Government"
    assert not Organisation.objects.filter(name="Kenya Red Cross Society").exists()


@pytest.mark.parametrize("who", ["staff_client", "admin_client"])
def test_staff_and_administrators_may_add_and_edit_organisations(request, who, organisation):
    client = request.getfixturevalue(who)

    listing = page(client, "partners:organisation-list")
    detail = page(client, "partners:organisation-detail", organisation.pk)

    assert "Add an organisation" in listing
    assert reverse("partners:organisation-update", args=[organisation.pk]) in detail
    assert client.get(reverse("partners:organisation-create")).status_code == 200


def test_organisation_detail_of_a_missing_organisation_is_404(staff_client):
    assert staff_client.get(reverse("partners:organisation-detail", args=[987654])).status_code == (
        404
    )


# --- The scope restated in partners is the delegations' scope -----------------------------------


def test_delegation_scope_q_is_the_same_as_delegations_for_user(
    db, programme, other_programme, staff_user, manager, other_staff, administrator
):
    DelegationFactory.create_batch(2, programme=programme)
    DelegationFactory(programme=other_programme)
    both = UserFactory()
    for member_of in (programme, other_programme):
        ProgrammeMembershipFactory(user=both, programme=member_of, role=ProgrammeRole.MANAGER)

    users = [staff_user, manager, other_staff, administrator, both, UserFactory(), AnonymousUser()]
    for user in users:
        restated = Delegation.objects.filter(delegation_scope_q(user=user, path=""))
        assert set(restated) == set(delegations_for_user(user=user)), user


# --- Query counts -------------------------------------------------------------------------------


def test_organisation_list_queries_stay_constant(staff_client):
    OrganisationFactory(parent=OrganisationFactory())

    assert_constant_queries(
        staff_client,
        f"{reverse('partners:organisation-list')}?q=o&kind=government&country=KE",
        lambda n: [OrganisationFactory(parent=OrganisationFactory()) for _ in range(n)],
    )


def test_organisation_detail_queries_stay_constant(staff_client, programme):
    organisation = OrganisationFactory(parent=OrganisationFactory())

    def add_rows(n):
        for _ in range(n):
            OrganisationFactory(parent=organisation)
            OfficialFactory(organisation=organisation)
            delegation = DelegationFactory(
                programme=programme, host_organisation=organisation, arranged_by=organisation
            )
            item = ItineraryItemFactory(delegation=delegation)
            item.organisations.add(organisation)
            FollowUpFactory(
                delegation=delegation,
                item=item,
                owner_organisation=organisation,
                owner_official=OfficialFactory(),
            )

    add_rows(1)
    assert_constant_queries(
        staff_client, reverse("partners:organisation-detail", args=[organisation.pk]), add_rows
    )


def test_organisation_detail_shows_follow_ups_it_owns_in_scope_only(
    staff_client, programme, other_programme
):
    organisation = OrganisationFactory()
    for member_of, text in ((programme, "Share the county plan"), (other_programme, "Secret")):
        FollowUpFactory(
            delegation=DelegationFactory(programme=member_of),
            description=text,
            owner_organisation=organisation,
        )

    html = page(staff_client, "partners:organisation-detail", organisation.pk)

    assert "Share the county plan" in html
    assert "Secret" not in html


def test_organisation_detail_links_to_everyone_when_it_has_many_people(staff_client):
    organisation = OrganisationFactory()
    OfficialFactory.create_batch(51, organisation=organisation)

    html = page(staff_client, "partners:organisation-detail", organisation.pk)

    assert f"{reverse('officials:list')}?organisation={organisation.pk}" in html
