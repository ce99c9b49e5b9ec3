"""The dashboard's programme figures: every number hand-counted, in the selector's output
and in the tables the page shows; scoped, filtered, and at a constant query count."""

import datetime
import itertools
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from delegations.enums import PlanningStatus
from learning.enums import FollowUpStatus
from officials.enums import Gender
from reports.figures import Sum
from reports.partial_counts import OtherNotRecorded, beneficiaries_other_not_recorded
from reports.programme_figures import figures_scope, programme_figures
from tests.factories.delegations import DelegationFactory, DelegationMemberFactory
from tests.factories.itinerary import (
    BeneficiaryGroupFactory,
    CounterpartFactory,
    ItineraryItemFactory,
)
from tests.factories.learning import FollowUpFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import OrganisationFactory
from tests.support.queries import assert_constant_queries

URL = reverse("reports:dashboard")
TODAY = datetime.date(2024, 6, 15)


# --- Reading the page's tables ------------------------------------------------------------------


class _Tables(HTMLParser):
    """The rows (lists of cell texts) of every table that has a data-testid."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table = self._row = self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "data-testid" in attrs:
            self._table = self.tables.setdefault(attrs["data-testid"], [])
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._table.append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables(response) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(response.content.decode())
    return parser.tables


def by_first_cell(rows: list[list[str]]) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in rows[1:]}  # the first row is the header


# --- Known data ---------------------------------------------------------------------------------


@pytest.fixture
def frozen_today(monkeypatch):
    """Today is 15 June 2024 for the dashboard (time is the outside world)."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def story(programme, other_programme):
    """Three PHSS delegations in two years, and one of another programme (never counted).

    Members: 3 women (the same woman on two delegations), 2 men, 1 other, 1 not recorded.
    Counterparts: 2 women (the same woman met by two delegations, twice by the first),
    1 man, 1 not recorded. Beneficiary groups: 12 known by sex (5 women, 7 men, 6 youth),
    20 with no counts by sex or youth, and 3 women (2 youth) of a group with no total.
    Organisations: Alpha hosted two and was met once, Gamma met three times, Beta arranged
    two. Follow-ups: 5, of which 2 done, 1 dropped and 1 overdue on 15 June 2024.
    """
    alpha = OrganisationFactory(name="Alpha Agency")
    beta = OrganisationFactory(name="Beta Bureau")
    gamma = OrganisationFactory(name="Gamma Council")

    def delegation(year, status, **kwargs):
        return DelegationFactory(
            start_date=datetime.date(year, 7, 22),
            end_date=datetime.date(year, 7, 26),
            status=status,
            **kwargs,
        )

    first = delegation(
        2019,
        PlanningStatus.COMPLETED,
        programme=programme,
        host_organisation=alpha,
        arranged_by=beta,
    )
    second = delegation(2019, PlanningStatus.PLANNED, programme=programme, host_organisation=alpha)
    third = delegation(2020, PlanningStatus.DRAFT, programme=programme, arranged_by=beta)
    elsewhere = delegation(
        2019, PlanningStatus.COMPLETED, programme=other_programme, host_organisation=alpha
    )

    woman = OfficialFactory(gender=Gender.FEMALE)
    for member_of, gender in (
        (first, None),
        (first, Gender.MALE),
        (first, Gender.MALE),
        (second, None),
        (second, Gender.NOT_RECORDED),
        (third, Gender.OTHER),
        (third, Gender.FEMALE),
        (elsewhere, Gender.FEMALE),
    ):
        official = woman if gender is None else OfficialFactory(gender=gender)
        DelegationMemberFactory(delegation=member_of, official=official)

    met_woman = OfficialFactory(gender=Gender.FEMALE)
    first_meeting = ItineraryItemFactory(delegation=first)
    first_visit = ItineraryItemFactory(delegation=first)
    second_meeting = ItineraryItemFactory(delegation=second)
    third_meeting = ItineraryItemFactory(delegation=third)
    elsewhere_meeting = ItineraryItemFactory(delegation=elsewhere)
    CounterpartFactory(item=first_meeting, official=met_woman)
    CounterpartFactory(item=first_meeting, official=OfficialFactory(gender=Gender.MALE))
    CounterpartFactory(item=first_visit, official=met_woman)
    CounterpartFactory(item=first_visit, official=OfficialFactory(gender=Gender.NOT_RECORDED))
    CounterpartFactory(item=second_meeting, official=met_woman)
    CounterpartFactory(item=elsewhere_meeting, official=OfficialFactory(gender=Gender.MALE))

    first_meeting.organisations.add(alpha, gamma)
    first_visit.organisations.add(gamma)
    second_meeting.organisations.add(gamma)
    elsewhere_meeting.organisations.add(beta, gamma)

    BeneficiaryGroupFactory(item=first_visit)  # 5 women, 7 men, 0 other: 12, 6 youth
    BeneficiaryGroupFactory(
        item=second_meeting, female=None, male=None, other=None, total=20, youth=None
    )
    BeneficiaryGroupFactory(
        item=third_meeting, female=3, male=None, other=None, total=None, youth=2
    )
    BeneficiaryGroupFactory(item=elsewhere_meeting, female=40, male=40, other=0, total=80)

    for owner, status, due in (
        (first, FollowUpStatus.DONE, datetime.date(2024, 1, 1)),
        (first, FollowUpStatus.DONE, None),
        (first, FollowUpStatus.DROPPED, datetime.date(2024, 1, 1)),
        (second, FollowUpStatus.AGREED, datetime.date(2024, 6, 14)),  # overdue
        (second, FollowUpStatus.IN_PROGRESS, TODAY),  # due today: not overdue yet
        (elsewhere, FollowUpStatus.AGREED, datetime.date(2020, 1, 1)),
    ):
        FollowUpFactory(delegation=owner, status=status, due_date=due)
    return {"alpha": alpha, "beta": beta, "gamma": gamma, "elsewhere": elsewhere}


