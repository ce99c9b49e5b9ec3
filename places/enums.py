from django.db import models
from django.utils.translation import gettext_lazy as _


class PlaceKind(models.TextChoices):
    COUNTRY = "country", _("Country")
    STATE = "state", _("State")
    PROVINCE = "province", _("Province")
    REGION = "region", _("Region")
    COUNTY = "county", _("County")
    CITY = "city", _("City")
    TOWN = "town", _("Town")
