"""Writes on organisations and programmes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.services import user_deactivate
from core.services import stamp, validated_save
from partners.models import Organisation, Programme, ProgrammeMembership


@transaction.atomic
def organisation_save(*, organisation: Organisation, actor=None) -> Organisation:
    return validated_save(organisation, actor=actor)


@transaction.atomic
def programme_save(*, programme: Programme, actor=None) -> Programme:
    return validated_save(programme, actor=actor)


@transaction.atomic
def membership_set(*, user, programme: Programme, role: str, actor=None) -> ProgrammeMembership:
    membership_check_user(user)
    membership = ProgrammeMembership.objects.filter(user=user, programme=programme).first()
    if membership is None:
        membership = ProgrammeMembership(user=user, programme=programme, role=role)
    elif membership.role == role:
        return membership
    membership.role = role
    return validated_save(membership, actor=actor)


def membership_check_user(user) -> None:
    if not user.is_active:
        raise ValidationError(
            {"user": _("%(user)s is deactivated: choose an active user.") % {"user": user}}
        )


@transaction.atomic
def user_deactivate_and_end_memberships(*, user, actor):
    """Deactivate a user who left: their memberships end (the history keeps them, and
    who ended them), their sessions end; what they recorded keeps their name."""
    for membership in ProgrammeMembership.objects.filter(user=user):
        stamp(membership, actor, _("Ended: user deactivated"))
        membership.delete()
    return user_deactivate(user=user, actor=actor)