def known(value):
    return Sum(value=value, complete=True)


def at_least(value):
    return Sum(value=value, complete=False)


# --- The selector -------------------------------------------------------------------------------


def test_figures_count_delegations_per_year_and_status(manager, story):
    figures = programme_figures(user=manager, today=TODAY)
    statuses = PlanningStatus.values
    assert [(row.year, dict(zip(statuses, row.counts, strict=True))) for row in figures.years] == [
        (2019, {"draft": 0, "planned": 1, "confirmed": 0, "completed": 1, "cancelled": 0}),
        (2020, {"draft": 1, "planned": 0, "confirmed": 0, "completed": 0, "cancelled": 0}),
    ]
    assert figures.delegations == 3
    assert figures.status_totals == (1, 1, 0, 1, 0)


def test_figures_count_people_by_sex_once_per_delegation(manager, story):
    figures = programme_figures(user=manager, today=TODAY)
    members, counterparts, beneficiaries = figures.people
    assert (members.female, members.male, members.other, members.not_recorded) == (
        known(3),
        known(2),
        known(1),
        known(1),
    )
    assert members.total == known(7)
    assert members.youth.value is None
    assert (counterparts.female, counterparts.male, counterparts.not_recorded) == (
        known(2),
        known(1),
        known(1),
    )
    assert counterparts.total == known(4)
    # Unknown counts are never zero: sums some groups give no count for are "at least".
    assert beneficiaries.female == at_least(8)
    assert beneficiaries.male == at_least(7)
    assert beneficiaries.not_recorded == at_least(20)
    assert beneficiaries.total == at_least(32)
    assert beneficiaries.youth == at_least(8)
    assert figures.beneficiary_groups == 3
    assert beneficiaries.by_sex == (8, 7, 0, 20)


def test_figures_rank_organisations_by_engagements(manager, story):
    organisations = programme_figures(user=manager, today=TODAY).organisations
    assert [(o.name, o.hosted, o.arranged, o.met, o.engagements) for o in organisations] == [
        ("Alpha Agency", 2, 0, 1, 3),
        ("Gamma Council", 0, 0, 3, 3),
        ("Beta Bureau", 0, 2, 0, 2),
    ]


def test_figures_follow_up_completion_and_overdue(manager, story):
    follow_ups = programme_figures(user=manager, today=TODAY).follow_ups
    assert (follow_ups.total, follow_ups.done, follow_ups.dropped) == (5, 2, 1)
    assert follow_ups.counted == 4
    assert follow_ups.completion_rate == 0.5
    assert follow_ups.completion_percent == 50
    assert follow_ups.overdue == 1
    assert dict(zip(FollowUpStatus.values, follow_ups.counts, strict=True)) == {
        "proposed": 0,
        "agreed": 1,
        "in_progress": 1,
        "done": 2,
        "dropped": 1,
    }


def test_figures_overdue_moves_with_today(manager, story):
    later = programme_figures(user=manager, today=datetime.date(2024, 6, 16)).follow_ups
    assert later.overdue == 2  # the one due on the 15th is now late too


