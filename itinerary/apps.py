from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ItineraryConfig(AppConfig):
    """The programme of a visit: items in local time, sites, topics, the people met."""

    name = "itinerary"
    verbose_name = _("Itinerary")

    def ready(self) -> None:
        from delegations.services import register_submission_check, register_update_check
        from itinerary import personal_data, sections
        from itinerary.services import itinerary_fits_dates, itinerary_submission_check

        register_submission_check(itinerary_submission_check)
        register_update_check(itinerary_fits_dates)
        sections.register()
        personal_data.register()
