from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    """What a visit learned: objectives, highlights, follow-ups, attachments, topic pages."""

    name = "learning"
    verbose_name = _("Learning")

    def ready(self) -> None:
        from learning import directory_sections, personal_data, relations, sections

        sections.register()
        directory_sections.register()
        relations.register()
        personal_data.register()
