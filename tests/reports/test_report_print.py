"""The report's PDF as it is printed in production: stylesheets read through the manifest
static storage, its own print stylesheet, a running header with title and status, "Page
x of y", no WeasyPrint warning, no demo wording in another visit's report, one status
badge, each organisation once per role, dated site visits, Chinese, emoji and Arabic."""

import datetime
import io
import logging
import re

import pypdf
import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse

from delegations.enums import ReportStatus
from delegations.models import Delegation, Report
from demo.story.directory import PLACES
from itinerary.enums import ItemKind
from places.enums import PlaceKind
from reports.rendering import render_report_pdf, report_context
from reports.selectors import report_queryset
from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import (
    BeneficiaryGroupFactory,
    ItineraryItemFactory,
    SiteFactory,
)
from tests.factories.partners import OrganisationFactory
from tests.factories.places import PlaceFactory
from tests.security.matrix import text_of

CHINESE, EMOJI, ARABIC = "中文报告", "🙂🎉", "مرحبا"


def _pdf(delegation) -> pypdf.PdfReader:
    data = render_report_pdf(report_queryset().get(pk=delegation.pk))
    return pypdf.PdfReader(io.BytesIO(data))


@pytest.fixture
def visit(programme):
    """A generated visit: nothing of the demo's story in it."""
    host = OrganisationFactory(name="Host Agency Of Record")
    delegation = DelegationFactory(
        programme=programme,
        title="Generated study tour",
        host_organisation=host,
        start_date=datetime.date(2019, 7, 21),
        end_date=datetime.date(2019, 7, 27),
    )
    springfield = PlaceFactory(name="Springfield", country="US", timezone="America/New_York")
    site = SiteFactory(name="Generated Water Works", place=springfield)
    item = ItineraryItemFactory(
        delegation=delegation, kind=ItemKind.SITE_VISIT, site=site, place=site.place
    )
    group = BeneficiaryGroupFactory(item=item, illustrative=True)
    group.origins.add(PlaceFactory(name="Alpha Town"), PlaceFactory(name="Beta Town"))
    return delegation


def test_pdf_is_styled_with_debug_off_and_the_manifest_storage(visit, settings, tmp_path):
    """The production bug: hashed names were looked up with the finders, no stylesheet
    loaded, no DRAFT mark, no page numbers."""
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    assert list((tmp_path / "static" / "css").glob("report_pdf.*.css"))

    reader = _pdf(visit)

    pages = len(reader.pages)
    assert pages >= 2  # the main parts start a page: the stylesheet is in
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"Page {number} of {pages}" in text
        assert "DRAFT" in text
        assert "Generated study tour" in text  # the running header


def test_running_header_names_the_status(visit):
    Report.objects.filter(delegation=visit).update(
        submitted_by=None, submitted_at=None, status=ReportStatus.CHANGES_REQUESTED
    )

    reader = _pdf(visit)

    assert all("Changes requested" in page.extract_text() for page in reader.pages)


def test_pdf_renders_without_a_weasyprint_warning(visit, caplog):
    caplog.set_level(logging.DEBUG, logger="weasyprint")

    _pdf(visit)

    warnings = [r for r in caplog.records if r.name.startswith("weasyprint")]
    assert [r.levelno for r in warnings if r.levelno >= logging.WARNING] == []


def test_pdf_uses_no_bootstrap(visit):
    html = render_to_string(
        "reports/report_pdf.html", report_context(report_queryset().get(pk=visit.pk))
    )
    assert "bootstrap" not in html
    assert "report_pdf" in html


DEMO_WORDS = [spec.name for spec in PLACES if spec.kind != PlaceKind.COUNTRY] + [
    "Kilifi",
    "Kwale",
    "demonstration",
    "the story gives",
]


@pytest.mark.parametrize("form", ["html", "pdf"])
def test_no_demo_text_in_a_generated_visit(visit, staff_client, form):
    url = "reports:report" if form == "html" else "reports:report-pdf"
    text = text_of(staff_client.get(reverse(url, args=[visit.pk])))

    assert "Alpha Town, Beta Town" in text or "Alpha Town" in text  # the figures are there
    assert [word for word in DEMO_WORDS if word in text] == []


@pytest.mark.parametrize("status", ReportStatus.values)
def test_one_status_badge_matching_the_status(visit, staff_client, staff_user, status):
    Report.objects.filter(delegation=visit).update(
        status=status, submitted_by=staff_user, submitted_at=datetime.datetime.now(datetime.UTC)
    )
    page = staff_client.get(reverse("reports:report", args=[visit.pk])).content.decode()

    badges = re.findall(r'<span class="badge [^"]*"[^>]*>([^<]*)</span>', page)
    status_badges = [b for b in badges if b in ReportStatus.labels or b == "Draft"]
    assert status_badges == [ReportStatus(status).label]


@pytest.mark.parametrize("form", ["html", "pdf"])
def test_each_organisation_once_per_role_and_sites_dated(visit, staff_client, form):
    url = "reports:report" if form == "html" else "reports:report-pdf"
    text = " ".join(text_of(staff_client.get(reverse(url, args=[visit.pk]))).split())

    assert text.count("Host Agency Of Record") == 1
    site_visits = text[text.rindex("Site visits") :]
    assert "Generated Water Works" in site_visits
    assert "Monday 22 July 2019" in site_visits  # 02:00 in New York


# --- scripts ----------------------------------------------------------------------------------


def _unicode_map(font) -> dict[str, int]:
    """character -> glyph id, from a font's ToUnicode CMap."""
    data = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    mapping: dict[str, int] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for gid, code in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            text = bytes.fromhex(code).decode("utf-16-be", errors="ignore")
            for char in text:
                mapping.setdefault(char, int(gid, 16))
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for start, end, code in re.findall(
            r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block
        ):
            first = bytes.fromhex(code).decode("utf-16-be", errors="ignore")
            for offset in range(int(end, 16) - int(start, 16) + 1):
                if len(first) == 1:
                    mapping.setdefault(chr(ord(first) + offset), int(start, 16) + offset)
    return mapping


def _covering_fonts(reader: pypdf.PdfReader) -> dict[str, set[str]]:
    """character -> names of the embedded fonts that draw it with a real glyph (not 0,
    the .notdef box)."""
    covering: dict[str, set[str]] = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"]
            if not ({"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys())):
                continue  # not embedded
            for char, gid in _unicode_map(font).items():
                if gid:
                    covering.setdefault(char, set()).add(str(font["/BaseFont"]))
    return covering


def test_chinese_emoji_and_arabic_render_in_the_pdf_and_the_page(visit, staff_client):
    Delegation.objects.filter(pk=visit.pk).update(
        purpose=f"{CHINESE} {EMOJI} {ARABIC}", title=f"Study tour {CHINESE}"
    )
    page = staff_client.get(reverse("reports:report", args=[visit.pk])).content.decode()
    reader = _pdf(visit)
    text = "".join(page.extract_text() for page in reader.pages)

    assert CHINESE in page and EMOJI in page and ARABIC in page
    assert CHINESE in text and EMOJI in text and ARABIC in text
    covering = _covering_fonts(reader)
    for char in CHINESE + EMOJI + ARABIC:
        assert covering.get(char), f"no embedded font draws {char!r}"
    assert any("CJK" in name for name in covering[CHINESE[0]])
    assert any("Emoji" in name for name in covering[EMOJI[0]])
