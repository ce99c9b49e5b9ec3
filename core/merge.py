"""Merging a duplicate row into the one that stays: every reference moves, then the
duplicate goes. Generic: the references are read from `_meta`, so a reference a new model
adds is moved (and listed on the confirmation page) without a change here.

`merge_plan(duplicate, target, describe=...)` lists what will move, each row with its
group (what `describe` returns: a delegation, say) and whether it is a correction of
something approved. `merge_execute(plan, actor=...)` moves them in the caller's
transaction: foreign keys are updated row by row (history names the actor and the
reason), many-to-many links through their manager (their history too); a row that would
then say the same thing twice (the target is already a member of that delegation) is
deleted instead, with history. A one-to-one the target already holds is a conflict that
stops the merge.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from core.services import stamp


def is_historical(model) -> bool:
    """simple-history's tables: they keep the past as it was, and are not moved."""
    return hasattr(model, "instance_type")


def reference_fields(model) -> list[models.Field]:
    """Every foreign key, one-to-one and many-to-many of another model pointing at `model`
    (history tables and auto-created link tables aside: links are their M2M field)."""
    found = []
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.is_relation and relation.auto_created and not relation.concrete):
            continue
        related = relation.related_model
        if is_historical(related) or related._meta.auto_created:
            continue
        if relation.many_to_many and not relation.through._meta.auto_created:
            continue  # a link model of its own (counterparts): its foreign key is the reference
        found.append(relation.field)
    return found


@dataclass
class Move:
    row: models.Model
    field: models.Field
    group: Any = None  # what describe() says the row belongs to (a delegation)
    correction: bool = False  # the group is approved: the move is a logged correction
    redundant: bool = False  # the target is already there: the row is deleted instead

    @property
    def model_label(self) -> str:
        return str(self.field.model._meta.verbose_name_plural)

    @property
    def field_label(self) -> str:
        return str(self.field.verbose_name)


@dataclass
class MergePlan:
    duplicate: models.Model
    target: models.Model
    moves: list[Move] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    carried: list[models.Field] = field(default_factory=list)  # one-to-ones the target takes

    def by_model(self) -> list[tuple[str, list[Move]]]:
        grouped: dict[str, list[Move]] = {}
        for move in self.moves:
            grouped.setdefault(f"{move.model_label} · {move.field_label}", []).append(move)
        return sorted(grouped.items())

    def by_group(self) -> list[tuple[Any, list[Move]]]:
        grouped: dict[Any, list[Move]] = {}
        for move in self.moves:
            if move.group is not None:
                grouped.setdefault(move.group, []).append(move)
        return list(grouped.items())


Describe = Callable[[models.Model], tuple[Any, bool]]
Related = Callable[[models.QuerySet], models.QuerySet]


def _as_is(queryset: models.QuerySet) -> models.QuerySet:
    return queryset


def _unique_sets(model, name: str) -> list[tuple[str, ...]]:
    """The unique field sets of `model` that include the field `name`."""
    sets = [tuple(names) for names in model._meta.unique_together if name in names]
    for constraint in model._meta.constraints:
        names = tuple(getattr(constraint, "fields", ()) or ())
        plain = isinstance(constraint, models.UniqueConstraint) and not (
            constraint.condition is not None or constraint.expressions
        )
        if plain and name in names:
            sets.append(names)
    return sets


def _taken_by(target, ref: models.Field) -> list[tuple[tuple[str, ...], set]]:
    """For each unique set of the referencing model that includes `ref`: the values of
    its other fields the target already holds (one query per set)."""
    model = ref.model
    taken = []
    for names in _unique_sets(model, ref.name):
        others = tuple(model._meta.get_field(n).attname for n in names if n != ref.name)
        values = model._default_manager.filter(**{ref.name: target}).values_list(*others)
        taken.append((others, set(values)))
    return taken


def _already_there(row, taken) -> bool:
    return any(tuple(getattr(row, n) for n in others) in values for others, values in taken)


