"""The people of a delegation as staff edit them in the browser: reorder members and
the host support team, change a support role, and add someone who is not in the
directory yet (the official and their place on the team in one transaction)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, QuerySet, When
from django.utils.translation import gettext as _

from delegations.enums import MemberRole
from delegations.models import Delegation, DelegationMember, SupportAssignment
from delegations.services.common import child_update, ensure_unlocked
from delegations.services.delegation import (
    check_support_leg,
    member_add,
    member_update,
    support_assign,
)
from officials.models import Official
from officials.services import official_save

UP, DOWN = "up", "down"


def members_in_order(delegation_id: int) -> QuerySet:
    """Members as every page shows them: the head first, then by order."""
    return DelegationMember.objects.filter(delegation_id=delegation_id).order_by(
        Case(When(role=MemberRole.HEAD, then=0), default=1), "order", "pk"
    )


def support_in_order(delegation_id: int) -> QuerySet:
    return SupportAssignment.objects.filter(delegation_id=delegation_id).order_by("order", "pk")


def _swapped(rows: list, row, direction: str) -> list:
    """The rows with `row` and its neighbour in `direction` swapped."""
    if direction not in (UP, DOWN):
        raise ValidationError(_("Move up or down."), code="direction")
    index = next((i for i, other in enumerate(rows) if other.pk == row.pk), None)
    if index is None:
        raise ValidationError(
            _("%(name)s is no longer on the list."), params={"name": row.official}
        )
    neighbour = index - 1 if direction == UP else index + 1
    if not 0 <= neighbour < len(rows):
        raise ValidationError(
            _("%(name)s is already first.") if direction == UP else _("%(name)s is already last."),
            code="edge",
            params={"name": row.official},
        )
    rows = list(rows)
    rows[index], rows[neighbour] = rows[neighbour], rows[index]
    return rows


def _renumbered(rows: list) -> list[tuple[Any, int]]:
    """(row, new order) for the rows whose order changes when numbered 1, 2, 3..."""
    return [(row, order) for order, row in enumerate(rows, start=1) if row.order != order]


@transaction.atomic
def member_move(*, member: DelegationMember, direction: str, actor) -> DelegationMember:
    """Swap a member with the one above or below; the head always stays first."""
    ensure_unlocked(member.delegation)
    rows = list(members_in_order(member.delegation_id).select_for_update())
    swapped = _swapped(rows, member, direction)
    if rows[0].role == MemberRole.HEAD and swapped[0].role != MemberRole.HEAD:
        raise ValidationError(_("The head of delegation always comes first."), code="head_first")
    for row, order in _renumbered(swapped):
        row.delegation = member.delegation
        member_update(member=row, actor=actor, order=order)
    member.refresh_from_db()
    return member


@transaction.atomic
def support_update(
    *, assignment: SupportAssignment, actor, expected_version: int | None = None, **fields: Any
) -> SupportAssignment:
    """Change a support team member's role, side, leg or order (refused if the row moved
    on since `expected_version`)."""
    for name, value in fields.items():
        setattr(assignment, name, value)
    check_support_leg(assignment)
    return child_update(assignment, actor=actor, data=fields, expected_version=expected_version)


@transaction.atomic
def support_move(*, assignment: SupportAssignment, direction: str, actor) -> SupportAssignment:
    """Swap a support team member with the one above or below."""
    ensure_unlocked(assignment.delegation)
    rows = list(support_in_order(assignment.delegation_id).select_for_update())
    for row, order in _renumbered(_swapped(rows, assignment, direction)):
        child_update(row, actor=actor, data={"order": order})
    assignment.refresh_from_db()
    return assignment


def _new_official(official_fields: dict[str, Any], actor) -> Official:
    return official_save(official=Official(**official_fields), actor=actor)


@transaction.atomic
def member_add_new_official(
    *,
    delegation: Delegation,
    official_fields: dict[str, Any],
    actor,
    role: str = MemberRole.MEMBER,
    position: str | None = None,
) -> DelegationMember:
    """Create an official missing from the directory and add them as a member: both or
    neither (a refused member, such as a second head, leaves no stray official)."""
    ensure_unlocked(delegation)
    official = _new_official(official_fields, actor)
    return member_add(
        delegation=delegation, official=official, actor=actor, role=role, position=position
    )


@transaction.atomic
def support_assign_new_official(
    *, delegation: Delegation, official_fields: dict[str, Any], actor, role: str, **where: Any
) -> SupportAssignment:
    """Create an official missing from the directory and put them on the support team
    (`where`: its side and leg, as `support_assign` takes them)."""
    ensure_unlocked(delegation)
    official = _new_official(official_fields, actor)
    return support_assign(delegation=delegation, official=official, actor=actor, role=role, **where)
