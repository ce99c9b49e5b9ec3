"""Every write on delegations that has a rule or a side effect goes through here."""

from delegations.services.common import (
    SUBMISSION_CHECKS,
    UPDATE_CHECKS,
    ConflictError,
    child_delete,
    child_update,
    delegation_at,
    ensure_unlocked,
    register_submission_check,
    register_update_check,
)
from delegations.services.delegation import (
    delegation_create,
    delegation_set_status,
    delegation_update,
    member_add,
    member_remove,
    member_update,
    support_assign,
    support_remove,
)
from delegations.services.review import (
    report_approve,
    report_missing_pieces,
    report_reopen,
    report_request_changes,
    report_submit,
    report_update,
)
from delegations.services.team import (
    member_add_new_official,
    member_move,
    support_assign_new_official,
    support_move,
    support_update,
)

__all__ = [
    "SUBMISSION_CHECKS",
    "UPDATE_CHECKS",
    "ConflictError",
    "child_delete",
    "child_update",
    "delegation_at",
    "delegation_create",
    "delegation_set_status",
    "delegation_update",
    "ensure_unlocked",
    "member_add",
    "member_add_new_official",
    "member_move",
    "member_remove",
    "member_update",
    "register_submission_check",
    "register_update_check",
    "report_approve",
    "report_missing_pieces",
    "report_reopen",
    "report_request_changes",
    "report_submit",
    "report_update",
    "support_assign",
    "support_assign_new_official",
    "support_move",
    "support_remove",
    "support_update",
]
