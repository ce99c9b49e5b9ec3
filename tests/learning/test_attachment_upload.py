"""Attachments uploaded, edited and deleted in the delegation page's attachments section;
what a file may be (by its content), and the thumbnails of photos."""

import io
import re
import zipfile
from datetime import date
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from PIL import Image, ImageChops

from delegations.models import Delegation
from learning.enums import AttachmentKind
from learning.models import Attachment
from learning.services import DOCX, ODT, attachment_thumbnail_name, attachment_upload
from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import ItineraryItemFactory
from tests.factories.learning import AttachmentFactory, png_bytes
from tests.support.queries import assert_constant_queries
from tests.support.responses import HTMX, text

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def jpeg_bytes(size=(1200, 900)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


DOCX_BYTES = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
DOCM_BYTES = zipped(
    {
        "[Content_Types].xml": b"<Types/>",
        "word/document.xml": b"<w:document/>",
        "word/vbaProject.bin": b"\x00macro",
    }
)
ODT_BYTES = zipped({"mimetype": ODT.encode(), "content.xml": b"<office:document/>"})


@pytest.fixture
def delegation(programme) -> Delegation:
    return DelegationFactory(programme=programme)


def create_url(delegation) -> str:
    return reverse("learning:attachment-create", args=[delegation.pk])


def section_url(delegation) -> str:
    return reverse("learning:attachments-section", args=[delegation.pk])


def upload(client, delegation, name, content, kind=AttachmentKind.OTHER, headers=None, **extra):
    data = {
        "file": SimpleUploadedFile(name, content),
        "kind": kind,
        "caption": extra.pop("caption", "Typed caption"),
        "credit": extra.pop("credit", "Photo: IOM"),
        "item": extra.pop("item", ""),
    }
    return client.post(create_url(delegation), data, headers=headers or {})


def same_pixels(one: bytes, other: bytes) -> bool:
    """Two encodings of one picture: the same size, no pixel far apart (JPEG is lossy)."""
    with Image.open(io.BytesIO(one)) as first, Image.open(io.BytesIO(other)) as second:
        if first.size != second.size:
            return False
        difference = ImageChops.difference(first.convert("RGB"), second.convert("RGB"))
        return max(high for _low, high in difference.getextrema()) < 24


def file_error(response) -> str:
    match = re.search(r'id="error_\d+_id_file"[^>]*>\s*<strong>([^<]*)</strong>', text(response))
    assert match, "no error on the file field"
    return match.group(1)


# --- Accepted -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "kind", "content_type", "suffix"),
    [
        ("visit.png", png_bytes(), AttachmentKind.PHOTO, "image/png", ".png"),
        ("visit.JPG", jpeg_bytes(), AttachmentKind.PHOTO, "image/jpeg", ".jpg"),
        ("agenda.pdf", PDF, AttachmentKind.AGENDA, "application/pdf", ".pdf"),
        ("note.docx", DOCX_BYTES, AttachmentKind.CONCEPT_NOTE, DOCX, ".docx"),
        ("note.odt", ODT_BYTES, AttachmentKind.CONCEPT_NOTE, ODT, ".odt"),
        ("list.csv", b"name,county\nAmina,Kwale\n", AttachmentKind.OTHER, "text/csv", ".csv"),
        ("notes.txt", "Notes – à bientôt".encode(), AttachmentKind.OTHER, "text/plain", ".txt"),
        ("scan", PDF, AttachmentKind.REPORT, "application/pdf", ".pdf"),
    ],
    ids=["png", "jpeg", "pdf", "docx", "odt", "csv", "txt", "no-suffix-pdf"],
)
def test_upload_accepts_allowed_files_by_their_content(
    staff_client, staff_user, delegation, name, content, kind, content_type, suffix
):
    response = upload(staff_client, delegation, name, content, kind)

    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('delegations:detail', args=[delegation.pk])}#attachments"
    )
    attachment = Attachment.objects.get()
    assert attachment.content_type == content_type
    assert attachment.original_name == name
    assert attachment.uploaded_by == staff_user
    assert attachment.kind == kind
    assert (attachment.caption, attachment.credit) == ("Typed caption", "Photo: IOM")
    assert re.fullmatch(
        rf"attachments/{delegation.pk}/[0-9a-f]{{32}}\{suffix}", attachment.file.name
    )
    with attachment.file.open("rb") as stored:
        data = stored.read()
    assert attachment.size == len(data)
    if kind == AttachmentKind.PHOTO:  # encoded again, without metadata: the same picture
        assert same_pixels(data, content)
    else:
        assert data == content


