"""From history rows to entries in words: who, when, which record, and for a change each
field "old -> new", with what the values point to named in bulk. Consecutive rows of
one save are grouped.

The query count does not grow with the rows: one query per table present reads its rows
together with the row before each, one per many-to-many field reads the links, and one
per related model names what the changes point to.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from zoneinfo import ZoneInfo

from django.db.models import DateTimeField, Model, OuterRef, Subquery
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.values import VALUE_LENGTH, value_in_words
from delegations.models import Delegation
from places.models import Place
from timeline.sources import NAME_RELATED, SOURCES, Source

KINDS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


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
