"""What a delegation is made of: its legs, its members and its support team."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.history import SaveMarkedHistory
from core.models import VersionedModel, choices_check
from delegations.enums import (
    MemberRole,
    SupportRole,
    TeamSide,
)
from delegations.models.delegation import Delegation


class Leg(VersionedModel):
    """One part of a visit: a city or region, its dates and its own local hosts.

    Items fall into a leg by where and when they happen (itinerary.legs); a visit
    without legs is one part, hosted as the delegation says.
    """

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="legs"
    )
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("city or region"),
        on_delete=models.PROTECT,
        related_name="legs",
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    host_organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("local host organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legs_hosted",
    )
    requested_by = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legs_requested",
    )
    arranged_by = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("arranged by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legs_arranged",
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(bases=[SaveMarkedHistory])

    class Meta:
        verbose_name = _("leg")
        verbose_name_plural = _("legs")
        ordering = ["delegation", "start_date", "end_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="delegations_leg_end_after_start",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.UniqueConstraint(
                fields=["delegation", "place", "start_date"],
                name="delegations_leg_unique_place_start",
                violation_error_message=_(
                    "The delegation already has a leg in this place starting that day."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place} ({self.start_date:%d %b} – {self.end_date:%d %b %Y})"


class DelegationMember(VersionedModel):
    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="members"
    )
    official = models.ForeignKey(
        "officials.Official",
        verbose_name=_("official"),
        on_delete=models.PROTECT,
        related_name="delegation_memberships",
    )
    role = models.CharField(
        _("role in the delegation"),
        max_length=20,
        choices=MemberRole.choices,
        default=MemberRole.MEMBER,
    )
    position = models.CharField(_("position at the time of the visit"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords(bases=[SaveMarkedHistory])

    class Meta:
        verbose_name = _("delegation member")
        verbose_name_plural = _("delegation members")
        ordering = ["delegation", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "official"],
                name="delegations_member_unique_official",
                violation_error_message=_("This official is already a member of the delegation."),
            ),
            models.UniqueConstraint(
                fields=["delegation"],
                condition=Q(role=MemberRole.HEAD),
                name="delegations_member_one_head",
                violation_error_message=_("The delegation already has a head."),
            ),
            choices_check("role", MemberRole, "delegations_member_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.official} ({self.get_role_display()})"

    def get_absolute_url(self) -> str:
        return reverse("delegations:detail", args=[self.delegation_id]) + "#members"


class SupportAssignment(VersionedModel):
    """Who supports the delegation: the host team (focal point, logistics...), for the
    whole visit or one leg, and the sending side's focal points."""

    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="support_team",
    )
    official = models.ForeignKey(
        "officials.Official",
        verbose_name=_("official"),
        on_delete=models.PROTECT,
        related_name="support_assignments",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=SupportRole.choices, default=SupportRole.FIELD_SUPPORT
    )
    side = models.CharField(
        _("side"), max_length=20, choices=TeamSide.choices, default=TeamSide.HOST
    )
    leg = models.ForeignKey(
        Leg,
        verbose_name=_("leg"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="support_team",
        help_text=_("Blank: supports the whole visit."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords(bases=[SaveMarkedHistory])

    class Meta:
        verbose_name = _("support assignment")
        verbose_name_plural = _("support team")
        ordering = ["delegation", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "official"],
                name="delegations_support_unique_official",
                violation_error_message=_("This official is already on the support team."),
            ),
            choices_check("role", SupportRole, "delegations_support_role_valid"),
            choices_check("side", TeamSide, "delegations_support_side_valid"),
            models.CheckConstraint(
                condition=Q(side=TeamSide.HOST) | Q(leg__isnull=True),
                name="delegations_support_leg_only_for_hosts",
                violation_error_message=_("Only the host support team is assigned to a leg."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.official} ({self.get_role_display()})"

    def get_absolute_url(self) -> str:
        return reverse("delegations:detail", args=[self.delegation_id]) + "#support-team"
