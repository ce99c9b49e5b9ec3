"""The live report's PDF is laid out once per content (reports.pdf_cache): the same bytes
from the cache while nothing it is made of changed, a new PDF as soon as anything did, and
the worker lays it out ahead of the click when a page links to it."""

import io
import threading

import pypdf
import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from delegations.services import report_approve, report_submit
from itinerary.models import ItineraryItem
from itinerary.services import counterpart_add, item_update
from officials.models import Official
from officials.services import official_save
from reports import pdf_cache, rendering
from reports.selectors import report_queryset
from reports.tasks import prepare_report_pdf
from tests.factories.itinerary import CounterpartFactory, ItineraryItemFactory
from tests.factories.learning import AttachmentFactory
from tests.factories.officials import OfficialFactory
from tests.support.caches import disconnect_cache


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


def commit_batches(callbacks) -> list[pdf_cache.ReportChanges]:
    return [callback for callback in callbacks if isinstance(callback, pdf_cache.ReportChanges)]


def asked_on_commit(batch, capture) -> list[tuple]:
    """What one transaction's ReportChanges asks the worker for once it has committed."""
    with capture(execute=False) as asked:
        batch()
    return prepared(asked)


def test_an_edit_asks_the_worker_once_its_transaction_commits(
    shared_cache, settings, item, staff_user, django_capture_on_commit_callbacks
):
    other = ItineraryItemFactory(delegation=item.delegation, title="Briefing B")
    official = OfficialFactory()
    # A worker is there to ask from now on (the rows above are the test's set-up: the
    # test's own transaction would otherwise have gathered them already).
    settings.CELERY_TASK_ALWAYS_EAGER = False
    # One transaction: two items and a counterpart.
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        item_update(item=item, actor=staff_user, data={"title": "Briefing on ports"})
        item_update(item=other, actor=staff_user, data={"summary": "Ports and fishing."})
        counterpart_add(item=other, official=official, actor=staff_user, role="presenter")
    (batch,) = commit_batches(callbacks)  # one per transaction, nothing asked before commit
    assert prepared(callbacks) == []
    delegation = item.delegation
    assert asked_on_commit(batch, django_capture_on_commit_callbacks) == [
        (delegation.pk, delegation.report_language)
    ]
    # Asked once until the job starts: a second edit before then asks nothing more.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        item_update(item=other, actor=staff_user, data={"title": "Briefing C"})
    assert asked_on_commit(commit_batches(callbacks)[0], django_capture_on_commit_callbacks) == []


def test_the_job_clears_its_ask_so_a_change_during_its_layout_is_laid_out_next(
    shared_cache, settings, item, layouts, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    delegation_id = item.delegation_id
    with django_capture_on_commit_callbacks(execute=False):
        assert pdf_cache.prepare_soon(delegation_id, "en")
        assert not pdf_cache.prepare_soon(delegation_id, "en")  # waiting in the queue
        prepare_report_pdf(delegation_id, "en")  # the worker starts on it
        assert len(layouts) == 1
        assert pdf_cache.prepare_soon(delegation_id, "en")


def test_approved_reports_and_the_directory_ask_nothing_on_a_change(
    shared_cache, settings, item, staff_user, manager, django_capture_on_commit_callbacks
):
    from tests.factories.delegations import DelegationMemberFactory

    official = CounterpartFactory(item=item).official
    DelegationMemberFactory(delegation=item.delegation)
    report = item.delegation.report
    report.summary = "What the delegation saw."
    report.save()
    report_submit(report=report, actor=staff_user)
    report_approve(report=type(report).objects.get(pk=report.pk), actor=manager)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        official.first_name = "Amina"
        official_save(official=official, actor=staff_user)
    assert commit_batches(callbacks) == []  # one name may be in thousands of reports

    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        delegation = type(item.delegation).objects.get(pk=item.delegation_id)
        delegation.purpose = "Learn from the ports."
        delegation.save()  # as a correction would: a history row, the report approved
    (batch,) = commit_batches(callbacks)
    assert asked_on_commit(batch, django_capture_on_commit_callbacks) == []


def test_without_a_worker_an_edit_gathers_nothing(
    item, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        item_update(item=item, actor=staff_user, data={"title": "Briefing on ports"})
    assert commit_batches(callbacks) == []


def in_thread(target, *args) -> tuple[threading.Thread, list]:
    """`target(*args)` in a thread of its own, as another request would; its cache
    connections (one per thread) are closed when it ends."""
    result: list = []

    def run():
        try:
            result.append(target(*args))
        finally:
            disconnect_cache()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


def test_a_pdf_being_laid_out_is_waited_for_not_laid_out_twice(shared_cache):
    key = "report-pdf:test-single-flight"
    started, release = threading.Event(), threading.Event()
    second_layouts = []

    def first_layout():
        started.set()
        release.wait(10)
        return b"%PDF laid out by the first"

    first, first_result = in_thread(pdf_cache.cached_pdf, key, first_layout)
    assert started.wait(10)
    second, second_result = in_thread(
        pdf_cache.cached_pdf, key, lambda: second_layouts.append(1) or b"%PDF second"
    )
    second.join(0.5)  # it looked, found the mark, and waits
    assert second.is_alive()
    release.set()
    first.join(10)
    second.join(10)
    assert first_result == second_result == [b"%PDF laid out by the first"]
    assert second_layouts == []
    assert cache.get(pdf_cache.laying_out_key(key)) is None


def test_a_layout_that_failed_leaves_the_next_one_to_lay_it_out(shared_cache):
    key = "report-pdf:test-single-flight-failed"

    def failing():
        raise RuntimeError("WeasyPrint failed")

    with pytest.raises(RuntimeError):
        pdf_cache.cached_pdf(key, failing)
    assert pdf_cache.cached_pdf(key, lambda: b"%PDF") == b"%PDF"
    assert cache.get(key) == b"%PDF"


def test_a_mark_left_by_a_dead_process_is_waited_for_a_bounded_time(shared_cache, monkeypatch):
    key = "report-pdf:test-single-flight-dead"
    cache.set(pdf_cache.laying_out_key(key), 1, 30)  # laid out by a process that died
    monkeypatch.setattr(pdf_cache, "WAIT_SECONDS", 0.2)
    assert pdf_cache.cached_pdf(key, lambda: b"%PDF laid out here") == b"%PDF laid out here"
