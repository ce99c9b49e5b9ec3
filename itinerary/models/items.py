from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.history import SaveMarkedHistory
from core.models import TimeStampedModel, VersionedModel, choices_check
from itinerary.enums import BeneficiaryCategory, CounterpartRole, ItemKind
from itinerary.where import where_constraints


class ItineraryItem(VersionedModel):
    """One entry of the programme: a courtesy call, a briefing, a site visit, a flight."""

    delegation = models.ForeignKey(
        "delegations.Delegation",
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="itinerary_items",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ItemKind.choices)
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="itinerary_items",
        help_text=_("Taken from the site when there is one."),
    )
    origin = models.ForeignKey(
        "places.Place",
        verbose_name=_("from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="itinerary_departures",
    )
    destination = models.ForeignKey(
        "places.Place",
        verbose_name=_("to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="itinerary_arrivals",
    )
    site = models.ForeignKey(
        "itinerary.Site",
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="itinerary_items",
    )
    organisations = models.ManyToManyField(
        "partners.Organisation",
        verbose_name=_("organisations met"),
        blank=True,
        related_name="itinerary_items",
    )
    counterparts = models.ManyToManyField(
        "officials.Official",
        through="itinerary.Counterpart",
        verbose_name=_("counterparts"),
        blank=True,
        related_name="itinerary_items",
    )
    topics = models.ManyToManyField(
        "itinerary.Topic", verbose_name=_("topics"), blank=True, related_name="itinerary_items"
    )
    summary = models.TextField(_("summary"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    illustrative = models.BooleanField(
        _("illustrative times"),
        default=False,
        help_text=_("The times were chosen for illustration; the record gives none."),
    )

    history = HistoricalRecords(m2m_fields=[organisations, topics], bases=[SaveMarkedHistory])

    class Meta:
        verbose_name = _("itinerary item")
        verbose_name_plural = _("itinerary items")
        ordering = ["delegation", "starts_at", "pk"]
        indexes = [
            models.Index(fields=["delegation", "starts_at"], name="itinerary_item_deleg_start_idx"),
            models.Index(fields=["kind"], name="itinerary_item_kind_idx"),
            # The latest items at a place or site, read backwards (search.links).
            models.Index(
                fields=["place", "starts_at", "id"], name="itinerary_item_place_start_idx"
            ),
            models.Index(fields=["site", "starts_at", "id"], name="itinerary_item_site_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="itinerary_item_ends_after_start",
                violation_error_message=_("The item must end after it starts."),
            ),
            *where_constraints(),  # a site visit needs a site, travel a route… (itinerary.where)
            models.UniqueConstraint(
                fields=["delegation", "starts_at", "title"],
                name="itinerary_item_natural_key",
                violation_error_message=_("This item is already on the itinerary at that time."),
            ),
            choices_check("kind", ItemKind, "itinerary_item_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("itinerary:itinerary", args=[self.delegation_id]) + f"#item-{self.pk}"


class Counterpart(TimeStampedModel):
    """An official met during an itinerary item, and in what role."""

    item = models.ForeignKey(
        ItineraryItem,
        verbose_name=_("itinerary item"),
        on_delete=models.CASCADE,
        related_name="counterpart_links",
    )
    official = models.ForeignKey(
        "officials.Official",
        verbose_name=_("official"),
        on_delete=models.PROTECT,
        related_name="counterpart_links",
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=CounterpartRole.choices,
        default=CounterpartRole.PARTICIPANT,
    )
    position = models.CharField(_("position at the time"), max_length=300, blank=True)

    history = HistoricalRecords(bases=[SaveMarkedHistory])

    class Meta:
        verbose_name = _("counterpart")
        verbose_name_plural = _("counterparts")
        ordering = ["item", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "official"],
                name="itinerary_counterpart_unique_official",
                violation_error_message=_("This official is already listed for this item."),
            ),
            choices_check("role", CounterpartRole, "itinerary_counterpart_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.official} ({self.get_role_display()})"

    def get_absolute_url(self) -> str:
        return self.item.get_absolute_url()


_KNOWN_SUM = Coalesce("female", 0) + Coalesce("male", 0) + Coalesce("other", 0)


class BeneficiaryGroup(TimeStampedModel):
    """People met on an item, counted by sex and youth.

    Unknown is NULL, never zero; a known count is never negative (the positive
    integer columns carry that check in the database).
    """

    item = models.ForeignKey(
        ItineraryItem,
        verbose_name=_("itinerary item"),
        on_delete=models.CASCADE,
        related_name="beneficiary_groups",
    )
    category = models.CharField(_("category"), max_length=30, choices=BeneficiaryCategory.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    origins = models.ManyToManyField(
        "places.Place", verbose_name=_("from"), blank=True, related_name="beneficiary_groups"
    )
    female = models.PositiveIntegerField(_("women and girls"), null=True, blank=True)
    male = models.PositiveIntegerField(_("men and boys"), null=True, blank=True)
    other = models.PositiveIntegerField(_("other or not said"), null=True, blank=True)
    total = models.PositiveIntegerField(
        _("total"),
        null=True,
        blank=True,
        help_text=_("Filled from the counts by sex when all are known."),
    )
    youth = models.PositiveIntegerField(_("of whom youth"), null=True, blank=True)
    illustrative = models.BooleanField(
        _("illustrative counts"),
        default=False,
        help_text=_("The counts were chosen for illustration; the record gives none."),
    )

    history = HistoricalRecords(m2m_fields=[origins], bases=[SaveMarkedHistory])

    class Meta:
        verbose_name = _("beneficiary group")
        verbose_name_plural = _("beneficiary groups")
        ordering = ["item", "category", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total__isnull=True) | Q(total__gte=_KNOWN_SUM),
                name="itinerary_beneficiaries_total_covers_counts",
                violation_error_message=_("The total cannot be less than the counts by sex."),
            ),
            models.CheckConstraint(
                condition=Q(total__isnull=True)
                | Q(female__isnull=True)
                | Q(male__isnull=True)
                | Q(other__isnull=True)
                | Q(total=_KNOWN_SUM),
                name="itinerary_beneficiaries_total_matches_counts",
                violation_error_message=_(
                    "When every count by sex is known, the total is their sum."
                ),
            ),
            models.CheckConstraint(
                condition=Q(youth__isnull=True) | Q(total__isnull=True) | Q(youth__lte=F("total")),
                name="itinerary_beneficiaries_youth_within_total",
                violation_error_message=_("There cannot be more youth than people in the group."),
            ),
            choices_check(
                "category", BeneficiaryCategory, "itinerary_beneficiaries_category_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} – {self.item}"

    def get_absolute_url(self) -> str:
        return self.item.get_absolute_url()

    @property
    def at_least(self) -> int | None:
        """Women and men counted, "other" left blank and no total: at least their sum
        ("at least 12 (other not recorded)"); None otherwise."""
        if self.total is None and self.other is None and None not in (self.female, self.male):
            return self.female + self.male
        return None
