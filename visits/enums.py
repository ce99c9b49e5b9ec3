from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteKind(models.TextChoices):
    SCHOOL = "school", _("School")
    RESOURCE_CENTRE = "resource_centre", _("Resource centre")
    COMMUNITY_CENTRE = "community_centre", _("Community centre")
    OFFICE = "office", _("Office")
    BORDER_POST = "border_post", _("Border post")
    HEALTH_FACILITY = "health_facility", _("Health facility")
    OTHER = "other", _("Other")


class ItemKind(models.TextChoices):
    ARRIVAL = "arrival", _("Arrival")
    DEPARTURE = "departure", _("Departure")
    TRAVEL = "travel", _("Travel")
    BRIEFING = "briefing", _("Briefing")
    COURTESY_CALL = "courtesy_call", _("Courtesy call")
    MEETING = "meeting", _("Meeting")
    SITE_VISIT = "site_visit", _("Site visit")
    COMMUNITY_ENGAGEMENT = "community_engagement", _("Community engagement")
    WORKSHOP = "workshop", _("Workshop")
    DEBRIEF = "debrief", _("Debrief")
    CULTURAL = "cultural", _("Cultural")
    OTHER = "other", _("Other")


# Kinds that may start or end one day outside the delegation's dates.
TRAVEL_KINDS = (ItemKind.ARRIVAL, ItemKind.DEPARTURE, ItemKind.TRAVEL)


class CounterpartRole(models.TextChoices):
    HOST = "host", _("Host")
    PRESENTER = "presenter", _("Presenter")
    REPRESENTED = "represented", _("Represented the office")
    PARTICIPANT = "participant", _("Participant")


class BeneficiaryCategory(models.TextChoices):
    PROGRAMME_BENEFICIARIES = "programme_beneficiaries", _("Programme beneficiaries")
    YOUTH_LEADERS = "youth_leaders", _("Youth leaders")
    SMALL_BUSINESS = "small_business", _("Small business operators")
    COMMUNITY_LEADERS = "community_leaders", _("Community leaders")
    OTHER = "other", _("Other")


class HighlightKind(models.TextChoices):
    QUOTE = "quote", _("Quote")
    LESSON = "lesson", _("Lesson")
    RECOMMENDATION = "recommendation", _("Recommendation")
    OBSERVATION = "observation", _("Observation")
    KEY_FIGURE = "key_figure", _("Key figure")


class FollowUpStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AGREED = "agreed", _("Agreed")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")

    @property
    def is_closed(self) -> bool:
        """Done or dropped: nothing is owed any more, so it is never overdue."""
        return self in CLOSED_FOLLOW_UP_STATUSES

    @property
    def badge_class(self) -> str:
        """The Bootstrap classes of this status's badge."""
        return _FOLLOW_UP_BADGES[self]


CLOSED_FOLLOW_UP_STATUSES = (FollowUpStatus.DONE, FollowUpStatus.DROPPED)

_FOLLOW_UP_BADGES = {
    FollowUpStatus.PROPOSED: "text-bg-secondary",
    FollowUpStatus.AGREED: "text-bg-info",
    FollowUpStatus.IN_PROGRESS: "text-bg-primary",
    FollowUpStatus.DONE: "text-bg-success",
    FollowUpStatus.DROPPED: "text-bg-light border",
}


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    AGENDA = "agenda", _("Agenda")
    CONCEPT_NOTE = "concept_note", _("Concept note")
    PRESENTATION = "presentation", _("Presentation")
    REPORT = "report", _("Report")
    OTHER = "other", _("Other")
