"""Four eyes: who changed a report, or anything under its delegation, in this review cycle.

The cycle starts after the last approved version (or at the beginning): everyone who
changed the delegation, its team, its report's narrative, or anything a higher app keeps
under it since then is an author of what is being reviewed, and may not approve it. The
evidence is the change history (django-simple-history) that is kept anyway.

Higher apps read their own history tables and register a source here
(timeline: every table under the delegation), so this app never imports them.
"""

from collections.abc import Callable
from datetime import datetime

from django.db.models import Max

from delegations.enums import ReviewAction
from delegations.models import Report, ReviewEvent

# (delegation pk, since or None) -> ids of the users who changed something since then.
CHANGE_AUTHOR_SOURCES: list[Callable[[int, datetime | None], set[int]]] = []
# The same evidence in bulk, for a list: (user pk, {delegation pk: since or None}) -> the
# pks of those delegations the user changed something under since then.
CHANGED_BY_SOURCES: list[Callable[[int, dict[int, datetime | None]], set[int]]] = []


def register_change_authors(source: Callable[[int, datetime | None], set[int]]) -> None:
    if source not in CHANGE_AUTHOR_SOURCES:
        CHANGE_AUTHOR_SOURCES.append(source)


def register_changed_by(source: Callable[[int, dict[int, datetime | None]], set[int]]) -> None:
    if source not in CHANGED_BY_SOURCES:
        CHANGED_BY_SOURCES.append(source)


def review_cycle_start(report: Report) -> datetime | None:
    """When the last approved version was fixed; None if the report was never approved."""
    return (
        report.events.filter(action=ReviewAction.APPROVE)
        .order_by("-created_at", "-pk")
        .values_list("created_at", flat=True)
        .first()
    )


def report_change_authors(report: Report) -> set[int]:
    """The users who wrote what is under review: the submitter, the narrative's last
    editor, and whoever the history shows changing anything under the delegation."""
    authors = {pk for pk in (report.submitted_by_id, report.last_edited_by_id) if pk}
    since = review_cycle_start(report)
    for source in CHANGE_AUTHOR_SOURCES:
        authors |= source(report.delegation_id, since)
    return authors


def reports_held_for(user, reports: list[Report]) -> set[int]:
    """The pks of the reports among `reports` that four eyes keeps `user` from deciding on:
    report_change_authors(report) holds the user, read for every report at once (a fixed
    number of queries, whatever the number of reports; the dashboard's list)."""
    held = {
        report.pk
        for report in reports
        if user.pk in (report.submitted_by_id, report.last_edited_by_id)
    }
    rest = [report for report in reports if report.pk not in held]
    if not rest:
        return held
    starts = dict(
        ReviewEvent.objects.filter(report__in=rest, action=ReviewAction.APPROVE)
        .values_list("report_id")
        .annotate(last=Max("created_at"))
        .order_by()
    )
    cycles = {report.delegation_id: starts.get(report.pk) for report in rest}
    changed: set[int] = set()
    for source in CHANGED_BY_SOURCES:
        changed |= source(user.pk, cycles)
    return held | {report.pk for report in rest if report.delegation_id in changed}
