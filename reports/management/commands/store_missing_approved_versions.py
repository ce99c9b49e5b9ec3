"""Give an approved version to every approved report that has none for its last approval
(reports approved before versions were stored): reports.services.
store_missing_approved_version, marked "stored on <date>, after approval"."""

from django.core.management.base import BaseCommand

from delegations.enums import ReportStatus
from delegations.models import Delegation
from reports.services import store_missing_approved_version


class Command(BaseCommand):
    help = (
        "Store an approved version, marked as stored after approval, for each approved "
        "report that has none. Safe to run again: it stores nothing twice."
    )

    def handle(self, *args, **options):
        stored = 0
        approved = Delegation.objects.filter(report__status=ReportStatus.APPROVED).order_by("pk")
        for delegation in approved.only("pk", "title"):
            version = store_missing_approved_version(delegation)
            if version is not None:
                stored += 1
                languages = ", ".join(r.language for r in version.renditions.all())
                self.stdout.write(
                    f"{delegation.title}: version {version.number} stored after approval "
                    f"({languages})"
                )
        self.stdout.write(f"{stored} approved version(s) stored after approval.")
