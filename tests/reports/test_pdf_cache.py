"""The live report's PDF is laid out once per content (reports.pdf_cache): the same bytes
from the cache while nothing it is made of changed, a new PDF as soon as anything did, and
the worker lays it out ahead of the click when a page links to it."""

import io

import pypdf
import pytest
from django.urls import reverse

from delegations.services import report_approve, report_submit
from itinerary.models import ItineraryItem
from officials.models import Official
from reports import pdf_cache, rendering
from reports.selectors import report_queryset
from reports.tasks import prepare_report_pdf
from tests.factories.itinerary import CounterpartFactory, ItineraryItemFactory
from tests.factories.learning import AttachmentFactory


@pytest.fixture
def layouts(monkeypatch):
    """How many times WeasyPrint laid out a PDF (reports.rendering's render_pdf)."""
    calls = []
    original = rendering.render_pdf

    def counting(html, **kwargs):
        calls.append(html)
        return original(html, **kwargs)

    monkeypatch.setattr(rendering, "render_pdf", counting)
    return calls


@pytest.fixture
def item(programme):
    return ItineraryItemFactory(
        delegation__programme=programme, delegation__title="Visit to Mombasa", title="Briefing A"
    )


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def get_pdf(client, delegation, **params):
    response = client.get(reverse("reports:report-pdf", args=[delegation.pk]), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_an_unchanged_report_is_laid_out_once_and_served_the_same(
    shared_cache, client, staff_user, item, layouts
):
    client.force_login(staff_user)
    first = get_pdf(client, item.delegation)
    second = get_pdf(client, item.delegation)
    assert len(layouts) == 1
    assert second == first
    assert "Briefing A" in pdf_text(second)


def test_any_change_to_what_the_pdf_shows_lays_it_out_again(
    shared_cache, client, staff_user, item, layouts
):
    counterpart = CounterpartFactory(item=item, official__full_name="Grace Odhiambo")
    client.force_login(staff_user)
    assert "Odhiambo" in pdf_text(get_pdf(client, item.delegation))
    # An item renamed, and an official renamed in the shared directory: both are new PDFs.
    ItineraryItem.objects.filter(pk=item.pk).update(title="Briefing B")
    text = pdf_text(get_pdf(client, item.delegation))
    assert "Briefing B" in text and "Briefing A" not in text
    Official.objects.filter(pk=counterpart.official_id).update(full_name="Grace Wanjiru")
    text = pdf_text(get_pdf(client, item.delegation))
    assert "Wanjiru" in text and "Odhiambo" not in text
    assert len(layouts) == 3


def test_each_language_is_its_own_pdf(client, staff_user, item, layouts):
    client.force_login(staff_user)
    english = get_pdf(client, item.delegation, lang="en")
    portuguese = get_pdf(client, item.delegation, lang="pt")
    assert "Page 1 of" in pdf_text(english)
    assert "Página 1 de" in pdf_text(portuguese)
    assert get_pdf(client, item.delegation, lang="pt") == portuguese
    assert len(layouts) == 2


def test_the_key_covers_the_stylesheet_and_the_photos(item, monkeypatch):
    photo = AttachmentFactory(delegation=item.delegation)
    delegation = report_queryset().get(pk=item.delegation_id)
    html = rendering.report_pdf_html(delegation)
    static_url = rendering.static_url()
    assert pdf_cache.linked_static_names(html, static_url) == ["css/report_pdf.css"]
    key = pdf_cache.content_key(html, delegation=delegation, static_url=static_url)
    assert key == pdf_cache.content_key(html, delegation=delegation, static_url=static_url)
    # A photo's file replaced (a new stored name), the same HTML: another PDF.
    type(photo).objects.filter(pk=photo.pk).update(file="attachments/replaced.png")
    replaced = report_queryset().get(pk=item.delegation_id)
    assert pdf_cache.content_key(html, delegation=replaced, static_url=static_url) != key
    # The stylesheet deployed anew under the same name: another PDF.
    real = pdf_cache.read_static
    monkeypatch.setattr(
        pdf_cache, "read_static", lambda name: real(name) + b"\n/* new */" if real(name) else None
    )
    assert pdf_cache.content_key(html, delegation=delegation, static_url=static_url) != key


def test_the_worker_lays_the_pdf_out_ahead_of_the_click(
    shared_cache, client, staff_user, item, layouts
):
    prepare_report_pdf(item.delegation_id, "pt")
    assert len(layouts) == 1
    client.force_login(staff_user)
    assert "Página 1 de" in pdf_text(get_pdf(client, item.delegation, lang="pt"))
    assert len(layouts) == 1  # served as the worker laid it out
    prepare_report_pdf(item.delegation_id, "pt")  # already there: nothing to do
    assert len(layouts) == 1


def test_the_worker_leaves_an_approved_report_alone(item, staff_user, manager, layouts):
    from tests.factories.delegations import DelegationMemberFactory

    DelegationMemberFactory(delegation=item.delegation)
    delegation = item.delegation
    delegation.report.summary = "What the delegation saw."
    delegation.report.save()
    report_submit(report=delegation.report, actor=staff_user)
    report_approve(
        report=type(delegation.report).objects.get(pk=delegation.report.pk), actor=manager
    )
    stored = len(layouts)  # the approved version, stored in every language
    prepare_report_pdf(delegation.pk, "en")
    assert len(layouts) == stored


def prepared(callbacks) -> list[tuple]:
    """The report PDFs queued for the worker among the on-commit callbacks."""
    return [
        callback.args
        for callback in callbacks
        if getattr(callback, "func", None) == prepare_report_pdf.delay
    ]


@pytest.mark.parametrize("page", ["reports:report", "delegations:detail"])
def test_pages_linking_to_the_pdf_ask_the_worker_once_in_a_while(
    shared_cache, page, client, staff_user, item, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # a worker is there to ask
    client.force_login(staff_user)
    url = reverse(page, args=[item.delegation_id])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert client.get(url).status_code == 200
        assert client.get(url).status_code == 200
    assert prepared(callbacks) == [(item.delegation_id, item.delegation.report_language)]


def test_without_a_worker_pages_do_not_wait_for_the_pdf(
    client, staff_user, item, layouts, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert client.get(reverse("reports:report", args=[item.delegation_id])).status_code == 200
    assert prepared(callbacks) == []
    assert layouts == []
