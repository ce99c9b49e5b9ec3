"""Draft report PDFs kept by what they are made of, so a request rarely waits for WeasyPrint.

A draft's PDF changes only when what it is made of changes: its HTML, the stylesheets that
HTML links, the photos it embeds, the WeasyPrint that lays it out. The key is the SHA-256
of all of them (`content_key`), so a PDF is served from the cache only while every byte
it was made from is the same, and any change anywhere (an item renamed, an official's new
name in the shared directory, a photo replaced, the stylesheet deployed anew) makes a new
key: nothing has to be invalidated, old entries expire (REPORT_PDF_CACHE_SECONDS).

Reading the key costs what building the HTML costs (the report's queries and its
template, about a tenth of a render); laying it out costs the rest (bench/README.md). The
worker lays it out ahead of the click: the report page and the delegation page ask for it
(`prepare_soon`, at most once every PREPARING_SECONDS per report and language), so that
the PDF link usually finds it ready. The cache is the project's (Redis with several processes, shared
by every node; per process without), and holds PDFs only: the view checks permissions
before it reads one.
"""

import hashlib
import re

import weasyprint
from django.conf import settings
from django.core.cache import cache

from learning.enums import AttachmentKind
from reports.pdf import read_static

KEY_PREFIX = "report-pdf"
# Bump when what the key covers changes meaning (the fetcher's rules, the PDF options).
FORMAT = "1"
# Short: an edit right after a page asked needs asking again (the job only builds the HTML
# and reads the cache when the PDF is there already: about a tenth of a layout).
PREPARING_SECONDS = 10


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
    """The PDF under `key`, laid out by `render()` and kept when it is not there yet."""
    pdf = cache.get(key)
    if pdf is None:
        pdf = render()
        cache.set(key, pdf, timeout=settings.REPORT_PDF_CACHE_SECONDS)
    return pdf


def prepare_soon(delegation_id: int, language: str) -> bool:
    """Ask the worker to lay out this report's draft PDF in `language` now, once every
    PREPARING_SECONDS at most; True when asked. Without a worker (tasks run eagerly, in
    the request: `make run`, most tests) nothing is asked: the page would wait for the PDF
    it only links to."""
    from jobs.services import enqueue_on_commit
    from reports.tasks import prepare_report_pdf

    if settings.CELERY_TASK_ALWAYS_EAGER:
        return False
    if not cache.add(f"{KEY_PREFIX}-preparing:{delegation_id}:{language}", 1, PREPARING_SECONDS):
        return False
    enqueue_on_commit(prepare_report_pdf, delegation_id, language)
    return True


def report_section_context(delegation, *, user) -> dict:
    """The delegation page's report section (reports/includes/report_section.html) links to
    the PDF: ask the worker to have it ready. The section itself reads the delegation."""
    if not delegation.report.is_approved:
        prepare_soon(delegation.pk, delegation.report_language)
    return {}
