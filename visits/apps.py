from django.apps import AppConfig


class VisitsConfig(AppConfig):
    """The visit day (`visits:today`): a phone's page for the day of a visit, with quick
    captures on each item. It sits above itinerary and learning, whose rows it writes
    through their services, and links itself from the delegation and itinerary pages
    (visits/sections.py).

    Its migrations created the tables that `itinerary` and `learning` now own
    (visits.0002 renamed them, visits.0003 handed their state over): a database made
    before the split migrates forward through them."""

    name = "visits"

    def ready(self) -> None:
        from visits import sections

        sections.register()
