from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    name = "delegations"
    verbose_name = _("Delegations")

    def ready(self) -> None:
        from core.views import register_denial_reason
        from delegations.views.refusals import frozen_refusal

        register_denial_reason(frozen_refusal)

        from delegations import personal_data

        personal_data.register()

        from delegations.mail import REVIEW_MAIL, review_message
        from jobs.mail import register_mail

        register_mail(REVIEW_MAIL, review_message)