def test_figures_without_follow_ups_have_no_rate(manager, programme):
    DelegationFactory(programme=programme)
    follow_ups = programme_figures(user=manager, today=TODAY).follow_ups
    assert follow_ups.completion_rate is None and follow_ups.overdue == 0


def test_figures_of_another_programme_only_for_its_people(other_staff, administrator, story):
    theirs = programme_figures(user=other_staff, today=TODAY)
    assert theirs.delegations == 1
    assert theirs.people[0].total == known(1)
    assert theirs.people[2].total == known(80)
    assert [(o.name, o.engagements) for o in theirs.organisations] == [
        ("Alpha Agency", 1),
        ("Beta Bureau", 1),
        ("Gamma Council", 1),
    ]
    assert theirs.follow_ups.overdue == 1
    everything = programme_figures(user=administrator, today=TODAY)
    assert everything.delegations == 4
    assert everything.people[0].total == known(8)


def test_figures_filter_by_programme_and_year(administrator, programme, story):
    only_2020 = programme_figures(user=administrator, year=2020, today=TODAY)
    assert [row.year for row in only_2020.years] == [2020]
    assert only_2020.people[0].other == known(1)
    assert only_2020.follow_ups.total == 0
    assert [o.name for o in only_2020.organisations] == ["Beta Bureau"]
    phss_2019 = programme_figures(user=administrator, programme=programme, year=2019, today=TODAY)
    assert phss_2019.delegations == 2
    assert phss_2019.people[2].total == known(32)


# --- The page -----------------------------------------------------------------------------------


def test_a_group_without_other_counts_in_the_total_as_at_least(
    manager, manager_client, programme, story, frozen_today
):
    """Women and men counted, "other" and the total blank: the delegation page says "at
    least 12 (other not recorded)"; the dashboard's total adds the 12 and says so too."""
    delegation = DelegationFactory(
        programme=programme,
        start_date=datetime.date(2020, 3, 2),
        end_date=datetime.date(2020, 3, 6),
    )
    item = ItineraryItemFactory(delegation=delegation)
    BeneficiaryGroupFactory(item=item, female=5, male=7, other=None, total=None, youth=None)
    elsewhere = ItineraryItemFactory(delegation=story["elsewhere"])
    BeneficiaryGroupFactory(item=elsewhere, female=1, male=1, other=None, total=None)

    scope = figures_scope(user=manager)
    assert beneficiaries_other_not_recorded(scope) == OtherNotRecorded(groups=1, people=12)
    response = manager_client.get(URL)

    people = by_first_cell(tables(response)["figures-people"])
    assert people["Beneficiaries met"][4] == "at least 44 (other not recorded)"
    assert people["Beneficiaries met"][0] == "at least 13"  # the women: 5 more
    html = response.content.decode()
    assert "1 group counted women and men but left “other” and the total blank" in html


def test_the_other_not_recorded_note_only_when_such_a_group_exists(
    manager_client, story, frozen_today
):
    response = manager_client.get(URL)

    assert by_first_cell(tables(response)["figures-people"])["Beneficiaries met"][4] == (
        "at least 32"
    )
    assert 'data-testid="other-not-recorded"' not in response.content.decode()


def test_dashboard_tables_show_the_hand_counted_figures(manager_client, story, frozen_today):
    response = manager_client.get(URL)
    page = tables(response)
    assert page["figures-years"] == [
        ["Year", "Draft", "Planned", "Confirmed", "Completed", "Cancelled", "Total"],
        ["2019", "0", "1", "0", "1", "0", "2"],
        ["2020", "1", "0", "0", "0", "0", "1"],
        ["All years", "1", "1", "0", "1", "0", "3"],
    ]
    people = by_first_cell(page["figures-people"])
    assert people["Delegation members"] == ["3", "2", "1", "1", "7", "not recorded"]
    assert people["Counterparts met"] == ["2", "1", "0", "1", "4", "not recorded"]
    assert people["Beneficiaries met"] == [
        "at least 8",
        "at least 7",
        "at least 0",
        "at least 20",
        "at least 32",
        "at least 8",
    ]
    organisations = by_first_cell(page["figures-organisations"])
    assert list(organisations) == ["Alpha Agency", "Gamma Council", "Beta Bureau"]
    assert organisations["Alpha Agency"] == ["2", "0", "1", "3"]
    follow_ups = by_first_cell(page["figures-follow-ups"])
    assert follow_ups == {
        "Proposed": ["0"],
        "Agreed": ["1"],
        "In progress": ["1"],
        "Done": ["2"],
        "Dropped": ["1"],
        "All follow-ups": ["5"],
        "Overdue": ["1"],
        "Completion rate": ["50%"],
    }
    text = response.content.decode()
    assert re.search(r'data-testid="completion-rate">50%<', text)
    assert re.search(r'data-testid="overdue-count">1<', text)
    assert "2 done of 4 not dropped" in text
    assert "Completion rate = follow-ups done ÷ (all follow-ups − dropped ones)" in text


