"""The dashboard's reads: what waits for a manager, what staff have in hand, and the
figures of the programmes the user works on (composed from counts cached per programme,
reports.figure_cache: a view does not count every row)."""

import datetime

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from delegations.enums import PlanningStatus, ReportStatus
from delegations.four_eyes import reports_held_for
from delegations.models import Report, ReviewEvent
from delegations.selectors import delegations_for_user
from learning.enums import CLOSED_FOLLOW_UP_STATUSES, FollowUpStatus
from learning.models import FollowUp
from partners.enums import ProgrammeRole
from partners.selectors import managed_programmes, programmes_for_user
from reports.figure_cache import ProgrammeCounts, programme_counts
from reports.figure_counts import compose, other_not_recorded, status_totals, years_of
from reports.figure_forms import FigureFilterForm
from reports.partial_counts import total_at_least
from reports.programme_figures import figure_charts

RECENT_DAYS = 30
DUE_SOON_DAYS = 14
SHOWN = 50
BATCHES = 4


def _reports(programmes) -> QuerySet:
    return Report.objects.filter(delegation__programme__in=programmes).select_related(
        "delegation__programme", "submitted_by", "last_edited_by"
    )


def awaiting_review(*, user) -> tuple[list[Report], bool]:
    """Submitted reports in the user's managed programmes that the user may decide on, the
    SHOWN oldest first, and whether there are more: the review page's four-eyes rule
    (delegations.four_eyes), so nobody is shown as theirs a report they changed anything
    under since it was last approved. Held reports are left out before the list is cut,
    reading further batches while they thin it (at most BATCHES: a fixed bound on the
    queries, whatever the number of reports; past it, "more" says there may be others)."""
    submitted = (
        _reports(managed_programmes(user=user))
        .filter(status=ReportStatus.SUBMITTED)
        .exclude(submitted_by=user)
        .exclude(last_edited_by=user)
        .order_by("submitted_at", "pk")
    )
    kept: list[Report] = []
    for number in range(BATCHES):
        batch = list(submitted[number * (SHOWN + 1) : (number + 1) * (SHOWN + 1)])
        held = reports_held_for(user, batch)
        kept += [report for report in batch if report.pk not in held]
        if len(kept) > SHOWN or len(batch) <= SHOWN:
            return kept[:SHOWN], len(kept) > SHOWN
    return kept[:SHOWN], True


def recently_decided(*, user) -> QuerySet:
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    return (
        _reports(managed_programmes(user=user))
        .filter(
            status__in=[ReportStatus.APPROVED, ReportStatus.CHANGES_REQUESTED],
            updated_at__gte=since,
        )
        .order_by("-updated_at", "-pk")[:SHOWN]
    )


def follow_ups_due(*, user, today: datetime.date | None = None) -> dict[str, list]:
    """Open follow-ups of the managed programmes: overdue, and due within 14 days."""
    today = today or timezone.localdate()
    rows = list(
        FollowUp.objects.filter(
            delegation__programme__in=managed_programmes(user=user),
            due_date__isnull=False,
            due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
        )
        .exclude(status__in=CLOSED_FOLLOW_UP_STATUSES)
        .select_related("delegation", "owner_organisation", "owner_official")
        .order_by("due_date", "pk")[: SHOWN * 2]
    )
    return {
        "overdue": [row for row in rows if row.is_overdue_on(today)],
        "due_soon": [row for row in rows if not row.is_overdue_on(today)],
    }


def planning_counts(*, user, counted: ProgrammeCounts) -> list[tuple[str, int]]:
    """(status label, count) of the delegations of the managed programmes, every status,
    from the counts of the user's programmes (which include the managed ones)."""
    managed = managed_programmes(user=user).values_list("pk", flat=True)
    counts = status_totals(counted.counts[pid] for pid in managed if pid in counted.counts)
    return [(status.label, counts.get(status.value, 0)) for status in PlanningStatus]


def _latest_comment():
    return Subquery(
        ReviewEvent.objects.filter(report=OuterRef("pk"))
        .exclude(comment="")
        .order_by("-created_at", "-pk")
        .values("comment")[:1]
    )


def staff_drafts(*, user) -> QuerySet:
    """Reports in the user's staff programmes still being written (draft or sent back)."""
    programmes = programmes_for_user(user=user, roles=(ProgrammeRole.STAFF,))
    return (
        Report.objects.filter(
            delegation__programme__in=programmes,
            status__in=[ReportStatus.DRAFT, ReportStatus.CHANGES_REQUESTED],
            delegation__in=delegations_for_user(user=user),
        )
        # Only what the two lists show: 50 rows of every column cost more than the query.
        .select_related("delegation__programme")
        .only(
            "status",
            "delegation__title",
            "delegation__start_date",
            "delegation__programme__code",
        )
        .annotate(latest_comment=_latest_comment())
        .order_by("delegation__start_date", "pk")[:SHOWN]
    )


def figures_context(*, user, params=None, today: datetime.date | None = None) -> dict:
    """The programme figures, their charts and the filter form (bound when filtered): the
    cached counts of the user's programmes (reports.figure_cache), added up for the
    programme and year chosen. The same figures as `programme_figures`, the recount."""
    programme_ids = list(programmes_for_user(user=user).values_list("pk", flat=True))
    counted = programme_counts(programme_ids)
    form = FigureFilterForm(params or None, user=user, years=years_of(counted.counts.values()))
    filters = form.filters()
    chosen = [filters["programme"].pk] if filters.get("programme") else programme_ids
    chosen_counts = [counted.counts[pid] for pid in chosen]
    figures = compose(chosen_counts, year=filters.get("year"), today=today or timezone.localdate())
    # Partial counts (reports.partial_counts): groups with "other" not recorded, from the
    # same cached counts.
    other_missing = other_not_recorded(chosen_counts, year=filters.get("year"))
    beneficiaries = next(row for row in figures.people if row.key == "beneficiaries")
    return {
        "beneficiaries_other_not_recorded": other_missing,
        "beneficiaries_total": total_at_least(beneficiaries.total, other_missing),
        "figure_form": form,
        "figure_filters": filters,
        "figures": figures,
        "figures_counted": counted,
        "charts": figure_charts(figures),
        "status_labels": PlanningStatus.labels,
        "follow_up_rows": list(zip(FollowUpStatus.labels, figures.follow_ups.counts, strict=True)),
    }


def dashboard_context(*, user, params=None) -> dict:
    is_manager = user.is_administrator or managed_programmes(user=user).exists()
    is_staff = user.is_administrator or (
        programmes_for_user(user=user, roles=(ProgrammeRole.STAFF,)).exists()
    )
    context: dict = {"is_manager": is_manager, "is_staff": is_staff}
    if is_manager or is_staff:
        context.update(figures_context(user=user, params=params))
    if is_manager:
        awaiting, awaiting_more = awaiting_review(user=user)
        context.update(
            awaiting=awaiting,
            awaiting_more=awaiting_more,
            decided=list(recently_decided(user=user)),
            planning=planning_counts(user=user, counted=context["figures_counted"]),
            **follow_ups_due(user=user),
        )
    if is_staff:
        drafts = list(staff_drafts(user=user))
        context.update(
            drafts=[r for r in drafts if r.status == ReportStatus.DRAFT],
            sent_back=[r for r in drafts if r.status == ReportStatus.CHANGES_REQUESTED],
        )
    return context
