"""Writes on the people directory."""

from django.db import transaction

from officials.models import Official


@transaction.atomic
def official_save(*, official: Official) -> Official:
    official.full_clean()
    official.save()
    return official
