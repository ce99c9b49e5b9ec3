"""Who changed a delegation, or anything under it, since a moment: the evidence four eyes
reads (delegations.four_eyes), taken from the history tables the timeline reads.

A row of the delegation or of its report counts when its author is the one it names as
last editor: the review steps and the lock (approve, send back, reopen) save those rows
too, in the reviewer's name, without changing their content.
"""

from datetime import datetime

from django.db import connection
from django.db.models import F, IntegerField, Value

from delegations.models import Delegation, Report
from timeline.sources import SOURCES

# The rows of these models are saved by review steps too: only an edit names its editor.
EDITED_BY_THEIR_AUTHOR = (Delegation, Report)


def _changes(source, delegation_pk: int, since: datetime | None):
    """The history rows of one table that count as changes under the delegation since
    `since`: the one definition both readers below use."""
    rows = source.model.history.filter(source.scope(delegation_pk), history_user__isnull=False)
    if since is not None:
        rows = rows.filter(history_date__gt=since)
    if source.model in EDITED_BY_THEIR_AUTHOR:
        rows = rows.filter(history_user_id=F("last_edited_by_id"))
    return rows.order_by()


def change_authors(delegation_pk: int, since: datetime | None) -> set[int]:
    """Ids of the users whose changes under the delegation the history holds since
    `since` (everything when None): one query over every history table."""
    first, *rest = (
        _changes(source, delegation_pk, since).values_list(
            "history_user_id", Value(0, output_field=IntegerField())
        )
        for source in SOURCES
    )
    return {user_id for user_id, _ in first.union(*rest)}


def delegations_changed_by(user_pk: int, cycles: dict[int, datetime | None]) -> set[int]:
    """Of the delegations in `cycles` (pk -> since), those the user changed something under
    since then: the bulk form of change_authors for one user, in one query whatever the
    number of delegations (a list page's rows)."""
    sources = _tables_changed_by(user_pk, cycles)
    parts = [
        _changes(source, pk, since)
        .filter(history_user_id=user_pk)
        .values_list(Value(pk, output_field=IntegerField()))
        for pk, since in cycles.items()
        for source in sources
    ]
    return {pk for (pk,) in _union_rows(parts)}


# SQLite takes at most 500 terms in one compound SELECT (SQLITE_MAX_COMPOUND_SELECT):
# there, the parts go in several queries (a dashboard of 50 reports by a user who changed
# every kind of thing has 50 x 14). PostgreSQL has no such limit: one query.
SQLITE_COMPOUND_TERMS = 400


def _union_rows(parts: list) -> list[tuple]:
    size = SQLITE_COMPOUND_TERMS if connection.vendor == "sqlite" else len(parts)
    rows: list[tuple] = []
    for start in range(0, len(parts), max(size, 1)):
        first, *rest = parts[start : start + size]
        rows += first.union(*rest)
    return rows


def _tables_changed_by(user_pk: int, cycles: dict[int, datetime | None]) -> list:
    """The history tables holding any row by the user since the earliest cycle start, in
    one query: a reviewer has changed few kinds of things, and building the per-delegation
    query for every table costs about 0.7 ms of Python per (delegation, table) pair."""
    if not cycles:
        return []
    starts = list(cycles.values())
    since = None if None in starts else min(starts)
    tables = [
        source.model.history.filter(
            history_user_id=user_pk, **({"history_date__gt": since} if since else {})
        )
        .order_by()
        .values_list(Value(index, output_field=IntegerField()))
        for index, source in enumerate(SOURCES)
    ]
    if connection.features.supports_slicing_ordering_in_compound:
        tables = [table[:1] for table in tables]  # one row says enough (not on SQLite)
    first, *rest = tables
    found = {index for (index,) in first.union(*rest)}
    return [source for index, source in enumerate(SOURCES) if index in found]
