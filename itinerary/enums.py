from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteKind(models.TextChoices):
    SCHOOL = "school", _("School")
    TRAINING_CENTRE = "training_centre", _("Training centre")
    RESOURCE_CENTRE = "resource_centre", _("Resource centre")
    COMMUNITY_CENTRE = "community_centre", _("Community centre")
    OFFICE = "office", _("Office")
    COURT = "court", _("Court")
    POLICE_STATION = "police_station", _("Police station")
    BORDER_POST = "border_post", _("Border post")
    PORT = "port", _("Port or airport")
    HEALTH_FACILITY = "health_facility", _("Health facility")
    CLINIC = "clinic", _("Clinic")
    HOSPITAL = "hospital", _("Hospital")
    FARM = "farm", _("Farm")
    MARKET = "market", _("Market")
    WATER_POINT = "water_point", _("Water point")
    CAMP = "camp", _("Camp or settlement")
    EMERGENCY_CENTRE = "emergency_centre", _("Emergency operations centre")
    OTHER = "other", _("Other")


class ItemKind(models.TextChoices):
    ARRIVAL = "arrival", _("Arrival")
    DEPARTURE = "departure", _("Departure")
    TRAVEL = "travel", _("Travel")
    BRIEFING = "briefing", _("Briefing")
    COURTESY_CALL = "courtesy_call", _("Courtesy call")
    MEETING = "meeting", _("Meeting")
    SITE_VISIT = "site_visit", _("Site visit")
    COMMUNITY_ENGAGEMENT = "community_engagement", _("Community engagement")
    WORKSHOP = "workshop", _("Workshop")
    DEBRIEF = "debrief", _("Debrief")
    CULTURAL = "cultural", _("Cultural")
    OTHER = "other", _("Other")


# Kinds that may start or end one day outside the delegation's dates.
TRAVEL_KINDS = (ItemKind.ARRIVAL, ItemKind.DEPARTURE, ItemKind.TRAVEL)


class CounterpartRole(models.TextChoices):
    HOST = "host", _("Host")
    PRESENTER = "presenter", _("Presenter")
    REPRESENTED = "represented", _("Represented the office")
    PARTICIPANT = "participant", _("Participant")


class BeneficiaryCategory(models.TextChoices):
    PROGRAMME_BENEFICIARIES = "programme_beneficiaries", _("Programme beneficiaries")
    YOUTH_LEADERS = "youth_leaders", _("Youth leaders")
    SMALL_BUSINESS = "small_business", _("Small business operators")
    COMMUNITY_LEADERS = "community_leaders", _("Community leaders")
    OTHER = "other", _("Other")
