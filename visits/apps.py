from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Visits")

    def ready(self) -> None:
        from delegations.services import register_submission_check, register_update_check
        from visits import directory_sections, sections
        from visits.services import itinerary_fits_dates, itinerary_submission_check

        register_submission_check(itinerary_submission_check)
        register_update_check(itinerary_fits_dates)
        sections.register()
        directory_sections.register()
