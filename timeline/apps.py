from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TimelineConfig(AppConfig):
    """The change history of a delegation and of everything under it."""

    name = "timeline"
    verbose_name = _("Change history")

    def ready(self) -> None:
        from timeline import sections

        sections.register()