def test_dashboard_charts_are_accessible_svg_without_inline_style(manager_client, story):
    text = manager_client.get(URL).content.decode()
    section = text[text.index('id="figures"') :]
    for chart in ("chart-delegations", "chart-people", "chart-organisations", "chart-follow-ups"):
        assert f'id="{chart}"' in section
        assert f'aria-labelledby="{chart}-title {chart}-desc"' in section
        assert f'<title id="{chart}-title">' in section
    assert section.count('role="img"') == 4
    assert "style=" not in section
    # The description says the numbers in words, for those who cannot see the bars.
    assert "2019: 2 delegations (Planned 1, Completed 1)" in section
    assert "Alpha Agency: 3 engagements (Hosted a delegation 2, Met on the itinerary 1)" in section


def test_dashboard_excludes_other_programmes(other_staff_client, story):
    page = tables(other_staff_client.get(URL))
    assert page["figures-years"][1:] == [["2019", "0", "0", "0", "1", "0", "1"]]
    assert by_first_cell(page["figures-people"])["Beneficiaries met"][4] == "80"


def test_dashboard_filters_by_year(manager_client, story, frozen_today):
    response = manager_client.get(URL, {"year": "2020"})
    page = tables(response)
    assert page["figures-years"][1:] == [["2020", "1", "0", "0", "0", "0", "1"]]
    assert by_first_cell(page["figures-people"])["Delegation members"] == [
        "1",
        "0",
        "1",
        "0",
        "2",
        "not recorded",
    ]
    assert by_first_cell(page["figures-follow-ups"])["Completion rate"] == ["—"]
    text = response.content.decode()
    assert "Counted over 1 delegation" in text and "started in 2020" in text
    assert '<option value="2020" selected>2020</option>' in text


def test_dashboard_filters_by_programme(admin_client, other_programme, story):
    response = admin_client.get(URL, {"programme": other_programme.pk})
    page = tables(response)
    assert page["figures-years"][1:] == [["2019", "0", "0", "0", "1", "0", "1"]]
    assert "programme LMD" in response.content.decode()


def test_dashboard_ignores_a_programme_outside_the_scope(manager_client, other_programme, story):
    response = manager_client.get(URL, {"programme": other_programme.pk, "year": "1999"})
    text = response.content.decode()
    assert "Select a valid choice" in text
    # Neither filter is valid: the figures stay those of the manager's own programme.
    assert tables(response)["figures-years"][-1] == ["All years", "1", "1", "0", "1", "0", "3"]


def test_dashboard_staff_see_figures_too(staff_client, story):
    assert "figures-years" in tables(staff_client.get(URL))


def test_dashboard_without_delegations_says_nothing_to_count(manager_client):
    text = manager_client.get(URL).content.decode()
    assert "there is nothing to count" in text
    assert 'role="img"' not in text


@pytest.mark.parametrize("query", ["", "?year=2019", "?programme={programme}&year=2019"])
def test_dashboard_figures_query_count_is_constant(manager_client, programme, query):
    numbers = itertools.count()
    organisation = OrganisationFactory()

    def add_rows(n):
        for _ in range(n):
            i = next(numbers)
            delegation = DelegationFactory(
                programme=programme,
                title=f"Visit {i}",
                host_organisation=OrganisationFactory(),
                arranged_by=organisation,
                status=PlanningStatus.values[i % 5],
            )
            DelegationMemberFactory(delegation=delegation)
            DelegationMemberFactory(delegation=delegation, official__gender=Gender.FEMALE)
            item = ItineraryItemFactory(delegation=delegation)
            item.organisations.add(organisation, OrganisationFactory())
            CounterpartFactory(item=item)
            BeneficiaryGroupFactory(item=item)
            FollowUpFactory(delegation=delegation, due_date=datetime.date(2019, 1, 1))
            FollowUpFactory(delegation=delegation, status=FollowUpStatus.DONE)

    add_rows(1)
    url = URL + query.format(programme=programme.pk)
    assert_constant_queries(manager_client, url, add_rows, more=12)
    figures = manager_client.get(url).context["figures"]
    assert figures.delegations == 13
    assert figures.follow_ups.total == 26
    assert len(figures.organisations) == 10