def test_upload_with_htmx_returns_the_section_with_the_new_photo(staff_client, delegation):
    response = upload(staff_client, delegation, "visit.png", png_bytes(), "photo", headers=HTMX)

    attachment = Attachment.objects.get()
    body = text(response)
    assert 'id="attachments"' in body and "The file was uploaded." in body
    assert reverse("learning:attachment-thumbnail", args=[attachment.pk]) in body
    assert reverse("learning:attachment-download", args=[attachment.pk]) in body


@pytest.mark.parametrize(
    "name",
    ["C:\\Users\\amina\\Pictures\\visit.png", "../../etc/visit.png", "/tmp/visit.png"],
    ids=["windows", "dot-dot", "absolute"],
)
def test_upload_keeps_only_the_base_of_the_file_name(staff_user, delegation, name):
    attachment = attachment_upload(
        delegation=delegation,
        actor=staff_user,
        upload=SimpleUploadedFile(name, png_bytes()),
        kind=AttachmentKind.PHOTO,
    )

    assert attachment.original_name == "visit.png"
    assert "visit" not in attachment.file.name
    assert attachment.file.name.startswith(f"attachments/{delegation.pk}/")


def test_upload_through_the_page_strips_a_path_in_the_name(staff_client, delegation):
    upload(staff_client, delegation, "C:\\Users\\amina\\visit.png", png_bytes(), "photo")

    assert Attachment.objects.get().original_name == "visit.png"


def test_upload_may_name_an_item_of_this_delegation(staff_client, delegation):
    item = ItineraryItemFactory(delegation=delegation, title="Bongwe Secondary School")

    upload(staff_client, delegation, "visit.png", png_bytes(), "photo", item=item.pk)
    form = text(staff_client.get(f"{create_url(delegation)}?item={item.pk}"))

    assert Attachment.objects.get().item == item
    assert re.search(rf'<option value="{item.pk}" selected>', form)


# --- Refused ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "kind", "message"),
    [
        ("photo.png", HTML, AttachmentKind.OTHER, "HTML, SVG and other web pages"),
        ("photo.png", HTML, AttachmentKind.PHOTO, "A photo must be a PNG"),
        ("page.txt", b"\xef\xbb\xbf  \n<html><p>hi</p></html>", AttachmentKind.OTHER, "HTML"),
        ("drawing.svg", SVG, AttachmentKind.OTHER, "HTML, SVG and other web pages"),
        ("drawing.png", SVG, AttachmentKind.PHOTO, "A photo must be a PNG"),
        ("notes.png", b"just some notes", AttachmentKind.OTHER, "does not match its content"),
        ("notes.png", b"just some notes", AttachmentKind.PHOTO, "A photo must be a PNG"),
        ("report.pdf", png_bytes(), AttachmentKind.REPORT, "does not match its content"),
        ("macro.docx", DOCM_BYTES, AttachmentKind.REPORT, "Files with macros are not accepted"),
        ("archive.zip", zipped({"a.txt": b"x"}), AttachmentKind.OTHER, "not accepted"),
        ("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\xff\xff", AttachmentKind.OTHER, "not"),
        ("notes.md", b"# Notes", AttachmentKind.OTHER, "does not match its content"),
        ("image.bmp", b"BM" + bytes(60), AttachmentKind.OTHER, "not accepted"),
        ("empty.txt", b"", AttachmentKind.OTHER, "The submitted file is empty."),
    ],
    ids=[
        "html-named-png",
        "html-as-photo",
        "html-after-bom",
        "svg-with-script",
        "svg-as-photo",
        "text-named-png",
        "text-named-png-as-photo",
        "png-named-pdf",
        "macros",
        "plain-zip",
        "executable",
        "markdown-name",
        "bmp",
        "empty",
    ],
)
def test_upload_refuses_what_is_not_allowed(staff_client, delegation, name, content, kind, message):
    response = upload(staff_client, delegation, name, content, kind, headers=HTMX)

    assert response.status_code == 200
    assert not Attachment.objects.exists()
    assert message in file_error(response)
    body = text(response)
    assert 'value="Typed caption"' in body  # everything typed is kept
    assert re.search(rf'<option value="{kind}" selected>', body)


