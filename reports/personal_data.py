"""What reports hold of a person, for erasure (officials.erasure): the approved report
versions (HTML and PDF, stored at approval) that print them.

An approved version is a signed record and keeps the person, unless the administrator
asked to re-render it (`rerender_approved`). Then every stored version of the delegations
that involved the person whose HTML prints one of their former identifiers is
- re-rendered, if it is the report's current approved version: its row and files go and
  `store_approved_version` stores it again, for the same approval and under the same
  number, from the data as the erasure left it (the report is locked while approved, so
  only the person changed), with new files and hashes;
- withdrawn (row and files deleted), if a later approval superseded it or the report was
  reopened since: its content is not in the database any more, so it can't be rendered
  again without the person.
Each is recorded (reports.models.VersionRedaction: which version, the erasure, when, the
hashes before and after). Files are deleted from the storage once the erasure commits.
The step is idempotent: a version that no longer prints the person is left alone.
"""

from django.db import transaction
from django.utils.html import escape

from delegations.enums import ReportStatus, ReviewAction
from delegations.models import ApprovedVersion
from officials.erasure import ErasureContext, register_erasure_step
from officials.models import Erasure
from reports.models import RedactionAction, VersionRedaction
from reports.services import store_approved_version


def prints_person(version: ApprovedVersion, identifiers: tuple[str, ...]) -> bool:
    """Whether the stored HTML prints one of `identifiers`; a version whose file can't be
    read can't be shown not to, so it counts as printing them."""
    try:
        with version.html.open("rb") as stored:
            html = stored.read().decode()
    except OSError:
        return True
    return any(escape(value) in html or value in html for value in identifiers)


def current_approval_id(report) -> int | None:
    if report.status != ReportStatus.APPROVED:
        return None
    event = report.events.filter(action=ReviewAction.APPROVE).order_by("-created_at", "-pk")
    return event.values_list("pk", flat=True).first()


def delete_files_on_commit(version: ApprovedVersion) -> None:
    storage, names = version.html.storage, [version.html.name, version.pdf.name]
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


def rerender_approved_versions(context: ErasureContext) -> None:
    if not context.rerender_approved or not context.former_identifiers:
        return
    erasure = Erasure.objects.get(official_id=context.official.pk)
    versions = (
        ApprovedVersion.objects.filter(report__delegation_id__in=context.delegation_ids)
        .select_related("report__delegation")
        .order_by("report_id", "-number")  # the current version first: it keeps its number
    )
    for version in versions:
        if not prints_person(version, context.former_identifiers):
            continue
        report = version.report
        record = VersionRedaction(
            report=report,
            number=version.number,
            erasure=erasure,
            action=RedactionAction.WITHDRAWN,
            previous_html_sha256=version.html_sha256,
            previous_pdf_sha256=version.pdf_sha256,
        )
        current = version.review_event_id == current_approval_id(report)
        delete_files_on_commit(version)
        version.delete()
        if current:
            stored = store_approved_version(report.delegation)
            record.action = RedactionAction.RERENDERED
            record.html_sha256, record.pdf_sha256 = stored.html_sha256, stored.pdf_sha256
        record.full_clean()
        record.save()


def register() -> None:
    # Registered after the apps below (INSTALLED_APPS order), so it renders the data
    # their steps have already redacted.
    register_erasure_step(rerender_approved_versions)
