"""A create form sent twice makes one object (core.forms + core.views.ServiceFormMixin).

Every service form carries a hidden one-time token. The first POST of a token saves;
a second POST of the same token (double click, resent request) saves nothing and is
sent where the first one went. Two tokens are two submissions: two objects.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.forms import new_submission_token
from core.views import SubmissionOnce
from delegations.models import Delegation
from itinerary.models import ItineraryItem
from learning.models import Attachment, FollowUp, Highlight, LearningObjective
from partners.enums import ProgrammeRole
from tests.factories.accounts import UserFactory
from tests.factories.delegations import DelegationFactory
from tests.factories.learning import png_bytes
from tests.factories.partners import ProgrammeMembershipFactory
from tests.support.html_forms import form_fields
from tests.support.responses import HTMX


@dataclass(frozen=True)
class Page:
    """A create page: its URL, the rows it makes, what a person types (number n)."""

    name: str
    url: Callable[[Delegation], str]
    model: type
    typed: Callable[[Delegation, Any, int], dict]

    def rows(self, delegation) -> int:
        if self.model is Delegation:
            return Delegation.objects.filter(programme=delegation.programme).count()
        return self.model.objects.filter(delegation=delegation).count()


def delegation_typed(delegation, place, n: int) -> dict:
    return {
        "title": f"Second visit {n}",
        "programme": str(delegation.programme_id),
        "sending_countries": "MZ",
        "host_country": "KE",
        "start_date": "2019-08-05",
        "end_date": "2019-08-09",
    }


def item_typed(delegation, place, n: int) -> dict:
    return {
        "kind": "meeting",
        "title": f"Meeting {n}",
        "place": str(place.pk),
        "starts_at_0": "2019-07-23",
        "starts_at_1": "09:00",
        "ends_at_0": "2019-07-23",
        "ends_at_1": "10:30",
    }


def attachment_typed(delegation, place, n: int) -> dict:
    return {
        "file": SimpleUploadedFile(f"photo{n}.png", png_bytes(), "image/png"),
        "kind": "photo",
        "caption": f"Photo {n}",
        "credit": "Photo: IOM",
    }


def on_delegation(url_name: str) -> Callable[[Delegation], str]:
    return lambda delegation: reverse(url_name, args=[delegation.pk])


PAGES = [
    Page("delegation", lambda d: reverse("delegations:create"), Delegation, delegation_typed),
    Page("item", on_delegation("itinerary:item-create"), ItineraryItem, item_typed),
    Page(
        "objective",
        on_delegation("learning:objective-create"),
        LearningObjective,
        lambda d, p, n: {"description": f"Learn about reintegration {n}", "order": str(n)},
    ),
    Page(
        "highlight",
        on_delegation("learning:highlight-create"),
        Highlight,
        lambda d, p, n: {"kind": "lesson", "text": f"Lesson {n}"},
    ),
    Page(
        "follow-up",
        on_delegation("learning:followup-create"),
        FollowUp,
        lambda d, p, n: {"description": f"Share the plan {n}", "status": "proposed"},
    ),
    Page("attachment", on_delegation("learning:attachment-create"), Attachment, attachment_typed),
]
EACH_PAGE = pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])


@pytest.fixture
def delegation(programme):
    return DelegationFactory(programme=programme, title="Cabo Delgado to Kenya")


def opened(client, page: Page, delegation) -> dict:
    """The form as the page renders it: the token, the formsets' management data."""
    response = client.get(page.url(delegation))
    assert response.status_code == 200
    return form_fields(response.content.decode(), containing="submission_token")


def send(client, page, delegation, form: dict, typed: dict, **headers):
    return client.post(page.url(delegation), {**form, **typed}, headers=headers)


@EACH_PAGE
def test_create_form_carries_a_fresh_token_each_time(staff_client, page, delegation):
    first = opened(staff_client, page, delegation)["submission_token"]
    second = opened(staff_client, page, delegation)["submission_token"]
    assert len(first) == 32 and first != second


@EACH_PAGE
def test_the_same_token_twice_makes_one_object(staff_client, page, delegation, nairobi):
    before = page.rows(delegation)
    form = opened(staff_client, page, delegation)

    first = send(staff_client, page, delegation, form, page.typed(delegation, nairobi, 1))
    # Sent again with the same token, even with something typed differently in between.
    second = send(staff_client, page, delegation, form, page.typed(delegation, nairobi, 2))

    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]  # where the first one went
    assert page.rows(delegation) == before + 1
    messages = [str(m) for m in second.wsgi_request._messages]
    assert "This form had already been sent: it was saved once." in messages


def test_identical_data_sent_twice_answers_like_the_first(staff_client, delegation, nairobi):
    """The second sending no longer validates (the delegation "already exists"): it is
    still answered with the first one's result, not with an error."""
    page = PAGES[0]
    form = opened(staff_client, page, delegation)
    typed = page.typed(delegation, nairobi, 1)

    first = send(staff_client, page, delegation, form, typed)
    second = send(staff_client, page, delegation, form, typed)

    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Delegation.objects.filter(title="Second visit 1").count() == 1


