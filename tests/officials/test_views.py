"""The people directory in the browser: list, a person's page, add (with the duplicate
warning) and edit; who may do what; constant query counts."""

import pytest
from django.urls import reverse

from accounts.models import User
from delegations.enums import MemberRole, SupportRole
from itinerary.enums import CounterpartRole
from learning.enums import HighlightKind
from officials.enums import Gender
from officials.models import Official
from officials.selectors import official_duplicates
from partners.enums import ProgrammeRole
from partners.models import Organisation
from tests.factories.accounts import UserFactory
from tests.factories.delegations import (
    DelegationFactory,
    DelegationMemberFactory,
    SupportAssignmentFactory,
)
from tests.factories.itinerary import CounterpartFactory
from tests.factories.learning import HighlightFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import (
    OrganisationFactory,
    ProgrammeMembershipFactory,
)
from tests.support.queries import assert_constant_queries

pytestmark = pytest.mark.demo

PHSS_STAFF = "phss.staff@exchange.example"
PHSS_MANAGER = "phss.manager@exchange.example"
LMD_STAFF = "lmd.staff@exchange.example"
DEMO_TITLE_PART = "whole-of-society"


def page(client, url_name, *args, **query) -> str:
    response = client.get(reverse(url_name, args=args), query)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def form_data(**overrides) -> dict:
    data = {
        "honorific": "Ms",
        "full_name": "Amina Juma",
        "position": "County Commissioner",
        "organisation": "",
        "country": "KE",
        "gender": Gender.FEMALE,
        "email": "amina@example.org",
        "phone": "+254 700 000 000",
        "notes": "",
    }
    data.update(overrides)
    return data


# --- The demo story on the pages (one load shared by these tests) ------------------------------


@pytest.fixture
def demo(demo_loaded, db):
    return None


@pytest.fixture
def demo_client(client, demo):
    def log_in(email: str):
        client.force_login(User.objects.get(email=email))
        return client

    return log_in


def official_named(name: str) -> Official:
    return Official.objects.get(full_name=name)


def test_official_detail_shows_elungata_his_quote_and_his_meeting(demo_client):
    elungata = official_named("John Elungata")

    html = page(demo_client(PHSS_STAFF), "officials:detail", elungata.pk)

    assert "Mr John Elungata" in html
    assert "Regional Coordinator" in html
    assert "Office of the Coast Regional Coordinator" in html
    assert "our 43rd tribe in Kenya" in html
    assert "Meeting with Coast Region counterparts and the Regional Security Committees" in html
    assert "Host" in html
    assert DEMO_TITLE_PART in html
    assert "24 Jul 2019" in html


def test_official_detail_shows_the_head_of_delegation_with_his_position_then(demo_client):
    mapure = official_named("António Domingos Mapure")

    html = page(demo_client(PHSS_MANAGER), "officials:detail", mapure.pk)

    assert "Head of delegation" in html
    assert "Provincial Permanent Secretary of Cabo Delgado" in html
    assert "22 Jul 2019 – 26 Jul 2019" in html
    assert "About 50,000 individuals displaced" in html


def test_official_detail_shows_support_team_assignments(demo_client):
    html = page(demo_client(PHSS_STAFF), "officials:detail", official_named("Yoko Fujimura").pk)

    assert "Support teams they were on" in html
    assert DEMO_TITLE_PART in html


def test_official_detail_never_lists_delegations_out_of_scope(demo_client):
    elungata = official_named("John Elungata")

    html = page(demo_client(LMD_STAFF), "officials:detail", elungata.pk)

    assert "Mr John Elungata" in html  # the directory is shared...
    assert DEMO_TITLE_PART not in html  # ...what happened in PHSS is not
    assert "43rd tribe" not in html
    assert "Regional Security Committees" not in html
    assert "No work of theirs is recorded in the delegations you can see." in html


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ({"q": "elungata"}, ["Mr John Elungata"], ["Ferdinand Paredes"]),
        ({"q": "antonio mapure"}, ["António Domingos Mapure"], ["John Elungata"]),
        ({"q": "iom kenya"}, ["Ferdinand Paredes"], ["Noor Gabow", "Yoko Fujimura"]),
        ({"q": "APS"}, ["Noor Gabow", "Mark Leruk"], ["John Elungata"]),
        ({"q": "coordinator"}, ["John Elungata"], ["Charles Muendo"]),
        ({"gender": Gender.FEMALE}, ["Yoko Fujimura", "Nice Leonor Diogo Correia"], ["Paredes"]),
        ({"country": "MZ"}, ["Mapure", "Lidimba"], ["Elungata", "Fujimura"]),
        ({"q": "nobody-is-called-this"}, ["Nobody matches these filters."], ["Elungata"]),
    ],
)
def test_official_list_searches_and_filters(demo_client, query, present, absent):
    html = page(demo_client(PHSS_STAFF), "officials:list", **query)

    for text in present:
        assert text in html
    for text in absent:
        assert text not in html


