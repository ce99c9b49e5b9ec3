"""Fixed at approval: the approved report is stored in every language (HTML, PDF, SHA-256
each; approver, time, number once) and served as stored in the language read; directory
edits leave it byte for byte as it was; reopening and approving again stores the next
version, the earlier ones stay downloadable in each language."""

import hashlib
import re

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from delegations.enums import MemberRole
from delegations.models import ApprovedRendition, ApprovedVersion, Delegation, Report
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


LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _report(delegation) -> Report:
    return Report.objects.get(delegation=delegation)


def _in(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


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


def test_approval_stores_version_one_in_every_language(approved, manager):
    version = ApprovedVersion.objects.get(report=approved)
    renditions = {r.language: r for r in version.renditions.all()}

    assert version.number == 1
    assert version.approved_by == manager
    assert version.review_event.action == "approve"
    assert version.approved_at == version.review_event.created_at
    assert sorted(renditions) == sorted(LANGUAGES)
    for language, rendition in renditions.items():
        pdf, html = rendition.pdf.read(), rendition.html.read()
        assert pdf.startswith(b"%PDF") and rendition.pdf_sha256 == _sha(pdf)
        assert rendition.html_sha256 == _sha(html)
        assert b"Versioned visit" in html  # what was typed stays as typed
        # Everything around it in the rendition's own language.
        assert _in(language, "Itinerary").encode() in html
        assert default_storage.exists(rendition.pdf.name)
    assert len({r.pdf_sha256 for r in renditions.values()}) == len(LANGUAGES)
    assert _in("pt", "Itinerary") != "Itinerary" != _in("fr", "Itinerary")


def test_storing_twice_for_one_approval_stores_nothing_new(approved, delegation):
    again = store_approved_version(delegation)

    assert ApprovedVersion.objects.filter(report=approved).count() == 1
    assert ApprovedRendition.objects.filter(approved_version__report=approved).count() == len(
        LANGUAGES
    )
    assert again.number == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_approved_report_serves_the_stored_rendition_of_the_language_with_its_hash(
    approved, delegation, staff_client, language
):
    rendition = ApprovedRendition.objects.get(approved_version__report=approved, language=language)
    query = {"lang": language}
    page = staff_client.get(reverse("reports:report", args=[delegation.pk]), query)
    pdf = staff_client.get(reverse("reports:report-pdf", args=[delegation.pk]), query).content
    html = staff_client.get(
        reverse("reports:report-version-html", args=[delegation.pk, 1]), query
    ).content

    text = page.content.decode()
    assert re.search(r"Approved version 1 on \d+ \w+ \d{4} by ", text)
    assert page.context["rendition"] == rendition and page.context["translated_from"] is None
    assert rendition.pdf_sha256 in text and rendition.html_sha256 in text
    # The hashes shown match the bytes served, and the page shows the stored HTML itself.
    assert _sha(pdf) == rendition.pdf_sha256
    assert _sha(html) == rendition.html_sha256
    assert html.decode() in text
    assert f'<div lang="{language}">' in text


def test_the_pdf_without_a_language_is_the_report_languages_rendition(
    approved, delegation, staff_client
):
    Delegation.objects.filter(pk=delegation.pk).update(report_language="pt")
    rendition = ApprovedRendition.objects.get(approved_version__report=approved, language="pt")

    pdf = staff_client.get(reverse("reports:report-pdf", args=[delegation.pk])).content
    old = staff_client.get(reverse("reports:report-version-pdf", args=[delegation.pk, 1]))

    assert _sha(pdf) == rendition.pdf_sha256
    assert old.content == rendition.pdf.read()
    assert "-v1-pt.pdf" in old["Content-Disposition"]


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


def test_reapproval_stores_version_two_and_keeps_version_one_in_every_language(
    approved, delegation, staff_user, manager, administrator, staff_client
):
    first = {
        r.language: r.pdf.read()
        for r in ApprovedRendition.objects.filter(approved_version__report=approved)
    }
    report_reopen(report=approved, actor=administrator, comment="A date was wrong")
    item_update(
        item=delegation.itinerary_items.get(), actor=staff_user, data={"title": "Second call"}
    )
    report = report_submit(report=_report(delegation), actor=staff_user)
    report_approve(report=report, actor=manager)

    versions = list(ApprovedVersion.objects.filter(report=approved).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    review = staff_client.get(reverse("reports:review", args=[delegation.pk])).content.decode()
    for language in LANGUAGES:
        query = {"lang": language}
        second = versions[1].renditions.get(language=language)
        served = staff_client.get(reverse("reports:report-pdf", args=[delegation.pk]), query)
        assert _sha(served.content) == second.pdf_sha256
        old_url = reverse("reports:report-version-pdf", args=[delegation.pk, 1])
        assert staff_client.get(old_url, query).content == first[language]
        # The review timeline links each version in each language.
        assert f"{old_url}?lang={language}" in review
        assert f'data-testid="approved-rendition-2-{language}"' in review
        assert second.pdf_sha256 in review


def test_a_version_stored_in_one_language_is_rendered_live_in_another_and_says_so(
    delegation, staff_user, manager, staff_client
):
    """Versions approved before every language was stored (migration 0014 kept them as
    their report language's rendition) are read in another language from the records."""
    report_approve(
        report=report_submit(report=_report(delegation), actor=staff_user), actor=manager
    )
    ApprovedRendition.objects.filter(approved_version__report__delegation=delegation).exclude(
        language="en"
    ).delete()

    page = staff_client.get(reverse("reports:report", args=[delegation.pk]), {"lang": "fr"})
    stored_pdf = reverse("reports:report-version-pdf", args=[delegation.pk, 1])

    assert page.context["rendition"] is None
    assert page.context["translated_from"].number == 1
    assert "This report was approved (version 1) in English." in page.content.decode()
    assert staff_client.get(stored_pdf, {"lang": "fr"}).status_code == 404
    assert staff_client.get(stored_pdf, {"lang": "en"}).content.startswith(b"%PDF")


def test_a_reapproval_not_yet_stored_does_not_serve_the_earlier_version(
    approved, delegation, staff_user, manager, administrator, staff_client, settings
):
    report_reopen(report=approved, actor=administrator, comment="A date was wrong")
    report = report_submit(report=_report(delegation), actor=staff_user)
    settings.CELERY_TASK_ALWAYS_EAGER = False  # the worker has not run yet
    report_approve(report=report, actor=manager)

    page = staff_client.get(reverse("reports:report", args=[delegation.pk]))

    assert page.context["version"] is None and page.context["rendition"] is None
    assert "Approved version 1" not in page.content.decode()


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
    # The worker's run of the job stores version 1 in every language; a retried job stores
    # nothing new.
    store_approved_version_job(delegation.pk)
    store_approved_version_job(delegation.pk)
    assert list(
        ApprovedVersion.objects.filter(report__delegation=delegation).values_list(
            "number", flat=True
        )
    ) == [1]
    assert sorted(
        ApprovedRendition.objects.filter(
            approved_version__report__delegation=delegation
        ).values_list("language", flat=True)
    ) == sorted(LANGUAGES)


def test_a_job_for_a_report_reopened_before_it_ran_stores_nothing_and_does_not_fail(
    delegation, staff_user, manager, administrator, settings, caplog
):
    from reports.tasks import store_approved_version_job

    settings.CELERY_TASK_ALWAYS_EAGER = False
    report = report_approve(
        report=report_submit(report=_report(delegation), actor=staff_user), actor=manager
    )
    report_reopen(report=report, actor=administrator, comment="One more meeting")

    with caplog.at_level("INFO", logger="reports.tasks"):
        store_approved_version_job(delegation.pk)  # the worker, late

    assert not ApprovedVersion.objects.filter(report__delegation=delegation).exists()
    assert "not stored: the report is no longer approved" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_the_worker_renders_without_holding_the_report_so_a_reopening_never_waits(
    delegation, staff_user, manager, administrator, settings, monkeypatch, caplog
):
    """The job renders three languages before it locks the report's row: an administrator
    reopening meanwhile gets the row at once (NOWAIT), and then nothing is stored."""
    import threading

    from django.db import DatabaseError, connection, transaction

    from reports import services
    from reports.tasks import store_approved_version_job

    settings.CELERY_TASK_ALWAYS_EAGER = False
    report = report_approve(
        report=report_submit(report=_report(delegation), actor=staff_user), actor=manager
    )
    outcome = []
    original = services.render_report_pdf

    def reopen_now() -> None:
        try:
            with transaction.atomic():
                locked = Report.objects.select_for_update(nowait=True).get(pk=report.pk)
                report_reopen(report=locked, actor=administrator, comment="One more meeting")
            outcome.append("reopened")
        except DatabaseError as error:
            outcome.append(error)
        finally:
            connection.close()

    def render_while_someone_reopens(*args, **kwargs):
        if not outcome:
            other = threading.Thread(target=reopen_now)
            other.start()
            other.join(timeout=30)
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "render_report_pdf", render_while_someone_reopens)
    with caplog.at_level("INFO", logger="reports.tasks"):
        store_approved_version_job(delegation.pk)

    assert outcome == ["reopened"]
    assert _report(delegation).status == "draft"
    assert not ApprovedVersion.objects.filter(report__delegation=delegation).exists()
    assert "not stored: the report is no longer approved" in caplog.text
