"""Topic pages: every topic with what delegations did about it, and one topic's page (by
slug or pk) with the delegations, meetings, lessons and follow-ups on it — within the
user's scope, in a constant number of queries."""

import datetime

import pytest
from django.urls import reverse

from delegations.models import Delegation
from itinerary.models import Topic
from learning.enums import HighlightKind
from tests.factories.accounts import UserFactory
from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import CounterpartFactory, ItineraryItemFactory, TopicFactory
from tests.factories.learning import FollowUpFactory, HighlightFactory, LearningObjectiveFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import OrganisationFactory
from tests.support.queries import assert_constant_queries

pytestmark = pytest.mark.demo

PHSS_STAFF = "phss.staff@exchange.example"
LMD_STAFF = "lmd.staff@exchange.example"
DEMO_TITLE_PART = "whole-of-society"
APS_MEETING = "Meeting with the office of the Deputy Inspector General"
POLICING_OBSERVATION = "Community policing and local peace and conflict management go together"


def page(client, url_name, *args) -> str:
    response = client.get(reverse(url_name, args=args))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def policing() -> Topic:
    return Topic.objects.get(slug="community-policing")


# --- The demo story -----------------------------------------------------------------------------


def test_topic_list_shows_every_topic_with_the_demo_counts(demo_client):
    html = page(demo_client(PHSS_STAFF), "learning:topic-list")

    detail_url = reverse("learning:topic-detail", args=["community-policing"])
    assert f'<a href="{detail_url}">Community policing</a>' in html
    assert "Border security management" in html and "Reintegration" in html
    listed = {topic.slug: topic for topic in page_topics(demo_client(PHSS_STAFF))}
    counts = listed["community-policing"]
    assert (counts.delegation_count, counts.item_count) == (1, 1)
    assert (counts.highlight_count, counts.follow_up_count) == (1, 0)
    reintegration = listed["reintegration"]
    assert (reintegration.highlight_count, reintegration.follow_up_count) == (1, 1)


def page_topics(client) -> list[Topic]:
    response = client.get(reverse("learning:topic-list"))
    assert response.status_code == 200
    return list(response.context["topics"])


def test_topic_detail_shows_what_the_demo_delegation_learned_about_community_policing(
    demo_client,
):
    html = page(demo_client(PHSS_STAFF), "learning:topic-detail", "community-policing")

    assert "<h1" in html and "Community policing</h1>" in html
    assert DEMO_TITLE_PART in html
    assert "Understand how community policing involves communities in security." in html
    assert APS_MEETING in html
    assert "23 Jul 2019" in html
    assert "Administration Police Service" in html
    assert "Mr Noor Gabow" in html and "Dr Mark Leruk" in html
    assert POLICING_OBSERVATION in html
    # Another topic's quote is not on this page.
    assert "43rd tribe" not in html


def test_topic_detail_shows_quotes_and_follow_ups(demo_client):
    client = demo_client(PHSS_STAFF)

    border = page(client, "learning:topic-detail", "cross-border-confidence-building")
    reintegration = page(client, "learning:topic-detail", "reintegration")

    assert "43rd tribe" in border and "Mr John Elungata" in border
    assert "Potential follow-up exchange with youth leaders" in reintegration
    assert "Proposed" in reintegration


def test_delegation_and_itinerary_pages_link_topics_to_their_pages(demo_client):
    client = demo_client(PHSS_STAFF)
    delegation = Delegation.objects.get(programme__code="PHSS", title__contains=DEMO_TITLE_PART)
    topic_url = reverse("learning:topic-detail", args=["community-policing"])
    detail = page(client, "delegations:detail", delegation.pk)
    itinerary = page(client, "itinerary:itinerary", delegation.pk)
    # The objective, the lesson recorded on it, and the meeting that covered it.
    assert detail.count(f'href="{topic_url}"') >= 2
    assert f'href="{topic_url}">Community policing</a>' in itinerary


def test_topic_detail_answers_by_pk_and_by_slug(demo_client):
    topic = policing()
    client = demo_client(PHSS_STAFF)

    by_pk = reverse("learning:topic-detail", args=[topic.pk])
    by_slug = reverse("learning:topic-detail", args=[topic.slug])

    assert (
        by_pk == f"/visits/topics/{topic.pk}/" and by_slug == "/visits/topics/community-policing/"
    )
    assert client.get(by_pk).context["topic"] == topic
    assert client.get(by_slug).context["topic"] == topic
    assert client.get(reverse("learning:topic-detail", args=["no-such-topic"])).status_code == 404


def test_a_slug_that_looks_like_a_pk_names_its_own_topic(staff_client):
    first = TopicFactory()
    numbered = TopicFactory(name="Numbered", slug=str(first.pk))

    response = staff_client.get(reverse("learning:topic-detail", args=[str(first.pk)]))

    assert response.context["topic"] == numbered


