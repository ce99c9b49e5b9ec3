"""The report rendered: its context, the HTML of its sections, the PDF.

One place builds what the report shows, for the live page, the live PDF and the approved
version stored at approval (reports.services.store_approved_version), so the three never
drift apart. Nothing here needs a request: the stored version is rendered without one.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from delegations.enums import ReportStatus
from itinerary.selectors import itinerary_days
from learning.enums import AttachmentKind, HighlightKind
from learning.publication import split_publishable, withheld_note
from reports import figures, pdf_cache
from reports.pdf import render_pdf
from reports.selectors import (
    beneficiary_groups,
    learning_chain,
    organisations_engaged,
    report_entries,
    site_visits,
)

# The PDF's links resolve against this base; nothing is fetched from it (reports.pdf).
PDF_BASE_URL = "http://exchange.invalid/"


@dataclass(frozen=True)
class Approval:
    """What an approved version says of itself: "Approved version N on <date> by <name>",
    and, for one stored after its approval (reports.services.store_missing_approved_version),
    "stored on <date>, after approval"."""

    number: int
    approved_at: datetime
    approved_by: str
    stored_on: date | None = None


def report_context(
    delegation, *, approval: Approval | None = None, published_only: bool = False
) -> dict:
    """Everything reports/includes/report_body.html reads, from a delegation read through
    reports.selectors.report_queryset (no further query grows with its rows).

    `published_only`: what leaves the team (the PDF, the approved version) keeps only the
    photos and quotes that may be published (learning.publication), with a note of what
    it left out; the internal page shows everything, what stays inside marked."""
    items = list(delegation.itinerary_items.all())
    members = list(delegation.members.all())
    highlights = list(delegation.highlights.all())
    attachments = list(delegation.attachments.all())
    note = ""
    if published_only:
        kept_highlights = split_publishable(highlights)
        # Photos show people; documents are only listed by name.
        kept_photos = split_publishable(a for a in attachments if a.kind == AttachmentKind.PHOTO)
        withheld = {a.pk for a in kept_photos.withheld}
        highlights = kept_highlights.published
        attachments = [a for a in attachments if a.pk not in withheld]
        note = withheld_note(
            photos=len(kept_photos.withheld), highlights=len(kept_highlights.withheld)
        )
    report = delegation.report
    return {
        "published_only": published_only,
        "withheld_note": note,
        "delegation": delegation,
        "report": report,
        "approval": approval,
        "draft": report.status != ReportStatus.APPROVED,
        "members": members,
        "support_team": list(delegation.support_team.all()),
        "days": itinerary_days(delegation, items),
        "organisation_groups": organisations_engaged(delegation),
        "sites": report_entries(site_visits(delegation)),
        "chains": learning_chain(delegation),
        "highlights": [h for h in highlights if h.kind != HighlightKind.LESSON],
        "lessons": [h for h in highlights if h.kind == HighlightKind.LESSON],
        "follow_ups": list(delegation.follow_ups.all()),
        "photos": [a for a in attachments if a.kind == AttachmentKind.PHOTO],
        "documents": [a for a in attachments if a.kind != AttachmentKind.PHOTO],
        "member_figures": figures.members_by_gender(members),
        "counterpart_figures": figures.counterparts_by_gender(items),
        "beneficiary_figures": figures.beneficiary_figures(beneficiary_groups(delegation)),
    }


def status_line(report, approval: Approval | None) -> str:
    """The PDF's running header: the report's status, and the version once approved."""
    if approval is not None and approval.stored_on is not None:
        return _("Approved version %(number)s · stored on %(date)s, after approval") % {
            "number": approval.number,
            "date": date_format(approval.stored_on, "j F Y"),
        }
    if approval is not None:
        return _("Approved version %(number)s") % {"number": approval.number}
    return _("Report status: %(status)s · DRAFT") % {"status": report.get_status_display()}


def render_report_body(
    delegation, *, approval: Approval | None = None, request=None, narrative_url: str = ""
) -> str:
    """The report's sections as one HTML fragment (the page wraps it in its chrome).
    `narrative_url`: where the narrative is written, for whoever may write it now (the
    live page only; a stored version links nowhere)."""
    context = report_context(delegation, approval=approval, published_only=approval is not None)
    context["narrative_url"] = narrative_url
    return render_to_string("reports/includes/report_article.html", context, request=request)


def static_url() -> str:
    """STATIC_URL as a path, as the PDF's links carry it."""
    url = settings.STATIC_URL
    return url if url.startswith("/") else f"/{url}"


def report_pdf_html(delegation, *, approval: Approval | None = None) -> str:
    """The HTML WeasyPrint lays out into the PDF (reports/report_pdf.html)."""
    context = report_context(delegation, approval=approval, published_only=True)
    context["status_line"] = status_line(delegation.report, approval)
    return render_to_string("reports/report_pdf.html", context)


def render_report_pdf(delegation, *, approval: Approval | None = None) -> bytes:
    """The report as an A4 PDF: running title and status, "page x of y", DRAFT until
    approved; its own print stylesheet (static/css/report_pdf.css), no Bootstrap."""
    return _lay_out(report_pdf_html(delegation, approval=approval), delegation)


def live_report_pdf(delegation) -> bytes:
    """The report as a PDF rendered live (not an approved version as stored), laid out
    once per content (reports.pdf_cache): the same bytes render_report_pdf gives, from the
    cache when nothing it is made of changed since the last time."""
    html = report_pdf_html(delegation)
    key = pdf_cache.content_key(html, delegation=delegation, static_url=static_url())
    return pdf_cache.cached_pdf(key, lambda: _lay_out(html, delegation))


def _lay_out(html: str, delegation) -> bytes:
    return render_pdf(html, delegation=delegation, base_url=PDF_BASE_URL, static_url=static_url())
