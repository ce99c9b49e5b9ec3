"""The Change history section follows in-place edits of the delegation page: a successful
write (htmx) answers with an HX-Trigger header naming HISTORY_CHANGED, and
the section reloads itself from timeline:history-section. Forms with errors, refused
actions and GETs send nothing."""

import json
import re
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from delegations.models import Delegation
from learning.enums import AttachmentKind, FollowUpStatus, HighlightKind
from learning.models import Attachment, FollowUp, Highlight, LearningObjective
from learning.views.sections import HISTORY_CHANGED
from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import TopicFactory
from tests.factories.learning import (
    AttachmentFactory,
    FollowUpFactory,
    HighlightFactory,
    LearningObjectiveFactory,
    png_bytes,
)
from tests.support.queries import assert_constant_queries
from tests.support.responses import HTMX, text


def triggered(response) -> dict:
    """The events an htmx answer asks the page to fire on receipt ({} when none)."""
    header = response.headers.get("HX-Trigger")
    return json.loads(header) if header else {}


def history_section_url(delegation) -> str:
    return reverse("timeline:history-section", args=[delegation.pk])


@pytest.fixture
def delegation(programme) -> Delegation:
    return DelegationFactory(programme=programme, title="Cabo Delgado to Kenya")


@pytest.fixture
def topic(db):
    return TopicFactory(name="Reintegration")


# --- Successful in-place writes send the event ----------------------------------------------


@dataclass(frozen=True)
class Write:
    """One in-place write of the delegation page: its URL, what it posts, what it saved."""

    name: str
    url: object  # (delegation, topic) -> (url, data)
    saved: object  # delegation -> bool

    def __str__(self) -> str:
        return self.name


def _objective_add(delegation, topic):
    url = reverse("learning:objective-create", args=[delegation.pk])
    return url, {"description": "Learn from the Coast", "topic": topic.pk, "order": "1"}


def _objective_edit(delegation, topic):
    objective = LearningObjectiveFactory(delegation=delegation, description="Before")
    url = reverse("learning:objective-update", args=[objective.pk])
    data = {"description": "Learn from the Coast", "topic": topic.pk, "order": "1"}
    return url, {**data, "version": objective.version}


def _objective_delete(delegation, topic):
    objective = LearningObjectiveFactory(delegation=delegation, description="Soon gone")
    return reverse("learning:objective-delete", args=[objective.pk]), {}


def _highlight_add(delegation, topic):
    url = reverse("learning:highlight-create", args=[delegation.pk])
    return url, {"kind": HighlightKind.LESSON, "text": "We share the Indian Ocean."}


def _highlight_delete(delegation, topic):
    highlight = HighlightFactory(delegation=delegation)
    return reverse("learning:highlight-delete", args=[highlight.pk]), {}


def _followup_add(delegation, topic):
    url = reverse("learning:followup-create", args=[delegation.pk])
    return url, {"description": "Youth exchange", "status": FollowUpStatus.PROPOSED}


def _followup_edit(delegation, topic):
    follow_up = FollowUpFactory(delegation=delegation, description="Before")
    url = reverse("learning:followup-update", args=[follow_up.pk])
    data = {
        "description": "Youth exchange",
        "status": FollowUpStatus.AGREED,
        "version": follow_up.version,
    }
    return url, data


def _followup_status(delegation, topic):
    follow_up = FollowUpFactory(delegation=delegation, description="Youth exchange")
    url = reverse("learning:followup-status", args=[follow_up.pk])
    return url, {"status": FollowUpStatus.DONE, "version": follow_up.version}


def _attachment_upload(delegation, topic):
    url = reverse("learning:attachment-create", args=[delegation.pk])
    data = {
        "file": SimpleUploadedFile("bongwe.png", png_bytes()),
        "kind": AttachmentKind.PHOTO,
        "caption": "At Bongwe Secondary School",
        "credit": "Photo: IOM",
        "item": "",
    }
    return url, data


def _attachment_edit(delegation, topic):
    attachment = AttachmentFactory(delegation=delegation, caption="Before")
    url = reverse("learning:attachment-update", args=[attachment.pk])
    data = {"kind": AttachmentKind.PHOTO, "caption": "At Bongwe Secondary School"}
    return url, {**data, "version": attachment.version}


def _attachment_delete(delegation, topic):
    attachment = AttachmentFactory(delegation=delegation)
    return reverse("learning:attachment-delete", args=[attachment.pk]), {}


def _has(model, **fields):
    return lambda delegation: model.objects.filter(delegation=delegation, **fields).exists()


def _none(model):
    return lambda delegation: not model.objects.filter(delegation=delegation).exists()


