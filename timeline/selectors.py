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

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from zoneinfo import ZoneInfo

from django.core.paginator import Page, Paginator
from django.db.models import (
    DateTimeField,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.values import VALUE_LENGTH, value_in_words
from delegations.models import Delegation, DelegationMember, Leg, Report, SupportAssignment
from itinerary.models import BeneficiaryGroup, Counterpart, ItineraryItem
from learning.models import Attachment, FollowUp, Highlight, LearningObjective
from officials.models import Official
from partners.models import Organisation
from places.models import Place

HISTORY_SHOWN = 10  # saves at the foot of the delegation page; its history page pages through all
# One save writes several rows (an item with its counterparts and groups): the page reads
# this many rows per save it shows, at most, so its query stays one bounded query.
ROWS_PER_SAVE = 25
HISTORY_PAGE_SIZE = 50
# Bookkeeping columns that change on every save (or name a stored file) and say
# nothing to a reader.
HIDDEN_FIELDS = frozenset(
    {
        "id",
        "created_at",
        "updated_at",
        "version",
        "last_edited_by",
        "feed_generation",
        "feed_renewed_on",
        "search_vector",
        "file",
        "content_type",
        "size",
    }
)
# What a related object's name reads beyond its own row.
NAME_RELATED: dict[type[Model], tuple[str, ...]] = {Place: ("parent",)}
KINDS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


def _of_delegation(pk: int) -> Q:
    return Q(delegation_id=pk)


def _of_items(pk: int) -> Q:
    # Items deleted since are still in their history table: their rows stay listed.
    return Q(item_id__in=ItineraryItem.history.filter(delegation_id=pk).values("id"))


def _counterpart_label(counterpart: Counterpart) -> str:
    return f"{counterpart} · {counterpart.item}"


@dataclass(frozen=True)
class Source:
    """One history table and how its rows hang from a delegation.

    `name_fields` are the foreign keys the object's name reads (resolved in bulk before
    naming it); `label` names the object when its `str()` does not suit the timeline.
    """

    model: type[Model]
    scope: Callable[[int], Q]
    name_fields: tuple[str, ...] = ()
    label: Callable[[Model], str] = str
    changes_only: bool = False  # an entry of the shared directory: its edits, not its creation

    @property
    def historical(self) -> type[Model]:
        return self.model.history.model

    def m2m_fields(self) -> list:
        return list(self.historical._history_m2m_fields)

    def shown_fields(self) -> list:
        """The tracked fields a reader cares about, in the model's order."""
        return [f for f in self.historical.tracked_fields if f.name not in HIDDEN_FIELDS]


def _officials_of(pk: int) -> Q:
    """The people who appear in a delegation: its team, its counterparts, its speakers and
    the owners of its follow-ups. Their directory entries' edits are in its history."""
    return Q(
        id__in=DelegationMember.objects.filter(delegation_id=pk)
        .values("official_id")
        .union(
            SupportAssignment.objects.filter(delegation_id=pk).values("official_id"),
            Counterpart.objects.filter(item__delegation_id=pk).values("official_id"),
            Highlight.objects.filter(delegation_id=pk, speaker__isnull=False).values("speaker_id"),
            FollowUp.objects.filter(delegation_id=pk, owner_official__isnull=False).values(
                "owner_official_id"
            ),
        )
    )


def _organisations_of(pk: int) -> Q:
    """The organisations that appear in a delegation: those named on it, those met on its
    itinerary, the owners of its follow-ups."""
    named = Delegation.objects.filter(pk=pk)
    return Q(
        id__in=Delegation.sending_organisations.through.objects.filter(delegation_id=pk)
        .values("organisation_id")
        .union(
            named.values("host_organisation_id"),
            named.values("arranged_by_id"),
            named.values("requested_by_id"),
            ItineraryItem.organisations.through.objects.filter(
                itineraryitem__delegation_id=pk
            ).values("organisation_id"),
            FollowUp.objects.filter(delegation_id=pk).values("owner_organisation_id"),
        )
    )


SOURCES: tuple[Source, ...] = (
    Source(Delegation, lambda pk: Q(id=pk)),
    Source(DelegationMember, _of_delegation, ("official",)),
    Source(SupportAssignment, _of_delegation, ("official",)),
    Source(Leg, _of_delegation, ("place",)),
    Source(Report, _of_delegation, ("delegation",), label=lambda report: report.delegation.title),
    Source(ItineraryItem, _of_delegation),
    Source(Counterpart, _of_items, ("official", "item"), label=_counterpart_label),
    Source(BeneficiaryGroup, _of_items, ("item",)),
    Source(LearningObjective, _of_delegation),
    Source(Highlight, _of_delegation),
    Source(FollowUp, _of_delegation),
    Source(Attachment, _of_delegation),
    # The shared directory: edits of the entries the delegation names (finding 10).
    Source(Official, _officials_of, ("organisation",), changes_only=True),
    Source(Organisation, _organisations_of, changes_only=True),
)


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    who: str  # the user's name or email; "" when no user did it (a script, the demo)
    kind: str  # "+" created, "~" changed, "-" deleted
    model_label: str
    object_label: str
    reason: str
    changes: tuple[FieldChange, ...]
    save: object = None  # the mark of the save that wrote it (core.history), None: unknown

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]


