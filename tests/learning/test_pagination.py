"""A topic's page shows each of its lists a page at a time, each with its own page
parameter: page 1 the newest rows, the next pages the rest, links that keep the other
lists' pages, any page value answered with a page, the scope on every page, and the same
number of queries on every page."""

import datetime

import pytest
from django.urls import reverse

from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import ItineraryItemFactory, TopicFactory
from tests.factories.learning import FollowUpFactory, HighlightFactory, LearningObjectiveFactory
from tests.support.pagers import (
    NEWEST,
    OLDEST,
    YEARS,
    PagedSection,
    assert_pages_of,
    pager_link,
    section_of,
    years_in,
)
from tests.support.queries import queries_for

SECTIONS = [
    PagedSection(
        "delegations_page",
        "delegations-heading",
        "Visit of {}",
        "3 delegations",
        "Pages of delegations",
    ),
    PagedSection(
        "items_page",
        "items-heading",
        "Meeting of {}",
        "3 meetings and visits",
        "Pages of meetings and visits",
    ),
    PagedSection(
        "highlights_page",
        "highlights-heading",
        "Lesson of {}",
        "3 lessons and quotes",
        "Pages of lessons and quotes",
    ),
    PagedSection(
        "follow_ups_page",
        "followups-heading",
        "Follow-up of {}",
        "3 follow-ups",
        "Pages of follow-ups",
    ),
]
BY_PARAM = {section.param: section for section in SECTIONS}


@pytest.fixture(autouse=True)
def two_rows_a_page(monkeypatch):
    monkeypatch.setattr("learning.selectors.TOPIC_ROWS_PER_PAGE", 2)


def add_years(topic, programme, *, mark: str = "") -> None:
    """One delegation a year on the topic, with an item, a lesson and a follow-up."""
    for year in YEARS:
        delegation = DelegationFactory(
            programme=programme,
            title=f"{mark}Visit of {year}",
            start_date=datetime.date(year, 7, 1),
            end_date=datetime.date(year, 7, 5),
        )
        LearningObjectiveFactory(delegation=delegation, topic=topic)
        item = ItineraryItemFactory(
            delegation=delegation,
            title=f"{mark}Meeting of {year}",
            starts_at=datetime.datetime(year, 7, 2, 6, tzinfo=datetime.UTC),
        )
        item.topics.add(topic)
        HighlightFactory(delegation=delegation, topic=topic, text=f"{mark}Lesson of {year}")
        FollowUpFactory(
            delegation=delegation, topic=topic, description=f"{mark}Follow-up of {year}"
        )


@pytest.fixture
def topic(programme):
    topic = TopicFactory(name="Border management", slug="border-management")
    add_years(topic, programme, mark="Ours ")
    return topic


def topic_page(client, query: str = "") -> str:
    response = client.get(f"{reverse('learning:topic-detail', args=['border-management'])}{query}")
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.parametrize("section", SECTIONS, ids=lambda section: section.param)
def test_page_one_shows_the_newest_rows_and_page_two_the_rest(staff_client, topic, section):
    first = topic_page(staff_client)
    second = topic_page(staff_client, f"?{section.param}=2")

    assert_pages_of(section, first, second, SECTIONS)


def test_pager_links_keep_the_other_sections_pages(staff_client, topic):
    html = topic_page(staff_client, "?items_page=2&highlights_page=2")

    query, fragment = pager_link(html, "Pages of delegations", "Next")
    assert query == {"items_page": "2", "highlights_page": "2", "delegations_page": "2"}
    assert fragment == "delegations-heading"
    query, fragment = pager_link(html, "Pages of meetings and visits", "Previous")
    assert query == {"highlights_page": "2"}
    assert fragment == "items-heading"
    assert years_in(html, BY_PARAM["items_page"]) == OLDEST
    assert years_in(html, BY_PARAM["highlights_page"]) == OLDEST
    assert years_in(html, BY_PARAM["delegations_page"]) == NEWEST


def test_the_last_page_links_back_but_not_forward(staff_client, topic):
    html = topic_page(staff_client, "?follow_ups_page=2")

    assert pager_link(html, "Pages of follow-ups", "First") == ({}, "followups-heading")
    with pytest.raises(AssertionError, match="no 'Next' link"):
        pager_link(html, "Pages of follow-ups", "Next")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("99", OLDEST), ("3", OLDEST), ("0", NEWEST), ("-1", NEWEST), ("abc", NEWEST), ("", NEWEST)],
)
def test_a_page_out_of_range_or_not_a_number_shows_the_last_or_the_first(
    staff_client, topic, value, expected
):
    query = "&".join(f"{section.param}={value}" for section in SECTIONS)

    html = topic_page(staff_client, f"?{query}")

    assert all(years_in(html, section) == expected for section in SECTIONS)


@pytest.mark.parametrize("number", ["1", "2", "99"])
def test_staff_of_another_programme_never_see_our_rows_on_any_page(
    client, programme, other_programme, other_staff, topic, number
):
    add_years(topic, other_programme, mark="Theirs ")
    client.force_login(other_staff)
    query = "&".join(f"{section.param}={number}" for section in SECTIONS)

    html = topic_page(client, f"?{query}")

    for section in SECTIONS:
        part = section_of(html, section.heading_id)
        assert section.total in part and "Theirs " in part
    assert "Ours " not in html


def test_administrators_page_through_every_programme(client, administrator, other_programme, topic):
    add_years(topic, other_programme, mark="Theirs ")
    client.force_login(administrator)

    html = topic_page(client, "?delegations_page=3")

    part = section_of(html, "delegations-heading")
    assert "6 delegations" in part and "Page 3 of 3" in part
    assert "Ours Visit of 2017" in part and "Theirs Visit of 2017" in part
    assert "Visit of 2018" not in part


def test_page_two_makes_as_many_queries_as_page_one(staff_client, topic):
    url = reverse("learning:topic-detail", args=[topic.slug])
    every_second = "&".join(f"{section.param}=2" for section in SECTIONS)

    assert queries_for(staff_client, f"{url}?{every_second}") == queries_for(staff_client, url)