@override_settings(ATTACHMENT_MAX_BYTES=1024)
def test_upload_refuses_an_oversize_file(staff_client, delegation):
    response = upload(staff_client, delegation, "big.pdf", PDF + b"0" * 2048, "report")

    assert not Attachment.objects.exists()
    assert "The file is larger than 1.0\xa0KB." in file_error(response)
    assert "At most 1.0\xa0KB." in text(response)  # the help says the limit up front


def test_upload_refuses_another_delegations_item(staff_client, programme, delegation):
    foreign = ItineraryItemFactory(delegation=DelegationFactory(programme=programme))

    response = upload(staff_client, delegation, "v.png", png_bytes(), "photo", item=foreign.pk)

    assert not Attachment.objects.exists()
    assert re.search(r'id="error_\d+_id_item"[^>]*>\s*<strong>Select a valid', text(response))


def test_upload_without_a_file_says_so(staff_client, delegation):
    response = staff_client.post(create_url(delegation), {"kind": "photo"}, headers=HTMX)

    assert "This field is required." in file_error(response)
    assert not Attachment.objects.exists()


# --- Edit and delete ----------------------------------------------------------------------------


@pytest.fixture
def photo(delegation):
    return AttachmentFactory(delegation=delegation, caption="Old caption", credit="")


@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "plain"])
def test_edit_changes_caption_credit_kind_and_item(staff_client, delegation, photo, headers):
    item = ItineraryItemFactory(delegation=delegation)
    url = reverse("learning:attachment-update", args=[photo.pk])

    form = text(staff_client.get(url, headers=headers))
    response = staff_client.post(
        url,
        {
            "kind": "other",
            "caption": "New caption",
            "credit": "Photo: IOM",
            "item": item.pk,
            "version": photo.version,
        },
        headers=headers,
    )

    assert 'value="Old caption"' in form
    photo.refresh_from_db()
    assert (photo.kind, photo.caption, photo.credit, photo.item) == (
        "other",
        "New caption",
        "Photo: IOM",
        item,
    )
    if headers:
        assert "New caption" in text(response)
    else:
        assert response.status_code == 302


def test_edit_refuses_to_call_a_pdf_a_photo(staff_client, delegation):
    document = AttachmentFactory(
        delegation=delegation,
        kind=AttachmentKind.REPORT,
        file=SimpleUploadedFile("r.pdf", PDF),
        content_type="application/pdf",
    )

    response = staff_client.post(
        reverse("learning:attachment-update", args=[document.pk]),
        {"kind": "photo", "caption": "Report", "credit": "", "item": "", "version": 1},
        headers=HTMX,
    )

    document.refresh_from_db()
    assert document.kind == AttachmentKind.REPORT
    assert "Only a PNG, JPEG, GIF or WebP image can be a photo." in text(response)


@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "plain"])
def test_delete_asks_first_then_removes_the_row_and_its_files(
    staff_client, photo, headers, django_capture_on_commit_callbacks
):
    url = reverse("learning:attachment-delete", args=[photo.pk])
    staff_client.get(reverse("learning:attachment-thumbnail", args=[photo.pk]))
    names = [photo.file.name, attachment_thumbnail_name(photo)]
    assert all(default_storage.exists(name) for name in names)

    question = text(staff_client.get(url, headers=headers))
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, headers=headers)

    assert "Delete this photo?" in question or "This will be deleted for good" in question
    assert not Attachment.objects.filter(pk=photo.pk).exists()
    assert not any(default_storage.exists(name) for name in names)


