from itinerary.models.items import BeneficiaryGroup, Counterpart, ItineraryItem
from itinerary.models.sites import Site, Topic

__all__ = ["BeneficiaryGroup", "Counterpart", "ItineraryItem", "Site", "Topic"]
