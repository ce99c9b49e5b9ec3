"""Everything stored about one person, as a ZIP (officials.subject_access)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from officials.models import Official
from officials.subject_access import official_subject_access, subject_access_file_name


class Command(BaseCommand):
    help = "Write a ZIP of everything stored about one person: person.json and the files."

    def add_arguments(self, parser):
        parser.add_argument("official_id", type=int)
        parser.add_argument("--output", type=Path, help="File or folder (default: here).")

    def handle(self, *args, official_id, output, **options):
        official = Official.objects.select_related("user").filter(pk=official_id).first()
        if official is None:
            raise CommandError(f"No official #{official_id}.")
        path = output or Path.cwd()
        if path.is_dir():
            path = path / subject_access_file_name(official)
        path.write_bytes(official_subject_access(official=official))
        path.chmod(0o600)
        self.stdout.write(str(path))
