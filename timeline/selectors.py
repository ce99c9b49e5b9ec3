"""The audit trail of a delegation: who changed what, and when.

django-simple-history keeps a historical row for every save of the delegation and of
everything under it (members, support team, report, itinerary items with their
counterparts and beneficiary groups, objectives, highlights, follow-ups, attachments).
`delegation_timeline` and `delegation_history_page` merge those rows, newest first, and
put each into words: when, who, which record, and for a change each field "old -> new".

The query count does not grow with the rows: one UNION query orders and pages the keys
of every history table; then one query per table present on the page reads its rows
together with the row before each (to diff against), one per many-to-many field reads
the links of those rows, and one per related model names what the changes point to.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import (
    IntegerField,
    Model,
    Q,
    QuerySet,
    Value,
)

from delegations.models import Delegation
from timeline.entries import SaveGroup, group_saves, timeline_entries
from timeline.sources import SOURCES, Source

HISTORY_SHOWN = 10  # saves at the foot of the delegation page; its history page pages through all
# One save writes several rows (an item with its counterparts and groups): the page reads
# this many rows per save it shows, at most, so its query stays one bounded query.
ROWS_PER_SAVE = 25
HISTORY_PAGE_SIZE = 50


@dataclass(frozen=True)
class Timeline:
    """The latest saves; `has_more` when older ones exist (read on the history page)."""

    saves: list[SaveGroup]
    has_more: bool
    limit: int


def history_keys(
    pk: int,
    sources: tuple[Source, ...] | None = None,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet:
    """(history_date, history_id, source index) of every history row of a delegation and
    of what hangs from it (or of `sources`; after `since`, up to `until`), newest first:
    one query, which the database orders and pages."""
    sources = SOURCES if sources is None else sources
    period = Q()
    if since is not None:
        period &= Q(history_date__gt=since)
    if until is not None:
        period &= Q(history_date__lte=until)
    parts = []
    for index, source in enumerate(sources):
        rows = source.model.history.filter(source.scope(pk), period)
        if source.changes_only:
            rows = rows.filter(history_type="~")
        parts.append(
            rows.annotate(source=Value(index, output_field=IntegerField()))
            .order_by()  # the union orders; SQLite refuses ordered parts
            .values_list("history_date", "history_id", "source")
        )
    first, *rest = parts
    if not rest:
        return first.order_by("-history_date", "-history_id")
    return first.union(*rest, all=True).order_by("-history_date", "-history_id", "-source")


def delegation_timeline(*, delegation: Delegation, limit: int = HISTORY_SHOWN) -> Timeline:
    """The latest `limit` saves, each with the rows it wrote, in words; `has_more` when
    older ones exist. Reads at most `limit * ROWS_PER_SAVE` rows: the query is bounded."""
    wanted = limit * ROWS_PER_SAVE
    keys = list(history_keys(delegation.pk)[: wanted + 1])
    saves = group_saves(timeline_entries(keys[:wanted], delegation=delegation))
    return Timeline(
        saves=saves[:limit], has_more=len(saves) > limit or len(keys) > wanted, limit=limit
    )


def delegation_changes_between(
    *, delegation: Delegation, since: datetime, until: datetime, limit: int = 200
) -> Timeline:
    """What changed under the delegation between two moments, oldest first, in words
    (the review page: what changed since the reviewer last saw the report)."""
    keys = list(history_keys(delegation.pk, since=since, until=until)[: limit + 1])
    saves = group_saves(timeline_entries(keys[:limit], delegation=delegation))
    return Timeline(saves=saves[::-1], has_more=len(keys) > limit, limit=limit)


def directory_sources(model: type[Model]) -> tuple[Source, ...]:
    """An organisation's or a person's own history: its row, every save."""
    source = next(source for source in SOURCES if source.model is model)
    return (Source(model, lambda pk: Q(id=pk), source.name_fields, source.label),)


def entry_timeline(*, entry: Model, limit: int = HISTORY_SHOWN) -> Timeline:
    """The latest `limit` changes of one entry of the shared directory, in words."""
    sources = directory_sources(type(entry))
    keys = list(history_keys(entry.pk, sources)[: limit + 1])
    return Timeline(
        saves=group_saves(timeline_entries(keys[:limit], sources=sources)),
        has_more=len(keys) > limit,
        limit=limit,
    )


def delegation_history_page(
    *, delegation: Delegation, number, per_page: int = HISTORY_PAGE_SIZE
) -> tuple[Page, list[SaveGroup]]:
    """One page of the whole history (`number` as given in the URL; bad ones are mended),
    its rows grouped by save (a save cut by the page's edge continues on the next)."""
    page = Paginator(history_keys(delegation.pk), per_page).get_page(number)
    return page, group_saves(timeline_entries(list(page.object_list), delegation=delegation))
