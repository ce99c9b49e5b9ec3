"""Merging duplicates in the directory: an organisation or an official into the one that
stays. It lives here, the highest app with references to them (delegations, itinerary
items, follow-ups, quotes), so it can say for each reference which delegation it belongs
to; the moving itself is core.merge's, read from `_meta`, so it misses nothing."""

from django.db import models, transaction

from core.merge import MergePlan, Move, merge_execute, merge_plan, references
from delegations.models import Delegation
from officials.models import Official
from partners.models import Organisation

MERGEABLE = (Organisation, Official)


def delegation_of(row: models.Model) -> Delegation | None:
    """The delegation a referencing row belongs to, when it belongs to one."""
    if isinstance(row, Delegation):
        return row
    delegation = getattr(row, "delegation", None)
    if isinstance(delegation, Delegation):
        return delegation
    item = getattr(row, "item", None)
    return getattr(item, "delegation", None) if item is not None else None


def describe(row: models.Model) -> tuple[Delegation | None, bool]:
    delegation = delegation_of(row)
    return delegation, bool(delegation is not None and delegation.locked)


def with_delegation(queryset):
    """What `describe` reads, joined: the row's delegation, or its item's."""
    names = {field.name for field in queryset.model._meta.get_fields()}
    if "delegation" in names and queryset.model is not Delegation:
        return queryset.select_related("delegation")
    if "item" in names:
        return queryset.select_related("item__delegation")
    return queryset


def directory_references(obj) -> list[Move]:
    """Every reference to a directory row, each with its delegation."""
    return references(obj, describe=describe, related=with_delegation)


def directory_merge_plan(*, duplicate, target) -> MergePlan:
    """Every reference to `duplicate`, by model and by delegation, that a merge moves."""
    return merge_plan(duplicate, target, describe=describe, related=with_delegation)


@transaction.atomic
def directory_merge(*, duplicate, target, actor):
    """Move every reference from `duplicate` to `target` and delete `duplicate`, in one
    transaction. References in an approved (locked) delegation move as a logged
    correction: their history says so; the delegation stays locked, its version and its
    approved report untouched."""
    model = type(duplicate)
    rows = model._default_manager.select_for_update().filter(pk__in=[duplicate.pk, target.pk])
    locked = {row.pk: row for row in rows}
    plan = directory_merge_plan(duplicate=locked[duplicate.pk], target=locked[target.pk])
    return merge_execute(plan, actor=actor)
