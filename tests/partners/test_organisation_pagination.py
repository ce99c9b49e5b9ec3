"""An organisation's page shows the delegations it took part in and the follow-ups it owns a
page at a time, each list with its own page parameter (delegations_page, follow_ups_page):
the newest delegations first, links that keep the other list's page, any page value
answered with a page, the scope on every page, as many queries on page 2 as on page 1."""

import datetime

import pytest
from django.urls import reverse

from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import ItineraryItemFactory
from tests.factories.learning import FollowUpFactory
from tests.factories.partners import OrganisationFactory
from tests.support.pagers import pager_link, pager_of, section_of
from tests.support.queries import queries_for

YEARS = (2017, 2018, 2019)


@pytest.fixture(autouse=True)
def two_rows_a_page(monkeypatch):
    monkeypatch.setattr("learning.directory_sections.ROWS_PER_PAGE", 2)


def add_years(organisation, programme, *, mark: str) -> None:
    """A delegation a year: hosted by the organisation in odd years, met by it in even
    ones; each leaves the organisation a follow-up due the next year."""
    for year in YEARS:
        delegation = DelegationFactory(
            programme=programme,
            title=f"{mark}Visit of {year}",
            start_date=datetime.date(year, 7, 1),
            end_date=datetime.date(year, 7, 5),
            host_organisation=organisation if year % 2 else None,
        )
        if not year % 2:
            item = ItineraryItemFactory(delegation=delegation, title=f"{mark}Meeting of {year}")
            item.organisations.add(organisation)
        FollowUpFactory(
            delegation=delegation,
            owner_organisation=organisation,
            description=f"{mark}Follow-up of {year}",
            due_date=datetime.date(year + 1, 3, 1),
        )


@pytest.fixture
def organisation(programme):
    organisation = OrganisationFactory(name="IOM Kenya")
    add_years(organisation, programme, mark="Ours ")
    return organisation


def organisation_page(client, organisation, query: str = "") -> str:
    url = reverse("partners:organisation-detail", args=[organisation.pk])
    response = client.get(f"{url}{query}")
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def years_in(html: str, heading_id: str, row: str) -> list[int]:
    """The years whose rows the section shows, in the order it shows them."""
    part = section_of(html, heading_id)
    shown = [year for year in YEARS if row.format(year) in part]
    return sorted(shown, key=lambda year: part.index(row.format(year)))


def test_delegations_newest_first_two_a_page(staff_client, organisation):
    first = organisation_page(staff_client, organisation)
    second = organisation_page(staff_client, organisation, "?delegations_page=2")

    assert years_in(first, "delegations-heading", "Visit of {}") == [2019, 2018]
    assert years_in(second, "delegations-heading", "Visit of {}") == [2017]
    assert "3 delegations" in section_of(second, "delegations-heading")
    assert "Page 2 of 2" in pager_of(second, "Pages of delegations")
    assert "Hosted" in section_of(first, "delegations-heading")
    assert "Ours Meeting of 2018" in section_of(first, "delegations-heading")


def test_follow_ups_soonest_due_first_two_a_page(staff_client, organisation):
    first = organisation_page(staff_client, organisation)
    second = organisation_page(staff_client, organisation, "?follow_ups_page=2")

    assert years_in(first, "followups-heading", "Follow-up of {}") == [2017, 2018]
    assert years_in(second, "followups-heading", "Follow-up of {}") == [2019]
    assert "3 follow-ups" in section_of(first, "followups-heading")
    assert "Page 1 of 2" in pager_of(first, "Pages of follow-ups")


def test_pager_links_keep_the_other_list_page(staff_client, organisation):
    html = organisation_page(staff_client, organisation, "?follow_ups_page=2")

    assert pager_link(html, "Pages of delegations", "Next") == (
        {"follow_ups_page": "2", "delegations_page": "2"},
        "delegations-heading",
    )
    assert pager_link(html, "Pages of follow-ups", "Previous") == ({}, "followups-heading")
    assert years_in(html, "delegations-heading", "Visit of {}") == [2019, 2018]


@pytest.mark.parametrize(
    ("value", "delegations", "follow_ups"),
    [
        ("7", [2017], [2019]),
        ("0", [2019, 2018], [2017, 2018]),
        ("two", [2019, 2018], [2017, 2018]),
        ("%00", [2019, 2018], [2017, 2018]),
    ],
)
def test_a_page_out_of_range_or_not_a_number_shows_the_last_or_the_first(
    staff_client, organisation, value, delegations, follow_ups
):
    html = organisation_page(
        staff_client, organisation, f"?delegations_page={value}&follow_ups_page={value}"
    )

    assert years_in(html, "delegations-heading", "Visit of {}") == delegations
    assert years_in(html, "followups-heading", "Follow-up of {}") == follow_ups


@pytest.mark.parametrize("number", ["1", "2", "9"])
def test_staff_of_another_programme_never_see_our_rows_on_any_page(
    client, other_programme, other_staff, organisation, number
):
    add_years(organisation, other_programme, mark="Theirs ")
    client.force_login(other_staff)

    html = organisation_page(
        client, organisation, f"?delegations_page={number}&follow_ups_page={number}"
    )

    assert "3 delegations" in section_of(html, "delegations-heading")
    assert "3 follow-ups" in section_of(html, "followups-heading")
    assert "Theirs Visit of" in html and "Ours " not in html


def test_page_two_makes_as_many_queries_as_page_one(staff_client, organisation):
    url = reverse("partners:organisation-detail", args=[organisation.pk])

    assert queries_for(staff_client, f"{url}?delegations_page=2&follow_ups_page=2") == (
        queries_for(staff_client, url)
    )
