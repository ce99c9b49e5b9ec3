from django.apps import AppConfig


class VisitsConfig(AppConfig):
    """Kept for its migrations only: they created the tables that `itinerary` and `learning`
    now own (visits.0002 renamed them, visits.0003 handed their state over). A database
    made before the split migrates forward through them; new code never goes here."""

    name = "visits"
