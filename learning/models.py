import datetime
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.history import SaveMarkedHistory
from core.models import VersionedModel, choices_check
from learning.enums import AttachmentKind, Attribution, Consent, FollowUpStatus, HighlightKind


class LearningObjective(VersionedModel):
    """What the delegation wants to learn, on which topic."""

    delegation = models.ForeignKey(
        "delegations.Delegation",
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="learning_objectives",
    )
    topic = models.ForeignKey(
        "itinerary.Topic",
        verbose_name=_("topic"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="learning_objectives",
    )
    description = models.CharField(_("what they want to learn"), max_length=500)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Declared here, not on the item: the itinerary sits below learning and does not know
    # objectives exist. An item reads its own as `item.objectives`.
    itinerary_items = models.ManyToManyField(
        "itinerary.ItineraryItem",
        verbose_name=_("itinerary items that served it"),
        blank=True,
        related_name="objectives",
    )

    history = HistoricalRecords(m2m_fields=[itinerary_items], bases=[SaveMarkedHistory])

    class Meta:
        verbose_name = _("learning objective")
        verbose_name_plural = _("learning objectives")
        ordering = ["delegation", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "description"],
                name="learning_objective_unique_description",
                violation_error_message=_("The delegation already has this objective."),
            ),
        ]

    def __str__(self) -> str:
        return self.description

    def get_absolute_url(self) -> str:
        return reverse("delegations:detail", args=[self.delegation_id]) + "#learning-objectives"


