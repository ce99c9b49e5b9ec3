"""Writes on the people directory."""

from django.db import transaction

from core.services import versioned_save
from officials.models import Official


@transaction.atomic
def official_save(
    *, official: Official, actor=None, expected_version: int | None = None
) -> Official:
    """Add or change an entry of the shared directory; a change made from a stale form
    (someone saved since `expected_version`) is refused, naming what they changed."""
    return versioned_save(official, actor=actor, expected_version=expected_version)
