"""Apply the retention settings (core.retention.apply_retention); schedule it daily."""

from django.core.management.base import BaseCommand

from core.retention import apply_retention


class Command(BaseCommand):
    help = "Remove or redact personal data past its retention time (see README, Retention)."

    def handle(self, *args, **options):
        for name, count in apply_retention().items():
            self.stdout.write(f"{name}: {count}")
