"""The report's narrative and its review: submit, approve, send back, reopen.

Every transition locks the report row, checks the move and who makes it, writes a
ReviewEvent, and mails the people concerned once the transaction commits. Two
managers deciding at the same moment: the second waits for the row lock, then finds
the report no longer submitted and gets a clear refusal.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.services import stamp
from delegations import rules as delegation_rules
from delegations.enums import MemberRole, ReportStatus, ReviewAction
from delegations.four_eyes import report_change_authors
from delegations.mail import REVIEW_MAIL
from delegations.models import Delegation, Report, ReviewEvent
from delegations.services.common import (
    APPROVAL_HOOKS,
    SUBMISSION_CHECKS,
    ensure_unlocked,
    lock_row,
)
from jobs.services import mail_users_on_commit
from partners.enums import ProgrammeRole


def head_is_missing(delegation: Delegation) -> bool:
    """No head of delegation, and nobody said it is a group visit without one. Shown as a
    missing piece; it does not stop the report (a group may travel without a head)."""
    return not delegation.no_head and not delegation.members.filter(role=MemberRole.HEAD).exists()


def report_missing_pieces(delegation: Delegation) -> list[str]:
    """What stops the report from being submitted, each piece named."""
    missing: list[str] = []
    if not delegation.members.exists():
        missing.append(_("at least one delegation member"))
    if not delegation.report.summary.strip():
        missing.append(_("a summary"))
    for check in SUBMISSION_CHECKS:
        missing.extend(check(delegation))
    return missing


@transaction.atomic
def report_update(
    *, report: Report, actor, expected_version: int | None = None, **fields: str
) -> Report:
    current = lock_row(report, expected_version=expected_version)
    ensure_unlocked(current.delegation)
    for name in ("summary", "key_learnings", "recommendations"):
        if name in fields:
            setattr(current, name, fields[name])
    current.last_edited_by = actor
    current.version += 1
    current.full_clean()
    stamp(current, actor)
    current.save()
    return current


def _transition(
    report: Report,
    *,
    actor,
    action: str,
    allowed_from: set[str],
    to_status: str,
    comment: str = "",
    **changes,
) -> Report:
    current = lock_row(report)
    if current.status not in allowed_from:
        raise ValidationError(
            _("This report is now “%(status)s”: someone else acted on it first.")
            % {"status": ReportStatus(current.status).label},
            code="stale_transition",
        )
    event = ReviewEvent(
        report=current,
        actor=actor,
        action=action,
        from_status=current.status,
        to_status=to_status,
        comment=comment.strip(),
    )
    event.full_clean()
    current.status = to_status
    for name, value in changes.items():
        setattr(current, name, value)
    current.version += 1
    stamp(current, actor, comment)
    current.save()
    event.save()
    return current


@transaction.atomic
def report_submit(*, report: Report, actor) -> Report:
    delegation = report.delegation
    if not delegation_rules.can_submit(actor, delegation):
        raise PermissionDenied(_("Only the programme's staff can submit this report."))
    missing = report_missing_pieces(delegation)
    if missing:
        raise ValidationError(
            _("The report cannot be submitted yet. Missing: %(pieces)s.")
            % {"pieces": "; ".join(missing)},
            code="incomplete",
        )
    if not other_reviewers(delegation, actor=actor).exists():
        raise ValidationError(NO_REVIEWER_MESSAGE, code="no_reviewer")
    current = _transition(
        report,
        actor=actor,
        action=ReviewAction.SUBMIT,
        allowed_from={ReportStatus.DRAFT, ReportStatus.CHANGES_REQUESTED},
        to_status=ReportStatus.SUBMITTED,
        # Saved with the status: the database refuses a submitted report without them.
        submitted_by=actor,
        submitted_at=timezone.now(),
    )
    _notify(current, ReviewAction.SUBMIT, actor, "")
    return current


NO_REVIEWER_MESSAGE = _lazy(
    "Nobody can review this report: the programme has no active manager other than you. "
    "Ask an administrator to add a manager to the programme."
)


def programme_managers(delegation: Delegation):
    """The programme's active managers: who reviews its reports and hears of submissions."""
    return get_user_model().objects.filter(
        memberships__programme_id=delegation.programme_id,
        memberships__role=ProgrammeRole.MANAGER,
        is_active=True,
    )


def other_reviewers(delegation: Delegation, *, actor):
    """The managers who could review a report `actor` submits: never the submitter."""
    return programme_managers(delegation).exclude(pk=getattr(actor, "pk", None))


