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
A version is stored in several languages (delegations.ApprovedRendition): it is re-rendered
or withdrawn whole when any of its languages prints the person. Each language is recorded
(reports.models.VersionRedaction: which version and language, the erasure, when, the
hashes before and after). Files are deleted from the storage once the erasure commits.
The step is idempotent: a version that no longer prints the person is left alone.
"""

from django.db import transaction
from django.utils.html import escape

from delegations.enums import ReportStatus, ReviewAction
from delegations.models import ApprovedRendition, ApprovedVersion
from officials.erasure import ErasureContext, register_erasure_step
from officials.models import Erasure
from reports.models import RedactionAction, VersionRedaction
from reports.services import store_approved_version


def prints_person(rendition: ApprovedRendition, identifiers: tuple[str, ...]) -> bool:
    """Whether the stored HTML prints one of `identifiers`; a rendition whose file can't
    be read can't be shown not to, so it counts as printing them."""
    try:
        with rendition.html.open("rb") as stored:
            html = stored.read().decode()
    except OSError:
        return True
    return any(escape(value) in html or value in html for value in identifiers)


def current_approval_id(report) -> int | None:
    if report.status != ReportStatus.APPROVED:
        return None
    event = report.events.filter(action=ReviewAction.APPROVE).order_by("-created_at", "-pk")
    return event.values_list("pk", flat=True).first()


def delete_files_on_commit(renditions: list[ApprovedRendition]) -> None:
    if not renditions:
        return
    storage = renditions[0].html.storage
    names = [file.name for rendition in renditions for file in (rendition.html, rendition.pdf)]
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


def rerender_approved_versions(context: ErasureContext) -> None:
    if not context.rerender_approved or not context.former_identifiers:
        return
    erasure = Erasure.objects.get(official_id=context.official.pk)
    versions = (
        ApprovedVersion.objects.filter(report__delegation_id__in=context.delegation_ids)
        .select_related("report__delegation")
        .prefetch_related("renditions")
        .order_by("report_id", "-number")  # the current version first: it keeps its number
    )
    for version in versions:
        renditions = list(version.renditions.all())
        if not any(prints_person(r, context.former_identifiers) for r in renditions):
            continue
        report = version.report
        records = {
            rendition.language: VersionRedaction(
                report=report,
                number=version.number,
                language=rendition.language,
                erasure=erasure,
                action=RedactionAction.WITHDRAWN,
                previous_html_sha256=rendition.html_sha256,
                previous_pdf_sha256=rendition.pdf_sha256,
            )
            for rendition in renditions
        }
        current = version.review_event_id == current_approval_id(report)
        delete_files_on_commit(renditions)
        version.delete()  # and its renditions
        if current:
            stored = store_approved_version(report.delegation)
            for rendition in stored.renditions.all():
                record = records.get(rendition.language)
                if record is None:  # a language the old version was not stored in
                    continue
                record.action = RedactionAction.RERENDERED
                record.html_sha256, record.pdf_sha256 = rendition.html_sha256, rendition.pdf_sha256
        for record in records.values():
            record.full_clean()
            record.save()


def register() -> None:
    # Registered after the apps below (INSTALLED_APPS order), so it renders the data
    # their steps have already redacted.
    register_erasure_step(rerender_approved_versions)