def test_official_list_filters_by_organisation_and_keeps_it_in_the_box(demo_client):
    aps = Organisation.objects.get(acronym="APS")

    html = page(demo_client(PHSS_STAFF), "officials:list", organisation=aps.pk)

    assert "Noor Gabow" in html and "Mark Leruk" in html
    assert "John Elungata" not in html
    assert f'value="{aps}"' in html  # the combobox shows the chosen organisation
    assert "2 officials" in html


def test_official_list_sorts_by_name_both_ways(demo_client):
    client = demo_client(PHSS_STAFF)

    names = [o.full_name for o in client.get(reverse("officials:list")).context["object_list"]]
    reverse_names = [
        o.full_name
        for o in client.get(reverse("officials:list"), {"o": "-name"}).context["object_list"]
    ]

    assert names == sorted(names)
    assert names[0] == "Alvaro Floriano Goncalves Junior"
    assert reverse_names == sorted(names, reverse=True)


def test_official_list_shows_honorific_position_organisation_and_country(demo_client):
    html = page(demo_client(PHSS_STAFF), "officials:list", q="paredes")
    paredes = official_named("Ferdinand Paredes")

    assert f'href="{reverse("officials:detail", args=[paredes.pk])}">Mr Ferdinand Paredes' in html
    assert "Acting Chief of Mission, IOM Kenya" in html
    assert reverse("partners:organisation-detail", args=[paredes.organisation_id]) in html
    assert "Kenya" in html


def test_official_list_paginates_by_25(staff_client):
    for number in range(27):
        OfficialFactory(full_name=f"Paginated {number:02}")

    first = staff_client.get(reverse("officials:list"), {"q": "paginated"})
    second = staff_client.get(reverse("officials:list"), {"page": 2, "q": "paginated"})

    assert len(first.context["object_list"]) == 25
    assert "Page 1 of 2" in first.content.decode()
    assert len(second.context["object_list"]) == 2
    assert "Paginated 26" in second.content.decode()
    assert 'href="?q=paginated" rel="prev"' in second.content.decode()


def test_official_list_with_a_bad_filter_value_lists_nothing_and_does_not_crash(staff_client):
    OfficialFactory(full_name="Amina Juma")

    response = staff_client.get(reverse("officials:list"), {"organisation": "not-a-number"})

    assert response.status_code == 200
    assert "Amina Juma" not in response.content.decode()