class Highlight(VersionedModel):
    """A quote, lesson, recommendation, observation or key figure from the visit."""

    delegation = models.ForeignKey(
        "delegations.Delegation",
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="highlights",
    )
    item = models.ForeignKey(
        "itinerary.ItineraryItem",
        verbose_name=_("itinerary item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="highlights",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=HighlightKind.choices)
    text = models.TextField(_("text"))
    speaker = models.ForeignKey(
        "officials.Official",
        verbose_name=_("speaker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="highlights",
    )
    topic = models.ForeignKey(
        "itinerary.Topic",
        verbose_name=_("topic"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="highlights",
    )
    attribution = models.CharField(
        _("attribution"),
        max_length=20,
        choices=Attribution.choices,
        default=Attribution.NAMED,
        help_text=_(
            "For a quote: how the report may name the speaker. Anonymous quotes need no "
            "speaker; quotes not for publication stay inside the team."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords(bases=[SaveMarkedHistory])

    class Meta:
        verbose_name = _("highlight")
        verbose_name_plural = _("highlights")
        ordering = ["delegation", "order", "pk"]
        indexes = [models.Index(fields=["kind"], name="learning_highlight_kind_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=HighlightKind.QUOTE)
                | Q(speaker__isnull=False)
                | Q(attribution=Attribution.ANONYMOUS),
                name="learning_highlight_quote_has_speaker",
                violation_error_message=_("A quote needs a speaker, unless it is anonymous."),
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="learning_highlight_text_not_blank",
                violation_error_message=_("Write the highlight."),
            ),
            choices_check("kind", HighlightKind, "learning_highlight_kind_valid"),
            choices_check("attribution", Attribution, "learning_highlight_attribution_valid"),
        ]

    @property
    def public_attribution(self) -> str:
        """The speaker as the published report names them (learning.publication)."""
        from learning.publication import public_attribution

        return public_attribution(self)

    @property
    def withheld_reason(self) -> str:
        from learning.publication import withheld_reason

        return withheld_reason(self)

    def __str__(self) -> str:
        text = self.text if len(self.text) <= 80 else f"{self.text[:77]}…"
        return f"{self.get_kind_display()}: {text}"

    def get_absolute_url(self) -> str:
        return reverse("delegations:detail", args=[self.delegation_id]) + f"#highlight-{self.pk}"


class FollowUp(VersionedModel):
    """Something agreed or proposed during the visit, with an owner and a due date."""

    delegation = models.ForeignKey(
        "delegations.Delegation",
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    item = models.ForeignKey(
        "itinerary.ItineraryItem",
        verbose_name=_("itinerary item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    topic = models.ForeignKey(
        "itinerary.Topic",
        verbose_name=_("topic"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    objective = models.ForeignKey(
        "learning.LearningObjective",
        verbose_name=_("learning objective"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    description = models.TextField(_("description"))
    owner_organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("owner (organisation)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    owner_official = models.ForeignKey(
        "officials.Official",
        verbose_name=_("owner (person)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.PROPOSED
    )

    history = HistoricalRecords(bases=[SaveMarkedHistory])

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["delegation", "due_date", "pk"]
        indexes = [
            models.Index(fields=["status", "due_date"], name="learning_fu_status_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(description=""),
                name="learning_followup_description_not_blank",
                violation_error_message=_("Describe the follow-up."),
            ),
            choices_check("status", FollowUpStatus, "learning_followup_status_valid"),
        ]

    def __str__(self) -> str:
        text = self.description
        return text if len(text) <= 80 else f"{text[:77]}…"

    def get_absolute_url(self) -> str:
        return reverse("delegations:detail", args=[self.delegation_id]) + f"#follow-up-{self.pk}"

    def is_overdue_on(self, day: datetime.date) -> bool:
        """Due before `day`, and neither done nor dropped."""
        return (
            self.due_date is not None
            and self.due_date < day
            and not FollowUpStatus(self.status).is_closed
        )

    @property
    def is_overdue(self) -> bool:
        """Overdue today (the local date)."""
        return self.is_overdue_on(timezone.localdate())

    @property
    def status_badge_class(self) -> str:
        return FollowUpStatus(self.status).badge_class

    @property
    def other_statuses(self) -> list[tuple[str, str]]:
        """The statuses it may move to in one click: every one but its own, in order."""
        return [(value, label) for value, label in FollowUpStatus.choices if value != self.status]


def attachment_upload_to(instance: "Attachment", filename: str) -> str:
    """A generated name: the uploader's file name never reaches the disk."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"attachments/{instance.delegation_id}/{uuid.uuid4().hex}{suffix}"


class Attachment(VersionedModel):
    """A photo or document, served only through a permission-checked view."""

    delegation = models.ForeignKey(
        "delegations.Delegation",
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    item = models.ForeignKey(
        "itinerary.ItineraryItem",
        verbose_name=_("itinerary item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=300)
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices)
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True, help_text=_("Photo: IOM"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    people_identifiable = models.BooleanField(
        _("people identifiable"),
        default=False,
        help_text=_("Someone can be recognised: a face, a name tag, a voice."),
    )
    consent = models.CharField(
        _("consent obtained"), max_length=20, choices=Consent.choices, default=Consent.NOT_RECORDED
    )
    children_present = models.BooleanField(_("children present"), default=False)
    may_publish = models.BooleanField(
        _("may be published"),
        default=False,
        help_text=_("Only files that may be published go into the report's PDF and exports."),
    )

    history = HistoricalRecords(bases=[SaveMarkedHistory])

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["delegation", "created_at", "pk"]
        constraints = [
            choices_check("kind", AttachmentKind, "learning_attachment_kind_valid"),
            choices_check("consent", Consent, "learning_attachment_consent_valid"),
            models.CheckConstraint(
                condition=Q(may_publish=False)
                | Q(people_identifiable=False, children_present=False)
                | Q(consent=Consent.YES)
                | Q(consent=Consent.NOT_NEEDED, children_present=False),
                name="learning_attachment_published_with_consent",
                violation_error_message=_(
                    "A file showing identifiable people may be published only with their "
                    "consent (or when consent is not needed); with children, only with consent."
                ),
            ),
        ]

    @property
    def withheld_reason(self) -> str:
        """Why it stays inside the team, "" if it may be published (learning.publication)."""
        from learning.publication import withheld_reason

        return withheld_reason(self)

    def __str__(self) -> str:
        return self.caption or self.original_name or self.file.name
