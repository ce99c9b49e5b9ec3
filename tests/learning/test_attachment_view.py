"""Attachments are served only by the permission-checked download view."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories.delegations import DelegationFactory
from tests.factories.learning import AttachmentFactory, png_bytes

PDF = b"%PDF-1.4 minimal"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def download_url(attachment) -> str:
    return reverse("learning:attachment-download", args=[attachment.pk])


@pytest.fixture
def in_scope(programme):
    return AttachmentFactory(delegation=DelegationFactory(programme=programme))


def test_attachment_download_sends_anonymous_users_to_log_in(client, in_scope):
    url = download_url(in_scope)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_attachment_download_answers_404_outside_the_users_programmes(client, staff_user):
    other_programmes = AttachmentFactory()
    client.force_login(staff_user)

    response = client.get(download_url(other_programmes))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "content_type", "disposition"),
    [
        ("photo.png", png_bytes(), "image/png", "inline"),
        ("agenda.pdf", PDF, "application/pdf", "attachment"),
        ("drawing.svg", SVG, "image/svg+xml", "attachment"),
    ],
    ids=["image-inline", "document-attachment", "svg-attachment"],
)
def test_attachment_download_serves_the_file_to_programme_staff(
    client, staff_user, programme, name, content, content_type, disposition
):
    attachment = AttachmentFactory(
        delegation=DelegationFactory(programme=programme),
        file=SimpleUploadedFile(name, content),
        original_name=name,
        content_type=content_type,
    )
    client.force_login(staff_user)

    response = client.get(download_url(attachment))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'{disposition}; filename="{name}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_attachment_download_serves_any_programme_to_an_administrator(admin_client):
    attachment = AttachmentFactory()

    response = admin_client.get(download_url(attachment))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes()


def test_attachment_download_refuses_post(client, staff_user, in_scope):
    client.force_login(staff_user)

    response = client.post(download_url(in_scope))

    assert response.status_code == 405
