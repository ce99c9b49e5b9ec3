"""Writes on organisations and programmes."""

from django.db import transaction

from partners.models import Organisation, Programme, ProgrammeMembership


@transaction.atomic
def organisation_save(*, organisation: Organisation) -> Organisation:
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def programme_save(*, programme: Programme) -> Programme:
    programme.full_clean()
    programme.save()
    return programme


@transaction.atomic
def membership_set(*, user, programme: Programme, role: str) -> ProgrammeMembership:
    membership = ProgrammeMembership.objects.filter(user=user, programme=programme).first()
    if membership is None:
        membership = ProgrammeMembership(user=user, programme=programme, role=role)
    elif membership.role == role:
        return membership
    membership.role = role
    membership.full_clean()
    membership.save()
    return membership
