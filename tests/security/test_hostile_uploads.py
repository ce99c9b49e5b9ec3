"""Finding 7: uploads that got through. A .docx that inflates to 200 MB (a zip bomb), a
text file with HTML after its first 2 KB, and PDFs that run a script or an action when
opened are refused, with the reason next to the file field; ordinary ones still go in."""

import functools
import io
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learning.enums import AttachmentKind
from learning.models import Attachment
from tests.factories.delegations import DelegationFactory
from tests.security.test_bad_input_uploads import file_error

CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/"/>'


@functools.cache
def docx(document_size: int) -> bytes:
    """A Word document whose document.xml inflates to `document_size` bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"<w:p/>" * (1024 * 1024 // 6)
            written = 0
            while written < document_size:
                part = block[: document_size - written]
                member.write(part)
                written += len(part)
    return buffer.getvalue()


def pdf(*objects: bytes) -> bytes:
    body = b"".join(b"%d 0 obj %s endobj\n" % (n, obj) for n, obj in enumerate(objects, 1))
    return b"%PDF-1.7\n" + body + b"trailer << /Root 1 0 R >>\n%%EOF\n"


def compressed_stream(content: bytes) -> bytes:
    packed = zlib.compress(content)
    return b"<< /Type /ObjStm /Filter /FlateDecode /Length %d >> stream\n%s\nendstream" % (
        len(packed),
        packed,
    )


def bomb() -> bytes:
    return docx(200 * 1024 * 1024)  # made when a test asks for it, once


LATE_HTML = b"Minutes of the meeting.\n" * 100 + b"<script>alert(document.cookie)</script>\n"

REFUSED = {
    "docx-zip-bomb": ("report.docx", bomb, "zip bomb"),
    "text-with-html-after-2kb": ("notes.txt", LATE_HTML, "HTML, SVG and other"),
    "csv-with-html-after-2kb": ("list.csv", b"a,b\n" * 1000 + b"<iframe src=x>", "HTML"),
    "pdf-javascript": (
        "agenda.pdf",
        pdf(b"<< /Type /Catalog /Names << /JavaScript 2 0 R >> >>", b"<< /JS (app.alert(1)) >>"),
        "/JavaScript",
    ),
    "pdf-open-action": (
        "agenda.pdf",
        pdf(b"<< /Type /Catalog /OpenAction << /S /URI /URI (https://x.example) >> >>"),
        "/OpenAction",
    ),
    "pdf-escaped-name": (
        "agenda.pdf",
        pdf(b"<< /Type /Catalog /Open#41ction 2 0 R >>"),
        "/OpenAction",
    ),
    "pdf-in-object-stream": (
        "agenda.pdf",
        pdf(b"<< /Type /Catalog >>", compressed_stream(b"<< /S /JavaScript /JS (x) >>")),
        "/JavaScript",
    ),
}
ACCEPTED = {
    "ordinary-docx": ("report.docx", docx(200 * 1024)),  # 200 KB of XML, about 1 KB packed
    "ordinary-text": ("notes.txt", b"Minutes: less than 3 < 4, and <no markup>.\n" * 100),
    "ordinary-pdf": (
        "agenda.pdf",
        pdf(b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /AAAAAB+Arial >>"),
    ),
}


@pytest.fixture
def delegation(programme):
    return DelegationFactory(programme=programme)


def upload(client, delegation, name: str, content: bytes):
    return client.post(
        reverse("learning:attachment-create", args=[delegation.pk]),
        {
            "file": SimpleUploadedFile(name, content),
            "kind": AttachmentKind.OTHER,
            "caption": "Typed",
        },
    )


def test_the_bomb_is_small_and_expands_200_mb():
    assert len(bomb()) < 400 * 1024
    with zipfile.ZipFile(io.BytesIO(bomb())) as archive:
        assert sum(info.file_size for info in archive.infolist()) > 200 * 1024 * 1024 - 1


@pytest.mark.parametrize(("name", "content", "reason"), REFUSED.values(), ids=REFUSED)
def test_hostile_uploads_are_refused_with_a_reason(staff_client, delegation, name, content, reason):
    response = upload(staff_client, delegation, name, content() if callable(content) else content)

    assert response.status_code == 200
    body = response.content.decode()
    assert reason in file_error(body)
    assert 'value="Typed"' in body
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(("name", "content"), ACCEPTED.values(), ids=ACCEPTED)
def test_ordinary_files_still_go_in(staff_client, delegation, name, content):
    response = upload(staff_client, delegation, name, content)

    assert response.status_code == 302
    assert Attachment.objects.get().original_name == name
