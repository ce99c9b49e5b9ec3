"""Programme figures for the dashboard: the delegations in the user's scope, counted.

`programme_figures` is the recount: every figure one aggregate query over the delegations
the user may see (`delegations_for_user`), optionally narrowed to one programme and to the
year the delegations started. The dashboard shows the same figures composed from counts
cached per programme (`reports.figure_counts`, `reports.figure_cache`), and its tests
compare the two; this module also holds the rows, the definitions and the charts.

Definitions (the template shows them next to the figures):
- People are counted once per delegation: members by the sex on their directory entry,
  counterparts as the distinct officials a delegation met (however many meetings they
  attended), beneficiaries as the sums of the groups' counts. Someone who took part in
  two delegations counts twice: the programme's figures are the sums of its reports'.
- Beneficiaries' "sex not recorded" is, for groups with a known total, the part of the
  total no count by sex covers. Unknown is never zero: a sum some groups give no count
  for is "at least" (figures.Sum.complete is False).
- An organisation's engagements: the delegations it hosted, the delegations it arranged,
  and the itinerary items where a delegation met it.
- Follow-up completion rate: done / (all - dropped); overdue: due before today and
  neither done nor dropped.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from delegations.enums import PlanningStatus
from delegations.models import Delegation, DelegationMember
from delegations.selectors import delegations_for_user
from itinerary.models import BeneficiaryGroup, ItineraryItem
from learning.enums import CLOSED_FOLLOW_UP_STATUSES, FollowUpStatus
from learning.models import FollowUp
from officials.enums import Gender
from partners.models import Organisation, Programme
from reports import charts
from reports.figures import Sum as CountSum

TOP_ORGANISATIONS = 10


def figures_scope(*, user, programme: Programme | None = None, year: int | None = None) -> QuerySet:
    """The delegations the figures count: the user's scope, narrowed by the filters."""
    delegations = delegations_for_user(user=user)
    if programme is not None:
        delegations = delegations.filter(programme=programme)
    if year is not None:
        delegations = delegations.filter(start_date__year=year)
    return delegations


def _ids(delegations: QuerySet) -> QuerySet:
    return delegations.order_by().values("pk")


# --- Delegations per year and planning status ---------------------------------------------------


@dataclass(frozen=True)
class YearRow:
    year: int
    counts: tuple[int, ...]  # in PlanningStatus order

    @property
    def total(self) -> int:
        return sum(self.counts)


def delegations_by_year(delegations: QuerySet) -> list[YearRow]:
    rows = (
        delegations.order_by()
        .annotate(year=ExtractYear("start_date"))
        .values("year", "status")
        .annotate(n=Count("pk"))
    )
    by_year: dict[int, dict[str, int]] = {}
    for row in rows:
        by_year.setdefault(row["year"], {})[row["status"]] = row["n"]
    return [
        YearRow(year, tuple(counts.get(status, 0) for status in PlanningStatus.values))
        for year, counts in sorted(by_year.items())
    ]


# --- People taking part, by sex ----------------------------------------------------------------


@dataclass(frozen=True)
class PeopleRow:
    key: str
    label: str
    female: CountSum
    male: CountSum
    other: CountSum
    not_recorded: CountSum
    total: CountSum
    youth: CountSum

    @property
    def by_sex(self) -> tuple[int, int, int, int]:
        """The known counts by sex, for the chart."""
        return tuple(
            part.value or 0 for part in (self.female, self.male, self.other, self.not_recorded)
        )


UNKNOWN = CountSum(value=None, complete=True)


def _known(value: int | None) -> CountSum:
    return CountSum(value=value or 0, complete=True)


def officials_row(key: str, label: str, counts: dict) -> PeopleRow:
    parts = {gender: _known(counts[gender]) for gender in Gender.values}
    return PeopleRow(
        key=key,
        label=label,
        female=parts[Gender.FEMALE],
        male=parts[Gender.MALE],
        other=parts[Gender.OTHER],
        not_recorded=parts[Gender.NOT_RECORDED],
        total=_known(sum(counts[gender] or 0 for gender in Gender.values)),
        youth=UNKNOWN,  # the directory records no age
    )


def members_by_sex(delegations: QuerySet) -> dict[str, int]:
    """Delegation members (each official once per delegation: the pair is unique)."""
    return DelegationMember.objects.filter(delegation__in=_ids(delegations)).aggregate(
        **{gender: Count("pk", filter=Q(official__gender=gender)) for gender in Gender.values}
    )


def counterparts_by_sex(delegations: QuerySet) -> dict[str, int]:
    """The distinct officials each delegation met, summed over the delegations: the
    per-delegation counts are aggregated again in the same query (Django wraps them in
    a subquery)."""
    official = "itinerary_items__counterpart_links__official"
    per_delegation = (
        Delegation.objects.filter(pk__in=_ids(delegations))
        .order_by()
        .annotate(
            **{
                f"met_{gender}": Count(
                    official, distinct=True, filter=Q(**{f"{official}__gender": gender})
                )
                for gender in Gender.values
            }
        )
    )
    totals = per_delegation.aggregate(**{gender: Sum(f"met_{gender}") for gender in Gender.values})
    return {gender: value or 0 for gender, value in totals.items()}


