"""A person's history on their page: the delegations they were a member of (with their
role), the meetings where they were a counterpart, what they said — read by visits
through the page's section registry, within the viewer's scope, in constant queries."""

import pytest
from django.urls import reverse

from delegations.enums import MemberRole, SupportRole
from itinerary.enums import CounterpartRole
from learning.enums import HighlightKind
from officials.models import Official
from officials.selectors import official_sections
from tests.factories.delegations import (
    DelegationFactory,
    DelegationMemberFactory,
    SupportAssignmentFactory,
)
from tests.factories.itinerary import CounterpartFactory, TopicFactory
from tests.factories.learning import HighlightFactory
from tests.factories.officials import OfficialFactory
from tests.support.queries import assert_constant_queries

pytestmark = pytest.mark.demo

PHSS_STAFF = "phss.staff@exchange.example"
LMD_STAFF = "lmd.staff@exchange.example"
DEMO_TITLE_PART = "whole-of-society"
COAST_MEETING = "Meeting with Coast Region counterparts and the Regional Security Committees"
NOTHING_IN_SCOPE = "No work of theirs is recorded in the delegations you can see."


def page(client, official: Official) -> str:
    response = client.get(reverse("officials:detail", args=[official.pk]))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def person(name: str) -> Official:
    return Official.objects.get(full_name=name)


# --- The demo story -----------------------------------------------------------------------------


def test_the_quoted_official_shows_his_meeting_role_and_quote_with_its_topic(demo_client):
    html = page(demo_client(PHSS_STAFF), person("John Elungata"))

    assert COAST_MEETING in html and "24 Jul 2019</time>" in html
    assert "<td>Host" in html
    assert "43rd tribe in Kenya" in html
    topic_url = reverse("learning:topic-detail", args=["cross-border-confidence-building"])
    assert f'<a href="{topic_url}">Cross-border confidence building</a>' in html
    assert DEMO_TITLE_PART in html


def test_the_head_of_delegation_shows_the_delegation_with_his_role_and_dates(demo_client):
    html = page(demo_client(PHSS_STAFF), person("António Domingos Mapure"))

    assert "Delegations they were a member of" in html
    assert DEMO_TITLE_PART in html and "22 Jul 2019 – 26 Jul 2019 · PHSS" in html
    assert "<td>Head of delegation</td>" in html
    assert "About 50,000 individuals displaced" in html


def test_a_support_team_member_shows_the_team(demo_client):
    html = page(demo_client(PHSS_STAFF), person("Yoko Fujimura"))

    assert "Support teams they were on" in html and DEMO_TITLE_PART in html


def test_another_programme_sees_the_person_but_none_of_the_visit(demo_client):
    html = page(demo_client(LMD_STAFF), person("John Elungata"))

    assert "Mr John Elungata" in html
    assert NOTHING_IN_SCOPE in html
    assert "43rd tribe" not in html and COAST_MEETING not in html


# --- Registry, scope, access, queries -----------------------------------------------------------


def test_visits_fills_the_official_page_registry():
    assert [section.template_name for section in official_sections] == [
        "learning/includes/official_history_section.html",
        "timeline/includes/entry_history_section.html",  # region "aside"
    ]


def test_history_is_scoped_for_staff_and_whole_for_administrators(
    client, programme, other_programme, staff_user, administrator
):
    official = OfficialFactory()
    for member_of, title in ((programme, "Visit we run"), (other_programme, "Visit they run")):
        delegation = DelegationFactory(programme=member_of, title=title)
        CounterpartFactory(
            item__delegation=delegation, item__title=f"Talk of {title}", official=official
        )
        HighlightFactory(
            delegation=delegation,
            speaker=official,
            kind=HighlightKind.QUOTE,
            text=f"Said in {title}",
        )

    client.force_login(staff_user)
    staff_html = page(client, official)
    client.force_login(administrator)
    admin_html = page(client, official)

    assert "Talk of Visit we run" in staff_html and "Said in Visit we run" in staff_html
    assert "Visit they run" not in staff_html
    assert "Talk of Visit they run" in admin_html and "Said in Visit they run" in admin_html


def test_someone_with_no_work_in_scope_gets_the_empty_message(staff_client, other_programme):
    official = OfficialFactory()
    DelegationMemberFactory(
        delegation=DelegationFactory(programme=other_programme), official=official
    )

    html = page(staff_client, official)

    assert NOTHING_IN_SCOPE in html
    assert "Delegations they were a member of" not in html


def test_anonymous_users_are_sent_to_log_in(client, db):
    official = OfficialFactory()

    response = client.get(reverse("officials:detail", args=[official.pk]))

    assert response.status_code == 302
    assert response.url.startswith(f"{reverse('login')}?next=")


def test_queries_stay_constant_with_memberships_meetings_and_quotes(staff_client, programme):
    official = OfficialFactory()

    def add_rows(n):
        for _ in range(n):
            delegation = DelegationFactory(programme=programme)
            DelegationMemberFactory(delegation=delegation, official=official, role=MemberRole.HEAD)
            SupportAssignmentFactory(
                delegation=DelegationFactory(programme=programme),
                official=official,
                role=SupportRole.LOGISTICS,
            )
            link = CounterpartFactory(
                item__delegation=delegation, official=official, role=CounterpartRole.HOST
            )
            HighlightFactory(
                delegation=delegation,
                item=link.item,
                speaker=official,
                kind=HighlightKind.QUOTE,
                topic=TopicFactory(),
            )

    add_rows(1)
    assert_constant_queries(staff_client, reverse("officials:detail", args=[official.pk]), add_rows)
