"""The dashboard's programme figures, counted per programme and year, then added up.

Every figure of `reports.programme_figures` is a sum over delegations, and a delegation
belongs to one programme and starts in one year. So each figure can be counted once per
(programme, year) and the counts added: the dashboard composes the programmes in a
user's scope (and one year, when filtered) from counts the cache keeps per programme
(`reports.figure_cache`), instead of counting every row on every view.

- `count_programmes(ids)` counts the listed programmes, all at once: eight grouped
  queries whatever the number of programmes, delegations, people and follow-ups. The
  counts are plain dicts and tuples (they are pickled into the cache).
- `compose(counts, year=..., today=...)` adds them into the same `ProgrammeFigures` that
  `programme_figures` (the recount) gives, with one query for the top organisations.

Follow-ups keep the due date of every open one (as counts per date), so "overdue" is
exact on any day, however old the counts.
"""

import datetime
from collections import Counter
from collections.abc import Iterable

from django.db import connections
from django.db.models import Case, Count, F, Q, QuerySet, Sum, When
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from delegations.enums import PlanningStatus
from delegations.models import Delegation, DelegationMember
from itinerary.models import BeneficiaryGroup, Counterpart, ItineraryItem
from learning.enums import CLOSED_FOLLOW_UP_STATUSES, FollowUpStatus
from learning.models import FollowUp
from officials.enums import Gender
from partners.models import Organisation
from reports.partial_counts import OTHER_NOT_RECORDED, OtherNotRecorded
from reports.programme_figures import (
    BENEFICIARY_COUNTS,
    GROUP_TOTAL,
    NOT_BY_SEX,
    TOP_ORGANISATIONS,
    FollowUpFigures,
    ProgrammeFigures,
    YearRow,
    beneficiaries_row,
    officials_row,
)

# What one (programme, year) holds; every value adds up across programmes and years.
PARTS = ("status", "members", "counterparts", "beneficiaries", "organisations", "follow_ups")
HOSTED, ARRANGED, MET = range(3)


def _grouped(queryset: QuerySet, path: str, *fields: str, **values) -> QuerySet:
    """`queryset` grouped by the programme and the start year of the delegation at `path`
    ("" for delegations), and by `fields` and `values`; each group's rows counted as `n`."""
    prefix = f"{path}__" if path else ""
    return (
        queryset.order_by()
        .values(
            *fields, pid=F(f"{prefix}programme"), yr=ExtractYear(f"{prefix}start_date"), **values
        )
        .annotate(n=Count("pk"))
    )


def _counterpart_pairs(ids: list[int]) -> list[tuple[int, int, str, int]]:
    """(programme, year, gender, n): the distinct officials each delegation met, summed
    over the delegations (an official met twice by one delegation counts once)."""
    pairs = (
        Counterpart.objects.filter(item__delegation__programme__in=ids)
        .order_by()
        .values(
            pid=F("item__delegation__programme"),
            yr=ExtractYear("item__delegation__start_date"),
            did=F("item__delegation"),
            oid=F("official"),
            sex=F("official__gender"),
        )
        .distinct()
    )
    sql, params = pairs.query.sql_with_params()
    with connections[pairs.db].cursor() as cursor:
        cursor.execute(
            f"SELECT pid, yr, sex, COUNT(*) FROM ({sql}) pairs GROUP BY pid, yr, sex", params
        )
        return [(pid, int(year), sex, n) for pid, year, sex, n in cursor.fetchall()]


def _beneficiary_sums(ids: list[int]) -> QuerySet:
    groups = BeneficiaryGroup.objects.filter(item__delegation__programme__in=ids).annotate(
        group_total=GROUP_TOTAL, not_by_sex=NOT_BY_SEX
    )
    return (
        groups.order_by()
        .values(
            pid=F("item__delegation__programme"), yr=ExtractYear("item__delegation__start_date")
        )
        .annotate(
            n_groups=Count("pk"),
            n_illustrative=Count("pk", filter=Q(illustrative=True)),
            # Women and men counted, "other" and the total blank: "at least" (partial_counts).
            n_other_missing=Count("pk", filter=OTHER_NOT_RECORDED),
            sum_other_missing=Sum(F("female") + F("male"), filter=OTHER_NOT_RECORDED),
            sum_not_by_sex=Sum("not_by_sex"),
            **{f"sum_{name}": Sum(name) for name in BENEFICIARY_COUNTS},
            **{
                f"unknown_{name}": Count("pk", filter=Q(**{f"{name}__isnull": True}))
                for name in BENEFICIARY_COUNTS
            },
        )
    )


def count_programmes(programme_ids: Iterable[int]) -> dict[int, dict[int, dict]]:
    """{programme id: {year: {part: counts}}} for every listed programme (an empty dict
    for a programme without delegations). Eight queries."""
    ids = list(programme_ids)
    counts: dict[int, dict[int, dict]] = {pid: {} for pid in ids}
    if not ids:
        return counts

    def cell(row) -> dict:
        year = counts[row["pid"]].setdefault(int(row["yr"]), {part: {} for part in PARTS})
        return year

    def add(part: dict, key, n: int) -> None:
        part[key] = part.get(key, 0) + n

    delegations = Delegation.objects.filter(programme__in=ids)
    for row in _grouped(delegations, "", "status"):
        add(cell(row)["status"], row["status"], row["n"])
    members = DelegationMember.objects.filter(delegation__programme__in=ids)
    for row in _grouped(members, "delegation", sex=F("official__gender")):
        add(cell(row)["members"], row["sex"], row["n"])
    for pid, year, sex, n in _counterpart_pairs(ids):
        part = counts[pid].setdefault(year, {part: {} for part in PARTS})["counterparts"]
        add(part, sex, n)
    for row in _beneficiary_sums(ids):
        cell(row)["beneficiaries"] = {
            name: value or 0 for name, value in row.items() if name not in ("pid", "yr")
        }
    engagements = (
        (HOSTED, _grouped(delegations, "", org=F("host_organisation"))),
        (ARRANGED, _grouped(delegations, "", org=F("arranged_by"))),
        (
            MET,
            _grouped(
                ItineraryItem.objects.filter(delegation__programme__in=ids),
                "delegation",
                org=F("organisations"),
            ),
        ),
    )
    for kind, rows in engagements:
        for row in rows:
            if row["org"] is None:
                continue
            per_organisation = cell(row)["organisations"].setdefault(row["org"], [0, 0, 0])
            per_organisation[kind] += row["n"]
    # Follow-ups by status and, for the open ones, by due date (what "overdue" needs).
    open_due = Case(When(status__in=CLOSED_FOLLOW_UP_STATUSES, then=None), default=F("due_date"))
    follow_ups = FollowUp.objects.filter(delegation__programme__in=ids)
    for row in _grouped(follow_ups, "delegation", "status", due=open_due):
        add(cell(row)["follow_ups"], (row["status"], row["due"]), row["n"])
    return counts


