"""Admin for delegations, their people, their report and its review.

Every save goes through `delegations.services`; a locked delegation (its report
approved) shows itself and everything under it read-only. `learning.admin` registers
an extended Delegation admin (learning objectives, links to the visit's records); a
change of dates is re-checked against the itinerary inside `delegation_update`.
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
