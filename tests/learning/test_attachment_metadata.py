"""Uploads are encoded again on save: the stored original keeps no EXIF, so no GPS
position, whichever way it came in (the page or the admin)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, PngImagePlugin

from learning.models import Attachment
from learning.services import attachment_upload
from tests.factories.delegations import DelegationFactory

GPS_IFD = 0x8825
GPS_LATITUDE = 2
CAMERA_MAKE = 0x010F
ORIENTATION = 0x0112


@pytest.fixture
def delegation(programme):
    return DelegationFactory(programme=programme)


def exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[CAMERA_MAKE] = "SecretCam"
    exif[ORIENTATION] = 6  # rotated: the stored image must come out turned the right way
    exif.get_ifd(GPS_IFD)[GPS_LATITUDE] = (4.0, 2.0, 30.0)
    exif.get_ifd(GPS_IFD)[1] = "S"
    return exif


def jpeg_with_gps() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (10, 120, 200)).save(buffer, "JPEG", exif=exif_with_gps())
    return buffer.getvalue()


def png_with_metadata() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "taken at the safe house, Kwale")
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 0, 0)).save(buffer, "PNG", pnginfo=info, exif=exif_with_gps())
    return buffer.getvalue()


def stored(attachment: Attachment) -> bytes:
    with attachment.file.open("rb") as source:
        return source.read()


def assert_no_metadata(data: bytes) -> None:
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        assert not exif.get_ifd(GPS_IFD)
        assert CAMERA_MAKE not in exif
        assert "Comment" not in image.info
    assert b"SecretCam" not in data and b"safe house" not in data


def test_the_test_images_do_carry_gps_and_comments():
    """The check below would pass on any image without metadata: these have some."""
    with Image.open(io.BytesIO(jpeg_with_gps())) as image:
        assert image.getexif().get_ifd(GPS_IFD)[GPS_LATITUDE] == (4.0, 2.0, 30.0)
    assert b"SecretCam" in jpeg_with_gps() and b"safe house" in png_with_metadata()


def test_upload_through_the_page_strips_exif_and_gps_from_the_original(staff_client, delegation):
    upload = SimpleUploadedFile("visit.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = staff_client.post(
        reverse("learning:attachment-create", args=[delegation.pk]),
        {"file": upload, "kind": "photo", "caption": "At the centre", "credit": ""},
    )

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    data = stored(attachment)
    assert_no_metadata(data)
    assert attachment.size == len(data)
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (20, 40)  # the orientation was applied before it was dropped


@pytest.mark.parametrize(
    ("name", "content"), [("visit.jpg", jpeg_with_gps()), ("visit.png", png_with_metadata())]
)
def test_the_service_strips_metadata_of_every_image_type(staff_user, delegation, name, content):
    attachment = attachment_upload(
        delegation=delegation,
        actor=staff_user,
        upload=SimpleUploadedFile(name, content),
        kind="photo",
    )

    assert_no_metadata(stored(attachment))


def test_upload_through_the_admin_strips_gps(admin_client, delegation):
    upload = SimpleUploadedFile("visit.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = admin_client.post(
        reverse("admin:learning_attachment_add"),
        {"delegation": delegation.pk, "file": upload, "kind": "photo", "consent": "yes"},
    )

    assert response.status_code == 302
    assert_no_metadata(stored(Attachment.objects.get()))