# --- Adding them up -------------------------------------------------------------------------


def _cells(counts: Iterable[dict[int, dict]], year: int | None) -> list[tuple[int, dict]]:
    return [
        (cell_year, cell)
        for per_year in counts
        for cell_year, cell in per_year.items()
        if year is None or cell_year == year
    ]


def _summed(cells: list[tuple[int, dict]], part: str) -> Counter:
    total: Counter = Counter()
    for _year, cell in cells:
        total.update(cell[part])
    return total


def _years(cells: list[tuple[int, dict]]) -> list[YearRow]:
    by_year: dict[int, Counter] = {}
    for year, cell in cells:
        by_year.setdefault(year, Counter()).update(cell["status"])
    return [
        YearRow(year, tuple(statuses[status] for status in PlanningStatus.values))
        for year, statuses in sorted(by_year.items())
        if sum(statuses.values())
    ]


def _organisations(cells: list[tuple[int, dict]], limit: int = TOP_ORGANISATIONS) -> list:
    """The top organisations by engagements, ties by name then id (as the recount orders
    them): every organisation tied with the last one kept is read, in the database's
    name order, then sorted by engagements (a stable sort keeps that order)."""
    totals: dict[int, list[int]] = {}
    for _year, cell in cells:
        for organisation, parts in cell["organisations"].items():
            summed = totals.setdefault(organisation, [0, 0, 0])
            for kind in (HOSTED, ARRANGED, MET):
                summed[kind] += parts[kind]
    if not totals:
        return []
    engagements = {organisation: sum(parts) for organisation, parts in totals.items()}
    ranked = sorted(engagements.values(), reverse=True)
    threshold = ranked[min(limit, len(ranked)) - 1]
    candidates = [organisation for organisation, n in engagements.items() if n >= threshold]
    organisations = list(Organisation.objects.filter(pk__in=candidates).order_by("name", "pk"))
    for organisation in organisations:
        organisation.hosted, organisation.arranged, organisation.met = totals[organisation.pk]
        organisation.engagements = engagements[organisation.pk]
    organisations.sort(key=lambda organisation: -organisation.engagements)
    return organisations[:limit]


def _follow_ups(cells: list[tuple[int, dict]], today: datetime.date) -> FollowUpFigures:
    by_status: Counter = Counter()
    overdue = 0
    for (status, due), n in _summed(cells, "follow_ups").items():
        by_status[status] += n
        if due is not None and due < today and status not in CLOSED_FOLLOW_UP_STATUSES:
            overdue += n
    return FollowUpFigures(
        counts=tuple(by_status[status] for status in FollowUpStatus.values),
        total=sum(by_status.values()),
        done=by_status[FollowUpStatus.DONE],
        dropped=by_status[FollowUpStatus.DROPPED],
        overdue=overdue,
    )


def compose(
    counts: Iterable[dict[int, dict]], *, year: int | None = None, today: datetime.date
) -> ProgrammeFigures:
    """The figures of the programmes whose counts are given (one year, or all)."""
    cells = _cells(counts, year)

    def by_sex(part: str) -> dict[str, int]:
        summed = _summed(cells, part)
        return {gender: summed[gender] for gender in Gender.values}

    beneficiaries = beneficiaries_row(dict(_summed(cells, "beneficiaries")), _("Beneficiaries met"))
    return ProgrammeFigures(
        years=_years(cells),
        people=[
            officials_row("members", _("Delegation members"), by_sex("members")),
            officials_row("counterparts", _("Counterparts met"), by_sex("counterparts")),
            beneficiaries.row,
        ],
        beneficiary_groups=beneficiaries.groups,
        illustrative=beneficiaries.illustrative,
        organisations=_organisations(cells),
        follow_ups=_follow_ups(cells, today),
    )


def other_not_recorded(
    counts: Iterable[dict[int, dict]], *, year: int | None = None
) -> OtherNotRecorded:
    """The beneficiary groups counted without "other" nor a total, and their women and
    men, over the programmes whose counts are given (as `partial_counts` recounts them)."""
    summed = _summed(_cells(counts, year), "beneficiaries")
    return OtherNotRecorded(groups=summed["n_other_missing"], people=summed["sum_other_missing"])


def years_of(counts: Iterable[dict[int, dict]]) -> list[int]:
    """The years delegations started in, newest first: the year filter's choices."""
    return sorted({year for per_year in counts for year in per_year}, reverse=True)


def status_totals(counts: Iterable[dict[int, dict]]) -> dict[str, int]:
    """Delegations per planning status, over every year."""
    return dict(_summed(_cells(counts, None), "status"))
