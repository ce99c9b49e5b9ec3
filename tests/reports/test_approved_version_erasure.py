"""Erasure and the approved report (reports.personal_data): a version keeps the person
unless the administrator asks to re-render it; then the current version is stored again
without them (same number and approval, new files and hashes), a superseded one that
prints them is withdrawn, and each is recorded with why, when and the hashes."""

import hashlib
import io

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from delegations.models import ApprovedVersion, Delegation, Report
from delegations.services import report_approve, report_reopen, report_submit, report_update
from officials.erasure import erasures_reapply, official_forget
from officials.models import Erasure, QuoteHandling
from reports.models import RedactionAction, VersionRedaction
from tests.factories.delegations import DelegationFactory, DelegationMemberFactory
from tests.factories.itinerary import ItineraryItemFactory
from tests.factories.officials import OfficialFactory

NAME = "Wanjiru Halvorsen"


def _approve(delegation, staff_user, manager) -> Report:
    if not delegation.itinerary_items.exists():
        ItineraryItemFactory(delegation=delegation, title="Courtesy call")
    report_update(report=delegation.report, actor=staff_user, summary="What was learnt.")
    report = report_submit(report=Report.objects.get(delegation=delegation), actor=staff_user)
    return report_approve(report=report, actor=manager)


def _text(version: ApprovedVersion) -> tuple[str, str]:
    """The stored HTML, and the stored PDF's text."""
    with version.html.open("rb") as html, version.pdf.open("rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
        text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
        return html.read().decode(), text


@pytest.fixture
def person():
    return OfficialFactory(full_name=NAME, honorific="")


@pytest.fixture
def delegation(programme, person):
    delegation = DelegationFactory(programme=programme, title="Erasure visit")
    DelegationMemberFactory(delegation=delegation, official=person)
    return Delegation.objects.get(pk=delegation.pk)


@pytest.fixture
def approved(delegation, staff_user, manager) -> ApprovedVersion:
    _approve(delegation, staff_user, manager)
    version = ApprovedVersion.objects.get(report__delegation=delegation)
    html, pdf_text = _text(version)
    assert NAME in html and NAME in pdf_text, pdf_text  # the check below can fail
    return version


def _forget(person, administrator, callbacks, *, rerender: bool) -> Erasure:
    with callbacks(execute=True):
        return official_forget(
            official=person,
            actor=administrator,
            quotes=QuoteHandling.ANONYMISE,
            rerender_approved=rerender,
        )


def test_without_re_rendering_the_approved_version_keeps_the_person(
    approved, person, administrator, django_capture_on_commit_callbacks
):
    _forget(person, administrator, django_capture_on_commit_callbacks, rerender=False)

    version = ApprovedVersion.objects.get(pk=approved.pk)
    assert (version.html_sha256, version.pdf_sha256) == (approved.html_sha256, approved.pdf_sha256)
    assert NAME in _text(version)[0]
    assert not VersionRedaction.objects.exists()


def test_re_rendering_stores_the_current_version_again_without_the_person(
    approved, person, administrator, django_capture_on_commit_callbacks
):
    erasure = _forget(person, administrator, django_capture_on_commit_callbacks, rerender=True)

    version = ApprovedVersion.objects.get(report__delegation=approved.report.delegation)
    html, pdf_text = _text(version)
    assert NAME not in html and NAME not in pdf_text
    assert f"Person #{person.pk}" in html and f"Person #{person.pk}" in pdf_text
    # The same approval, under the same number, with new files and their hashes.
    assert (version.number, version.review_event_id, version.approved_by_id) == (
        approved.number,
        approved.review_event_id,
        approved.approved_by_id,
    )
    with version.html.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == version.html_sha256
    assert version.html_sha256 != approved.html_sha256
    assert version.pdf_sha256 != approved.pdf_sha256
    assert not default_storage.exists(approved.html.name)
    assert not default_storage.exists(approved.pdf.name)
    # The record: which version, why (the erasure), the hashes before and after.
    record = VersionRedaction.objects.get()
    assert (record.report_id, record.number, record.erasure, record.action) == (
        approved.report_id,
        approved.number,
        erasure,
        RedactionAction.RERENDERED,
    )
    assert (record.previous_html_sha256, record.previous_pdf_sha256) == (
        approved.html_sha256,
        approved.pdf_sha256,
    )
    assert (record.html_sha256, record.pdf_sha256) == (version.html_sha256, version.pdf_sha256)
    assert record.done_at is not None


def test_a_superseded_version_naming_the_person_is_withdrawn(
    approved,
    delegation,
    person,
    staff_user,
    manager,
    administrator,
    django_capture_on_commit_callbacks,
):
    report_reopen(report=approved.report, actor=administrator, comment="One more call")
    _approve(delegation, staff_user, manager)
    other = DelegationFactory(programme=delegation.programme, title="Unrelated visit")
    DelegationMemberFactory(delegation=other)
    _approve(other, staff_user, manager)
    untouched = ApprovedVersion.objects.get(report__delegation=other)

    _forget(person, administrator, django_capture_on_commit_callbacks, rerender=True)

    versions = ApprovedVersion.objects.filter(report__delegation=delegation)
    assert [v.number for v in versions] == [2]
    assert NAME not in _text(versions[0])[0]
    assert not default_storage.exists(approved.pdf.name)
    assert sorted(VersionRedaction.objects.values_list("number", "action")) == [
        (1, RedactionAction.WITHDRAWN),
        (2, RedactionAction.RERENDERED),
    ]
    assert ApprovedVersion.objects.get(pk=untouched.pk).pdf_sha256 == untouched.pdf_sha256


def test_reapplying_the_erasure_leaves_a_redacted_version_alone(
    approved, person, administrator, django_capture_on_commit_callbacks
):
    _forget(person, administrator, django_capture_on_commit_callbacks, rerender=True)
    version = ApprovedVersion.objects.get(report=approved.report)

    erasures_reapply()

    assert ApprovedVersion.objects.get(report=approved.report).pdf_sha256 == version.pdf_sha256
    assert VersionRedaction.objects.count() == 1


def test_a_version_whose_file_is_missing_is_re_rendered_all_the_same(
    approved, person, administrator, django_capture_on_commit_callbacks
):
    default_storage.delete(approved.html.name)

    _forget(person, administrator, django_capture_on_commit_callbacks, rerender=True)

    version = ApprovedVersion.objects.get(report=approved.report)
    assert NAME not in _text(version)[0]
    assert VersionRedaction.objects.get().action == RedactionAction.RERENDERED
