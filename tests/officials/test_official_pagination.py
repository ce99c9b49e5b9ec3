"""A person's page shows each list of their history a page at a time, each with its own
page parameter (delegations_page, support_page, meetings_page, highlights_page): the
newest first, links that keep the other lists' pages, any page value answered with a page,
the scope on every page, as many queries on page 2 as on page 1."""

import datetime

import pytest
from django.urls import reverse

from tests.factories.delegations import (
    DelegationFactory,
    DelegationMemberFactory,
    SupportAssignmentFactory,
)
from tests.factories.itinerary import CounterpartFactory
from tests.factories.learning import HighlightFactory
from tests.factories.officials import OfficialFactory
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
        "Pages of delegations they were a member of",
    ),
    PagedSection(
        "support_page",
        "support-heading",
        "Support of {}",
        "3 support teams",
        "Pages of support teams they were on",
    ),
    PagedSection(
        "meetings_page",
        "met-heading",
        "Meeting of {}",
        "3 meetings and visits",
        "Pages of where delegations met them",
    ),
    PagedSection(
        "highlights_page",
        "said-heading",
        "Said in {}",
        "3 lessons and quotes",
        "Pages of what they said",
    ),
]


@pytest.fixture(autouse=True)
def two_rows_a_page(monkeypatch):
    monkeypatch.setattr("learning.directory_sections.ROWS_PER_PAGE", 2)


def visit(programme, year: int, title: str):
    return DelegationFactory(
        programme=programme,
        title=title,
        start_date=datetime.date(year, 7, 1),
        end_date=datetime.date(year, 7, 5),
    )


def add_years(official, programme, *, mark: str) -> None:
    """Each year: a delegation they were a member of (where they were met and spoke), and
    another whose support team they were on."""
    for year in YEARS:
        delegation = visit(programme, year, f"{mark}Visit of {year}")
        DelegationMemberFactory(delegation=delegation, official=official)
        SupportAssignmentFactory(
            delegation=visit(programme, year, f"{mark}Support of {year}"), official=official
        )
        link = CounterpartFactory(
            item__delegation=delegation,
            item__title=f"{mark}Meeting of {year}",
            item__starts_at=datetime.datetime(year, 7, 2, 6, tzinfo=datetime.UTC),
            official=official,
        )
        HighlightFactory(
            delegation=delegation, item=link.item, speaker=official, text=f"{mark}Said in {year}"
        )


@pytest.fixture
def official(programme):
    official = OfficialFactory(full_name="Amina Yusuf")
    add_years(official, programme, mark="Ours ")
    return official


def official_page(client, official, query: str = "") -> str:
    response = client.get(f"{reverse('officials:detail', args=[official.pk])}{query}")
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.mark.parametrize("section", SECTIONS, ids=lambda section: section.param)
def test_page_one_shows_the_newest_rows_and_page_two_the_rest(staff_client, official, section):
    first = official_page(staff_client, official)
    second = official_page(staff_client, official, f"?{section.param}=2")

    assert_pages_of(section, first, second, SECTIONS)


def test_pager_links_keep_the_other_lists_pages(staff_client, official):
    html = official_page(staff_client, official, "?support_page=2&highlights_page=2")

    assert pager_link(html, "Pages of where delegations met them", "Last") == (
        {"support_page": "2", "highlights_page": "2", "meetings_page": "2"},
        "met-heading",
    )
    assert pager_link(html, "Pages of support teams they were on", "Previous") == (
        {"highlights_page": "2"},
        "support-heading",
    )


@pytest.mark.parametrize(
    ("value", "expected"), [("5", OLDEST), ("-5", NEWEST), ("1; DROP", NEWEST), ("", NEWEST)]
)
def test_a_page_out_of_range_or_not_a_number_shows_the_last_or_the_first(
    staff_client, official, value, expected
):
    query = "&".join(f"{section.param}={value}" for section in SECTIONS)

    html = official_page(staff_client, official, f"?{query}")

    assert all(years_in(html, section) == expected for section in SECTIONS)


@pytest.mark.parametrize("number", ["1", "2", "9"])
def test_staff_of_another_programme_never_see_our_rows_on_any_page(
    client, other_programme, other_staff, official, number
):
    add_years(official, other_programme, mark="Theirs ")
    client.force_login(other_staff)
    query = "&".join(f"{section.param}={number}" for section in SECTIONS)

    html = official_page(client, official, f"?{query}")

    for section in SECTIONS:
        part = section_of(html, section.heading_id)
        assert section.total in part and "Theirs " in part
    assert "Ours " not in html


def test_page_two_makes_as_many_queries_as_page_one(staff_client, official):
    url = reverse("officials:detail", args=[official.pk])
    every_second = "&".join(f"{section.param}=2" for section in SECTIONS)

    assert queries_for(staff_client, f"{url}?{every_second}") == queries_for(staff_client, url)
