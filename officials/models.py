from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
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
        ]
        constraints = [
            choices_check("gender", Gender, "officials_official_gender_valid"),
            choices_check("honorific", Honorific, "officials_official_honorific_valid"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.honorific} {self.full_name}".strip()
