"""Reports approved before versions were stored get one (the store_missing_approved_versions
command): stored from the records of that day, and saying so on the page, in the PDF and
on the review timeline, never claiming to be what the approver saw."""

import hashlib
import io
import re

import pypdf
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from delegations.enums import MemberRole, ReportStatus
from delegations.models import ApprovedVersion, Delegation, Report
from delegations.services import report_approve, report_submit, report_update
from tests.factories.delegations import DelegationFactory, DelegationMemberFactory
from tests.factories.itinerary import ItineraryItemFactory


def _run() -> str:
    out = io.StringIO()
    call_command("store_missing_approved_versions", stdout=out)
    return out.getvalue()


@pytest.fixture
def delegation(programme, staff_user):
    delegation = DelegationFactory(programme=programme, title="Versioned visit")
    DelegationMemberFactory(delegation=delegation, role=MemberRole.HEAD)
    ItineraryItemFactory(delegation=delegation)
    report_update(report=delegation.report, actor=staff_user, summary="What was learnt.")
    return Delegation.objects.get(pk=delegation.pk)


@pytest.fixture
def approved(delegation, staff_user, manager):
    report = report_submit(report=Report.objects.get(delegation=delegation), actor=staff_user)
    return report_approve(report=report, actor=manager)


@pytest.fixture
def approved_before_versions(approved):
    """Approved in an earlier round: the approval is recorded, no version was stored."""
    ApprovedVersion.objects.filter(report=approved).delete()
    return approved


def test_command_stores_a_version_marked_as_stored_after_approval(
    approved_before_versions,
    delegation,
    manager,
):
    output = _run()

    version = ApprovedVersion.objects.get(report=approved_before_versions)
    event = approved_before_versions.events.get(action="approve")
    assert (version.number, version.review_event, version.approved_by) == (1, event, manager)
    assert version.approved_at == event.created_at
    assert version.stored_after_approval_on == timezone.localdate()
    rendition = version.renditions.get(language="en")
    assert sorted(version.renditions.values_list("language", flat=True)) == ["en", "fr", "pt"]
    pdf = rendition.pdf.read()
    assert rendition.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    text = " ".join(
        " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages).split()
    )
    assert re.search(r"Approved version 1 · stored on \d+ \w+ \d{4}, after approval", text)
    assert b"after approval, from the records of that day" in rendition.html.read()
    assert "Versioned visit: version 1 stored after approval (en, fr, pt)" in output
    assert "1 approved version(s) stored after approval." in output


def test_the_page_says_when_the_version_was_stored_and_serves_it(
    approved_before_versions,
    delegation,
    staff_client,
):
    _run()
    version = ApprovedVersion.objects.get(report=approved_before_versions)
    rendition = version.renditions.get(language=delegation.report_language)
    today = timezone.localdate()

    page = staff_client.get(reverse("reports:report", args=[delegation.pk])).content.decode()
    served = staff_client.get(reverse("reports:report-pdf", args=[delegation.pk])).content
    review = staff_client.get(reverse("reports:review", args=[delegation.pk])).content.decode()

    stored = f"Stored on {today.day} {today:%B %Y}, after approval"
    assert stored in page
    assert "This is the report as it was approved" not in page
    assert hashlib.sha256(served).hexdigest() == rendition.pdf_sha256
    assert rendition.pdf_sha256 in page
    assert f"(stored on {today.day} {today:%B %Y}, after approval)" in review


def test_command_stores_nothing_twice_nor_for_reports_with_a_version(
    approved,
    programme,
    staff_user,
    manager,
):
    at_approval = ApprovedVersion.objects.get(report=approved)
    draft = DelegationFactory(programme=programme)

    assert "0 approved version(s)" in _run()
    ApprovedVersion.objects.filter(pk=at_approval.pk).delete()
    _run()
    assert "0 approved version(s)" in _run()

    assert ApprovedVersion.objects.filter(report=approved).count() == 1
    assert ApprovedVersion.objects.get(report=approved).stored_after_approval_on is not None
    assert not ApprovedVersion.objects.filter(report__delegation=draft).exists()
    assert at_approval.stored_after_approval_on is None


def test_a_report_marked_approved_without_a_recorded_approval_is_left_alone(
    programme,
    staff_user,
):
    delegation = DelegationFactory(programme=programme)
    Report.objects.filter(delegation=delegation).update(
        status=ReportStatus.APPROVED, submitted_by=staff_user, submitted_at=timezone.now()
    )

    assert "0 approved version(s)" in _run()
    assert not ApprovedVersion.objects.filter(report__delegation=delegation).exists()


def test_a_version_stored_at_approval_says_nothing_of_later_storage(
    approved, delegation, staff_client
):
    page = staff_client.get(reverse("reports:report", args=[delegation.pk])).content.decode()

    assert "after approval" not in page
    assert "This is the report as it was approved" in page
