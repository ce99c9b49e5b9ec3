"""Writes on the people directory."""

from django.db import transaction

from core.services import validated_save
from officials.models import Official


@transaction.atomic
def official_save(*, official: Official, actor=None) -> Official:
    return validated_save(official, actor=actor)
