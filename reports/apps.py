from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from simple_history.signals import post_create_historical_record

        from delegations.selectors import delegation_list_tools, delegation_sections
        from delegations.services import register_approval_hook
        from reports.figure_cache import record_change
        from reports.pdf_cache import record_report_change, report_section_context
        from reports.tasks import queue_approved_version

        # Approving stores the report as approved, once, in a job (reports.tasks).
        register_approval_hook(queue_approved_version)
        # The dashboard's cached figures follow every counted row a service writes (each
        # leaves a history row): reports.figure_cache.
        post_create_historical_record.connect(record_change, dispatch_uid="dashboard-figures")
        # And the report's PDF is laid out again by the worker (reports.pdf_cache).
        post_create_historical_record.connect(record_report_change, dispatch_uid="report-pdf")

        # Right under the visit's facts: where its report, review and exports are.
        # Its context asks the worker to lay out the PDF it links to (reports.pdf_cache).
        delegation_sections.register(
            "reports/includes/report_section.html", order=5, context=report_section_context
        )
        delegation_list_tools.register("reports/includes/delegation_list_exports.html", order=10)

        from reports import personal_data

        personal_data.register()