# --- Duplicate warning --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "organisation_acronym", "country"),
    [
        ("noor gabow", "APS", "KE"),  # case, same organisation
        ("Gabow Noor", "", "KE"),  # word order, same country
        ("Mr Noor Abdi Gabow", "APS", ""),  # one name inside the other, title typed in
        ("Antonio Domingos Mapure", "", "MZ"),  # accent
        ("Noor Gabov", "APS", "KE"),  # a typo
    ],
)
def test_official_create_warns_of_a_likely_duplicate_and_saves_nothing(
    demo_client, typed, organisation_acronym, country
):
    organisation = Organisation.objects.filter(acronym=organisation_acronym).first()
    before = Official.objects.count()

    response = demo_client(PHSS_STAFF).post(
        reverse("officials:create"),
        form_data(
            full_name=typed,
            organisation=organisation.pk if organisation else "",
            country=country,
            gender=Gender.MALE,
        ),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "This person may already be in the directory" in html
    assert 'target="_blank"' in html
    assert "This is a different person: save anyway" in html
    assert f'value="{typed}"' in html  # what was typed is kept
    assert Official.objects.count() == before
    expected = "António Domingos Mapure" if "Mapure" in typed else "Noor Gabow"
    assert [o.full_name for o in response.context["duplicates"]] == [expected]


def test_official_create_with_a_different_name_saves_without_a_warning(demo_client):
    aps = Organisation.objects.get(acronym="APS")

    response = demo_client(PHSS_STAFF).post(
        reverse("officials:create"),
        form_data(full_name="Wanjiru Kamau", organisation=aps.pk, position="Superintendent"),
    )

    official = Official.objects.get(full_name="Wanjiru Kamau")
    assert response.status_code == 302
    assert response.url == reverse("officials:detail", args=[official.pk])
    assert official.organisation == aps
    assert official.history.get().history_user.email == PHSS_STAFF


def test_official_create_saves_anyway_once_confirmed(demo_client):
    aps = Organisation.objects.get(acronym="APS")
    client = demo_client(PHSS_STAFF)
    data = form_data(full_name="noor gabow", organisation=aps.pk, gender=Gender.MALE)

    client.post(reverse("officials:create"), data)
    response = client.post(reverse("officials:create"), {**data, "confirm_different": "on"})

    assert response.status_code == 302
    assert Official.objects.filter(full_name__iexact="noor gabow").count() == 2
    follow = client.get(response.url)
    assert "noor gabow was added to the directory." in follow.content.decode()


def test_official_create_elsewhere_is_not_a_duplicate(demo_client):
    """Same name, but another organisation and another country: no warning."""
    response = demo_client(PHSS_STAFF).post(
        reverse("officials:create"), form_data(full_name="John Elungata", country="UG")
    )

    assert response.status_code == 302
    assert Official.objects.filter(full_name="John Elungata").count() == 2


@pytest.mark.parametrize(
    ("existing", "typed", "alike"),
    [
        ("Noor Gabow", "NOOR GABOW", True),
        ("Noor Gabow", "Gabow, Noor", True),
        ("Mr Noor Abdi Gabow", "Noor Gabow", True),
        ("Noor Gabow", "Dr. Noor Abdi Gabow", True),
        ("António Domingos Mapure", "Antonio Domingos Mapure", True),
        ("Nice Leonor Diogo Correia", "Nice Correia", True),
        ("Noor Gabow", "Noor Hassan", False),
        ("John Elungata", "John Kamau", False),
        ("Mark Leruk", "Charles Muendo", False),
        ("Noor Gabow", "Noor", False),  # one word is not enough to be inside another name
    ],
)
def test_official_duplicates_matching(db, existing, typed, alike):
    person = OfficialFactory(full_name=existing, country="TZ")

    found = official_duplicates(full_name=typed, country="TZ")

    assert (found == [person]) is alike


def test_official_duplicates_reads_a_bounded_number_of_candidates(db, django_assert_num_queries):
    organisation = OrganisationFactory()
    OfficialFactory.create_batch(60, full_name="Noor Someone", organisation=organisation)
    wanted = OfficialFactory(full_name="Noor Abdi Gabow", organisation=organisation)

    with django_assert_num_queries(1):
        found = official_duplicates(full_name="Noor Gabow", organisation_id=organisation.pk)

    assert found == [wanted]  # sharing more words, it comes first among the candidates


# --- Bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("full_name", "N" * 201, "at most 200 characters"),
        ("full_name", "", "This field is required."),
        ("email", "not-an-email", "Enter a valid email address."),
        ("organisation", "999999", "Select a valid choice."),
        ("gender", "robot", "Select a valid choice."),
    ],
)
def test_official_create_with_bad_input_shows_the_error_and_keeps_the_rest(
    staff_client, field, value, message
):
    response = staff_client.post(reverse("officials:create"), form_data(**{field: value}))

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert field in response.context["form"].errors
    assert 'value="County Commissioner"' in html
    assert not Official.objects.filter(position="County Commissioner").exists()


# --- Edit ---------------------------------------------------------------------------------------


def test_official_update_saves_through_the_service_and_names_the_actor(staff_client, staff_user):
    official = OfficialFactory(full_name="Charles Muendo", position="Officer")
    data = form_data(full_name="Charles Muendo", position="Assistant Director of Immigration")
    data["organisation"] = official.organisation_id
    data["version"] = official.version

    response = staff_client.post(reverse("officials:update", args=[official.pk]), data)

    official.refresh_from_db()
    assert response.status_code == 302
    assert official.position == "Assistant Director of Immigration"
    assert official.history.count() == 2  # created, changed once: not saved twice
    assert official.history.first().history_user == staff_user


def test_official_update_form_shows_the_current_values(staff_client):
    official = OfficialFactory(full_name="Charles Muendo", email="cm@example.org")

    html = page(staff_client, "officials:update", official.pk)

    assert 'value="Charles Muendo"' in html
    assert 'value="cm@example.org"' in html
    assert f'value="{official.organisation}"' in html
    assert "save anyway" not in html


# --- Who may do what ----------------------------------------------------------------------------


@pytest.fixture
def official(db):
    return OfficialFactory(full_name="Amina Juma", email="amina@example.org", phone="+254 1")


def urls_of(official) -> list[str]:
    return [
        reverse("officials:list"),
        reverse("officials:detail", args=[official.pk]),
        reverse("officials:create"),
        reverse("officials:update", args=[official.pk]),
    ]


