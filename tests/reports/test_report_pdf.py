"""The report as a PDF: the same facts as the page, A4, page numbers, a running title,
DRAFT on every page until approved, the photo embedded; nothing fetched from the network."""

import io
from pathlib import Path

import pypdf
import pytest
from django.urls import reverse

from accounts.models import User
from delegations.enums import ReportStatus
from delegations.models import Delegation, Report
from delegations.services import report_approve, report_submit
from tests.factories.delegations import DelegationFactory
from tests.reports.test_report import STORY_FACTS

pytestmark = pytest.mark.demo


PDF_COPY = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "report-demo.pdf"


@pytest.fixture
def demo_pdf(demo_loaded, db, client):
    client.force_login(User.objects.get(email="phss.manager@exchange.example"))
    delegation = Delegation.objects.get(programme__code="PHSS")

    def fetch() -> pypdf.PdfReader:
        response = client.get(reverse("reports:report-pdf", args=[delegation.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        PDF_COPY.parent.mkdir(parents=True, exist_ok=True)
        PDF_COPY.write_bytes(response.content)
        return pypdf.PdfReader(io.BytesIO(response.content))

    return delegation, fetch


def text_of(reader: pypdf.PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_carries_the_facts_of_the_story_on_a4_pages(demo_pdf):
    _delegation, fetch = demo_pdf
    reader = fetch()
    text = " ".join(text_of(reader).split())
    # The same facts the HTML report is checked for (tests/reports/test_report.py).
    missing = [fact for fact in STORY_FACTS if fact.lower() not in text.lower()]
    assert missing == []
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    pages = len(reader.pages)
    assert pages > 1
    assert f"Page 1 of {pages}" in reader.pages[0].extract_text()


def test_pdf_marks_every_page_draft_until_the_report_is_approved(demo_pdf):
    delegation, fetch = demo_pdf
    assert all("DRAFT" in page.extract_text() for page in fetch().pages)
    report_submit(
        report=delegation.report, actor=User.objects.get(email="phss.staff@exchange.example")
    )
    report_approve(
        report=Report.objects.get(delegation=delegation),
        actor=User.objects.get(email="phss.manager@exchange.example"),
    )
    assert Report.objects.get(delegation=delegation).status == ReportStatus.APPROVED
    assert not any("DRAFT" in page.extract_text() for page in fetch().pages)


def test_pdf_embeds_the_photo(demo_pdf):
    _delegation, fetch = demo_pdf
    images = [image for page in fetch().pages for image in page.images]
    assert images, "the demo photo is embedded"


def test_pdf_is_scoped_like_the_page(client, other_staff, programme):
    delegation = DelegationFactory(programme=programme)
    assert client.get(reverse("reports:report-pdf", args=[delegation.pk])).status_code == 302
    client.force_login(other_staff)
    assert client.get(reverse("reports:report-pdf", args=[delegation.pk])).status_code == 404


def test_pdf_finds_the_collected_hashed_stylesheet_and_nothing_outside(tmp_path, settings):
    from reports.pdf import read_static

    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "report.0123456789ab.css").write_text("body { color: black }")
    (tmp_path.parent / "secret.css").write_text("outside")
    settings.STATIC_ROOT = tmp_path

    assert read_static("css/report.0123456789ab.css") == b"body { color: black }"
    assert read_static("../secret.css") is None
    assert read_static("css/missing.0123456789ab.css") is None
