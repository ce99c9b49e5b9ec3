"""Shared reads for programmes: which programmes a user works on, and as what."""

from django.db.models import QuerySet

from partners.enums import ProgrammeRole
from partners.models import Programme


def programmes_for_user(*, user, roles: tuple[str, ...] = tuple(ProgrammeRole.values)) -> QuerySet:
    if not user.is_authenticated:
        return Programme.objects.none()
    if user.is_administrator:
        return Programme.objects.all()
    return Programme.objects.filter(memberships__user=user, memberships__role__in=roles).distinct()


def managed_programmes(*, user) -> QuerySet:
    return programmes_for_user(user=user, roles=(ProgrammeRole.MANAGER,))