def test_directory_pages_send_anonymous_users_to_log_in(client, official):
    for url in urls_of(official):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_directory_pages_refuse_users_without_a_programme(client, official):
    client.force_login(UserFactory())

    for url in urls_of(official):
        assert client.get(url).status_code == 403
    response = client.post(reverse("officials:create"), form_data(full_name="Someone New"))
    assert response.status_code == 403
    assert not Official.objects.filter(full_name="Someone New").exists()


def test_manager_reads_the_directory_without_edit_controls(manager_client, official):
    listing = page(manager_client, "officials:list")
    detail = page(manager_client, "officials:detail", official.pk)

    assert "Amina Juma" in listing and "Add an official" not in listing
    assert "Amina Juma" in detail and reverse("officials:update", args=[official.pk]) not in detail
    assert "amina@example.org" in detail  # contact details: for everyone who works here


def test_manager_cannot_create_or_edit(manager_client, official):
    assert manager_client.get(reverse("officials:create")).status_code == 403
    created = manager_client.post(reverse("officials:create"), form_data(full_name="New Person"))
    changed = manager_client.post(
        reverse("officials:update", args=[official.pk]), form_data(full_name="Changed")
    )

    assert (created.status_code, changed.status_code) == (403, 403)
    official.refresh_from_db()
    assert official.full_name == "Amina Juma"
    assert not Official.objects.filter(full_name="New Person").exists()


@pytest.mark.parametrize("who", ["staff_client", "admin_client", "other_staff_client"])
def test_staff_and_administrators_see_edit_controls_and_contact(request, who, official):
    client = request.getfixturevalue(who)

    listing = page(client, "officials:list")
    detail = page(client, "officials:detail", official.pk)

    assert "Add an official" in listing
    assert reverse("officials:update", args=[official.pk]) in detail
    assert "amina@example.org" in detail and "+254 1" in detail


def test_member_of_a_programme_as_manager_and_staff_elsewhere_may_edit(db, client, official):
    user = UserFactory()
    ProgrammeMembershipFactory(user=user, role=ProgrammeRole.MANAGER)
    ProgrammeMembershipFactory(user=user, role=ProgrammeRole.STAFF)
    client.force_login(user)

    assert client.get(reverse("officials:update", args=[official.pk])).status_code == 200


def test_official_detail_of_a_missing_person_is_404(staff_client):
    assert staff_client.get(reverse("officials:detail", args=[987654])).status_code == 404


# --- Query counts -------------------------------------------------------------------------------


def test_official_list_queries_stay_constant(staff_client):
    OfficialFactory()

    assert_constant_queries(
        staff_client,
        reverse("officials:list"),
        lambda n: OfficialFactory.create_batch(n, organisation=OrganisationFactory()),
    )


def test_official_list_filtered_by_organisation_queries_stay_constant(staff_client):
    organisation = OrganisationFactory(parent=OrganisationFactory())
    OfficialFactory(organisation=organisation)

    assert_constant_queries(
        staff_client,
        f"{reverse('officials:list')}?organisation={organisation.pk}&q=a&o=-country",
        lambda n: OfficialFactory.create_batch(n, organisation=organisation, full_name="Ana B"),
    )


def test_official_detail_queries_stay_constant(staff_client, programme):
    official = OfficialFactory()

    def add_rows(n):
        for _ in range(n):
            delegation = DelegationFactory(programme=programme)
            DelegationMemberFactory(delegation=delegation, official=official, role=MemberRole.HEAD)
            SupportAssignmentFactory(official=official, role=SupportRole.LOGISTICS)
            link = CounterpartFactory(official=official, role=CounterpartRole.HOST)
            HighlightFactory(
                delegation=link.item.delegation,
                item=link.item,
                speaker=official,
                kind=HighlightKind.QUOTE,
            )

    add_rows(1)
    assert_constant_queries(staff_client, reverse("officials:detail", args=[official.pk]), add_rows)


def test_official_detail_history_is_scoped_for_staff_and_whole_for_administrators(
    client, programme, other_programme, staff_user, administrator
):
    official = OfficialFactory()
    mine = DelegationFactory(programme=programme, title="Visit we run")
    theirs = DelegationFactory(programme=other_programme, title="Visit they run")
    for delegation in (mine, theirs):
        DelegationMemberFactory(delegation=delegation, official=official)

    client.force_login(staff_user)
    staff_html = page(client, "officials:detail", official.pk)
    client.force_login(administrator)
    admin_html = page(client, "officials:detail", official.pk)

    assert "Visit we run" in staff_html and "Visit they run" not in staff_html
    assert "Visit we run" in admin_html and "Visit they run" in admin_html
