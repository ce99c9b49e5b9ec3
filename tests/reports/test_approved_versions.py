"""Fixed at approval: the approved report is stored (HTML, PDF, SHA-256, approver, time,
number) and served as stored; directory edits leave it byte for byte as it was;
reopening and approving again stores the next version, the earlier ones stay downloadable."""

import hashlib
import re

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from delegations.enums import MemberRole
from delegations.models import ApprovedVersion, Delegation, Report
from delegations.services import (
    report_approve,
    report_reopen,
    report_request_changes,
    report_submit,
    report_update,
)
from itinerary.services import item_update
from officials.models import Official
from partners.models import Organisation
from reports.services import store_approved_version
from tests.factories.delegations import DelegationFactory, DelegationMemberFactory
from tests.factories.itinerary import ItineraryItemFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import OrganisationFactory


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _report(delegation) -> Report:
    return Report.objects.get(delegation=delegation)


@pytest.fixture
def delegation(programme, staff_user, manager):
    host = OrganisationFactory(name="Host Ministry Before")
    delegation = DelegationFactory(
        programme=programme, title="Versioned visit", host_organisation=host
    )
    DelegationMemberFactory(
        delegation=delegation,
        role=MemberRole.HEAD,
        official=OfficialFactory(full_name="Head Before Rename"),
    )
    ItineraryItemFactory(delegation=delegation, title="Courtesy call")
    report_update(report=delegation.report, actor=staff_user, summary="What was learnt.")
    return Delegation.objects.get(pk=delegation.pk)


@pytest.fixture
def approved(delegation, staff_user, manager):
    report = report_submit(report=_report(delegation), actor=staff_user)
    return report_approve(report=report, actor=manager)


def test_approval_stores_version_one(approved, manager):
    version = ApprovedVersion.objects.get(report=approved)

    pdf, html = version.pdf.read(), version.html.read()
    assert version.number == 1
    assert version.approved_by == manager
    assert version.review_event.action == "approve"
    assert version.approved_at == version.review_event.created_at
    assert pdf.startswith(b"%PDF") and version.pdf_sha256 == _sha(pdf)
    assert version.html_sha256 == _sha(html)
    assert b"Versioned visit" in html
    assert default_storage.exists(version.pdf.name)


def test_storing_twice_for_one_approval_stores_nothing_new(approved, delegation):
    again = store_approved_version(delegation)

    assert ApprovedVersion.objects.filter(report=approved).count() == 1
    assert again.number == 1


def test_the_approved_report_serves_the_stored_version_with_its_hash(
    approved, delegation, staff_client
):
    version = ApprovedVersion.objects.get(report=approved)
    page = staff_client.get(reverse("reports:report", args=[delegation.pk])).content.decode()
    pdf = staff_client.get(reverse("reports:report-pdf", args=[delegation.pk])).content

    assert re.search(r"Approved version 1 on \d+ \w+ \d{4} by ", page)
    assert version.pdf_sha256 in page and version.html_sha256 in page
    assert _sha(pdf) == version.pdf_sha256  # the hash shown matches the bytes served
    html = staff_client.get(reverse("reports:report-version-html", args=[delegation.pk, 1]))
    assert _sha(html.content) == version.html_sha256


def test_a_directory_edit_after_approval_leaves_the_pdf_byte_for_byte(
    approved, delegation, staff_client
):
    url = reverse("reports:report-pdf", args=[delegation.pk])
    before = staff_client.get(url).content
    Official.objects.filter(full_name="Head Before Rename").update(full_name="Renamed Head")
    Organisation.objects.filter(name="Host Ministry Before").update(name="Renamed Ministry")

    after = staff_client.get(url).content
    page = staff_client.get(reverse("reports:report", args=[delegation.pk])).content.decode()

    assert after == before
    assert "Head Before Rename" in page and "Renamed Head" not in page
    assert "Renamed Ministry" not in page


