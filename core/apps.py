from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from simple_history.signals import pre_create_historical_record

        from core import checks  # noqa: F401 - registers the deployment checks
        from core.history import mark_save

        pre_create_historical_record.connect(mark_save, dispatch_uid="core.history.mark_save")