def test_topic_pages_keep_another_programme_out(demo_client):
    client = demo_client(LMD_STAFF)

    detail = page(client, "learning:topic-detail", "community-policing")
    counts = {topic.slug: topic for topic in page_topics(client)}["community-policing"]

    assert "Community policing" in detail
    assert DEMO_TITLE_PART not in detail
    assert APS_MEETING not in detail and POLICING_OBSERVATION not in detail
    assert (counts.delegation_count, counts.item_count, counts.highlight_count) == (0, 0, 0)


def test_navigation_links_to_topics_for_logged_in_users_only(demo_client, client):
    topics_link = f'href="{reverse("learning:topic-list")}">Topics</a>'
    assert topics_link not in client.get(reverse("login")).content.decode()

    html = page(demo_client(PHSS_STAFF), "delegations:list")

    assert topics_link in html


# --- Access -------------------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["learning:topic-list", "learning:topic-detail"])
def test_topic_pages_send_anonymous_users_to_log_in(client, db, url_name):
    topic = TopicFactory()
    url = reverse(url_name, args=[topic.slug] if url_name.endswith("detail") else [])

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(f"{reverse('login')}?next=")


@pytest.mark.parametrize("url_name", ["learning:topic-list", "learning:topic-detail"])
def test_topic_pages_refuse_users_without_a_programme(client, db, url_name):
    topic = TopicFactory()
    client.force_login(UserFactory())
    url = reverse(url_name, args=[topic.slug] if url_name.endswith("detail") else [])

    assert client.get(url).status_code == 403


def test_topic_detail_is_scoped_for_staff_and_whole_for_administrators(
    client, programme, other_programme, staff_user, administrator
):
    topic = TopicFactory(name="Border management")
    for member_of, title in ((programme, "Visit we run"), (other_programme, "Visit they run")):
        delegation = DelegationFactory(programme=member_of, title=title)
        LearningObjectiveFactory(delegation=delegation, topic=topic)
        FollowUpFactory(delegation=delegation, topic=topic, description=f"Follow-up of {title}")

    client.force_login(staff_user)
    staff_html = page(client, "learning:topic-detail", topic.slug)
    client.force_login(administrator)
    admin_html = page(client, "learning:topic-detail", topic.slug)

    assert "Visit we run" in staff_html and "Follow-up of Visit we run" in staff_html
    assert "Visit they run" not in staff_html
    assert "Visit they run" in admin_html and "Follow-up of Visit they run" in admin_html


# --- Query counts -------------------------------------------------------------------------------


def add_topic_rows(topic, programme):
    def add(n):
        for _ in range(n):
            delegation = DelegationFactory(programme=programme)
            LearningObjectiveFactory(delegation=delegation, topic=topic)
            item = ItineraryItemFactory(delegation=delegation)
            item.topics.add(topic)
            item.organisations.add(OrganisationFactory())
            CounterpartFactory(
                item=item, official=OfficialFactory(organisation=OrganisationFactory())
            )
            HighlightFactory(
                delegation=delegation,
                item=item,
                topic=topic,
                kind=HighlightKind.QUOTE,
                speaker=OfficialFactory(),
            )
            FollowUpFactory(
                delegation=delegation,
                item=item,
                topic=topic,
                owner_organisation=OrganisationFactory(),
                owner_official=OfficialFactory(),
            )
            TopicFactory()

    return add


def test_topic_list_queries_stay_constant(staff_client, programme):
    topic = TopicFactory()
    add_rows = add_topic_rows(topic, programme)
    add_rows(1)

    assert_constant_queries(staff_client, reverse("learning:topic-list"), add_rows)


def test_topic_detail_queries_stay_constant(staff_client, programme):
    topic = TopicFactory()
    add_rows = add_topic_rows(topic, programme)
    add_rows(1)

    assert_constant_queries(
        staff_client, reverse("learning:topic-detail", args=[topic.slug]), add_rows
    )


def test_topic_detail_puts_the_newest_delegation_first(staff_client, programme):
    topic = TopicFactory()
    for year in (2019, 2023):
        delegation = DelegationFactory(
            programme=programme,
            title=f"Visit of {year}",
            start_date=datetime.date(year, 7, 1),
            end_date=datetime.date(year, 7, 5),
        )
        HighlightFactory(delegation=delegation, topic=topic, text=f"Lesson of {year}")
        LearningObjectiveFactory(delegation=delegation, topic=topic)

    html = page(staff_client, "learning:topic-detail", topic.slug)

    assert html.index("Lesson of 2023") < html.index("Lesson of 2019")
    assert html.index("Visit of 2023") < html.index("Visit of 2019")
