"""Why a 403 on a delegation's edit page: the report is approved or with the managers."""

from delegations import rules as delegation_rules
from delegations.models import Delegation
from delegations.services import frozen_reason


def frozen_refusal(user, obj) -> str | None:
    """The freeze, in words, for someone who could edit the delegation were it not frozen."""
    delegation = obj if isinstance(obj, Delegation) else getattr(obj, "delegation", None)
    if not isinstance(delegation, Delegation):
        return None
    if not delegation_rules.is_programme_staff(user, delegation):
        return None
    return frozen_reason(delegation)
