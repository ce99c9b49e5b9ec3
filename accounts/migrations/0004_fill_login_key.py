"""Fill the log-in key of every user (and history row) from the email address. Two
existing addresses that normalise alike stop the migration: an administrator merges them."""

import unicodedata

from django.db import migrations


def login_key(address: str) -> str:
    return unicodedata.normalize("NFKC", str(address or "")).strip().casefold()


def fill(apps, schema_editor):
    for name in ("User", "HistoricalUser"):
        model = apps.get_model("accounts", name)
        for row in model.objects.only("pk", "email").iterator():
            model.objects.filter(pk=row.pk).update(login_key=login_key(row.email))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_user_login_key")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
