"""Forms of the visits pages; the itinerary's live in itinerary.py."""

from visits.forms.itinerary import (
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