WRITES = [
    Write("objective-add", _objective_add, _has(LearningObjective, topic__name="Reintegration")),
    Write(
        "objective-edit",
        _objective_edit,
        _has(LearningObjective, description="Learn from the Coast"),
    ),
    Write("objective-delete", _objective_delete, _none(LearningObjective)),
    Write("highlight-add", _highlight_add, _has(Highlight, text="We share the Indian Ocean.")),
    Write("highlight-delete", _highlight_delete, _none(Highlight)),
    Write("followup-add", _followup_add, _has(FollowUp, description="Youth exchange")),
    Write(
        "followup-edit",
        _followup_edit,
        _has(FollowUp, description="Youth exchange", status=FollowUpStatus.AGREED),
    ),
    Write("followup-status", _followup_status, _has(FollowUp, status=FollowUpStatus.DONE)),
    Write(
        "attachment-upload",
        _attachment_upload,
        _has(Attachment, caption="At Bongwe Secondary School", original_name="bongwe.png"),
    ),
    Write(
        "attachment-edit", _attachment_edit, _has(Attachment, caption="At Bongwe Secondary School")
    ),
    Write("attachment-delete", _attachment_delete, _none(Attachment)),
]


@pytest.mark.parametrize("write", WRITES, ids=str)
def test_a_successful_in_place_write_tells_the_page_the_history_changed(
    staff_client, delegation, topic, write
):
    url, data = write.url(delegation, topic)

    response = staff_client.post(url, data, headers=HTMX)

    assert write.saved(delegation)
    assert triggered(response) == {HISTORY_CHANGED: {}}
    assert 'role="status"' in text(response)  # the section came back with its message


@pytest.mark.parametrize("write", WRITES, ids=str)
def test_a_write_without_htmx_redirects_and_sends_no_event(staff_client, delegation, topic, write):
    url, data = write.url(delegation, topic)

    response = staff_client.post(url, data)

    assert write.saved(delegation)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("delegations:detail", args=[delegation.pk]))
    assert "HX-Trigger" not in response.headers


# --- Failed writes and GETs send nothing --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("objective-create", {"description": "", "topic": "", "order": ""}),
        ("highlight-create", {"kind": HighlightKind.QUOTE, "text": ""}),
        ("followup-create", {"description": "", "status": FollowUpStatus.PROPOSED}),
        ("attachment-create", {"kind": AttachmentKind.PHOTO, "caption": "No file"}),
    ],
)
def test_a_form_with_errors_sends_no_event(staff_client, delegation, name, data):
    response = staff_client.post(
        reverse(f"learning:{name}", args=[delegation.pk]), data, headers=HTMX
    )

    assert "This field is required." in text(response)
    assert triggered(response) == {}
    assert not LearningObjective.objects.exists()
    assert not Highlight.objects.exists()
    assert not FollowUp.objects.exists()
    assert not Attachment.objects.exists()


def test_a_stale_edit_sends_no_event(staff_client, delegation):
    follow_up = FollowUpFactory(delegation=delegation, description="Before")
    url = reverse("learning:followup-update", args=[follow_up.pk])
    data = {"description": "Mine", "status": FollowUpStatus.PROPOSED, "version": 99}

    response = staff_client.post(url, data, headers=HTMX)

    follow_up.refresh_from_db()
    assert follow_up.description == "Before"
    assert "Someone else saved this since you opened it" in text(response)
    assert triggered(response) == {}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "finished", "version": 1}, "Choose one of the statuses offered."),
        ({"status": "done"}, "The status was not changed: reload the page and try again."),
        ({"status": "dropped", "version": 99}, "Someone else changed this follow-up"),
    ],
    ids=["unknown-status", "no-version", "stale-version"],
)
def test_a_refused_status_click_sends_no_event(staff_client, delegation, data, message):
    follow_up = FollowUpFactory(delegation=delegation)
    url = reverse("learning:followup-status", args=[follow_up.pk])

    response = staff_client.post(url, data, headers=HTMX)

    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.PROPOSED
    assert message in text(response)
    assert 'role="alert"' in text(response)
    assert triggered(response) == {}


@pytest.mark.parametrize(
    "url",
    [
        lambda d: reverse("learning:followup-create", args=[d.pk]),
        lambda d: reverse("learning:followup-update", args=[FollowUpFactory(delegation=d).pk]),
        lambda d: reverse("learning:followup-delete", args=[FollowUpFactory(delegation=d).pk]),
        lambda d: reverse("learning:followups-section", args=[d.pk]),
        lambda d: reverse("learning:attachment-create", args=[d.pk]),
    ],
    ids=["add-form", "edit-form", "delete-question", "section-cancel", "upload-form"],
)
def test_opening_a_form_sends_no_event(staff_client, delegation, url):
    response = staff_client.get(url(delegation), headers=HTMX)

    assert 'id="follow-ups"' in text(response) or 'id="attachments"' in text(response)
    assert triggered(response) == {}


