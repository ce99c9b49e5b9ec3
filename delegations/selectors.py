"""Reads on delegations that pages share, and the scope every page filters by."""

from django.db.models import QuerySet

from delegations.models import Delegation
from partners.selectors import programmes_for_user


def delegations_for_user(*, user) -> QuerySet:
    """The delegations a user may see at all; anything else answers 404."""
    qs = Delegation.objects.select_related("programme", "report")
    if not user.is_authenticated:
        return qs.none()
    if user.is_administrator:
        return qs
    return qs.filter(programme__in=programmes_for_user(user=user))
