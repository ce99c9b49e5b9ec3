from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from core.models import VersionedModel, choices_check
from officials.enums import Gender, Honorific


class Official(VersionedModel):
    """A person in the directory: delegates, counterparts, host staff.

    Names are one field: they do not split into first/last names everywhere. No
    passport or ID numbers: personal data is kept to what the work needs.
    """

    honorific = models.CharField(
        _("honorific"), max_length=10, choices=Honorific.choices, blank=True
    )
    full_name = models.CharField(_("full name"), max_length=200)
    rank = models.CharField(
        _("rank or title"),
        max_length=100,
        blank=True,
        help_text=_("Such as “Brigadier General” or “Chief Justice”, shown before the name."),
    )
    position = models.CharField(_("position"), max_length=300, blank=True)
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officials",
    )
    country = CountryField(_("country served"), blank=True)
    gender = models.CharField(
        _("gender"), max_length=20, choices=Gender.choices, default=Gender.NOT_RECORDED
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        db_default=False,
        help_text=_(
            "For instance someone from a security service: contact details and notes are "
            "shown to administrators only, and other programmes do not find the entry."
        ),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="official",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        ordering = ["full_name"]
        indexes = [
            models.Index(Lower("full_name"), name="officials_name_lower_idx"),
            models.Index(fields=["country"], name="officials_country_idx"),
            # The list's default order (officials_for_directory), and with the country filter.
            models.Index(fields=["full_name", "id"], name="officials_name_order_idx"),
            models.Index(fields=["country", "full_name", "id"], name="officials_country_order_idx"),
        ]
        constraints = [
            choices_check("gender", Gender, "officials_official_gender_valid"),
            choices_check("honorific", Honorific, "officials_official_honorific_valid"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("officials:detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        return " ".join(part for part in (self.honorific, self.rank, self.full_name) if part)

    @property
    def is_sensitive(self) -> bool:
        """Flagged, or working for a flagged organisation (a security service)."""
        return self.sensitive or bool(self.organisation and self.organisation.sensitive)


class QuoteHandling(models.TextChoices):
    ANONYMISE = "anonymise", _("Made anonymous")
    DELETE = "delete", _("Deleted")


class Erasure(models.Model):
    """That a person was erased (officials.erasure.official_forget): who did it, when, which
    entry, and how, without any personal data. Kept to re-apply after a restore from backup
    (`manage.py reapply_erasures`)."""

    official_id = models.BigIntegerField(_("official's number"), unique=True)
    erased_at = models.DateTimeField(_("erased at"), auto_now_add=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erased by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    quotes = models.CharField(_("their quotes"), max_length=20, choices=QuoteHandling.choices)
    approved_versions_rerendered = models.BooleanField(
        _("approved report versions re-rendered"),
        default=False,
        help_text=_("Otherwise an approved version, a signed record, keeps the person."),
    )

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        ordering = ["-erased_at", "pk"]
        constraints = [
            choices_check("quotes", QuoteHandling, "officials_erasure_quotes_valid"),
        ]

    def __str__(self) -> str:
        return f"Person #{self.official_id}"
