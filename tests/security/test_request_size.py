"""Finding 6: a body over the limit is refused before it is read, with a clear 413.

The body is a stream that counts what the server reads of it: a 60 MB upload must be
refused having read (almost) nothing of it, not after reading it all.
"""

import pytest
from django.conf import settings
from django.urls import reverse

from learning.models import Attachment
from tests.factories.delegations import DelegationFactory

BOUNDARY = "exchangeboundary"


class CountingBody:
    """A multipart body of `size` bytes, made as it is read; `read_bytes` says how much was."""

    def __init__(self, size: int):
        self.size = size
        self.read_bytes = 0
        self.head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ndocument\r\n'
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n'
        ).encode()
        self.tail = f"\r\n--{BOUNDARY}--\r\n".encode()

    def byte_at(self, start: int, n: int) -> bytes:
        """Bytes [start, start + n) of head + padding + tail."""
        padding = self.size - len(self.head) - len(self.tail)
        out = bytearray()
        for position in range(start, start + n):
            if position < len(self.head):
                out += self.head[position : position + 1]
            elif position < len(self.head) + padding:
                out += b"a"
            else:
                out += self.tail[
                    position - len(self.head) - padding : position - len(self.head) - padding + 1
                ]
        return bytes(out)

    def read(self, n: int = -1) -> bytes:
        left = self.size - self.read_bytes
        n = left if n is None or n < 0 else min(n, left)
        start = self.read_bytes
        self.read_bytes += n
        padding_end = self.size - len(self.tail)
        if start >= len(self.head) and start + n <= padding_end:
            return b"a" * n  # the bulk, quickly
        return self.byte_at(start, n)

    def readline(self, n: int = -1) -> bytes:
        return self.read(min(n, 64 * 1024) if n and n > 0 else 64 * 1024)


@pytest.fixture
def delegation(programme):
    return DelegationFactory(programme=programme, title="Size visit")


def post_body(client, url: str, body: CountingBody, content_type: str):
    return client.generic(
        "POST",
        url,
        b"",
        content_type=content_type,
        **{"wsgi.input": body, "CONTENT_LENGTH": str(body.size), "CONTENT_TYPE": content_type},
    )


def test_a_60_mb_upload_is_refused_unread_with_a_clear_message(staff_client, delegation):
    body = CountingBody(60 * 1024 * 1024)
    url = reverse("learning:attachment-create", args=[delegation.pk])

    response = post_body(staff_client, url, body, f"multipart/form-data; boundary={BOUNDARY}")

    assert response.status_code == 413
    html = response.content.decode()
    assert "What you sent is too large" in html
    assert "10.0\xa0MB" in html  # the limit, in words
    assert body.read_bytes < 64 * 1024  # stopped before reading past the limit
    assert not Attachment.objects.exists()


def test_the_admin_upload_is_refused_the_same_way(admin_client, delegation):
    body = CountingBody(settings.REQUEST_MAX_BYTES + 1)
    url = reverse("admin:learning_attachment_add")

    response = post_body(admin_client, url, body, f"multipart/form-data; boundary={BOUNDARY}")

    assert response.status_code == 413
    assert body.read_bytes < 64 * 1024


def test_a_form_body_over_the_limit_is_refused_unread(staff_client, delegation):
    body = CountingBody(settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    url = reverse("learning:highlight-create", args=[delegation.pk])

    response = post_body(staff_client, url, body, "application/x-www-form-urlencoded")

    assert response.status_code == 413
    assert body.read_bytes == 0


def test_a_body_within_the_limit_is_read_and_judged_by_the_form(staff_client, delegation):
    """Just over the attachment limit but within the request's: the form says so."""
    size = settings.ATTACHMENT_MAX_BYTES + 1024
    assert size < settings.REQUEST_MAX_BYTES
    body = CountingBody(size)
    url = reverse("learning:attachment-create", args=[delegation.pk])

    response = post_body(staff_client, url, body, f"multipart/form-data; boundary={BOUNDARY}")

    assert response.status_code == 200
    assert "The file is larger than 10.0\xa0MB." in response.content.decode()
    assert not Attachment.objects.exists()