# --- Thumbnails ---------------------------------------------------------------------------------


def thumbnail_url(attachment) -> str:
    return reverse("learning:attachment-thumbnail", args=[attachment.pk])


@pytest.mark.parametrize(
    ("content", "size"),
    [(jpeg_bytes((1200, 900)), (320, 240)), (png_bytes((200, 400)), (160, 320))],
    ids=["large-jpeg", "tall-png"],
)
def test_thumbnail_is_a_small_jpeg_cached_next_to_the_file(staff_client, delegation, content, size):
    photo = AttachmentFactory(delegation=delegation, file=SimpleUploadedFile("p.img", content))

    response = staff_client.get(thumbnail_url(photo))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    with Image.open(io.BytesIO(response.content)) as image:
        assert (image.format, image.size) == ("JPEG", size)
    cached = attachment_thumbnail_name(photo)
    assert cached.startswith(photo.file.name)
    with default_storage.open(cached, "rb") as stored:
        assert stored.read() == response.content
    assert staff_client.get(thumbnail_url(photo)).content == response.content


def test_thumbnail_of_a_transparent_png_is_flattened_on_white(staff_client, delegation):
    buffer = io.BytesIO()
    Image.new("RGBA", (40, 40), (255, 0, 0, 0)).save(buffer, format="PNG")
    photo = AttachmentFactory(
        delegation=delegation, file=SimpleUploadedFile("t.png", buffer.getvalue())
    )

    response = staff_client.get(thumbnail_url(photo))

    with Image.open(io.BytesIO(response.content)) as image:
        assert image.convert("RGB").getpixel((20, 20)) >= (250, 250, 250)


def test_thumbnail_of_a_document_is_not_found(staff_client, delegation):
    document = AttachmentFactory(
        delegation=delegation,
        kind=AttachmentKind.REPORT,
        file=SimpleUploadedFile("r.pdf", PDF),
        content_type="application/pdf",
    )

    assert staff_client.get(thumbnail_url(document)).status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [("manager_client", 200), ("other_staff_client", 404), ("admin_client", 200)],
)
def test_thumbnail_has_the_downloads_permission_check(request, delegation, who, status):
    photo = AttachmentFactory(delegation=delegation)
    client = request.getfixturevalue(who)

    assert client.get(thumbnail_url(photo)).status_code == status


def test_thumbnail_sends_anonymous_users_to_log_in(client, delegation):
    photo = AttachmentFactory(delegation=delegation)

    response = client.get(thumbnail_url(photo))

    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- The section --------------------------------------------------------------------------------


def test_section_shows_photos_in_a_grid_and_documents_in_a_list(staff_client, delegation):
    item = ItineraryItemFactory(delegation=delegation, title="Jitoni Resource Center")
    photo = AttachmentFactory(delegation=delegation, caption="At Jitoni", item=item)
    document = AttachmentFactory(
        delegation=delegation,
        kind=AttachmentKind.AGENDA,
        file=SimpleUploadedFile("agenda.pdf", PDF),
        original_name="agenda.pdf",
        content_type="application/pdf",
        size=len(PDF),
        caption="The programme",
    )

    body = re.sub(r"\s+", " ", text(staff_client.get(section_url(delegation), headers=HTMX)))

    photos, documents = body.split(">Documents<", 1)
    assert f'src="{thumbnail_url(photo)}"' in photos and 'alt="At Jitoni"' in photos
    assert "Photo: IOM" in photos and "During: Jitoni Resource Center" in photos
    download = reverse("learning:attachment-download", args=[document.pk])
    assert f'href="{download}">agenda.pdf</a>' in documents
    assert (
        "Agenda" in documents
        and f"{len(PDF)} bytes" in documents  # (squashed: the no-break space too)
        and "The programme" in documents
    )
    assert photo.file.url not in body and document.file.url not in body
    assert "/media" not in body


