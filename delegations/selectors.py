"""Reads on delegations that pages share, and the scope every page filters by."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Case, Prefetch, QuerySet, When
from django.utils.formats import date_format
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext

from delegations.enums import MemberRole, PlanningStatus
from delegations.models import Delegation, DelegationMember, SupportAssignment
from delegations.rules import is_administrator, is_programme_staff
from delegations.services.delegation import ADMIN_REOPEN_TRANSITIONS, PLANNING_TRANSITIONS
from partners.selectors import delegation_scope_q


def delegations_for_user(*, user) -> QuerySet:
    """The delegations a user may see at all; anything else answers 404."""
    return Delegation.objects.select_related("programme", "report").filter(
        delegation_scope_q(user=user, path="")
    )


# The delegation page is the home of a visit, and higher apps (visits: the itinerary,
# objectives, highlights, follow-ups, attachments) add sections to it without this app
# importing them: each section names its template, its place on the page, and the
# prefetches its template reads, so the page's query count does not grow with rows.
@dataclass(frozen=True, order=True)
class DetailSection:
    order: int
    template_name: str
    prefetch: tuple = ()


DETAIL_SECTIONS: list[DetailSection] = []


def register_detail_section(template_name: str, *, order: int, prefetch=()) -> None:
    section = DetailSection(order, template_name, tuple(prefetch))
    if all(existing.template_name != template_name for existing in DETAIL_SECTIONS):
        DETAIL_SECTIONS.append(section)
        DETAIL_SECTIONS.sort()


def detail_section_templates() -> list[str]:
    return [section.template_name for section in DETAIL_SECTIONS]


def delegation_detail_queryset(*, user) -> QuerySet:
    """The scoped delegations, with everything every section of the page reads."""
    lookups = [lookup for section in DETAIL_SECTIONS for lookup in section.prefetch]
    return (
        delegations_for_user(user=user)
        .select_related(
            "sending_organisation",
            "requested_by",
            "arranged_by",
            "host_organisation",
            "last_edited_by",
            "report__submitted_by",
        )
        .prefetch_related("destinations__parent", *dict.fromkeys(lookups))
    )


register_detail_section(
    "delegations/includes/team_section.html",
    order=10,
    prefetch=(
        Prefetch(
            "members",
            queryset=DelegationMember.objects.select_related("official__organisation").order_by(
                Case(When(role=MemberRole.HEAD, then=0), default=1), "order", "pk"
            ),
        ),
        Prefetch(
            "support_team",
            queryset=SupportAssignment.objects.select_related("official__organisation"),
        ),
    ),
)


# --- The delegation page: planning actions and change history --------------------------------


@dataclass(frozen=True)
class PlanningAction:
    """A planning status the user may move the delegation to from the page."""

    to_status: str
    label: str
    needs_reason: bool = False


def planning_actions(*, user, delegation: Delegation) -> list[PlanningAction]:
    """The next planning statuses offered to `user`; the service re-checks each one.

    Programme staff and administrators move the planning; a locked visit (report
    approved) may still be marked completed; reopening is the administrator's, with a
    reason. Managers and anyone else get nothing.
    """
    administrator = is_administrator(user)
    if not (administrator or is_programme_staff(user, delegation)):
        return []
    labels = dict(PlanningStatus.choices)
    actions = [
        PlanningAction(status, labels[status])
        for status in PlanningStatus.values  # the planning order, not the set's
        if status in PLANNING_TRANSITIONS.get(delegation.status, set())
        and (not delegation.locked or status == PlanningStatus.COMPLETED)
    ]
    reopen_to = ADMIN_REOPEN_TRANSITIONS.get(delegation.status)
    if administrator and reopen_to and not delegation.locked:
        actions.append(PlanningAction(reopen_to, labels[reopen_to], needs_reason=True))
    return actions


HISTORY_SHOWN = 20
# Bookkeeping columns that change on every save and say nothing to a reader.
HISTORY_HIDDEN_FIELDS = frozenset({"id", "created_at", "updated_at", "version", "last_edited_by"})
HISTORY_FOREIGN_KEYS = (
    "programme",
    "sending_organisation",
    "requested_by",
    "arranged_by",
    "host_organisation",
)


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: object  # the user, or None (a script, the demo loader)
    kind: str  # "+" created, "~" changed, "-" deleted
    reason: str
    changes: list[FieldChange]


def _history_value(field, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if field.choices and not isinstance(value, list | tuple):
        value = dict(field.flatchoices).get(value, value)
    if isinstance(value, list | tuple):
        return ", ".join(str(getattr(item, "name", item)) for item in value) or "—"
    if isinstance(value, date):
        return date_format(value, "j F Y")
    return Truncator(str(getattr(value, "name", value))).chars(120)


def _change(field, old, new) -> FieldChange:
    return FieldChange(
        capfirst(field.verbose_name), _history_value(field, old), _history_value(field, new)
    )


def _destinations_of(record) -> frozenset:
    return frozenset(
        row.place for row in record.historicaldelegation_destinations_set.all() if row.place
    )


def delegation_history(*, delegation: Delegation, limit: int = HISTORY_SHOWN) -> list[HistoryEntry]:
    """The latest changes of the delegation itself, newest first, each as "field: old ->
    new". One ordered read of limit + 1 records (the oldest one shown needs the record
    before it), with what the diffs name prefetched: the query count does not grow."""
    records = list(
        delegation.history.select_related("history_user", *HISTORY_FOREIGN_KEYS)
        .prefetch_related("historicaldelegation_destinations_set__place__parent")
        .order_by("-history_date", "-history_id")[: limit + 1]
    )
    model_fields = {field.name: field for field in Delegation._meta.fields}
    # diff_against compares the editable fields; `locked` (set by the review) by hand.
    tracked = [
        field.name
        for field in Delegation.history.model.tracked_fields
        if field.editable and field.name not in HISTORY_HIDDEN_FIELDS
    ]
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes: list[FieldChange] = []
        if previous is not None and record.history_type != "+":
            delta = record.diff_against(
                previous, included_fields=tracked, foreign_keys_are_objs=True
            )
            for change in sorted(delta.changes, key=lambda change: tracked.index(change.field)):
                changes.append(_change(model_fields[change.field], change.old, change.new))
            if previous.locked != record.locked:
                changes.append(_change(model_fields["locked"], previous.locked, record.locked))
            old_places, new_places = _destinations_of(previous), _destinations_of(record)
            if old_places != new_places:
                changes.append(
                    _change(
                        Delegation._meta.get_field("destinations"),
                        "; ".join(sorted(map(str, old_places))),
                        "; ".join(sorted(map(str, new_places))),
                    )
                )
        elif previous is None and record.history_type != "+":
            continue  # the record before it is beyond what is read: nothing to compare
        if record.history_type == "~" and not changes and not record.history_change_reason:
            continue  # a save that changed only bookkeeping columns
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                kind=record.history_type,
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries
