"""Object-permission predicates on delegations and their reports (django-rules).

Each predicate takes (user, delegation). Scope (which delegations a user sees at
all) lives in `delegations.selectors.delegations_for_user`; these decide what a
user may do with a delegation they can see.
"""

import rules

from delegations.four_eyes import report_change_authors
from partners.enums import ProgrammeRole
from partners.rules import is_administrator, is_staff_of_a_programme, works_on_a_programme


def _roles_in(user, programme_id) -> frozenset:
    """The user's roles in a programme: one query per programme, kept on the user object
    (a request's user), so a page asking several permissions asks the database once."""
    known = getattr(user, "_programme_roles", None)
    if known is None:
        known = user._programme_roles = {}
    if programme_id not in known:
        known[programme_id] = frozenset(
            user.memberships.filter(programme_id=programme_id).values_list("role", flat=True)
        )
    return known[programme_id]


def _has_role(user, delegation, roles) -> bool:
    if delegation is None or not user.is_authenticated:
        return False
    return not _roles_in(user, delegation.programme_id).isdisjoint(roles)


@rules.predicate
def is_programme_staff(user, delegation) -> bool:
    return _has_role(user, delegation, (ProgrammeRole.STAFF,))


@rules.predicate
def is_programme_manager(user, delegation) -> bool:
    return _has_role(user, delegation, (ProgrammeRole.MANAGER,))


@rules.predicate
def is_unlocked(user, delegation) -> bool:
    """Neither approved (locked) nor with the managers (submitted): its content may change."""
    return delegation is not None and not delegation.locked and not delegation.report.is_submitted


@rules.predicate
def is_not_locked(user, delegation) -> bool:
    """Not approved: the report may still be submitted (the content may be frozen)."""
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
    """Four eyes: nobody decides on a report they submitted, or whose delegation they changed
    in this review cycle (delegations.four_eyes), administrators included."""
    return user.pk not in report_change_authors(delegation.report)


@rules.predicate
def report_is_reopenable(user, delegation) -> bool:
    """Approved, or with the managers: an administrator may take it back, with a reason."""
    return delegation is not None and (
        delegation.report.is_approved or delegation.report.is_submitted
    )


can_view = is_administrator | is_programme_staff | is_programme_manager
can_edit = is_administrator | (is_programme_staff & is_unlocked)
can_submit = is_administrator | (is_programme_staff & is_not_locked)
# Who decides on a programme's reports, before four eyes and the report's status.
is_reviewer = is_administrator | is_programme_manager
can_review = report_is_submitted & did_not_author_report & is_reviewer

# The review page: what it offers the user, now. Called as predicates, never through
# has_perm alone: an administrator's has_perm is always true, and four eyes binds them too.
can_edit_report = report_in_writing & is_unlocked & can_edit
can_submit_report = report_in_writing & can_submit
can_review_report = can_review
can_reopen_report = report_is_reopenable & is_administrator
# A reviewer who submitted or last edited the submitted report: another must decide.
is_held_by_four_eyes = report_is_submitted & ~did_not_author_report & is_reviewer

rules.add_perm("delegations.view_delegation_obj", can_view)
rules.add_perm("delegations.change_delegation_obj", can_edit)
# A new visit from this one (learning.services.copying): an approved one too.
rules.add_perm("delegations.copy_delegation_obj", is_administrator | is_programme_staff)
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