def test_reapproval_stores_version_two_and_keeps_version_one(
    approved, delegation, staff_user, manager, administrator, staff_client
):
    first = ApprovedVersion.objects.get(report=approved).pdf.read()
    report_reopen(report=approved, actor=administrator, comment="A date was wrong")
    item_update(
        item=delegation.itinerary_items.get(), actor=staff_user, data={"title": "Second call"}
    )
    report = report_submit(report=_report(delegation), actor=staff_user)
    report_approve(report=report, actor=manager)

    versions = list(ApprovedVersion.objects.filter(report=approved).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    served = staff_client.get(reverse("reports:report-pdf", args=[delegation.pk])).content
    assert _sha(served) == versions[1].pdf_sha256
    old = staff_client.get(reverse("reports:report-version-pdf", args=[delegation.pk, 1]))
    assert old.content == first
    review = staff_client.get(reverse("reports:review", args=[delegation.pk])).content.decode()
    assert reverse("reports:report-version-pdf", args=[delegation.pk, 1]) in review
    assert reverse("reports:report-version-pdf", args=[delegation.pk, 2]) in review


def test_an_unknown_version_is_404(approved, delegation, staff_client):
    response = staff_client.get(reverse("reports:report-version-pdf", args=[delegation.pk, 9]))

    assert response.status_code == 404


def test_a_live_report_before_approval_says_draft(delegation, staff_client):
    page = staff_client.get(reverse("reports:report", args=[delegation.pk])).content.decode()

    assert "Approved version" not in page
    assert 'data-testid="report-status-badge">Draft<' in page


# --- what changed since the last review -----------------------------------------------------


def test_review_page_shows_what_changed_since_it_was_sent_back(
    delegation, staff_user, manager, manager_client
):
    report = report_submit(report=_report(delegation), actor=staff_user)
    report_request_changes(report=report, actor=manager, comment="Name the call properly")
    item_update(
        item=delegation.itinerary_items.get(), actor=staff_user, data={"title": "Renamed call"}
    )
    ItineraryItemFactory(delegation=delegation, title="An added debrief")
    report_submit(report=_report(delegation), actor=staff_user)

    page = manager_client.get(reverse("reports:review", args=[delegation.pk])).content.decode()
    section = page[page.index('data-testid="review-changes"') :]
    section = section[: section.index("</section>")]
    assert "Courtesy call" in section and "Renamed call" in section  # old and new value
    assert "An added debrief" in section  # a row added
    assert "What changed since the last review" in page


def test_first_submission_shows_no_changes_section(delegation, staff_user, manager_client):
    report_submit(report=_report(delegation), actor=staff_user)

    page = manager_client.get(reverse("reports:review", args=[delegation.pk])).content.decode()

    assert 'data-testid="review-changes"' not in page


def test_review_page_says_nobody_can_review_and_who_can_fix_it(programme, staff_client):
    delegation = DelegationFactory(programme=programme)

    page = staff_client.get(reverse("reports:review", args=[delegation.pk])).content.decode()

    assert 'data-testid="no-reviewer"' in page
    assert "An administrator can fix this by adding a manager" in page


def test_with_a_worker_the_approval_hands_the_rendering_to_a_job_after_commit(
    delegation, staff_user, manager, settings, django_capture_on_commit_callbacks
):
    from reports.tasks import store_approved_version_job

    settings.CELERY_TASK_ALWAYS_EAGER = False
    report = report_submit(report=_report(delegation), actor=staff_user)
    with django_capture_on_commit_callbacks() as callbacks:
        report_approve(report=report, actor=manager)
    # Nothing rendered in the request: the job waits for the commit (beside the mail).
    assert not ApprovedVersion.objects.filter(report__delegation=delegation).exists()
    assert store_approved_version_job.name in [c.func.__self__.name for c in callbacks]
    # The worker's run of the job stores version 1; a retried job stores nothing new.
    store_approved_version_job(delegation.pk)
    store_approved_version_job(delegation.pk)
    assert list(
        ApprovedVersion.objects.filter(report__delegation=delegation).values_list(
            "number", flat=True
        )
    ) == [1]
