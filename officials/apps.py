from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficialsConfig(AppConfig):
    name = "officials"
    verbose_name = _("Officials")

    def ready(self) -> None:
        from core.retention import register_personal_history_fields
        from officials.models import Official
        from officials.selectors import organisation_people
        from partners.selectors import organisation_sections

        # Old history rows keep the name (the entry itself still has it), not the rest.
        register_personal_history_fields(
            Official, lambda: {"email": "", "phone": "", "notes": "", "position": ""}
        )

        # Beside the organisation's own facts: who works there (the directory of people
        # sits above organisations, so the organisation page cannot read it itself).
        organisation_sections.register(
            "officials/includes/organisation_people_section.html",
            order=5,
            context=organisation_people,
            region="aside",
        )
