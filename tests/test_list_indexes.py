"""Lists that stay flat as the data grows (issue 13): each list's ordering and filter is
read from an index in that order (no sort of every row), and the filters' country choices
come from a walk of an index (core.distinct), not from a scan.

The plans are read with sequential scans, bitmap scans and sorts priced out of reach: the
planner then takes the index that yields the rows already in the list's order, if there is
one, and sorts only if there is none. bench/pages_bench.py shows the plans on 40,000
delegations and 200,000 officials."""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from delegations.filters import DEFAULT_ORDER, SORTS
from delegations.models import Delegation
from delegations.selectors import (
    delegation_countries,
    delegations_for_user,
    delegations_listed_for,
)
from officials.models import Official
from officials.selectors import official_countries, officials_for_directory
from partners.models import Organisation
from partners.selectors import organisation_countries, organisations_for_directory
from tests.factories.accounts import AdministratorFactory
from tests.factories.delegations import DelegationFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import OrganisationFactory

PAGE = 25
SORTS_AND_SCANS_OFF = (
    "enable_seqscan",
    "enable_bitmapscan",
    "enable_sort",
    "enable_incremental_sort",
)


def plan(queryset, start: int = 0) -> str:
    """EXPLAIN of the page's ids as the list's paginator reads them (core.pagination)."""
    ids = queryset.values_list("pk", flat=True)[start : start + PAGE]
    sql, params = ids.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        for setting in SORTS_AND_SCANS_OFF:
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def assert_read_in_order(queryset, index: str | tuple[str, ...], start: int = 0) -> None:
    explained = plan(queryset, start)
    names = (index,) if isinstance(index, str) else index
    assert any(f"using {name} " in explained for name in names), explained
    sorts = [
        line for line in explained.splitlines() if line.strip().lstrip("-> ").startswith("Sort")
    ]
    assert not sorts, explained


@pytest.fixture
def rows(staff_user, programme, other_programme):
    for number in range(6):
        DelegationFactory(programme=programme, title=f"Visit {number}", host_country="TZ")
        DelegationFactory(programme=other_programme, title=f"Other {number}", host_country="UG")
        OfficialFactory(full_name=f"Person {number}", country="KE" if number % 2 else "TZ")
        OrganisationFactory(name=f"Organisation {number}", country="TZ" if number % 2 else "")


def test_the_delegation_list_reads_its_default_order_from_an_index(staff_user, rows):
    scope = delegations_for_user(user=staff_user)
    listed = delegations_listed_for(user=staff_user)  # what the list reads: programmes by id

    # One programme's delegations in order: (programme, start date...) or, on so few rows,
    # the global order filtered; bench/pages_bench.py shows the first at 40,000 delegations,
    # where a deep page is skipped in that index alone.
    either = ("delegations_prog_order_idx", "delegations_list_order_idx")
    assert_read_in_order(listed.order_by(*DEFAULT_ORDER), either)
    assert_read_in_order(listed.order_by(*DEFAULT_ORDER), either, 100)
    assert_read_in_order(scope.order_by(*DEFAULT_ORDER), "delegations_list_order_idx")
    assert_read_in_order(
        scope.filter(status="planned").order_by(*DEFAULT_ORDER), "delegations_list_order_idx"
    )
    assert_read_in_order(
        Delegation.objects.order_by(*DEFAULT_ORDER), "delegations_list_order_idx"
    )  # the administrator's: every programme


def test_the_delegation_list_sorted_by_title_reads_an_index(staff_user, rows):
    scope = delegations_for_user(user=staff_user)

    assert_read_in_order(scope.order_by(*SORTS["title"]), "delegations_title_order_idx")


def test_the_officials_list_reads_its_order_from_an_index(rows):
    assert_read_in_order(officials_for_directory(), "officials_name_order_idx")
    assert_read_in_order(
        officials_for_directory().filter(country="KE"), "officials_country_order_idx"
    )


def test_the_organisations_list_reads_its_order_from_an_index(rows):
    assert_read_in_order(organisations_for_directory(), "partners_org_name_order_idx")


def test_the_list_s_scope_is_the_user_s_scope(staff_user, rows):
    listed = set(delegations_listed_for(user=staff_user).values_list("pk", flat=True))

    assert listed == set(delegations_for_user(user=staff_user).values_list("pk", flat=True))
    assert len(listed) == 6


def test_the_country_choices_are_every_country_in_scope(staff_user, rows, programme):
    DelegationFactory(programme=programme, sending_countries=["MZ", "ZA"], host_country="KE")

    sending, host = delegation_countries(user=staff_user)

    assert (sending, host) == ({"MZ", "ZA"}, {"KE", "TZ"})  # not the other programme's UG
    everything = delegation_countries(user=AdministratorFactory())
    assert everything == ({"MZ", "ZA"}, {"KE", "TZ", "UG"})
    # The walk finds what a DISTINCT over every row finds.
    for model, choices in ((Official, official_countries), (Organisation, organisation_countries)):
        every = set(model.objects.exclude(country="").values_list("country", flat=True))
        assert {code for code, _name in choices()} == every
    assert {"KE", "TZ"} <= {code for code, _name in official_countries()}


@pytest.mark.parametrize("url", ["/delegations/", "/officials/", "/partners/organisations/"])
def test_the_lists_count_a_bounded_number_of_rows(staff_client, rows, url):
    with CaptureQueriesContext(connection) as captured:
        staff_client.get(url)

    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counts and all(" LIMIT " in sql for sql in counts), counts
    # The country choices: walked (core.distinct), not a DISTINCT over every row.
    scans = re.compile(r'SELECT DISTINCT "\w+"\."(country|host_country|sending_countries)"')
    assert not [q["sql"] for q in captured if scans.search(q["sql"])]
