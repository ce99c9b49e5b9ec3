from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel, choices_check
from places.enums import PlaceKind
from places.timezones import validate_timezone


class Place(TimeStampedModel):
    """A country, state, province, region, county, city or town, with its IANA time zone."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PlaceKind.choices)
    country = CountryField(_("country"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_timezone],
        help_text=_(
            "IANA name such as Africa/Nairobi. Left blank: the parent's, or the country's only zone."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["country", "name"]
        indexes = [models.Index(fields=["country", "kind"], name="places_country_kind_idx")]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "parent",
                "country",
                condition=Q(parent__isnull=False),
                name="places_place_unique_name_in_parent",
                violation_error_message=_("This place already exists under the same parent."),
            ),
            models.UniqueConstraint(
                Lower("name"),
                "country",
                condition=Q(parent__isnull=True),
                name="places_place_unique_top_level_name",
                violation_error_message=_("This place already exists in this country."),
            ),
            models.CheckConstraint(
                condition=~Q(timezone=""),
                name="places_place_timezone_set",
                violation_error_message=_("A place needs a time zone."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="places_place_not_own_parent",
                violation_error_message=_("A place cannot be part of itself."),
            ),
            choices_check("kind", PlaceKind, "places_place_kind_valid"),
        ]

    def __str__(self) -> str:
        if self.parent_id:
            return f"{self.name}, {self.parent.name}"
        return self.name