# --- The section reloads itself ----------------------------------------------------------------


def section_tag(body: str) -> str:
    match = re.search(r'<section id="history"[^>]*>', body)
    assert match, "no history section"
    return match.group(0)


def page_tag(delegation, client) -> str:
    return section_tag(text(client.get(reverse("delegations:detail", args=[delegation.pk]))))


def test_the_section_on_the_delegation_page_loads_itself_and_listens_for_the_event(
    staff_client, delegation
):
    body = text(staff_client.get(reverse("delegations:detail", args=[delegation.pk])))

    tag = section_tag(body)
    # Deferred (core.sections): fetched once the page has loaded, and after each edit.
    assert f'hx-trigger="load, {HISTORY_CHANGED} from:body"' in tag
    assert 'aria-busy="true"' in tag
    assert "No changes recorded yet." not in body  # the entries come with the fetch
    assert reverse("timeline:delegation-history", args=[delegation.pk]) in body
    assert f'hx-get="{history_section_url(delegation)}"' in tag
    assert 'hx-target="this"' in tag and 'hx-swap="outerHTML"' in tag
    assert 'aria-labelledby="history-heading"' in tag


def test_the_reloaded_section_shows_the_new_change_and_keeps_its_heading(
    staff_client, staff_user, delegation
):
    url = reverse("learning:followup-create", args=[delegation.pk])
    staff_client.post(url, {"description": "Youth exchange", "status": "proposed"}, headers=HTMX)

    response = staff_client.get(history_section_url(delegation), headers=HTMX)

    body = text(response)
    assert "<html" not in body  # the fragment alone
    # The same element as the page's placeholder, loaded: only the first fetch is gone.
    placeholder = page_tag(delegation, staff_client)
    loaded = placeholder.replace(' aria-busy="true"', "").replace('"load, ', '"')
    assert section_tag(body) == loaded
    assert '<h2 class="h5 card-header" id="history-heading">Change history</h2>' in body
    entries = re.findall(r'<li class="list-group-item py-2">(.*?)</li>', body, re.S)
    newest = " ".join(re.sub(r"<[^>]+>", " ", entries[0]).split())
    assert newest.startswith(f"{staff_user} created Follow-up: Youth exchange")
    assert "autofocus" not in body  # the edit's message keeps the focus
    assert response["Vary"].count("HX-Request") == 1


def test_the_section_has_a_page_of_its_own_without_htmx(staff_client, delegation):
    FollowUpFactory(delegation=delegation, description="Youth exchange")

    body = text(staff_client.get(history_section_url(delegation)))

    assert "<html" in body
    assert '<h1 class="h3 mb-4">Cabo Delgado to Kenya</h1>' in body
    assert "Follow-up:</span> <bdi>Youth exchange" in body


def test_anonymous_users_are_sent_to_log_in(client, delegation):
    response = client.get(history_section_url(delegation), headers=HTMX)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_staff_of_another_programme_get_404(other_staff_client, delegation):
    FollowUpFactory(delegation=delegation, description="Youth exchange")

    response = other_staff_client.get(history_section_url(delegation), headers=HTMX)

    assert response.status_code == 404
    assert "Youth exchange" not in text(response)


def test_managers_of_the_programme_read_it(manager_client, delegation):
    FollowUpFactory(delegation=delegation, description="Youth exchange")

    body = text(manager_client.get(history_section_url(delegation), headers=HTMX))

    assert "Follow-up:</span> <bdi>Youth exchange" in body


# --- Query counts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class WithHeaders:
    client: object
    headers: dict

    def get(self, url: str):
        return self.client.get(url, headers=self.headers)


def add_history(delegation, staff_user):
    """Rows of every learning kind, each created then changed: more history rows."""

    def add(count: int) -> None:
        for _ in range(count):
            objective = LearningObjectiveFactory(delegation=delegation)
            for obj, field in (
                (objective, "description"),
                (HighlightFactory(delegation=delegation), "text"),
                (FollowUpFactory(delegation=delegation, objective=objective), "description"),
                (AttachmentFactory(delegation=delegation), "caption"),
            ):
                setattr(obj, field, f"Changed {type(obj).__name__} {obj.pk}")
                obj._history_user = staff_user
                obj.save()

    return add


@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "page"])
def test_query_count_of_the_section_does_not_grow_with_history(
    staff_client, staff_user, delegation, headers
):
    add = add_history(delegation, staff_user)
    add(1)

    assert_constant_queries(
        WithHeaders(staff_client, headers), history_section_url(delegation), add
    )