def report_check_reviewer(*, report: Report, actor) -> None:
    """Refuse (PermissionDenied, in words) anyone who may not approve or send back."""
    if not delegation_rules.is_reviewer(actor, report.delegation):
        raise PermissionDenied(_("Only a manager of this programme can decide on this report."))
    if actor.pk in report_change_authors(report):
        raise PermissionDenied(
            _(
                "You submitted this report or changed its delegation since the last approved "
                "version: another manager must decide (four eyes)."
            )
        )


def report_check_reopener(*, actor) -> None:
    """Refuse (PermissionDenied, in words) anyone who may not reopen an approved report."""
    if not delegation_rules.is_administrator(actor):
        raise PermissionDenied(_("Only an administrator can reopen an approved report."))


@transaction.atomic
def report_approve(*, report: Report, actor, comment: str = "") -> Report:
    locked = lock_row(report)
    report_check_reviewer(report=locked, actor=actor)
    authors = report_change_authors(locked)  # before approval starts a new cycle
    current = _transition(
        report,
        actor=actor,
        action=ReviewAction.APPROVE,
        allowed_from={ReportStatus.SUBMITTED},
        to_status=ReportStatus.APPROVED,
        comment=comment,
    )
    _set_locked(current.delegation, actor, locked=True)
    for hook in APPROVAL_HOOKS:  # reports: the approved version, stored now
        hook(current.delegation)
    _notify(current, ReviewAction.APPROVE, actor, comment, authors=authors)
    return current


@transaction.atomic
def report_request_changes(*, report: Report, actor, comment: str) -> Report:
    report_check_reviewer(report=lock_row(report), actor=actor)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what needs to change.")}, code="comment_required")
    current = _transition(
        report,
        actor=actor,
        action=ReviewAction.REQUEST_CHANGES,
        allowed_from={ReportStatus.SUBMITTED},
        to_status=ReportStatus.CHANGES_REQUESTED,
        comment=comment,
    )
    _notify(current, ReviewAction.REQUEST_CHANGES, actor, comment)
    return current


@transaction.atomic
def report_reopen(*, report: Report, actor, comment: str) -> Report:
    report_check_reopener(actor=actor)
    if not comment.strip():
        raise ValidationError(
            {"comment": _("Say why the report is reopened.")}, code="comment_required"
        )
    current = _transition(
        report,
        actor=actor,
        action=ReviewAction.REOPEN,
        # Approved, or still with the managers: an administrator takes it back to change it.
        allowed_from={ReportStatus.APPROVED, ReportStatus.SUBMITTED},
        to_status=ReportStatus.DRAFT,
        comment=comment,
    )
    if current.delegation.locked:
        _set_locked(current.delegation, actor, locked=False)
    _notify(current, ReviewAction.REOPEN, actor, comment)
    return current


def _set_locked(delegation: Delegation, actor, *, locked: bool) -> None:
    current = lock_row(delegation)
    current.locked = locked
    current.version += 1
    stamp(current, actor, _("Report approved") if locked else _("Report reopened"))
    current.save()


def _recipients(report: Report, action: str, actor, authors: set[int] | None) -> set[int]:
    """Submit and reopen go to the programme's managers; decisions go to the authors, or to
    the programme's active staff when no author is active any more. User ids, the actor's
    never among them."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    if action in (ReviewAction.SUBMIT, ReviewAction.REOPEN):
        ids = set(programme_managers(report.delegation).values_list("pk", flat=True))
    else:
        ids = set()
    if action != ReviewAction.SUBMIT:
        # The report's authors: who submitted it and who changed it in this cycle.
        if authors is None:
            authors = report_change_authors(report)
        active_authors = set(users.filter(pk__in=authors).values_list("pk", flat=True))
        if not active_authors:
            # The authors left (deactivated): the programme's active staff hear instead.
            active_authors = set(
                users.filter(
                    memberships__programme_id=report.delegation.programme_id,
                    memberships__role=ProgrammeRole.STAFF,
                ).values_list("pk", flat=True)
            )
        ids |= active_authors
    ids.discard(getattr(actor, "pk", None))
    return ids


def _notify(
    report: Report, action: str, actor, comment: str, *, authors: set[int] | None = None
) -> None:
    """One message per recipient (no one learns who else was told), written by the worker
    in each recipient's own language, not the actor's; the worker retries a mail server
    that fails."""
    mail_users_on_commit(
        REVIEW_MAIL,
        _recipients(report, action, actor, authors),
        action=str(action),
        title=report.delegation.title,
        actor=str(actor),
        comment=comment,
    )
