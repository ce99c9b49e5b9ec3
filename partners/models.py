from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel, URLField, VersionedModel, choices_check
from partners.enums import OrganisationKind, ProgrammeRole


class Organisation(VersionedModel):
    """A government body, security service, mission, international body, NGO, group..."""

    name = models.CharField(_("name"), max_length=250)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    country = CountryField(
        _("country"),
        blank=True,
        help_text=_(
            "Blank for international bodies such as IOM. A diplomatic mission belongs "
            "to the country it represents."
        ),
    )
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    website = URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        db_default=False,
        help_text=_(
            "For instance a security service: its notes and its people's contact details "
            "are shown to administrators only, and other programmes do not find it."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["kind"], name="partners_org_kind_idx"),
            models.Index(fields=["country"], name="partners_org_country_idx"),
            models.Index(fields=["acronym"], name="partners_org_acronym_idx"),
            # The list's order (organisations_for_directory).
            models.Index(fields=["name", "id"], name="partners_org_name_order_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "country",
                name="partners_organisation_unique_name_country",
                violation_error_message=_(
                    "An organisation with this name already exists for this country."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="partners_organisation_not_own_parent",
                violation_error_message=_("An organisation cannot be part of itself."),
            ),
            choices_check("kind", OrganisationKind, "partners_organisation_kind_valid"),
        ]

    def __str__(self) -> str:
        if self.acronym and self.acronym.lower() != self.name.lower():
            return f"{self.name} ({self.acronym})"
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:organisation-detail", args=[self.pk])


class Programme(TimeStampedModel):
    """A funded programme such as IOM's Programme for Human Security and Stabilization."""

    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=250)
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        related_name="led_programmes",
    )
    countries = CountryField(_("countries"), multiple=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    start_note = models.CharField(
        _("start as reported"),
        max_length=100,
        blank=True,
        help_text=_("When the start is vague, as said: “since 2014”."),
    )
    end_date = models.DateField(_("end date"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="ProgrammeMembership",
        verbose_name=_("members"),
        related_name="programmes",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["code"]
        indexes = [models.Index(fields=["active"], name="partners_programme_active_idx")]
        constraints = [
            models.UniqueConstraint(
                Lower("code"),
                name="partners_programme_unique_code",
                violation_error_message=_("A programme with this code already exists."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="partners_programme_end_after_start",
                violation_error_message=_("The programme cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True) | Q(start_year__range=(1900, 2200)),
                name="partners_programme_start_year_plausible",
                violation_error_message=_("Enter a year between 1900 and 2200."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class ProgrammeMembership(TimeStampedModel):
    """Who works on which programme, as staff or as manager: the only programme roles."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=ProgrammeRole.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme membership")
        verbose_name_plural = _("programme memberships")
        ordering = ["programme", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "programme"],
                name="partners_membership_unique_user_programme",
                violation_error_message=_("This user already has a role in this programme."),
            ),
            choices_check("role", ProgrammeRole, "partners_membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.programme.code} ({self.get_role_display()})"


# Kept by name so project_save writes one history row with the donors in it.
PROJECT_HISTORY = HistoricalRecords(m2m_fields=["donors"])


class Project(VersionedModel):
    """A funded project inside a programme, such as “NOAH Phase IV”, with its donors."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    name = models.CharField(_("name"), max_length=250)
    code = models.CharField(_("code"), max_length=50, blank=True)
    donors = models.ManyToManyField(
        Organisation,
        verbose_name=_("donors"),
        blank=True,
        related_name="funded_projects",
        help_text=_("The governments or bodies that fund the project."),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)

    history = PROJECT_HISTORY

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["programme", "name"]
        constraints = [
            models.UniqueConstraint(
                "programme",
                Lower("name"),
                name="partners_project_unique_name_in_programme",
                violation_error_message=_("This programme already has a project with this name."),
            ),
            models.UniqueConstraint(
                "programme",
                Lower("code"),
                condition=~Q(code=""),
                name="partners_project_unique_code_in_programme",
                violation_error_message=_("This programme already has a project with this code."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="partners_project_end_after_start",
                violation_error_message=_("The project cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        if self.code:
            return f"{self.code} – {self.name}"
        return self.name
