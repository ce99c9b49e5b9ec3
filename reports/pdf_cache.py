"""Draft report PDFs kept by what they are made of, so a request rarely waits for WeasyPrint.

A draft's PDF changes only when what it is made of changes: its HTML, the stylesheets that
HTML links, the photos it embeds, the WeasyPrint that lays it out. The key is the SHA-256
of all of them (`content_key`), so a PDF is served from the cache only while every byte
it was made from is the same, and any change anywhere (an item renamed, an official's new
name in the shared directory, a photo replaced, the stylesheet deployed anew) makes a new
key: nothing has to be invalidated, old entries expire (REPORT_PDF_CACHE_SECONDS).

Reading the key costs what building the HTML costs (the report's queries and its
template, about a tenth of a render); laying it out costs the rest (bench/README.md). So
no request should lay it out:

- **Ahead of the click.** The worker lays it out (`prepare_soon`) once a write under the
  delegation commits (`record_report_change`: any service write leaves a history row; one
  ask per delegation and transaction, in the report's language), and when the report page
  or the delegation page is viewed (an edit of the shared directory, another language).
  One ask waits in the queue at a time per report and language: the job clears it when it
  starts, so an edit committed while it lays out is asked for again.
- **Once.** Whoever lays a PDF out marks its key (`cached_pdf`); a request that finds
  the mark waits for that PDF instead of laying out the same one beside it (on two cores
  that would slow both), and lays it out itself only if the mark goes away without it.

The cache is the project's (Redis with several processes, shared by every node; per
process without), and holds PDFs only: the view checks permissions before it reads one.
"""

import hashlib
import re
import time

import weasyprint
from django.conf import settings
from django.core.cache import cache

from core.services import gather_until_commit
from delegations.enums import ReportStatus
from delegations.models import Delegation
from itinerary.models import ItineraryItem
from learning.enums import AttachmentKind
from reports.pdf import read_static

KEY_PREFIX = "report-pdf"
# Bump when what the key covers changes meaning (the fetcher's rules, the PDF options).
FORMAT = "1"
# An ask waits in the queue this long at most: the job clears it when it starts; this only
# matters for a job that never ran (a worker down, a transaction rolled back).
PREPARING_SECONDS = 60
# A layout under way marks its key this long at most (a render takes about a second; a
# process that died while laying out leaves the mark until then).
LAYING_OUT_SECONDS = 30
# A request waits for a layout under way this long at most, then lays it out itself: well
# inside gunicorn's 30-second timeout, even when the mark was left by a dead process.
WAIT_SECONDS = 10
WAIT_STEP_SECONDS = 0.05


def linked_static_names(html: str, static_url: str) -> list[str]:
    """The static files the HTML links to (its stylesheets), as read_static names them."""
    pattern = r'href="' + re.escape(static_url) + r'([^"?#]+)'
    return sorted(set(re.findall(pattern, html)))


def content_key(html: str, *, delegation, static_url: str) -> str:
    """The cache key of the PDF this HTML lays out into, for this delegation's photos."""
    digest = hashlib.sha256()
    digest.update(f"{FORMAT}\0{weasyprint.__version__}\0".encode())
    digest.update(html.encode())
    for name in linked_static_names(html, static_url):
        digest.update(f"\0{name}\0".encode())
        digest.update(read_static(name) or b"")
    # Photos are fetched by their attachment's id; a replaced file gets a new name.
    for attachment in delegation.attachments.all():
        if attachment.kind == AttachmentKind.PHOTO:
            digest.update(f"\0photo {attachment.pk} {attachment.file.name}".encode())
    return f"{KEY_PREFIX}:{digest.hexdigest()}"


def cached_pdf(key: str, render) -> bytes:
    """The PDF under `key`, laid out by `render()` and kept when it is not there yet; while
    another process or thread lays out that very PDF, the one it lays out."""
    pdf = cache.get(key)
    if pdf is not None:
        return pdf
    mark = laying_out_key(key)
    deadline = time.monotonic() + WAIT_SECONDS
    while not cache.add(mark, 1, LAYING_OUT_SECONDS):
        time.sleep(WAIT_STEP_SECONDS)
        pdf = cache.get(key)
        if pdf is not None:
            return pdf
        if time.monotonic() > deadline:  # a mark nobody clears: lay it out anyway
            return render()
    try:
        pdf = cache.get(key)  # laid out between the first look and the mark
        if pdf is None:
            pdf = render()
            cache.set(key, pdf, timeout=settings.REPORT_PDF_CACHE_SECONDS)
        return pdf
    finally:
        cache.delete(mark)


def laying_out_key(key: str) -> str:
    """The mark of a layout under way (not under KEY_PREFIX + ":", where only PDFs are)."""
    return key.replace(KEY_PREFIX, f"{KEY_PREFIX}-laying-out", 1)


def preparing_key(delegation_id: int, language: str) -> str:
    return f"{KEY_PREFIX}-preparing:{delegation_id}:{language}"


def prepare_soon(delegation_id: int, language: str) -> bool:
    """Ask the worker to lay out this report's draft PDF in `language`, unless an ask is
    waiting in the queue already (the job clears it when it starts); True when asked.
    Without a worker (tasks run eagerly, in the request: `make run`, most tests) nothing is
    asked: the page or the edit would wait for a PDF nobody asked for yet."""
    from jobs.services import enqueue_on_commit
    from reports.tasks import prepare_report_pdf

    if settings.CELERY_TASK_ALWAYS_EAGER:
        return False
    if not cache.add(preparing_key(delegation_id, language), 1, PREPARING_SECONDS):
        return False
    enqueue_on_commit(prepare_report_pdf, delegation_id, language)
    return True


def report_section_context(delegation, *, user) -> dict:
    """The delegation page's report section (reports/includes/report_section.html) links to
    the PDF: ask the worker to have it ready. The section itself reads the delegation."""
    if not delegation.report.is_approved:
        prepare_soon(delegation.pk, delegation.report_language)
    return {}


class ReportChanges:
    """The delegations whose report one transaction changed (directly, or through one of
    their items); once it commits, the worker is asked to lay out each one's PDF."""

    def __init__(self) -> None:
        self.delegations: set[int] = set()
        self.items: set[int] = set()
        self.done = False

    def __call__(self) -> None:
        self.done = True
        ids = set(self.delegations)
        if self.items:
            items = ItineraryItem.objects.filter(pk__in=self.items)
            ids |= set(items.values_list("delegation_id", flat=True))
        drafts = (
            Delegation.objects.filter(pk__in=ids)
            .exclude(report__status=ReportStatus.APPROVED)  # its stored version is served
            .values_list("pk", "report_language")
        )
        for delegation_id, language in drafts:
            prepare_soon(delegation_id, language)


def record_report_change(sender, instance, **kwargs) -> None:
    """simple-history's post_create_historical_record: a row under a delegation changed,
    so its report PDF will be asked for. The shared directory (officials, organisations)
    is left to the pages: one name may be in thousands of reports."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return  # no worker to ask
    if isinstance(instance, Delegation):
        delegation_id, item_id = instance.pk, None
    else:
        delegation_id = getattr(instance, "delegation_id", None)
        item_id = getattr(instance, "item_id", None)
    if delegation_id is not None:
        gather_until_commit(ReportChanges, lambda changes: changes.delegations.add(delegation_id))
    elif item_id is not None:
        gather_until_commit(ReportChanges, lambda changes: changes.items.add(item_id))
