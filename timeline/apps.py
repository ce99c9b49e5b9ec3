from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TimelineConfig(AppConfig):
    """The change history of a delegation and of everything under it."""

    name = "timeline"
    verbose_name = _("Change history")

    def ready(self) -> None:
        from delegations.four_eyes import register_change_authors, register_changed_by
        from timeline import sections
        from timeline.authors import change_authors, delegations_changed_by

        sections.register()
        register_change_authors(change_authors)
        register_changed_by(delegations_changed_by)