@dataclass(frozen=True)
class SaveGroup:
    """The rows one save wrote (one request: core.history), newest first: one entry on the
    page ("changed the item, added two counterparts")."""

    when: datetime
    who: str
    entries: tuple[TimelineEntry, ...]


def group_saves(entries: list[TimelineEntry]) -> list[SaveGroup]:
    """Consecutive entries (newest first) written by one save, as one group each; a row
    with no mark (written outside a request) stands alone."""
    groups: list[list[TimelineEntry]] = []
    for entry in entries:
        current = groups[-1] if groups else None
        if current and entry.save is not None and current[0].save == entry.save:
            current.append(entry)
        else:
            groups.append([entry])
    return [
        SaveGroup(when=group[0].when, who=group[0].who, entries=tuple(group)) for group in groups
    ]


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


# --- From history rows to entries -------------------------------------------------------------


def _read_rows(source: Source, ids: list[int]) -> dict[int, Model]:
    """The page's rows of one table and, for each change, the row before it: one query."""
    manager = source.historical._default_manager
    before = (
        manager.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    previous_ids = (
        manager.filter(history_id__in=ids, history_type="~")
        .annotate(previous=Subquery(before))
        .order_by()
        .values("previous")
    )
    # IN (page UNION previous), not "IN page OR IN previous": an OR with a subquery
    # would scan the whole history table; this reads both sets by primary key.
    wanted = manager.filter(history_id__in=ids).order_by().values("history_id")
    rows = (
        manager.filter(history_id__in=wanted.union(previous_ids))
        .select_related("history_user")
        .annotate(previous_id=Subquery(before))
        .order_by()
    )
    return {row.history_id: row for row in rows}


def _read_links(source: Source, history_ids: Iterable[int]) -> dict[tuple[str, int], frozenset]:
    """(m2m field name, history_id) -> the ids it linked to: one query per field."""
    links: dict[tuple[str, int], set] = defaultdict(set)
    if not history_ids:
        return {}
    for field in source.m2m_fields():
        through = getattr(source.historical, field.name).model
        target = through._meta.get_field(field.m2m_reverse_field_name()).attname
        rows = through._default_manager.filter(history_id__in=list(history_ids))
        for history_id, target_id in rows.values_list("history_id", target):
            links[field.name, history_id].add(target_id)
    return {key: frozenset(value) for key, value in links.items()}


def _raw_changes(source: Source, record, previous, links) -> list[tuple[object, object, object]]:
    """(field, old, new) for each shown field that differs, foreign keys as ids."""
    shown = source.shown_fields()
    editable = [f.name for f in shown if f.editable]
    delta = record.diff_against(previous, included_fields=editable)
    changed = {change.field: (change.old, change.new) for change in delta.changes}
    for field in shown:
        # Columns only services set (planning lock, report status, submitter) are left
        # out by diff_against: compare them here.
        if not field.editable:
            old, new = getattr(previous, field.attname), getattr(record, field.attname)
            if old != new:
                changed[field.name] = (old, new)
    changes = [(f, *changed[f.name]) for f in shown if f.name in changed]
    for field in source.m2m_fields():
        old = links.get((field.name, previous.history_id), frozenset())
        new = links.get((field.name, record.history_id), frozenset())
        if old != new:
            changes.append((field, old, new))
    return changes


class _Names:
    """Related objects by model and pk, read in bulk; deleted ones from their history."""

    def __init__(self, delegation: Delegation | None):
        self.wanted: dict[type[Model], set] = defaultdict(set)
        self.found: dict[type[Model], dict] = defaultdict(dict)
        if delegation is not None:
            self.found[Delegation][delegation.pk] = delegation
        self.deleted: set[tuple[type[Model], object]] = set()

    def want(self, model: type[Model], pks: Iterable) -> None:
        self.wanted[model].update(pk for pk in pks if pk is not None)

    def resolve(self) -> None:
        for model, pks in self.wanted.items():
            missing = pks - self.found[model].keys()
            if not missing:
                continue
            queryset = model._base_manager.filter(pk__in=missing)
            related = NAME_RELATED.get(model)
            if related:
                queryset = queryset.select_related(*related)
            self.found[model].update((obj.pk, obj) for obj in queryset)
            gone = missing - self.found[model].keys()
            history = getattr(model, "history", None)
            if gone and history is not None:
                for row in history.filter(id__in=gone).order_by("history_id"):
                    # The latest row wins. A history with excluded columns (users)
                    # would read the live row again to build an instance: keep the
                    # historical row, whose own columns name it.
                    stand_in = row if row._history_excluded_fields else row.instance
                    self.found[model][row.id] = stand_in
                    self.deleted.add((model, row.id))

    def get(self, model: type[Model], pk):
        return self.found[model].get(pk)

    def name(self, model: type[Model], pk) -> str:
        obj = self.get(model, pk)
        if obj is None:
            return gettext("#%(pk)s (deleted)") % {"pk": pk}
        if (model, pk) in self.deleted:
            return gettext("%(name)s (deleted)") % {"name": _plain_name(obj)}
        return str(obj)


def _plain_name(obj: Model) -> str:
    """A deleted object's name from its own columns (its relations are not read)."""
    for attribute in ("title", "name", "full_name", "description", "caption"):
        value = getattr(obj, attribute, "")
        if value:
            return str(value)
    return f"#{obj.pk}"


def _show(field, value, names: _Names, zone: ZoneInfo | None) -> str:
    return value_in_words(field, value, name=partial(names.name, field.related_model), zone=zone)


def _zone(record, names: _Names) -> ZoneInfo | None:
    """Where a record's moments happen: an itinerary item's place (or, for travel, its
    origin), as the itinerary shows them; None (the site's zone) for anything else."""
    for attname in ("place_id", "origin_id"):
        place = names.get(Place, getattr(record, attname, None))
        if place is not None and place.timezone:
            return ZoneInfo(place.timezone)
    return None


def _object_label(source: Source, record, names: _Names) -> str:
    instance = record.instance
    for name in source.name_fields:
        field = source.model._meta.get_field(name)
        related = names.get(field.related_model, getattr(record, field.attname))
        if related is None:
            return _plain_name(instance)
        field.set_cached_value(instance, related)
    return source.label(instance)


def timeline_entries(
    keys: list[tuple],
    *,
    delegation: Delegation | None = None,
    sources: tuple[Source, ...] | None = None,
) -> list[TimelineEntry]:
    """Entries for `keys` (from `history_keys` over the same `sources`), in their order.

    A save that changed only bookkeeping columns (and gave no reason) says nothing to
    a reader: it is left out.
    """
    sources = SOURCES if sources is None else sources
    by_source: dict[int, list[int]] = defaultdict(list)
    for _when, history_id, index in keys:
        by_source[index].append(history_id)
    rows: dict[int, dict[int, Model]] = {}
    links: dict[int, dict] = {}
    for index, ids in by_source.items():
        rows[index] = _read_rows(sources[index], ids)
        # Only a change is diffed: the links of its row and of the row before it.
        compared = [
            (row.history_id, row.previous_id)
            for row in rows[index].values()
            if row.history_type == "~" and row.previous_id in rows[index]
        ]
        links[index] = _read_links(sources[index], {pk for pair in compared for pk in pair})

    names = _Names(delegation)
    raw: dict[tuple[int, int], list] = {}
    for index, ids in by_source.items():
        source = sources[index]
        for history_id in ids:
            record = rows[index][history_id]
            for name in source.name_fields:
                field = source.model._meta.get_field(name)
                names.want(field.related_model, [getattr(record, field.attname)])
            previous = rows[index].get(record.previous_id)
            if record.history_type != "~" or previous is None:
                continue
            changes = _raw_changes(source, record, previous, links[index])
            raw[index, history_id] = changes
            if any(isinstance(field, DateTimeField) for field, _old, _new in changes):
                names.want(Place, [getattr(record, f, None) for f in ("place_id", "origin_id")])
            for field, old, new in changes:
                if field.is_relation:
                    many = field.many_to_many
                    names.want(field.related_model, [*old, *new] if many else [old, new])
    names.resolve()

    entries = []
    for _when, history_id, index in keys:
        source, record = sources[index], rows[index][history_id]
        zone = _zone(record, names)
        changes = tuple(
            FieldChange(
                capfirst(field.verbose_name),
                _show(field, old, names, zone),
                _show(field, new, names, zone),
            )
            for field, old, new in raw.get((index, history_id), ())
        )
        reason = record.history_change_reason or ""
        if record.history_type == "~" and not changes and not reason:
            continue
        entries.append(
            TimelineEntry(
                when=record.history_date,
                who=str(record.history_user) if record.history_user else "",
                kind=record.history_type,
                model_label=capfirst(source.model._meta.verbose_name),
                object_label=Truncator(_object_label(source, record, names)).chars(VALUE_LENGTH),
                reason=reason,
                changes=changes,
                save=getattr(record, "history_save", None),  # directory tables carry no mark
            )
        )
    return entries