@EACH_PAGE
def test_two_tokens_make_two_objects(staff_client, page, delegation, nairobi):
    before = page.rows(delegation)
    for n in (1, 2):
        form = opened(staff_client, page, delegation)
        response = send(staff_client, page, delegation, form, page.typed(delegation, nairobi, n))
        assert response.status_code == 302
    assert page.rows(delegation) == before + 2


def test_a_refused_submission_keeps_its_token_and_the_corrected_one_saves_once(
    staff_client, delegation, nairobi
):
    page = PAGES[1]  # the itinerary item
    form = opened(staff_client, page, delegation)
    typed = page.typed(delegation, nairobi, 1)

    refused = send(staff_client, page, delegation, form, {**typed, "title": ""})
    assert refused.status_code == 200
    kept = form_fields(refused.content.decode(), containing="submission_token")
    assert kept["submission_token"] == form["submission_token"]

    saved = send(staff_client, page, delegation, kept, typed)
    again = send(staff_client, page, delegation, kept, typed)
    assert saved.status_code == again.status_code == 302
    assert ItineraryItem.objects.filter(delegation=delegation).count() == 1


def test_htmx_double_submit_answers_with_the_section_and_adds_one_row(staff_client, delegation):
    page = PAGES[4]  # follow-ups, added inside their section
    form = opened(staff_client, page, delegation)
    typed = page.typed(delegation, None, 1)

    first = send(staff_client, page, delegation, form, typed, **HTMX)
    second = send(staff_client, page, delegation, form, typed, **HTMX)

    assert first.status_code == second.status_code == 200
    assert "Share the plan 1" in second.content.decode()
    assert FollowUp.objects.filter(delegation=delegation).count() == 1


def test_htmx_resend_that_no_longer_validates_goes_to_the_first_result(staff_client, delegation):
    """An objective sent twice: the second is a duplicate description, yet it is answered
    as already saved (htmx is told to load the page the first one went to)."""
    page = PAGES[2]
    form = opened(staff_client, page, delegation)
    typed = page.typed(delegation, None, 1)

    send(staff_client, page, delegation, form, typed, **HTMX)
    second = send(staff_client, page, delegation, form, typed, **HTMX)

    assert second.status_code == 204
    assert second["HX-Redirect"].startswith(reverse("delegations:detail", args=[delegation.pk]))
    assert LearningObjective.objects.filter(delegation=delegation).count() == 1


def test_a_token_is_the_users_own(client, staff_user, delegation, programme):
    """Another user posting the same token is another submission (the key names the user)."""
    colleague = UserFactory()
    ProgrammeMembershipFactory(user=colleague, programme=programme, role=ProgrammeRole.STAFF)
    page = PAGES[4]
    client.force_login(staff_user)
    form = opened(client, page, delegation)
    send(client, page, delegation, form, page.typed(delegation, None, 1))
    client.force_login(colleague)
    send(client, page, delegation, form, page.typed(delegation, None, 2))
    assert FollowUp.objects.filter(delegation=delegation).count() == 2


def test_a_post_without_a_token_still_saves(staff_client, delegation):
    """Clients that send no token (older pages, scripts) save as before."""
    url = reverse("learning:followup-create", args=[delegation.pk])
    staff_client.post(url, {"description": "No token", "status": "proposed"})
    staff_client.post(url, {"description": "No token again", "status": "proposed"})
    assert FollowUp.objects.filter(delegation=delegation).count() == 2


# --- The claim itself: two near-simultaneous requests -------------------------------------------


class Someone:
    pk = 424242


def once(token: str) -> SubmissionOnce:
    return SubmissionOnce(user=Someone(), token=token)


def test_claim_is_granted_once_then_answers_with_the_first_result():
    token = new_submission_token()
    first, second = once(token), once(token)
    assert first.claim() is True
    first.done("/delegations/1/")
    assert second.claim() == "/delegations/1/"


def test_second_claim_waits_for_the_first_to_finish():
    token = new_submission_token()
    assert once(token).claim() is True
    finisher = threading.Timer(0.2, once(token).done, args=["/delegations/2/"])
    finisher.start()
    try:
        assert once(token).claim() == "/delegations/2/"  # waited, then followed the first
    finally:
        finisher.join()


def test_a_released_claim_can_be_claimed_again():
    token = new_submission_token()
    assert once(token).claim() is True
    once(token).release()  # the first save failed: the token is free again
    assert once(token).claim() is True


def test_a_claim_still_pending_after_the_wait_gives_up(monkeypatch):
    monkeypatch.setattr(SubmissionOnce, "WAIT", 0.1)
    token = new_submission_token()
    assert once(token).claim() is True
    assert once(token).claim() is None


def test_simultaneous_claims_grant_exactly_one():
    token = new_submission_token()
    results: list = []
    barrier = threading.Barrier(8)

    def race():
        barrier.wait()
        claimer = once(token)
        claimed = claimer.claim()
        results.append(claimed)
        if claimed is True:
            claimer.done("/done/")

    threads = [threading.Thread(target=race) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 1
    assert results.count("/done/") == 7
