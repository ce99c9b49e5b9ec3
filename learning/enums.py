from django.db import models
from django.utils.translation import gettext_lazy as _


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


class Consent(models.TextChoices):
    """Whether the people a photo or document shows agreed to its use."""

    NOT_RECORDED = "not_recorded", _("Not recorded")
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_NEEDED = "not_needed", _("Not needed")


class Attribution(models.TextChoices):
    """How a quote may name its speaker outside the team: by name, by role only,
    anonymously, or not at all (the quote is kept for the team, never published)."""

    NAMED = "named", _("Named")
    ROLE = "role", _("By role only")
    ANONYMOUS = "anonymous", _("Anonymous")
    NOT_FOR_PUBLICATION = "not_for_publication", _("Not for publication")
