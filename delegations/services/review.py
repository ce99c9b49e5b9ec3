"""The report's narrative and its review: submit, approve, send back, reopen.

Every transition locks the report row, checks the move and who makes it, writes a
ReviewEvent, and mails the people concerned once the transaction commits. Two
managers deciding at the same moment: the second waits for the row lock, then finds
the report no longer submitted and gets a clear refusal.
"""

from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import stamp
from delegations import rules as delegation_rules
from delegations.enums import MemberRole, ReportStatus, ReviewAction
from delegations.models import Delegation, Report, ReviewEvent
from delegations.services.common import SUBMISSION_CHECKS, ensure_unlocked, lock_row
from partners.enums import ProgrammeRole


def report_missing_pieces(delegation: Delegation) -> list[str]:
    """What stops the report from being submitted, each piece named."""
    missing: list[str] = []
    if not delegation.members.exists():
        missing.append(_("at least one delegation member"))
    if not delegation.members.filter(role=MemberRole.HEAD).exists():
        missing.append(_("a head of delegation"))
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
    if current.status == ReportStatus.SUBMITTED:
        raise ValidationError(
            _("The report is with the reviewers; it can be edited once they decide."),
            code="under_review",
        )
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


def report_check_reviewer(*, report: Report, actor) -> None:
    """Refuse (PermissionDenied, in words) anyone who may not approve or send back."""
    if not delegation_rules.is_reviewer(actor, report.delegation):
        raise PermissionDenied(_("Only a manager of this programme can decide on this report."))
    if actor.pk in {report.submitted_by_id, report.last_edited_by_id}:
        raise PermissionDenied(
            _("You submitted or last edited this report: another manager must decide (four eyes).")
        )


def report_check_reopener(*, actor) -> None:
    """Refuse (PermissionDenied, in words) anyone who may not reopen an approved report."""
    if not delegation_rules.is_administrator(actor):
        raise PermissionDenied(_("Only an administrator can reopen an approved report."))


@transaction.atomic
def report_approve(*, report: Report, actor, comment: str = "") -> Report:
    report_check_reviewer(report=lock_row(report), actor=actor)
    current = _transition(
        report,
        actor=actor,
        action=ReviewAction.APPROVE,
        allowed_from={ReportStatus.SUBMITTED},
        to_status=ReportStatus.APPROVED,
        comment=comment,
    )
    _set_locked(current.delegation, actor, locked=True)
    _notify(current, ReviewAction.APPROVE, actor, comment)
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
        allowed_from={ReportStatus.APPROVED},
        to_status=ReportStatus.DRAFT,
        comment=comment,
    )
    _set_locked(current.delegation, actor, locked=False)
    _notify(current, ReviewAction.REOPEN, actor, comment)
    return current


def _set_locked(delegation: Delegation, actor, *, locked: bool) -> None:
    current = lock_row(delegation)
    current.locked = locked
    current.version += 1
    stamp(current, actor, _("Report approved") if locked else _("Report reopened"))
    current.save()


def _recipients(report: Report, action: str, actor) -> list[str]:
    """Submit and reopen go to the programme's managers; decisions go to the authors."""
    if action in (ReviewAction.SUBMIT, ReviewAction.REOPEN):
        users = get_user_model().objects.filter(
            memberships__programme_id=report.delegation.programme_id,
            memberships__role=ProgrammeRole.MANAGER,
            is_active=True,
        )
        emails = set(users.values_list("email", flat=True))
    else:
        emails = set()
    if action != ReviewAction.SUBMIT:
        for user in (report.submitted_by, report.last_edited_by):
            if user is not None and user.is_active:
                emails.add(user.email)
    emails.discard(getattr(actor, "email", None))
    return sorted(email for email in emails if email)


def _notify(report: Report, action: str, actor, comment: str) -> None:
    recipients = _recipients(report, action, actor)
    if not recipients:
        return
    subject = _("[Exchange] Report %(action)s: %(title)s") % {
        "action": ReviewAction(action).label.lower(),
        "title": report.delegation.title,
    }
    body = _("%(actor)s: %(action)s.\n\n%(comment)s") % {
        "actor": actor,
        "action": ReviewAction(action).label,
        "comment": comment,
    }
    # One message per recipient: no one learns who else was told.
    messages = tuple(
        (subject, body.strip(), settings.DEFAULT_FROM_EMAIL, [recipient])
        for recipient in recipients
    )
    transaction.on_commit(partial(send_mass_mail, messages, fail_silently=False))
