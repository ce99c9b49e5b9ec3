"""Writes of the reports app: the approved version, rendered once in every language and
stored.

`store_approved_version` is what approval runs (registered from reports.apps in
delegations.services.register_approval_hook, through the worker's
reports.tasks.store_approved_version_job). It is self-contained and idempotent, so a
background worker can run it later with the delegation's id alone: it reads the last
approval from the review events, and stores nothing twice for one approval.

`store_missing_approved_version` gives a version to a report approved before versions
were stored (the `store_missing_approved_versions` command). Rendered from the records as
they are now, it is not what the approver saw: its files' names carry the day it was
stored ("v1-after-20261207-<hash>"), and the page, the PDF and the review timeline say
"stored on <date>, after approval" (stored_after_approval_on).
"""

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from delegations.enums import ReportStatus, ReviewAction
from delegations.models import ApprovedRendition, ApprovedVersion, Delegation, Report
from reports.rendering import Approval, render_report_body, render_report_pdf
from reports.selectors import report_queryset


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _last_approval(report: Report):
    return (
        report.events.filter(action=ReviewAction.APPROVE)
        .select_related("actor")
        .order_by("-created_at", "-pk")
        .first()
    )


def store_approved_version(delegation: Delegation) -> ApprovedVersion:
    """Number the approval (the next version), then render the approved report (HTML and
    PDF) in every language offered and store each through the default storage with its
    SHA-256: one rendition per language, all under that one number.

    It renders before it locks the report's row, so a decision on the report (a reopening,
    say) never waits for WeasyPrint; the lock is taken only to store. Under it the plan is
    read again: when another approval or another number is what is true by then, that is
    rendered instead (under the lock, a rare race); when the report is no longer approved,
    nothing is stored. Called inside the approval's own transaction (no worker), the row is
    that transaction's already."""
    report = Report.objects.get(delegation_id=delegation.pk)
    planned = _plan(report)
    if isinstance(planned, ApprovedVersion):
        return planned
    rendered = _render(report.delegation_id, planned[1])
    with transaction.atomic():
        report = Report.objects.select_for_update().get(delegation_id=delegation.pk)
        now = _plan(report)
        if isinstance(now, ApprovedVersion):
            return now
        if now != planned:
            rendered = _render(report.delegation_id, now[1])
        return _save(report, *now, rendered)


def _plan(report: Report) -> "ApprovedVersion | tuple":
    """The version the report's last approval already has, else (that approval, the
    Approval it will be stored as: the next number). Refused unless approved."""
    if report.status != ReportStatus.APPROVED:
        raise ValidationError(_("Only an approved report is stored as a version."))
    event = _last_approval(report)
    existing = ApprovedVersion.objects.filter(review_event=event).first()
    if existing is not None:
        return existing
    return event, _next_approval(report, event)


@transaction.atomic
def store_missing_approved_version(delegation: Delegation) -> ApprovedVersion | None:
    """For a report approved before versions were stored: store one now, from today's
    records, marked as stored on this day, after approval. None when the report is not
    approved, has no approval recorded, or its last approval has its version already."""
    report = Report.objects.select_for_update().get(delegation_id=delegation.pk)
    if report.status != ReportStatus.APPROVED:
        return None
    event = _last_approval(report)
    if event is None or ApprovedVersion.objects.filter(review_event=event).exists():
        return None
    approval = _next_approval(report, event, stored_on=timezone.localdate())
    return _save(report, event, approval, _render(report.delegation_id, approval))


def _next_approval(report: Report, event, *, stored_on: datetime.date | None = None) -> Approval:
    last = report.approved_versions.aggregate(last=Max("number"))["last"] or 0
    return Approval(
        number=last + 1,
        approved_at=event.created_at,
        approved_by=str(event.actor),
        stored_on=stored_on,
    )


def _render(delegation_id: int, approval: Approval) -> dict[str, tuple[bytes, bytes]]:
    """The approved report's HTML and PDF in every language offered, by language."""
    fresh = report_queryset().get(pk=delegation_id)
    rendered = {}
    for language, _name in settings.LANGUAGES:
        # Whoever approves, in whatever language: each rendition in its own.
        with translation.override(language):
            rendered[language] = (
                render_report_body(fresh, approval=approval).encode(),
                render_report_pdf(fresh, approval=approval),
            )
    return rendered


def _save(
    report: Report, event, approval: Approval, rendered: dict[str, tuple[bytes, bytes]]
) -> ApprovedVersion:
    version = ApprovedVersion(
        report=report,
        review_event=event,
        number=approval.number,
        approved_by=event.actor,
        approved_at=event.created_at,
        stored_after_approval_on=approval.stored_on,
    )
    version.full_clean()
    version.save()
    for language, (html, pdf) in rendered.items():
        store_rendition(version, language=language, html=html, pdf=pdf)
    return version


def store_rendition(
    version: ApprovedVersion, *, language: str, html: bytes, pdf: bytes
) -> ApprovedRendition:
    """One language of a version: both files under new names, with their SHA-256."""
    rendition = ApprovedRendition(
        approved_version=version,
        language=language,
        html_sha256=sha256(html),
        pdf_sha256=sha256(pdf),
    )
    stem = f"v{version.number}-{language}-{rendition.pdf_sha256[:12]}"
    rendition.html.save(f"{stem}.html", ContentFile(html), save=False)
    rendition.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    rendition.full_clean()
    rendition.save()
    return rendition
