"""Writes on users that have rules."""

from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import ADMINISTRATORS_GROUP, User


@transaction.atomic
def user_make_administrator(*, user: User) -> User:
    group, _created = Group.objects.get_or_create(name=ADMINISTRATORS_GROUP)
    user.groups.add(group)
    user._is_administrator = True  # is_administrator caches the group look-up
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return user
