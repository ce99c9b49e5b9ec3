"""An organisation's history on its page: every delegation it hosted, arranged, requested,
sent or met (with the dates and the meetings), its people and sub-organisations, the
follow-ups it owns — read by visits through the page's section registry, within the
viewer's scope, in a constant number of queries."""

import datetime

import pytest
from django.urls import reverse

from partners.models import Organisation
from partners.selectors import organisation_sections
from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import ItineraryItemFactory, TopicFactory
from tests.factories.learning import FollowUpFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import OrganisationFactory
from tests.support.queries import assert_constant_queries

pytestmark = pytest.mark.demo

PHSS_STAFF = "phss.staff@exchange.example"
LMD_STAFF = "lmd.staff@exchange.example"
DEMO_TITLE_PART = "whole-of-society"
DEMO_DATES = "22 Jul 2019 – 26 Jul 2019"


def page(client, organisation: Organisation) -> str:
    response = client.get(reverse("partners:organisation-detail", args=[organisation.pk]))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


# --- The demo story -----------------------------------------------------------------------------


def test_the_host_shows_the_delegation_with_its_dates_roles_and_meetings(demo_client):
    html = page(demo_client(PHSS_STAFF), org("IOM Kenya"))

    assert DEMO_TITLE_PART in html and DEMO_DATES in html
    assert "Hosted, Met" in html
    assert "Briefing at IOM Kenya on the PHSS partnership" in html
    assert "22 Jul 2019</time>" in html


def test_an_organisation_met_in_mombasa_shows_the_meeting_there(demo_client):
    html = page(demo_client(PHSS_STAFF), org("Office of the Coast Regional Coordinator"))

    assert DEMO_TITLE_PART in html and "<td>Met</td>" in html
    assert "Meeting with Coast Region counterparts and the Regional Security Committees" in html
    assert "24 Jul 2019</time>" in html and "· Mombasa" in html
    assert "Mr John Elungata" in html


def test_the_sub_office_shows_both_site_visits_its_people_and_its_parent(demo_client):
    html = page(demo_client(PHSS_STAFF), org("IOM Mombasa sub-office"))

    assert "Site visit: community project upgrading Bongwe Secondary School" in html
    assert "Site visit: Jitoni Resource Center" in html
    assert html.index("Bongwe Secondary School") < html.index("Jitoni Resource Center")
    assert "Ms Yoko Fujimura" in html and "Ms Jacinta Muruanjama" in html
    assert "part of IOM Kenya" in html


def test_the_police_shows_its_sub_organisation(demo_client):
    html = page(demo_client(PHSS_STAFF), org("National Police Service"))

    aps_url = reverse(
        "partners:organisation-detail", args=[org("Administration Police Service").pk]
    )
    assert f'<a href="{aps_url}">Administration Police Service (APS)</a>' in html


def test_another_programme_sees_the_organisation_but_not_the_visit(demo_client):
    html = page(demo_client(LMD_STAFF), org("Office of the Coast Regional Coordinator"))

    assert "Office of the Coast Regional Coordinator" in html and "Mr John Elungata" in html
    assert DEMO_TITLE_PART not in html
    assert "Meeting with Coast Region counterparts" not in html


# --- Registry, follow-ups, scope ----------------------------------------------------------------


def test_higher_apps_fill_the_organisation_page_registry():
    assert [(s.template_name, s.region) for s in organisation_sections] == [
        ("officials/includes/organisation_people_section.html", "aside"),
        ("learning/includes/organisation_delegations_section.html", "main"),
        ("learning/includes/organisation_followups_section.html", "main"),
        ("timeline/includes/entry_history_section.html", "aside"),
    ]


def test_follow_ups_it_owns_show_their_topic_due_date_and_delegation(staff_client, programme):
    organisation = OrganisationFactory()
    topic = TopicFactory(name="Youth exchange", slug="youth-exchange")
    FollowUpFactory(
        delegation=DelegationFactory(programme=programme, title="Coast visit"),
        description="Arrange a youth leaders' exchange",
        owner_organisation=organisation,
        topic=topic,
        due_date=datetime.date(2019, 10, 31),
    )

    html = page(staff_client, organisation)

    assert "Arrange a youth leaders&#x27; exchange" in html
    assert "31 Oct 2019" in html and "Coast visit" in html
    assert f'href="{reverse("learning:topic-detail", args=["youth-exchange"])}"' in html


def test_only_delegations_in_scope_for_staff_and_all_for_administrators(
    client, programme, other_programme, staff_user, administrator
):
    organisation = OrganisationFactory()
    for member_of, title in ((programme, "Visit we run"), (other_programme, "Visit they run")):
        item = ItineraryItemFactory(
            delegation=DelegationFactory(programme=member_of, title=title),
            title=f"Meeting of {title}",
        )
        item.organisations.add(organisation)

    client.force_login(staff_user)
    staff_html = page(client, organisation)
    client.force_login(administrator)
    admin_html = page(client, organisation)

    assert "Meeting of Visit we run" in staff_html and "Visit they run" not in staff_html
    assert "Meeting of Visit they run" in admin_html and "Visit we run" in admin_html


def test_anonymous_users_are_sent_to_log_in(client, db):
    organisation = OrganisationFactory()

    response = client.get(reverse("partners:organisation-detail", args=[organisation.pk]))

    assert response.status_code == 302
    assert response.url.startswith(f"{reverse('login')}?next=")


def test_queries_stay_constant_with_delegations_met_meetings_people_and_follow_ups(
    staff_client, programme
):
    organisation = OrganisationFactory()

    def add_rows(n):
        for _ in range(n):
            OrganisationFactory(parent=organisation)
            OfficialFactory(organisation=organisation)
            hosted = DelegationFactory(programme=programme, host_organisation=organisation)
            met = DelegationFactory(programme=programme)
            for delegation in (hosted, met, met):
                ItineraryItemFactory(delegation=delegation).organisations.add(organisation)
            FollowUpFactory(
                delegation=met,
                owner_organisation=organisation,
                owner_official=OfficialFactory(),
                topic=TopicFactory(),
            )

    add_rows(1)
    assert_constant_queries(
        staff_client, reverse("partners:organisation-detail", args=[organisation.pk]), add_rows
    )
