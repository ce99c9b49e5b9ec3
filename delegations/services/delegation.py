"""Delegations, their members and their host support team."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import stamp
from delegations.enums import MemberRole, PlanningStatus, TeamSide
from delegations.models import (
    DELEGATION_HISTORY,
    Delegation,
    DelegationDestination,
    DelegationMember,
    Leg,
    Report,
    SupportAssignment,
)
from delegations.services.common import UPDATE_CHECKS, ensure_unlocked, lock_row
from delegations.services.legs import legs_fit_dates

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
# A visit whose dates are past is recorded after the fact: draft or planned -> completed
# in one step (`past_visit_completes`), instead of planned, confirmed, completed.
PAST_VISIT_COMPLETES_FROM = {PlanningStatus.DRAFT, PlanningStatus.PLANNED}
ADMIN_REOPEN_TRANSITIONS: dict[str, str] = {
    PlanningStatus.CANCELLED: PlanningStatus.DRAFT,
    PlanningStatus.COMPLETED: PlanningStatus.CONFIRMED,
}


def check_support_leg(assignment: SupportAssignment) -> None:
    """A support team row's leg is one of its own delegation's."""
    if assignment.leg_id and assignment.leg.delegation_id != assignment.delegation_id:
        raise ValidationError({"leg": _("Choose a leg of this delegation.")}, code="other_leg")


def _write_links(delegation: Delegation, *, destinations=None, sending_organisations=None) -> None:
    """Write the delegation's many-to-many rows without signals: the delegation's next
    history row records them. Destinations keep the order given (the order of travel)."""
    if destinations is not None:
        places = list(dict.fromkeys(destinations))
        DelegationDestination.objects.filter(delegation=delegation).exclude(
            place__in=places
        ).delete()
        kept = dict(
            DelegationDestination.objects.filter(delegation=delegation).values_list(
                "place_id", "order"
            )
        )
        for order, place in enumerate(places):
            if place.pk not in kept:
                DelegationDestination.objects.create(
                    delegation=delegation, place=place, order=order
                )
            elif kept[place.pk] != order:
                DelegationDestination.objects.filter(delegation=delegation, place=place).update(
                    order=order
                )
    if sending_organisations is not None:
        through = Delegation.sending_organisations.through
        wanted = {organisation.pk for organisation in sending_organisations}
        through.objects.filter(delegation=delegation).exclude(organisation_id__in=wanted).delete()
        present = set(
            through.objects.filter(delegation=delegation).values_list("organisation_id", flat=True)
        )
        through.objects.bulk_create(
            through(delegation=delegation, organisation_id=pk) for pk in sorted(wanted - present)
        )


def _check_project(delegation: Delegation) -> None:
    if delegation.project_id and delegation.project.programme_id != delegation.programme_id:
        raise ValidationError(
            {"project": _("Choose a project of the delegation's programme.")}, code="project"
        )


@transaction.atomic
def delegation_create(
    *, actor, destinations=(), sending_organisations=(), **fields: Any
) -> Delegation:
    """Create a delegation together with its (empty, draft) report."""
    delegation = Delegation(**fields)
    delegation.last_edited_by = actor
    delegation.full_clean()
    _check_project(delegation)
    stamp(delegation, actor)
    # The creation's history row is written once the destinations and senders are in.
    delegation.skip_history_when_saving = True
    delegation.save()
    del delegation.skip_history_when_saving
    _write_links(delegation, destinations=destinations, sending_organisations=sending_organisations)
    DELEGATION_HISTORY.create_historical_record(delegation, "+")
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
    sending_organisations=None,
    expected_version: int | None = None,
) -> Delegation:
    """Apply `data` to the delegation, refusing a lost update and a locked delegation.
    `destinations` (in the order of travel) and `sending_organisations`: None leaves them."""
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
    _check_project(current)
    legs_fit_dates(current)
    for check in UPDATE_CHECKS:
        check(current)
    stamp(current, actor)
    _write_links(current, destinations=destinations, sending_organisations=sending_organisations)
    current.save()
    return current


@transaction.atomic
def delegation_set_status(
    *, delegation: Delegation, actor, to_status: str, reason: str = ""
) -> Delegation:
    current = lock_row(delegation)
    from_status = current.status
    if to_status == from_status:
        return current
    if to_status in next_statuses(current):
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


def past_visit_completes(delegation: Delegation) -> bool:
    """The visit is over (its last day is before today) and not yet confirmed: it may be
    recorded as completed in one step."""
    return (
        delegation.status in PAST_VISIT_COMPLETES_FROM
        and delegation.end_date < timezone.localdate()
    )


def next_statuses(delegation: Delegation) -> set[str]:
    """Where the planning may go from here (besides an administrator's reopening)."""
    statuses = set(PLANNING_TRANSITIONS.get(delegation.status, set()))
    if past_visit_completes(delegation):
        statuses.add(PlanningStatus.COMPLETED)
    return statuses


@transaction.atomic
def delegation_set_no_head(*, delegation: Delegation, actor, no_head: bool) -> Delegation:
    """Say the delegation travels without a head (a group visit), or take it back. A
    delegation with a head is not a group visit."""
    current = lock_row(delegation)
    ensure_unlocked(current)
    if no_head and current.members.filter(role=MemberRole.HEAD).exists():
        raise ValidationError(
            _("The delegation has a head: change that member's role first."), code="has_head"
        )
    if current.no_head == no_head:
        return current
    current.no_head = no_head
    current.last_edited_by = actor
    current.version += 1
    current.full_clean()
    stamp(current, actor)
    current.save()
    return current


@transaction.atomic
def delegation_renew_feed(*, delegation: Delegation, actor) -> Delegation:
    """Give the itinerary's calendar subscription a new address; every older one stops
    working at once (a link that went where it should not), and the new one works until
    FEED_DAYS_AFTER_VISIT days from today or after the visit, whichever is later. Not content: allowed on a
    locked delegation, and the version is left alone so that no open form goes stale."""
    current = lock_row(delegation)
    current.feed_generation += 1
    current.feed_renewed_on = timezone.localdate()  # and it works for a while longer
    stamp(current, actor, _("Calendar subscription address renewed"))
    current.save(update_fields=["feed_generation", "feed_renewed_on"])
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
    *,
    delegation: Delegation,
    official,
    actor,
    role: str,
    side: str = TeamSide.HOST,
    leg: Leg | None = None,
    order: int | None = None,
) -> SupportAssignment:
    """Put someone on the host support team (of the whole visit, or of one `leg`) or among
    the sending side's focal points (`side`)."""
    ensure_unlocked(delegation)
    assignment = SupportAssignment(
        delegation=delegation,
        official=official,
        role=role,
        side=side,
        leg=leg,
        order=_next_order(delegation.support_team) if order is None else order,
    )
    assignment.full_clean()
    check_support_leg(assignment)
    stamp(assignment, actor)
    assignment.save()
    return assignment


@transaction.atomic
def support_remove(*, assignment: SupportAssignment, actor) -> None:
    ensure_unlocked(assignment.delegation)
    stamp(assignment, actor)
    assignment.delete()
