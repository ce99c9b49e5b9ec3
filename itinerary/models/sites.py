from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel, choices_check
from itinerary.enums import SiteKind


class Site(TimeStampedModel):
    """A place visited: a school, resource centre, border post..."""

    name = models.CharField(_("name"), max_length=250)
    kind = models.CharField(_("kind"), max_length=20, choices=SiteKind.choices)
    place = models.ForeignKey(
        "places.Place", verbose_name=_("place"), on_delete=models.PROTECT, related_name="sites"
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("operating organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sites",
    )
    description = models.TextField(_("description"), blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "place",
                name="itinerary_site_unique_name_place",
                violation_error_message=_("A site with this name already exists in this place."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="itinerary_site_coordinates_valid",
                violation_error_message=_(
                    "Give both latitude (-90 to 90) and longitude (-180 to 180), or neither."
                ),
            ),
            choices_check("kind", SiteKind, "itinerary_site_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class Topic(TimeStampedModel):
    """What delegations come to learn about: community policing, border management..."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                name="itinerary_topic_unique_slug",
                violation_error_message=_("A topic with this slug already exists."),
            ),
            models.UniqueConstraint(
                Lower("name"),
                name="itinerary_topic_unique_name",
                violation_error_message=_("A topic with this name already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.name
