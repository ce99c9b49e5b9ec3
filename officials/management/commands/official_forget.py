"""Erase a person from the directory (officials.erasure.official_forget)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from officials.erasure import official_forget
from officials.models import Official, QuoteHandling


class Command(BaseCommand):
    help = "Erase a person: name, contact details, notes, history; quotes anonymised or deleted."

    def add_arguments(self, parser):
        parser.add_argument("official_id", type=int)
        parser.add_argument("--quotes", choices=QuoteHandling.values, required=True)
        parser.add_argument(
            "--rerender-approved",
            action="store_true",
            help="Also re-render approved report versions without the person.",
        )
        parser.add_argument("--by", help="Email of the administrator doing it (recorded).")

    def handle(self, *args, official_id, quotes, rerender_approved, by, **options):
        official = Official.objects.filter(pk=official_id).first()
        if official is None:
            raise CommandError(f"No official #{official_id}.")
        actor = None
        if by:
            actor = get_user_model().objects.filter(email__iexact=by).first()
            if actor is None:
                raise CommandError(f"No user {by}.")
        try:
            erasure = official_forget(
                official=official, actor=actor, quotes=quotes, rerender_approved=rerender_approved
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Erased {erasure}.")
