"""Forms of the itinerary pages: the item form and its rows (items.py), the widgets they use."""

from itinerary.forms.items import (
    PEOPLE_KINDS,
    BeneficiaryGroupForm,
    BeneficiaryGroupFormSet,
    CounterpartForm,
    CounterpartFormSet,
    ItineraryItemForm,
    follows,
)

__all__ = [
    "PEOPLE_KINDS",
    "BeneficiaryGroupForm",
    "BeneficiaryGroupFormSet",
    "CounterpartForm",
    "CounterpartFormSet",
    "ItineraryItemForm",
    "follows",
]
