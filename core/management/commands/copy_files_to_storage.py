"""Copy the files under MEDIA_ROOT (or --source) to the configured default storage.

Run once with the S3_* settings in place, after the last upload to the disk:
    python manage.py copy_files_to_storage [--source DIR] [--dry-run]
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from core.storage import files_copy_to_storage


class Command(BaseCommand):
    help = "Copy files kept on the disk (MEDIA_ROOT) into the default storage (S3), same names."

    def add_arguments(self, parser):
        parser.add_argument("--source", default=settings.MEDIA_ROOT)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, source, dry_run, **options):
        root = Path(source)
        if not root.is_dir():
            raise CommandError(f"No folder at {root}.")
        report = files_copy_to_storage(source=root, storage=default_storage, dry_run=dry_run)
        verb = "Would copy" if dry_run else "Copied"
        self.stdout.write(
            f"{verb} {len(report.copied)} files; {len(report.present)} already there."
        )
        for name in report.conflicts:
            self.stderr.write(f"Left alone (another file of that name is there): {name}")
        if report.conflicts:
            raise CommandError(f"{len(report.conflicts)} names hold other files in the storage.")
