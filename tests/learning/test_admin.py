"""Learning's admin: objectives inline on the delegation (through objective_add), its
records read-only once the delegation is locked but a follow-up's status, highlights tied
to the delegation's items, attachments known by their content and only ever downloaded
through the permission-checked view, and the delegation page's links to the visit's records."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from itinerary.models import ItineraryItem
from learning.enums import AttachmentKind, FollowUpStatus
from learning.models import Attachment, FollowUp, Highlight
from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import ItineraryItemFactory
from tests.factories.learning import (
    AttachmentFactory,
    FollowUpFactory,
    HighlightFactory,
    LearningObjectiveFactory,
    png_bytes,
)
from tests.support.admin import admin_url, change_url, management_data, messages_of

ATTACHMENT_ADD_URL = reverse("admin:learning_attachment_add")


@pytest.fixture
def delegation(db):
    return DelegationFactory(
        start_date=datetime.date(2019, 7, 22), end_date=datetime.date(2019, 7, 26)
    )


def test_delegation_learning_objectives_inline_goes_through_objective_add(admin_client, delegation):
    url = change_url(delegation)
    data = management_data(admin_client, url) | {
        "title": delegation.title,
        "programme": delegation.programme.pk,
        "sending_countries": ["MZ"],
        "host_country": "KE",
        "start_date": "2019-07-22",
        "end_date": "2019-07-26",
        "expected_version": delegation.version,
        "learning_objectives-TOTAL_FORMS": "1",
        "learning_objectives-0-description": "How community policing forums work",
        "learning_objectives-0-order": "1",
    }

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert delegation.learning_objectives.get().description == "How community policing forums work"
    delegation.refresh_from_db()
    assert delegation.version == 1  # the delegation itself did not change


def _on_locked(factory):
    def make():
        return factory(delegation=DelegationFactory(locked=True))

    return make


LOCKED_CHILDREN = {
    "objective": _on_locked(LearningObjectiveFactory),
    "highlight": _on_locked(HighlightFactory),
    "attachment": _on_locked(AttachmentFactory),
}


@pytest.mark.parametrize("make", LOCKED_CHILDREN.values(), ids=LOCKED_CHILDREN.keys())
def test_rows_of_a_locked_delegation_are_read_only(admin_client, make):
    obj = make()

    page = admin_client.get(change_url(obj))
    refused = admin_client.post(change_url(obj), {})

    content = page.content.decode()
    assert page.status_code == 200
    assert "read-only until an administrator reopens the report" in content
    assert 'name="_save"' not in content
    assert refused.status_code == 403


def test_follow_up_status_still_changes_once_the_delegation_is_locked(admin_client, administrator):
    follow_up = FollowUpFactory(delegation=DelegationFactory(locked=True), description="Write")
    url = change_url(follow_up)

    page = admin_client.get(url)
    response = admin_client.post(
        url, {"status": FollowUpStatus.DONE, "expected_version": follow_up.version}
    )

    assert "only the status of its follow-ups can change" in page.content.decode()
    assert 'name="description"' not in page.content.decode()
    assert 'name="status"' in page.content.decode()
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.description) == (FollowUpStatus.DONE, "Write")
    assert follow_up.history.latest().history_user == administrator


def test_follow_up_status_action_goes_through_the_service(admin_client):
    follow_ups = FollowUpFactory.create_batch(2)

    response = admin_client.post(
        admin_url(FollowUp, "changelist"),
        {"action": "mark_agreed", "_selected_action": [f.pk for f in follow_ups]},
        follow=True,
    )

    assert set(FollowUp.objects.values_list("status", flat=True)) == {FollowUpStatus.AGREED}
    assert "2 follow-ups are now “Agreed”." in messages_of(response)


def test_highlight_refuses_an_item_of_another_delegation(admin_client, delegation):
    data = {
        "delegation": delegation.pk,
        "item": ItineraryItemFactory().pk,
        "kind": "lesson",
        "text": "Community policing builds trust.",
        "order": "0",
    }

    response = admin_client.post(admin_url(Highlight, "add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["item"] == ["Choose one from this delegation."]
    assert not Highlight.objects.exists()


def attachment_form(delegation, upload, kind=AttachmentKind.PHOTO) -> dict:
    return {
        "delegation": delegation.pk,
        "file": upload,
        "kind": kind,
        "caption": "The delegation at the resource centre",
        "credit": "Photo: IOM",
        "consent": "not_recorded",
    }


def test_attachment_add_records_the_file_from_its_content(admin_client, administrator, delegation):
    upload = SimpleUploadedFile("Visit.PNG", png_bytes(), content_type="text/html")

    response = admin_client.post(ATTACHMENT_ADD_URL, attachment_form(delegation, upload))

    assert response.status_code == 302, response.context["adminform"].form.errors
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/png"  # sniffed, not the browser's word
    assert attachment.original_name == "Visit.PNG"
    assert attachment.size == len(png_bytes())
    assert attachment.uploaded_by == administrator
    assert "Visit" not in attachment.file.name


@pytest.mark.parametrize(
    ("name", "content", "kind", "error"),
    [
        ("notes.png", b"not an image", AttachmentKind.PHOTO, "must be a PNG"),
        ("big.pdf", b"x" * 64, AttachmentKind.REPORT, "larger than"),
    ],
    ids=["photo-not-image", "too-large"],
)
def test_attachment_add_refuses_bad_files(
    admin_client, settings, delegation, name, content, kind, error
):
    settings.ATTACHMENT_MAX_BYTES = 32
    upload = SimpleUploadedFile(name, content, content_type="image/png")

    response = admin_client.post(ATTACHMENT_ADD_URL, attachment_form(delegation, upload, kind))

    assert response.status_code == 200
    assert error in " ".join(response.context["adminform"].form.errors["file"])
    assert not Attachment.objects.exists()


def test_attachment_admin_links_to_the_download_view_never_to_the_file(admin_client):
    attachment = AttachmentFactory()
    download = reverse("learning:attachment-download", args=[attachment.pk])

    pages = [
        admin_client.get(change_url(attachment)),
        admin_client.get(admin_url(Attachment, "changelist")),
    ]

    for page in pages:
        content = page.content.decode()
        assert download in content
        assert attachment.file.name not in content
        assert "/media-not-served/" not in content


def test_delegation_page_links_to_its_report_and_the_records_of_the_visit(admin_client, delegation):
    response = admin_client.get(change_url(delegation))

    content = response.content.decode()
    for model in (ItineraryItem, Highlight, FollowUp, Attachment):
        assert f"{admin_url(model, 'changelist')}?delegation__id__exact={delegation.pk}" in content
    assert change_url(delegation.report) in content
