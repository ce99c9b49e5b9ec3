"""After a restore from backup: apply every erasure again (officials.erasure)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from officials.erasure import erasures_reapply


class Command(BaseCommand):
    help = "Re-apply every recorded erasure (the database's and ERASURE_LOG's) after a restore."

    def add_arguments(self, parser):
        parser.add_argument("--log", type=Path, help="The erasure log (default ERASURE_LOG).")

    def handle(self, *args, log, **options):
        count = erasures_reapply(log_path=log)
        self.stdout.write(f"Re-applied {count} erasure(s).")