def test_manager_sees_attachments_without_edit_controls_and_may_not_upload(
    manager_client, delegation
):
    photo = AttachmentFactory(delegation=delegation, caption="Seen by the manager")

    body = text(manager_client.get(section_url(delegation)))
    responses = [
        manager_client.get(create_url(delegation)),
        upload(manager_client, delegation, "visit.png", png_bytes(), "photo"),
        manager_client.post(reverse("learning:attachment-update", args=[photo.pk]), {}),
        manager_client.post(reverse("learning:attachment-delete", args=[photo.pk])),
    ]

    assert "Seen by the manager" in body
    assert create_url(delegation) not in body
    assert reverse("learning:attachment-update", args=[photo.pk]) not in body
    assert [r.status_code for r in responses] == [403] * 4
    assert list(Attachment.objects.values_list("pk", flat=True)) == [photo.pk]


def test_staff_of_another_programme_get_404(other_staff_client, delegation):
    photo = AttachmentFactory(delegation=delegation)

    statuses = [
        other_staff_client.get(section_url(delegation)).status_code,
        upload(other_staff_client, delegation, "v.png", png_bytes(), "photo").status_code,
        other_staff_client.post(reverse("learning:attachment-delete", args=[photo.pk])).status_code,
    ]

    assert statuses == [404, 404, 404]
    assert Attachment.objects.count() == 1


def test_locked_delegation_refuses_uploads(staff_client, programme):
    delegation = DelegationFactory(programme=programme, locked=True)

    response = upload(staff_client, delegation, "visit.png", png_bytes(), "photo")

    assert response.status_code == 403
    assert not Attachment.objects.exists()


# --- Query counts and the demo ------------------------------------------------------------------


def add_attachments(delegation):
    def add(count: int) -> None:
        for number in range(count):
            item = ItineraryItemFactory(delegation=delegation)
            AttachmentFactory(delegation=delegation, item=item)
            AttachmentFactory(
                delegation=delegation,
                item=item,
                kind=AttachmentKind.REPORT,
                file=SimpleUploadedFile(f"r{number}.pdf", PDF),
                content_type="application/pdf",
            )

    return add


class HtmxClient:
    def __init__(self, client):
        self.client = client

    def get(self, url):
        return self.client.get(url, headers=HTMX)


@pytest.mark.parametrize("page", ["section-htmx", "section-page", "edit-htmx", "detail"])
def test_query_count_does_not_grow_with_attachments(staff_client, delegation, page):
    add = add_attachments(delegation)
    add(1)
    first = Attachment.objects.first()
    client, url = {
        "section-htmx": (HtmxClient(staff_client), section_url(delegation)),
        "section-page": (staff_client, section_url(delegation)),
        "edit-htmx": (
            HtmxClient(staff_client),
            reverse("learning:attachment-update", args=[first.pk]),
        ),
        "detail": (staff_client, reverse("delegations:detail", args=[delegation.pk])),
    }[page]

    assert_constant_queries(client, url, add)


@pytest.mark.slow
def test_demo_photo_shows_with_its_iom_credit(admin_client, db):
    call_command("load_demo", stdout=StringIO())
    delegation = Delegation.objects.get(programme__code="PHSS", start_date=date(2019, 7, 22))
    photo = delegation.attachments.get()

    page = text(admin_client.get(reverse("delegations:detail", args=[delegation.pk])))
    thumbnail = admin_client.get(thumbnail_url(photo))

    section = page.split('id="attachments"', 1)[1]
    assert f'src="{thumbnail_url(photo)}"' in section
    assert "Photo: IOM" in section
    assert "The Mozambican delegation at Bongwe Secondary School" in section
    with Image.open(io.BytesIO(thumbnail.content)) as image:
        assert image.size == (320, 200)