def references(obj, *, describe: Describe, target=None, related: Related = _as_is) -> list[Move]:
    """Every row pointing at `obj`; with a `target`, which of them it already has.
    `related` adds to each query what `describe` reads (one query per kind of reference)."""
    moves = []
    for ref in reference_fields(type(obj)):
        manager = ref.model._default_manager
        linked, taken = set(), []
        if target is not None and ref.many_to_many:
            linked = set(manager.filter(**{ref.name: target}).values_list("pk", flat=True))
        elif target is not None:
            taken = _taken_by(target, ref)
        rows = manager.filter(**{ref.name: obj})
        if not ref.many_to_many:
            rows = rows.select_related(ref.name)  # a row's name often names it
        for row in related(rows).order_by("pk"):
            group, correction = describe(row)
            redundant = target is not None and (
                row.pk in linked if ref.many_to_many else _already_there(row, taken)
            )
            moves.append(Move(row, ref, group, correction, redundant))
    return moves


def merge_plan(duplicate, target, *, describe: Describe, related: Related = _as_is) -> MergePlan:
    if type(duplicate) is not type(target) or duplicate.pk == target.pk:
        raise ValidationError(_("Choose another record of the same kind to merge into."))
    plan = MergePlan(duplicate=duplicate, target=target)
    plan.moves = references(duplicate, describe=describe, target=target, related=related)
    for own in type(duplicate)._meta.concrete_fields:
        # The duplicate's own one-to-one (an official's user account) goes to the target.
        if not own.one_to_one or getattr(duplicate, own.attname) is None:
            continue
        if getattr(target, own.attname) is None:
            plan.carried.append(own)
        elif getattr(target, own.attname) != getattr(duplicate, own.attname):
            plan.conflicts.append(
                _("Both have a %(field)s: unlink one first.") % {"field": own.verbose_name}
            )
    for move in plan.moves:
        ref = move.field
        if ref.one_to_one and getattr(target, ref.remote_field.get_accessor_name(), None):
            plan.conflicts.append(
                _("Both have a %(field)s: %(row)s. Unlink one first.")
                % {"field": ref.verbose_name, "row": move.row}
            )
    return plan


def _reason(plan: MergePlan, move: Move) -> str:
    text = _("Merged “%(duplicate)s” (#%(pk)s) into “%(target)s” (#%(target_pk)s)") % {
        "duplicate": plan.duplicate,
        "pk": plan.duplicate.pk,
        "target": plan.target,
        "target_pk": plan.target.pk,
    }
    if move.correction:
        text = _("Correction after approval: %(text)s") % {"text": text}
    return text


def merge_execute(plan: MergePlan, *, actor) -> models.Model:
    """Move every reference, record why, delete the duplicate. Call inside a transaction."""
    if plan.conflicts:
        raise ValidationError(plan.conflicts)
    duplicate, target = plan.duplicate, plan.target
    for move in plan.moves:
        row, ref = move.row, move.field
        reason = _reason(plan, move)
        if ref.many_to_many:
            stamp(row, actor, reason)
            manager = getattr(row, ref.name)
            manager.remove(duplicate)
            if not move.redundant:
                manager.add(target)
            continue
        stamp(row, actor, reason)
        if move.redundant:
            row.delete()
            continue
        setattr(row, ref.name, target)
        row.save(update_fields=[ref.name])
    if plan.carried:
        names = [own.name for own in plan.carried]
        values = {name: getattr(duplicate, name) for name in names}
        for name in names:
            setattr(duplicate, name, None)
        duplicate.save(update_fields=names)  # a one-to-one is unique: free it first
        for name, value in values.items():
            setattr(target, name, value)
    stamp(
        target,
        actor,
        _("Merged in “%(duplicate)s” (#%(pk)s)") % {"duplicate": duplicate, "pk": duplicate.pk},
    )
    target.save()
    stamp(duplicate, actor, _reason(plan, Move(duplicate, None)))
    duplicate.delete()
    return target
