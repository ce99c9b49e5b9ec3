"""Erasure and the approved report (reports.personal_data): a version keeps the person
unless the administrator asks to re-render it; then the current version is stored again
without them (same number and approval, new files and hashes), a superseded one that
prints them is withdrawn, and each language is recorded with why, when and the hashes."""

import hashlib
import io

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from pypdf import PdfReader

from delegations.models import ApprovedRendition, ApprovedVersion, Delegation, Report
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


LANGUAGES = sorted(code for code, _name in settings.LANGUAGES)


def _english(version: ApprovedVersion) -> ApprovedRendition:
    return version.renditions.get(language="en")


def _hashes(version: ApprovedVersion) -> dict[str, tuple[str, str]]:
    return {r.language: (r.html_sha256, r.pdf_sha256) for r in version.renditions.all()}


def _text(version: ApprovedVersion, language: str = "en") -> tuple[str, str]:
    """The stored HTML, and the stored PDF's text, of one language."""
    rendition = version.renditions.get(language=language)
    with rendition.html.open("rb") as html, rendition.pdf.open("rb") as pdf:
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
    stored = _hashes(approved)
    _forget(person, administrator, django_capture_on_commit_callbacks, rerender=False)

    version = ApprovedVersion.objects.get(pk=approved.pk)
    assert _hashes(version) == stored and sorted(stored) == LANGUAGES
    assert NAME in _text(version)[0]
    assert not VersionRedaction.objects.exists()


def test_re_rendering_stores_the_current_version_again_without_the_person(
    approved, person, administrator, django_capture_on_commit_callbacks
):
    before = {r.language: r for r in approved.renditions.all()}
    erasure = _forget(person, administrator, django_capture_on_commit_callbacks, rerender=True)

    version = ApprovedVersion.objects.get(report__delegation=approved.report.delegation)
    for language in LANGUAGES:
        html, pdf_text = _text(version, language)
        assert NAME not in html and NAME not in pdf_text
        assert f"#{person.pk}" in html and f"#{person.pk}" in pdf_text
    # The same approval, under the same number, with new files and their hashes.
    assert (version.number, version.review_event_id, version.approved_by_id) == (
        approved.number,
        approved.review_event_id,
        approved.approved_by_id,
    )
    english = _english(version)
    with english.html.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == english.html_sha256
    after = _hashes(version)
    for language, old in before.items():
        assert after[language][0] != old.html_sha256 and after[language][1] != old.pdf_sha256
        assert not default_storage.exists(old.html.name)
        assert not default_storage.exists(old.pdf.name)
    # The record, one per language: which version, why (the erasure), the hashes.
    records = {r.language: r for r in VersionRedaction.objects.all()}
    assert sorted(records) == LANGUAGES
    for language, record in records.items():
        assert (record.report_id, record.number, record.erasure, record.action) == (
            approved.report_id,
            approved.number,
            erasure,
            RedactionAction.RERENDERED,
        )
        assert (record.previous_html_sha256, record.previous_pdf_sha256) == (
            before[language].html_sha256,
            before[language].pdf_sha256,
        )
        assert (record.html_sha256, record.pdf_sha256) == after[language]
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
    first_pdf = _english(approved).pdf.name
    report_reopen(report=approved.report, actor=administrator, comment="One more call")
    _approve(delegation, staff_user, manager)
    other = DelegationFactory(programme=delegation.programme, title="Unrelated visit")
    DelegationMemberFactory(delegation=other)
    _approve(other, staff_user, manager)
    untouched = _hashes(ApprovedVersion.objects.get(report__delegation=other))

    _forget(person, administrator, django_capture_on_commit_callbacks, rerender=True)

    versions = ApprovedVersion.objects.filter(report__delegation=delegation)
    assert [v.number for v in versions] == [2]
    assert NAME not in _text(versions[0])[0]
    assert not default_storage.exists(first_pdf)
    assert sorted(VersionRedaction.objects.values_list("number", "action", "language")) == [
        *[(1, RedactionAction.WITHDRAWN, language) for language in LANGUAGES],
        *[(2, RedactionAction.RERENDERED, language) for language in LANGUAGES],
    ]
    assert _hashes(ApprovedVersion.objects.get(report__delegation=other)) == untouched


def test_reapplying_the_erasure_leaves_a_redacted_version_alone(
    approved, person, administrator, django_capture_on_commit_callbacks
):
    _forget(person, administrator, django_capture_on_commit_callbacks, rerender=True)
    redacted = _hashes(ApprovedVersion.objects.get(report=approved.report))

    erasures_reapply()

    assert _hashes(ApprovedVersion.objects.get(report=approved.report)) == redacted
    assert VersionRedaction.objects.count() == len(LANGUAGES)


def test_a_version_whose_file_is_missing_is_re_rendered_all_the_same(
    approved, person, administrator, django_capture_on_commit_callbacks
):
    default_storage.delete(_english(approved).html.name)

    _forget(person, administrator, django_capture_on_commit_callbacks, rerender=True)

    version = ApprovedVersion.objects.get(report=approved.report)
    assert NAME not in _text(version)[0]
    assert set(VersionRedaction.objects.values_list("action", flat=True)) == {
        RedactionAction.RERENDERED
    }
