"""Writes on organisations and programmes."""

from django.db import transaction

from core.services import validated_save, versioned_save
from partners.models import Organisation, Programme, ProgrammeMembership


@transaction.atomic
def organisation_save(
    *, organisation: Organisation, actor=None, expected_version: int | None = None
) -> Organisation:
    """Add or change an organisation of the shared directory; a change from a stale form
    (someone saved since `expected_version`) is refused, naming what they changed."""
    return versioned_save(organisation, actor=actor, expected_version=expected_version)


@transaction.atomic
def programme_save(*, programme: Programme, actor=None) -> Programme:
    return validated_save(programme, actor=actor)


@transaction.atomic
def membership_set(*, user, programme: Programme, role: str, actor=None) -> ProgrammeMembership:
    membership = ProgrammeMembership.objects.filter(user=user, programme=programme).first()
    if membership is None:
        membership = ProgrammeMembership(user=user, programme=programme, role=role)
    elif membership.role == role:
        return membership
    membership.role = role
    return validated_save(membership, actor=actor)