# A group's unknown counts are NULL; adding NULL gives NULL, which is what "unknown" needs.
GROUP_TOTAL = Coalesce("total", F("female") + F("male") + F("other"))
NOT_BY_SEX = F("total") - Coalesce("female", 0) - Coalesce("male", 0) - Coalesce("other", 0)
BENEFICIARY_COUNTS = ("female", "male", "other", "group_total", "youth")


@dataclass(frozen=True)
class BeneficiaryTotals:
    row: PeopleRow
    groups: int
    illustrative: bool


def beneficiaries_by_sex(delegations: QuerySet, label: str) -> BeneficiaryTotals:
    groups = BeneficiaryGroup.objects.filter(item__delegation__in=_ids(delegations)).annotate(
        group_total=GROUP_TOTAL, not_by_sex=NOT_BY_SEX
    )
    # Aggregate aliases must differ from the names they count (Django resolves a filter's
    # field names against the aliases first).
    sums = groups.aggregate(
        n_groups=Count("pk"),
        n_illustrative=Count("pk", filter=Q(illustrative=True)),
        sum_not_by_sex=Sum("not_by_sex"),
        **{f"sum_{name}": Sum(name) for name in BENEFICIARY_COUNTS},
        **{
            f"unknown_{name}": Count("pk", filter=Q(**{f"{name}__isnull": True}))
            for name in BENEFICIARY_COUNTS
        },
    )
    return beneficiaries_row(sums, label)


def beneficiaries_row(sums: dict, label: str) -> BeneficiaryTotals:
    """The beneficiaries' row from the groups' sums (`beneficiaries_by_sex`'s aggregate,
    or those sums added up over programmes: a name missing counts as 0)."""
    n_groups = sums.get("n_groups") or 0

    def summed(name: str) -> CountSum:
        unknown = sums.get(f"unknown_{name}") or 0
        if n_groups and unknown == n_groups:
            return UNKNOWN
        return CountSum(value=sums.get(f"sum_{name}") or 0, complete=unknown == 0)

    row = PeopleRow(
        key="beneficiaries",
        label=label,
        female=summed("female"),
        male=summed("male"),
        other=summed("other"),
        # Groups without a total say nothing of who is missing from their counts by sex.
        not_recorded=CountSum(
            value=sums.get("sum_not_by_sex") or 0,
            complete=(sums.get("unknown_group_total") or 0) == 0,
        ),
        total=summed("group_total"),
        youth=summed("youth"),
    )
    return BeneficiaryTotals(
        row=row, groups=n_groups, illustrative=(sums.get("n_illustrative") or 0) > 0
    )


# --- Organisations engaged most often ----------------------------------------------------------


def _count_for_organisation(queryset: QuerySet, field: str) -> Coalesce:
    """Rows of `queryset` whose `field` is the outer organisation, counted in a subquery
    (three subqueries, not three joins whose rows would multiply)."""
    counted = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), Value(0))


def top_organisations(delegations: QuerySet, limit: int = TOP_ORGANISATIONS) -> list:
    """The organisations with the most engagements, each annotated with hosted,
    arranged, met and engagements; ties by name."""
    ids = _ids(delegations)
    in_scope = Delegation.objects.filter(pk__in=ids)
    return list(
        Organisation.objects.annotate(
            hosted=_count_for_organisation(in_scope, "host_organisation"),
            arranged=_count_for_organisation(in_scope, "arranged_by"),
            met=_count_for_organisation(
                ItineraryItem.objects.filter(delegation__in=ids), "organisations"
            ),
        )
        .annotate(engagements=F("hosted") + F("arranged") + F("met"))
        .filter(engagements__gt=0)
        .order_by("-engagements", "name", "pk")[:limit]
    )


# --- Follow-ups --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FollowUpFigures:
    counts: tuple[int, ...]  # in FollowUpStatus order
    total: int
    done: int
    dropped: int
    overdue: int

    @property
    def counted(self) -> int:
        """The denominator of the completion rate: every follow-up but the dropped."""
        return self.total - self.dropped

    @property
    def completion_rate(self) -> float | None:
        """done / (all - dropped), as a fraction; None when nothing is left to count."""
        return self.done / self.counted if self.counted else None

    @property
    def completion_percent(self) -> int | None:
        rate = self.completion_rate
        return None if rate is None else round(100 * rate)


def follow_up_figures(delegations: QuerySet, *, today: datetime.date) -> FollowUpFigures:
    sums = FollowUp.objects.filter(delegation__in=_ids(delegations)).aggregate(
        total=Count("pk"),
        overdue=Count(
            "pk", filter=Q(due_date__lt=today) & ~Q(status__in=CLOSED_FOLLOW_UP_STATUSES)
        ),
        **{status: Count("pk", filter=Q(status=status)) for status in FollowUpStatus.values},
    )
    return FollowUpFigures(
        counts=tuple(sums[status] for status in FollowUpStatus.values),
        total=sums["total"],
        done=sums[FollowUpStatus.DONE],
        dropped=sums[FollowUpStatus.DROPPED],
        overdue=sums["overdue"],
    )


