"""Object-permission predicates on delegations and their reports (django-rules).

Each predicate takes (user, delegation). Scope (which delegations a user sees at
all) lives in `delegations.selectors.delegations_for_user`; these decide what a
user may do with a delegation they can see.
"""

import rules

from partners.enums import ProgrammeRole
from partners.rules import is_administrator, is_staff_of_a_programme, works_on_a_programme


def _has_role(user, delegation, roles) -> bool:
    if delegation is None or not user.is_authenticated:
        return False
    return user.memberships.filter(programme_id=delegation.programme_id, role__in=roles).exists()


@rules.predicate
def is_programme_staff(user, delegation) -> bool:
    return _has_role(user, delegation, (ProgrammeRole.STAFF,))


@rules.predicate
def is_programme_manager(user, delegation) -> bool:
    return _has_role(user, delegation, (ProgrammeRole.MANAGER,))


@rules.predicate
def is_unlocked(user, delegation) -> bool:
    return delegation is not None and not delegation.locked


@rules.predicate
def report_is_submitted(user, delegation) -> bool:
    return delegation is not None and delegation.report.is_submitted


@rules.predicate
def report_in_writing(user, delegation) -> bool:
    """A draft, or sent back for changes: with its authors."""
    return delegation is not None and delegation.report.in_writing


@rules.predicate
def report_is_approved(user, delegation) -> bool:
    return delegation is not None and delegation.report.is_approved


@rules.predicate
def did_not_author_report(user, delegation) -> bool:
    """Four eyes: a manager never decides on a report they submitted or last edited."""
    report = delegation.report
    return user.pk not in {report.submitted_by_id, report.last_edited_by_id}


can_view = is_administrator | is_programme_staff | is_programme_manager
can_edit = is_administrator | (is_programme_staff & is_unlocked)
can_submit = is_administrator | (is_programme_staff & is_unlocked)
# Who decides on a programme's reports, before four eyes and the report's status.
is_reviewer = is_administrator | is_programme_manager
can_review = report_is_submitted & did_not_author_report & is_reviewer

# The review page: what it offers the user, now. Called as predicates, never through
# has_perm alone: an administrator's has_perm is always true, and four eyes binds them too.
can_edit_report = report_in_writing & is_unlocked & can_edit
can_submit_report = report_in_writing & can_submit
can_review_report = can_review
can_reopen_report = report_is_approved & is_administrator
# A reviewer who submitted or last edited the submitted report: another must decide.
is_held_by_four_eyes = report_is_submitted & ~did_not_author_report & is_reviewer

rules.add_perm("delegations.view_delegation_obj", can_view)
rules.add_perm("delegations.change_delegation_obj", can_edit)
rules.add_perm("delegations.submit_report", can_submit)
rules.add_perm("delegations.review_report", can_review)
rules.add_perm("delegations.reopen", is_administrator)
# A new calendar address cuts off every delegate's subscription: staff of the programme
# and administrators only (managers read). Not content, so it works on a locked one too.
rules.add_perm("delegations.renew_feed", is_administrator | is_programme_staff)


# Pages without an object: the list (scoped) and the create form (a new delegation needs
# a programme the user is staff of).
rules.add_perm("delegations.list_delegations", is_administrator | works_on_a_programme)
rules.add_perm("delegations.create_delegation", is_administrator | is_staff_of_a_programme)
