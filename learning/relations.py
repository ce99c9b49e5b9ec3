"""The objectives an itinerary item served, ticked on the item's form (itinerary.relations).

The link is learning's (LearningObjective.itinerary_items); the item form shows it and the
item service saves it through this registration, made from LearningConfig.ready().
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from delegations.models import Delegation
from itinerary.relations import ItemRelation, register_item_relation
from learning.selectors import objectives_of_delegation
from learning.services import item_objectives_set


def objectives_field(delegation: Delegation) -> forms.Field:
    objectives = objectives_of_delegation(delegation)
    field = forms.ModelMultipleChoiceField(
        queryset=objectives,
        label=_("Learning objectives served"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    field.label_from_instance = lambda objective: objective.description
    if not objectives:
        field.help_text = _("This delegation has no learning objectives yet: add them on its page.")
    return field


def register() -> None:
    register_item_relation(
        ItemRelation(
            name="objectives",
            field=objectives_field,
            values=lambda item: [objective.pk for objective in item.objectives.all()],
            save=lambda *, item, values, actor: item_objectives_set(
                item=item, objectives=values, actor=actor
            ),
            prefetch="objectives",
        )
    )
