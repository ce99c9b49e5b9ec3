"""`python manage.py load_demo`: the seed story and the demo users, loaded idempotently."""

from django.conf import settings
from django.core.management.base import BaseCommand

from demo.services import DemoLoadResult, demo_load


class Command(BaseCommand):
    help = (
        "Load the demo delegation (Cabo Delgado officials in Kenya, 22–26 July 2019) and the "
        "demo users. Running it again creates nothing and changes nothing."
    )

    def handle(self, *args, **options) -> None:
        result = demo_load()
        self._write_summary(result)
        self._write_logins(result)

    def _write_summary(self, result: DemoLoadResult) -> None:
        delegation = result.delegation
        self.stdout.write(f"Demo delegation: {delegation} (#{delegation.pk})")
        if result.created_total:
            total = result.created_total
            details = ", ".join(result.created_by_model())
            self.stdout.write(
                self.style.SUCCESS(f"Created {total} row{'' if total == 1 else 's'}: {details}.")
            )
        else:
            self.stdout.write(self.style.SUCCESS("Nothing to create: the demo is already loaded."))

    def _write_logins(self, result: DemoLoadResult) -> None:
        if settings.DEBUG:
            self.stdout.write(
                "Demo log-ins (the password is the one set when the user was created):"
            )
            for login in result.logins:
                self.stdout.write(f"  {login.email:<32} {login.password:<24} {login.label}")
            return
        self.stdout.write("Demo users exist:")
        for login in result.logins:
            self.stdout.write(f"  {login.email:<32} {login.label}")
        self.stdout.write(
            "Passwords are printed only when DEBUG is on. "
            "Set one with: python manage.py changepassword <email>"
        )