# --- All of them -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeFigures:
    years: list[YearRow]
    people: list[PeopleRow]
    beneficiary_groups: int
    illustrative: bool
    organisations: list
    follow_ups: FollowUpFigures

    @property
    def delegations(self) -> int:
        return sum(row.total for row in self.years)

    @property
    def status_totals(self) -> tuple[int, ...]:
        """Delegations per planning status, over all years."""
        return tuple(
            sum(row.counts[index] for row in self.years)
            for index in range(len(PlanningStatus.values))
        )


def programme_figures(
    *,
    user,
    programme: Programme | None = None,
    year: int | None = None,
    today: datetime.date | None = None,
) -> ProgrammeFigures:
    """Every figure over the user's delegations (narrowed by programme and year): six
    queries, whatever the data."""
    today = today or timezone.localdate()
    delegations = figures_scope(user=user, programme=programme, year=year)
    beneficiaries = beneficiaries_by_sex(delegations, _("Beneficiaries met"))
    return ProgrammeFigures(
        years=delegations_by_year(delegations),
        people=[
            officials_row("members", _("Delegation members"), members_by_sex(delegations)),
            officials_row("counterparts", _("Counterparts met"), counterparts_by_sex(delegations)),
            beneficiaries.row,
        ],
        beneficiary_groups=beneficiaries.groups,
        illustrative=beneficiaries.illustrative,
        organisations=top_organisations(delegations),
        follow_ups=follow_up_figures(delegations, today=today),
    )


# --- The charts --------------------------------------------------------------------------------

STATUS_COLOURS = {
    PlanningStatus.DRAFT: charts.GREY,
    PlanningStatus.PLANNED: charts.BLUE,
    PlanningStatus.CONFIRMED: charts.PURPLE,
    PlanningStatus.COMPLETED: charts.GREEN,
    PlanningStatus.CANCELLED: charts.ORANGE,
}
FOLLOW_UP_COLOURS = {
    FollowUpStatus.PROPOSED: charts.GREY,
    FollowUpStatus.AGREED: charts.PURPLE,
    FollowUpStatus.IN_PROGRESS: charts.BLUE,
    FollowUpStatus.DONE: charts.GREEN,
    FollowUpStatus.DROPPED: charts.ORANGE,
}
CHART_LABEL = 28  # longer organisation names go by their acronym in the chart


def sex_series() -> list[charts.Series]:
    return [
        charts.Series(_("Women and girls"), charts.ORANGE),
        charts.Series(_("Men and boys"), charts.NAVY),
        charts.Series(_("Other"), charts.PURPLE),
        charts.Series(_("Sex not recorded"), charts.GREY),
    ]


def organisation_series() -> list[charts.Series]:
    return [
        charts.Series(_("Hosted a delegation"), charts.NAVY),
        charts.Series(_("Arranged a delegation"), charts.PURPLE),
        charts.Series(_("Met on the itinerary"), charts.GREEN),
    ]


def chart_label(organisation) -> str:
    if len(organisation.name) > CHART_LABEL and organisation.acronym:
        return organisation.acronym
    return organisation.name


def figure_charts(figures: ProgrammeFigures) -> dict[str, SafeString]:
    """The four charts as inline SVG; the template puts each beside its table."""
    return {
        "delegations": charts.stacked_bars(
            chart_id="chart-delegations",
            title=_("Delegations per year, by planning status"),
            series=[
                charts.Series(status.label, STATUS_COLOURS[status]) for status in PlanningStatus
            ],
            bars=[charts.Bar(str(row.year), row.counts) for row in figures.years],
            unit=_("delegations"),
        ),
        "people": charts.stacked_bars(
            chart_id="chart-people",
            title=_("People taking part, share by sex"),
            series=sex_series(),
            bars=[charts.Bar(row.label, row.by_sex) for row in figures.people],
            percent=True,
            unit=_("people"),
        ),
        "organisations": charts.stacked_bars(
            chart_id="chart-organisations",
            title=_("Organisations engaged most often"),
            series=organisation_series(),
            bars=[
                charts.Bar(chart_label(o), (o.hosted, o.arranged, o.met))
                for o in figures.organisations
            ],
            unit=_("engagements"),
        ),
        "follow_ups": charts.stacked_bars(
            chart_id="chart-follow-ups",
            title=_("Follow-ups by status"),
            series=[
                charts.Series(status.label, FOLLOW_UP_COLOURS[status]) for status in FollowUpStatus
            ],
            bars=[charts.Bar(_("Follow-ups"), figures.follow_ups.counts)],
            unit=_("follow-ups"),
        ),
    }
