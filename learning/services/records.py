"""Writes on what a visit learned: objectives, highlights and follow-ups."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.services import stamp
from delegations.models import Delegation
from delegations.services import child_update, ensure_same_delegation, ensure_unlocked
from delegations.services.common import lock_row
from itinerary.models import ItineraryItem, Topic
from learning.enums import FollowUpStatus
from learning.models import FollowUp, Highlight, LearningObjective


@transaction.atomic
def objective_add(
    *, delegation: Delegation, actor, description: str, topic: Topic | None = None, order: int = 0
) -> LearningObjective:
    ensure_unlocked(delegation)
    objective = LearningObjective(
        delegation=delegation, description=description, topic=topic, order=order
    )
    objective.full_clean()
    stamp(objective, actor)
    objective.save()
    return objective


@transaction.atomic
def highlight_add(
    *, delegation: Delegation, actor, item: ItineraryItem | None = None, **fields: Any
) -> Highlight:
    ensure_unlocked(delegation)
    ensure_same_delegation(delegation, item=item)
    highlight = Highlight(delegation=delegation, item=item, **fields)
    highlight.full_clean()
    stamp(highlight, actor)
    highlight.save()
    return highlight


@transaction.atomic
def followup_create(
    *,
    delegation: Delegation,
    actor,
    item: ItineraryItem | None = None,
    objective: LearningObjective | None = None,
    **fields: Any,
) -> FollowUp:
    ensure_unlocked(delegation)
    ensure_same_delegation(delegation, item=item, objective=objective)
    follow_up = FollowUp(delegation=delegation, item=item, objective=objective, **fields)
    follow_up.full_clean()
    stamp(follow_up, actor)
    follow_up.save()
    return follow_up


@transaction.atomic
def followup_set_status(
    *, follow_up: FollowUp, actor, status: str, expected_version: int | None = None
) -> FollowUp:
    """Follow-ups live on after the visit: their status may change even once locked."""
    current = lock_row(follow_up, expected_version=expected_version)
    if status not in FollowUpStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")}, code="invalid_status")
    if current.status == status:
        return current
    current.status = status
    current.version += 1
    stamp(current, actor)
    current.save()
    return current


@transaction.atomic
def objective_update(
    *,
    objective: LearningObjective,
    actor,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> LearningObjective:
    return child_update(objective, actor=actor, data=data, expected_version=expected_version)


@transaction.atomic
def highlight_update(
    *, highlight: Highlight, actor, data: dict[str, Any], expected_version: int | None = None
) -> Highlight:
    ensure_same_delegation(highlight.delegation, item=data.get("item"))
    return child_update(highlight, actor=actor, data=data, expected_version=expected_version)


@transaction.atomic
def followup_update(
    *, follow_up: FollowUp, actor, data: dict[str, Any], expected_version: int | None = None
) -> FollowUp:
    """Change a follow-up; its status moves through `followup_set_status`, like everywhere."""
    data = dict(data)
    status = data.pop("status", None)
    ensure_same_delegation(
        follow_up.delegation, item=data.get("item"), objective=data.get("objective")
    )
    current = child_update(follow_up, actor=actor, data=data, expected_version=expected_version)
    if status is not None and status != current.status:
        current = followup_set_status(
            follow_up=current, actor=actor, status=status, expected_version=current.version
        )
    return current


def _link(objective: LearningObjective, items, *, actor, linked: bool) -> None:
    """Add or remove items from the objective's side: its history records the change."""
    stamp(objective, actor)
    (objective.itinerary_items.add if linked else objective.itinerary_items.remove)(*items)


@transaction.atomic
def item_objectives_set(*, item: ItineraryItem, objectives, actor) -> None:
    """Record that `item` served exactly these objectives of its delegation. Each objective
    that gains or loses the item gets a history row naming `actor`; the others none."""
    chosen = set(objectives)
    if any(objective.delegation_id != item.delegation_id for objective in chosen):
        raise ValidationError(
            {"objectives": _("Choose objectives of this delegation.")}, code="foreign_objective"
        )
    ensure_unlocked(item.delegation)
    current = set(item.objectives.all())
    for objective in sorted(current - chosen, key=lambda objective: objective.pk):
        _link(objective, [item], actor=actor, linked=False)
    for objective in sorted(chosen - current, key=lambda objective: objective.pk):
        _link(objective, [item], actor=actor, linked=True)


@transaction.atomic
def objective_items_set(*, objective: LearningObjective, items, actor) -> None:
    """Record that these itinerary items of its delegation served `objective`."""
    chosen = set(items)
    if any(item.delegation_id != objective.delegation_id for item in chosen):
        raise ValidationError(
            {"itinerary_items": _("Choose itinerary items of this delegation.")},
            code="foreign_item",
        )
    ensure_unlocked(objective.delegation)
    current = set(objective.itinerary_items.all())
    if chosen != current:
        # One history row for the whole change (set() would write one per add and remove).
        objective.skip_history_when_saving = True
        try:
            objective.itinerary_items.set(chosen)
        finally:
            del objective.skip_history_when_saving
        stamp(objective, actor)
        objective.save(update_fields=["updated_at"])
