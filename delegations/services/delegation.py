"""Delegations, their members and their host support team."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.services import stamp
from delegations.enums import MemberRole, PlanningStatus
from delegations.models import Delegation, DelegationMember, Report, SupportAssignment
from delegations.services.common import UPDATE_CHECKS, ensure_unlocked, lock_row

# Planning moves forward one step at a time, may step back before completion, and
# anything but a completed visit may be cancelled. Reopening is the administrator's.
PLANNING_TRANSITIONS: dict[str, set[str]] = {
    PlanningStatus.DRAFT: {PlanningStatus.PLANNED, PlanningStatus.CANCELLED},
    PlanningStatus.PLANNED: {
        PlanningStatus.DRAFT,
        PlanningStatus.CONFIRMED,
        PlanningStatus.CANCELLED,
    },
    PlanningStatus.CONFIRMED: {
        PlanningStatus.PLANNED,
        PlanningStatus.COMPLETED,
        PlanningStatus.CANCELLED,
    },
    PlanningStatus.COMPLETED: set(),
    PlanningStatus.CANCELLED: set(),
}
ADMIN_REOPEN_TRANSITIONS: dict[str, str] = {
    PlanningStatus.CANCELLED: PlanningStatus.DRAFT,
    PlanningStatus.COMPLETED: PlanningStatus.CONFIRMED,
}


@transaction.atomic
def delegation_create(*, actor, destinations=(), **fields: Any) -> Delegation:
    """Create a delegation together with its (empty, draft) report."""
    delegation = Delegation(**fields)
    delegation.last_edited_by = actor
    delegation.full_clean()
    stamp(delegation, actor)
    delegation.save()
    if destinations:
        delegation.destinations.set(destinations)
    report = Report(delegation=delegation, last_edited_by=actor)
    stamp(report, actor)
    report.save()
    return delegation


@transaction.atomic
def delegation_update(
    *,
    delegation: Delegation,
    actor,
    data: dict[str, Any],
    destinations=None,
    expected_version: int | None = None,
) -> Delegation:
    """Apply `data` to the delegation, refusing a lost update and a locked delegation."""
    current = lock_row(delegation, expected_version=expected_version)
    ensure_unlocked(current)
    if "status" in data and data["status"] != current.status:
        raise ValidationError(
            {"status": _("Change the planning status with its own action.")}, code="status"
        )
    for name, value in data.items():
        setattr(current, name, value)
    current.last_edited_by = actor
    current.version += 1
    current.full_clean()
    for check in UPDATE_CHECKS:
        check(current)
    stamp(current, actor)
    current.save()
    if destinations is not None:
        current.destinations.set(destinations)
    return current


@transaction.atomic
def delegation_set_status(
    *, delegation: Delegation, actor, to_status: str, reason: str = ""
) -> Delegation:
    current = lock_row(delegation)
    from_status = current.status
    if to_status == from_status:
        return current
    if to_status in PLANNING_TRANSITIONS.get(from_status, set()):
        # An approved report locks the content, not the calendar: the visit still ends.
        if to_status != PlanningStatus.COMPLETED:
            ensure_unlocked(current)
    elif ADMIN_REOPEN_TRANSITIONS.get(from_status) == to_status:
        if not getattr(actor, "is_administrator", False):
            raise PermissionDenied(_("Only an administrator can reopen a delegation."))
        if not reason.strip():
            raise ValidationError({"reason": _("Say why the delegation is reopened.")})
    else:
        raise ValidationError(
            {
                "status": _("A delegation cannot go from “%(from)s” to “%(to)s”.")
                % {
                    "from": PlanningStatus(from_status).label,
                    "to": dict(PlanningStatus.choices).get(to_status, to_status),
                }
            },
            code="invalid_transition",
        )
    current.status = to_status
    current.last_edited_by = actor
    current.version += 1
    stamp(current, actor, reason)
    current.save()
    return current


@transaction.atomic
def delegation_renew_feed(*, delegation: Delegation, actor) -> Delegation:
    """Give the itinerary's calendar subscription a new address; every older one stops
    working at once (a link that went where it should not). Not content: allowed on a
    locked delegation, and the version is left alone so that no open form goes stale."""
    current = lock_row(delegation)
    current.feed_generation += 1
    stamp(current, actor, _("Calendar subscription address renewed"))
    current.save(update_fields=["feed_generation"])
    return current


def _next_order(queryset) -> int:
    return (queryset.aggregate(top=Max("order"))["top"] or 0) + 1


def _save_member(member: DelegationMember, actor) -> DelegationMember:
    if member.role == MemberRole.HEAD:
        other_head = (
            DelegationMember.objects.filter(delegation=member.delegation, role=MemberRole.HEAD)
            .exclude(pk=member.pk)
            .first()
        )
        if other_head is not None:
            raise ValidationError(
                {
                    "role": _("%(name)s is already the head of this delegation.")
                    % {"name": other_head.official}
                },
                code="one_head",
            )
    member.full_clean()
    stamp(member, actor)
    member.save()
    return member


@transaction.atomic
def member_add(
    *,
    delegation: Delegation,
    official,
    actor,
    role: str = MemberRole.MEMBER,
    position: str | None = None,
    order: int | None = None,
) -> DelegationMember:
    ensure_unlocked(delegation)
    member = DelegationMember(
        delegation=delegation,
        official=official,
        role=role,
        position=official.position if position is None else position,
        order=_next_order(delegation.members) if order is None else order,
    )
    return _save_member(member, actor)


@transaction.atomic
def member_update(
    *, member: DelegationMember, actor, expected_version: int | None = None, **fields: Any
) -> DelegationMember:
    """Change a member's role, position or order; refused if someone else saved the row
    since `expected_version` (the version the form showed)."""
    ensure_unlocked(member.delegation)
    current = lock_row(member, expected_version=expected_version)
    current.delegation = member.delegation
    for name, value in fields.items():
        setattr(current, name, value)
    current.version += 1
    return _save_member(current, actor)


@transaction.atomic
def member_remove(*, member: DelegationMember, actor) -> None:
    ensure_unlocked(member.delegation)
    stamp(member, actor)
    member.delete()


@transaction.atomic
def support_assign(
    *, delegation: Delegation, official, actor, role: str, order: int | None = None
) -> SupportAssignment:
    ensure_unlocked(delegation)
    assignment = SupportAssignment(
        delegation=delegation,
        official=official,
        role=role,
        order=_next_order(delegation.support_team) if order is None else order,
    )
    assignment.full_clean()
    stamp(assignment, actor)
    assignment.save()
    return assignment


@transaction.atomic
def support_remove(*, assignment: SupportAssignment, actor) -> None:
    ensure_unlocked(assignment.delegation)
    stamp(assignment, actor)
    assignment.delete()
