from visits.models.itinerary import BeneficiaryGroup, Counterpart, ItineraryItem
from visits.models.learning import Attachment, FollowUp, Highlight, LearningObjective
from visits.models.sites import Site, Topic

__all__ = [
    "Attachment",
    "BeneficiaryGroup",
    "Counterpart",
    "FollowUp",
    "Highlight",
    "ItineraryItem",
    "LearningObjective",
    "Site",
    "Topic",
]
