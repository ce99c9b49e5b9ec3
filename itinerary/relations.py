"""Links of an itinerary item that a higher app owns, chosen on the item form.

The itinerary sits below learning and does not know objectives exist, yet staff tick the
objectives an item served on the item's own form. Learning registers that link here, from
its `AppConfig.ready()`, as an `ItemRelation`: the form field to show (its choices are the
delegation's), the values an item has now, and the service that saves a choice. The item
form shows every registered field after its own; the item service saves each choice in
the item's transaction, after the item, so a refusal undoes the item's save too.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django import forms

from delegations.models import Delegation


@dataclass(frozen=True)
class ItemRelation:
    name: str
    # The form field for an item of this delegation.
    field: Callable[[Delegation], forms.Field]
    # The values an item has now: the form's initial value.
    values: Callable[[Any], list]
    # Save the chosen values: save(item=..., values=..., actor=...), inside the item's
    # transaction; raises ValidationError keyed by `name` to refuse.
    save: Callable[..., None]
    # What `values` reads, for the querysets that load items to edit.
    prefetch: str = ""


ITEM_RELATIONS: dict[str, ItemRelation] = {}


def register_item_relation(relation: ItemRelation) -> None:
    """Add a link to the item form; registering the same name twice keeps the first."""
    ITEM_RELATIONS.setdefault(relation.name, relation)


def item_relation_prefetch() -> list[str]:
    return [relation.prefetch for relation in ITEM_RELATIONS.values() if relation.prefetch]


def item_relations_save(*, item, chosen: dict[str, Iterable | None], actor) -> None:
    """Save what the form chose for each registered link (None: leave it as it is)."""
    for name, relation in ITEM_RELATIONS.items():
        values = chosen.get(name)
        if values is not None:
            relation.save(item=item, values=list(values), actor=actor)
