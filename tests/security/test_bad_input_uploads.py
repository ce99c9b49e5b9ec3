"""Bad input (issue 5): uploads on the attachment page. What a file is comes from its bytes,
never from its name or the browser's Content-Type; what is refused says why next to the
file field, keeps everything else typed, and leaves no row and no file behind."""

import html
import re
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from itinerary.imports.columns import HEADERS, ITINERARY
from itinerary.models import ItineraryItem
from learning.enums import AttachmentKind
from learning.models import Attachment
from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import ItineraryItemFactory
from tests.factories.learning import png_bytes
from tests.security.bad_input import MARKUP
from tests.support.spreadsheets import csv_upload, item_row

HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def png_claiming(width: int, height: int) -> bytes:
    """A few bytes of PNG whose header claims width x height pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.fixture
def delegation(programme):
    return DelegationFactory(programme=programme)


@pytest.fixture
def item(delegation):
    return ItineraryItemFactory(delegation=delegation, title="Bongwe Secondary School")


def stored_files(delegation) -> list[str]:
    folder = f"attachments/{delegation.pk}"
    try:
        return default_storage.listdir(folder)[1]
    except FileNotFoundError:
        return []


def post(client, delegation, item, name, content, kind, content_type="image/png"):
    return client.post(
        reverse("learning:attachment-create", args=[delegation.pk]),
        {
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "kind": kind,
            "caption": "Pupils at the peace club",
            "credit": "Photo: IOM",
            "item": item.pk,
        },
    )


def file_error(body: str) -> str:
    match = re.search(r'id="error_\d+_id_file"[^>]*>\s*<strong>([^<]*)</strong>', body)
    assert match, "no error next to the file field"
    return html.unescape(match.group(1))


REFUSED = {
    "html-named-png": ("photo.png", HTML_PAGE, AttachmentKind.OTHER, "HTML, SVG and other"),
    "html-named-png-photo": ("photo.png", HTML_PAGE, AttachmentKind.PHOTO, "A photo must be"),
    "html-named-txt": ("notes.txt", b"  <html><p>hi</p></html>", AttachmentKind.OTHER, "HTML"),
    "svg-with-script": ("drawing.svg", SVG, AttachmentKind.OTHER, "HTML, SVG and other"),
    "svg-named-png": ("drawing.png", SVG, AttachmentKind.OTHER, "HTML, SVG and other"),
    "svg-as-photo": ("drawing.png", SVG, AttachmentKind.PHOTO, "A photo must be"),
    "pdf-named-png": ("scan.png", PDF, AttachmentKind.OTHER, "does not match its content"),
    "pixel-bomb": ("big.png", png_claiming(30_000, 30_000), AttachmentKind.PHOTO, "too many"),
    "pixel-bomb-warning": ("big.png", png_claiming(10_000, 10_000), AttachmentKind.OTHER, "too"),
}


@pytest.mark.parametrize(("name", "content", "kind", "message"), REFUSED.values(), ids=REFUSED)
def test_upload_is_judged_by_its_bytes_not_its_name_or_content_type(
    staff_client, delegation, item, name, content, kind, message
):
    response = post(staff_client, delegation, item, name, content, kind)

    assert response.status_code == 200
    body = response.content.decode()
    assert message in file_error(body)
    assert 'value="Pupils at the peace club"' in body  # what was typed is kept
    assert re.search(rf'<option value="{item.pk}" selected>', body)
    assert re.search(rf'<option value="{kind}" selected>', body)
    assert not Attachment.objects.exists()
    assert stored_files(delegation) == []


@override_settings(ATTACHMENT_MAX_BYTES=1024)
def test_oversize_upload_says_so_next_to_the_field_and_stores_nothing(
    staff_client, delegation, item
):
    response = post(
        staff_client, delegation, item, "agenda.pdf", PDF + b"0" * 2048, AttachmentKind.AGENDA
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "The file is larger than 1.0\xa0KB." in file_error(body)
    assert 'value="Pupils at the peace club"' in body and 'value="Photo: IOM"' in body
    assert re.search(rf'<option value="{item.pk}" selected>', body)
    assert not Attachment.objects.exists()
    assert stored_files(delegation) == []


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd.png", "..\\..\\windows\\win.ini.png", "/etc/passwd.png", "a\x00b\r\n.png"],
    ids=["dot-dot", "backslashes", "absolute", "control-characters"],
)
def test_a_path_in_the_file_name_is_stored_under_a_generated_name(
    staff_client, delegation, item, name
):
    response = post(staff_client, delegation, item, name, png_bytes(), AttachmentKind.PHOTO)

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert re.fullmatch(rf"attachments/{delegation.pk}/[0-9a-f]{{32}}\.png", attachment.file.name)
    assert "/" not in attachment.original_name and "\\" not in attachment.original_name
    assert not re.search(r"[\x00-\x1f]", attachment.original_name)
    assert ".." not in attachment.original_name.split(".")[0:1]
    download = staff_client.get(reverse("learning:attachment-download", args=[attachment.pk]))
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "\n" not in download["Content-Disposition"]


def test_markup_in_the_file_name_is_kept_as_text_and_shown_escaped(staff_client, delegation):
    name = '"><img src=x onerror=alert(1)>.pdf'
    response = staff_client.post(
        reverse("learning:attachment-create", args=[delegation.pk]),
        {"file": SimpleUploadedFile(name, PDF), "kind": AttachmentKind.AGENDA},
    )

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == name
    page = staff_client.get(reverse("delegations:detail", args=[delegation.pk]))
    assert "<img src=x onerror=alert(1)>" not in page.content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.content.decode()
    download = staff_client.get(reverse("learning:attachment-download", args=[attachment.pk]))
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"


def test_a_document_is_served_as_a_download_never_inline(staff_client, delegation):
    staff_client.post(
        reverse("learning:attachment-create", args=[delegation.pk]),
        {"file": SimpleUploadedFile("notes.txt", b"Plain notes"), "kind": AttachmentKind.OTHER},
    )

    download = staff_client.get(
        reverse("learning:attachment-download", args=[Attachment.objects.get().pk])
    )

    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download["Content-Security-Policy"]


@override_settings(ATTACHMENT_MAX_BYTES=1024)
def test_a_refused_file_is_said_even_when_another_field_is_wrong_too(staff_client, delegation):
    response = staff_client.post(
        reverse("learning:attachment-create", args=[delegation.pk]),
        {"file": SimpleUploadedFile("agenda.pdf", PDF + b"0" * 2048), "caption": "Typed"},
    )

    body = response.content.decode()
    assert "The file is larger than 1.0\xa0KB." in file_error(body)
    assert re.search(r'id="error_\d+_id_kind"', body)
    assert 'value="Typed"' in body
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "stored_as"),
    [
        ("..\\..\\windows\\visit.png", png_bytes(), "visit.png"),
        ("../../etc/passwd.png", png_bytes(), "passwd.png"),
        ("photo.png", HTML_PAGE, None),
        ("drawing.svg", SVG, None),
    ],
    ids=["backslashes", "dot-dot", "html-named-png", "svg"],
)
def test_the_admin_upload_has_the_same_checks(admin_client, delegation, name, content, stored_as):
    response = admin_client.post(
        reverse("admin:learning_attachment_add"),
        {
            "delegation": delegation.pk,
            "file": SimpleUploadedFile(name, content, content_type="image/png"),
            "kind": AttachmentKind.OTHER,
            "caption": "Typed in the admin",
        },
    )

    if stored_as is None:
        assert response.status_code == 200
        assert "Typed in the admin" in response.content.decode()
        assert not Attachment.objects.exists()
        assert stored_files(delegation) == []
    else:
        assert response.status_code == 302
        attachment = Attachment.objects.get()
        assert attachment.original_name == stored_as
        assert re.fullmatch(
            rf"attachments/{delegation.pk}/[0-9a-f]{{32}}\.png", attachment.file.name
        )


# --- The itinerary import (tests/itinerary/test_import.py has every error of the file) ---------


IMPORT_CELLS = {
    "markup": item_row(Title=MARKUP, Organisations=MARKUP, Counterparts=f"{MARKUP}, {MARKUP}"),
    "nul": item_row(Title="Before\x00after"),
}


@pytest.mark.parametrize("row", IMPORT_CELLS.values(), ids=IMPORT_CELLS)
def test_odd_cells_in_an_import_are_shown_as_text_and_saved_as_text(staff_client, delegation, row):
    url = reverse("itinerary:itinerary-import", args=[delegation.pk])
    response = staff_client.post(url, {"file": csv_upload(HEADERS[ITINERARY], [row])})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in body and "<img src=x" not in body
    assert not ItineraryItem.objects.filter(delegation=delegation).exists()
