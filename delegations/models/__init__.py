"""The delegations app's models, by concern: the delegation (delegation.py), what it is
made of (team.py: legs, members, support team), its report and review (review.py)."""

from delegations.models.delegation import (
    DELEGATION_HISTORY,
    Delegation,
    DelegationDestination,
)
from delegations.models.review import (
    ApprovedRendition,
    ApprovedVersion,
    Report,
    ReviewEvent,
    approved_version_upload_to,
)
from delegations.models.team import DelegationMember, Leg, SupportAssignment

__all__ = [
    "DELEGATION_HISTORY",
    "ApprovedRendition",
    "ApprovedVersion",
    "Delegation",
    "DelegationDestination",
    "DelegationMember",
    "Leg",
    "Report",
    "ReviewEvent",
    "SupportAssignment",
    "approved_version_upload_to",
]
