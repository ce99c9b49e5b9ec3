"""Admin for delegations, their people, their report and its review.

Every save goes through `delegations.services`; a locked delegation (its report
approved) shows itself and everything under it read-only. `visits.admin` registers
an extended Delegation admin (itinerary-aware date changes, learning objectives).
"""

from delegations.admin import delegation, review  # noqa: F401 - registers the admins
from delegations.admin.common import (
    LOCKED_MESSAGE,
    DelegationScopedAdminMixin,
    LockedParentInlineMixin,
    SameDelegationFormMixin,
    admin_link,
)
from delegations.admin.delegation import DelegationAdmin

__all__ = [
    "LOCKED_MESSAGE",
    "DelegationAdmin",
    "DelegationScopedAdminMixin",
    "LockedParentInlineMixin",
    "SameDelegationFormMixin",
    "admin_link",
]
