"""Writes of the reports app: the approved version, rendered once and stored.

`store_approved_version` is what approval runs (registered from reports.apps in
delegations.services.register_approval_hook). It is self-contained and idempotent, so a
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
import re

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from delegations.enums import ReportStatus, ReviewAction
from delegations.models import ApprovedVersion, Delegation, Report
from reports.rendering import Approval, render_report_body, render_report_pdf
from reports.selectors import report_queryset


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# "-after-20261207-": stored on that day, after the approval (store_missing_approved_version).
AFTER_APPROVAL = re.compile(r"-after-(\d{8})-")


def stored_after_approval_on(version: ApprovedVersion) -> datetime.date | None:
    """The day a version was stored when that was after its approval; None for a version
    stored at approval, as the approver saw it."""
    found = AFTER_APPROVAL.search(version.pdf.name or "")
    return datetime.datetime.strptime(found[1], "%Y%m%d").date() if found else None


def _last_approval(report: Report):
    return (
        report.events.filter(action=ReviewAction.APPROVE)
        .select_related("actor")
        .order_by("-created_at", "-pk")
        .first()
    )


@transaction.atomic
def store_approved_version(delegation: Delegation) -> ApprovedVersion:
    """Render the approved report (HTML and PDF) and store both, with their SHA-256, the
    approver, the time and the next version number, through the default storage."""
    report = Report.objects.select_for_update().get(delegation_id=delegation.pk)
    if report.status != ReportStatus.APPROVED:
        raise ValidationError(_("Only an approved report is stored as a version."))
    event = _last_approval(report)
    existing = ApprovedVersion.objects.filter(review_event=event).first()
    if existing is not None:
        return existing
    return _store(report, event)


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
    return _store(report, event, stored_on=timezone.localdate())


def _store(report: Report, event, *, stored_on: datetime.date | None = None) -> ApprovedVersion:
    last = report.approved_versions.aggregate(last=Max("number"))["last"] or 0
    approval = Approval(
        number=last + 1,
        approved_at=event.created_at,
        approved_by=str(event.actor),
        stored_on=stored_on,
    )
    fresh = report_queryset().get(pk=report.delegation_id)
    # In the delegation's report language, whoever approves and in whatever language.
    with translation.override(fresh.report_language):
        html = render_report_body(fresh, approval=approval).encode()
        pdf = render_report_pdf(fresh, approval=approval)
    version = ApprovedVersion(
        report=report,
        review_event=event,
        number=approval.number,
        html_sha256=sha256(html),
        pdf_sha256=sha256(pdf),
        approved_by=event.actor,
        approved_at=event.created_at,
    )
    after = f"-after-{stored_on:%Y%m%d}" if stored_on else ""
    stem = f"v{approval.number}{after}-{version.pdf_sha256[:12]}"
    version.html.save(f"{stem}.html", ContentFile(html), save=False)
    version.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    version.full_clean()
    version.save()
    return version
