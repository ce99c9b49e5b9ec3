"""The delegation itself: its facts, destinations in order of travel, and its history."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from core.history import SaveMarkedHistory
from core.models import VersionedModel, choices_check
from delegations.enums import (
    MemberRole,
    PlanningStatus,
    TeamSide,
)


def _history_model_name(name: str) -> str:
    """Historical model names: the destinations' through model keeps the name its history
    table had while Django created the through model itself."""
    if name == "DelegationDestination":
        return "HistoricalDelegation_destinations"
    return f"Historical{name}"


class DelegationDestination(models.Model):
    """A place the delegation travels to, in the order of travel."""

    delegation = models.ForeignKey(
        "delegations.Delegation", verbose_name=_("delegation"), on_delete=models.CASCADE
    )
    place = models.ForeignKey("places.Place", verbose_name=_("place"), on_delete=models.CASCADE)
    order = models.PositiveSmallIntegerField(_("order of travel"), default=0)

    class Meta:
        db_table = "delegations_delegation_destinations"
        verbose_name = _("destination")
        verbose_name_plural = _("destinations")
        ordering = ["delegation", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "place"],
                name="delegations_destination_unique_place",
                violation_error_message=_("This place is already a destination."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.place)


# Kept by name so a service can write the delegation's history row itself after it has
# written the many-to-many rows (destinations in their order of travel) without signals.
DELEGATION_HISTORY = HistoricalRecords(
    m2m_fields=["destinations", "sending_organisations"],
    custom_model_name=_history_model_name,
    bases=[SaveMarkedHistory],
)


class Delegation(VersionedModel):
    """An exchange visit as a whole: who travels, from where, to learn what, when."""

    title = models.CharField(_("title"), max_length=300)
    programme = models.ForeignKey(
        "partners.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="delegations",
    )
    purpose = models.TextField(_("purpose"), blank=True)
    background = models.TextField(
        _("background"),
        blank=True,
        help_text=_("Context, such as “about 50,000 people displaced since 2017”."),
    )
    sending_countries = CountryField(_("sending countries"), multiple=True)
    project = models.ForeignKey(
        "partners.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations",
        help_text=_("The programme's project that funds the visit, if any."),
    )
    sending_organisations = models.ManyToManyField(
        "partners.Organisation",
        verbose_name=_("sending organisations"),
        blank=True,
        related_name="delegations_sent",
        help_text=_("The governments or bodies that send the officials."),
    )
    requested_by = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations_requested",
    )
    arranged_by = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("arranged by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations_arranged",
    )
    host_country = CountryField(_("host country"))
    host_organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("host organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations_hosted",
    )
    destinations = models.ManyToManyField(
        "places.Place",
        verbose_name=_("destinations"),
        blank=True,
        related_name="delegations",
        through=DelegationDestination,
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    status = models.CharField(
        _("planning status"),
        max_length=20,
        choices=PlanningStatus.choices,
        default=PlanningStatus.DRAFT,
    )
    no_head = models.BooleanField(
        _("no head (group visit)"),
        default=False,
        help_text=_("The delegation travels as a group, without a head of delegation."),
    )
    locked = models.BooleanField(
        _("locked"),
        default=False,
        editable=False,
        help_text=_("Set while the report is approved: nothing under the delegation changes."),
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    feed_generation = models.PositiveIntegerField(
        _("calendar address generation"),
        default=1,
        editable=False,
        help_text=_(
            "Part of the signed address of the itinerary's calendar subscription: "
            "renewing the address counts it up, and every older address stops working."
        ),
    )

    feed_renewed_on = models.DateField(
        _("calendar address renewed on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The calendar subscription works until 14 days after the visit ends, or after "
            "this day if later."
        ),
    )

    report_language = models.CharField(
        _("report language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_(
            "The language the report is read in by default. The report can also be "
            "produced in every other language; what people typed stays as typed."
        ),
    )

    history = DELEGATION_HISTORY

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["-start_date", "title"]
        indexes = [
            models.Index(fields=["status"], name="delegations_status_idx"),
            models.Index(fields=["host_country"], name="delegations_host_country_idx"),
            # The list's orderings (delegations.filters.SORTS), read in index order so a
            # page costs the same whatever the number of delegations; "oldest first" reads
            # the first one backwards, sorting only ties of a date by title. The dashboard's
            # reports in writing (oldest visit first, over several programmes) walk it too.
            models.Index(fields=["-start_date", "title", "id"], name="delegations_list_order_idx"),
            models.Index(fields=["title", "-start_date", "id"], name="delegations_title_order_idx"),
            # The list of one programme's staff (delegations_listed_for): its pages, however
            # deep, are read from the index alone, in order.
            models.Index(
                fields=["programme", "-start_date", "title", "id"],
                name="delegations_prog_order_idx",
            ),
            # The countries the list's filters offer (selectors.delegation_countries).
            models.Index(fields=["programme", "host_country"], name="delegations_prog_host_idx"),
            models.Index(
                fields=["programme", "sending_countries"], name="delegations_prog_sending_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="delegations_delegation_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(report_language__in=[code for code, _name in settings.LANGUAGES]),
                name="delegations_delegation_report_language_offered",
                violation_error_message=_("Choose one of the languages offered."),
            ),
            models.UniqueConstraint(
                "programme",
                Lower("title"),
                "start_date",
                name="delegations_delegation_natural_key",
                violation_error_message=_(
                    "This programme already has a delegation with this title starting that day."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(sending_countries=""),
                name="delegations_delegation_has_sending_country",
                violation_error_message=_("Name at least one sending country."),
            ),
            choices_check("status", PlanningStatus, "delegations_delegation_status_valid"),
            models.CheckConstraint(
                condition=Q(feed_generation__gte=1),
                name="delegations_delegation_feed_generation_positive",
                violation_error_message=_("The calendar address generation starts at 1."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("delegations:detail", args=[self.pk])

    @property
    def status_badge_class(self) -> str:
        return PlanningStatus(self.status).badge_class

    @property
    def head_missing(self) -> bool:
        """No head among the members (prefetched) and not marked a group visit without one:
        a missing piece that does not stop the report."""
        return not self.no_head and not any(
            member.role == MemberRole.HEAD for member in self.members.all()
        )

    @property
    def support_sides(self) -> list[dict]:
        """The support team by side (hosts first): side, label, rows, what to say if none.
        Reads `support_team.all()`, prefetched by the pages."""
        rows = list(self.support_team.all())
        return [
            {
                "side": side.value,
                "label": side.label,
                "empty": side.empty_label,
                "rows": [row for row in rows if row.side == side],
            }
            for side in TeamSide
        ]

    @property
    def destinations_in_order(self) -> list:
        """The destinations in the order of travel (prefetched as `destination_links` by
        delegations.selectors.DESTINATION_LINKS)."""
        links = getattr(self, "destination_links", None)
        if links is None:
            links = self.delegationdestination_set.select_related("place__parent")
        return [link.place for link in links]

    @property
    def feed_expires_on(self) -> datetime.date:
        """The last day the calendar subscription works: FEED_DAYS_AFTER_VISIT days after
        the visit ends, or after the address was last renewed if that is later."""
        last = max(self.end_date, self.feed_renewed_on or self.end_date)
        return last + datetime.timedelta(days=settings.FEED_DAYS_AFTER_VISIT)
