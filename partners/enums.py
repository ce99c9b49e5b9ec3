from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    SECURITY = "security", _("Security service")
    DIPLOMATIC = "diplomatic", _("Diplomatic mission")
    INTERNATIONAL = "international", _("International organisation")
    NGO = "ngo", _("NGO")
    COMMUNITY = "community", _("Community group")
    EDUCATION = "education", _("School / education")
    PRIVATE = "private", _("Private sector")
    OTHER = "other", _("Other")


class ProgrammeRole(models.TextChoices):
    STAFF = "staff", _("Programme staff")
    MANAGER = "manager", _("Manager")
