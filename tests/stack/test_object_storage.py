"""Object storage against a real S3-compatible server: moto's server mode, started here on
127.0.0.1. Uploads land in the bucket, downloads pass the app's check and are streamed,
and the files a deployment kept on disk move into the bucket with their names."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse

from learning.enums import AttachmentKind
from learning.models import Attachment
from learning.services import attachment_thumbnail_name
from tests.factories.delegations import DelegationFactory
from tests.factories.learning import png_bytes
from tests.stack.support import S3_BUCKET, empty_bucket, keys, s3_env, same_pixels

pytestmark = [pytest.mark.stack, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def bucket(s3_endpoint):
    """A fresh bucket, and the app's default storage pointed at it (as S3_* would)."""
    client = empty_bucket(s3_endpoint)
    env = s3_env(s3_endpoint)
    storages = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": env["S3_BUCKET"],
                "endpoint_url": env["S3_ENDPOINT_URL"],
                "access_key": env["S3_ACCESS_KEY_ID"],
                "secret_key": env["S3_SECRET_ACCESS_KEY"],
                "region_name": env["S3_REGION"],
                "default_acl": None,
                "file_overwrite": False,
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        yield client


def test_photo_upload_is_stored_in_the_bucket_and_downloaded_through_the_check(
    bucket, programme, staff_client, other_staff
):
    delegation = DelegationFactory(programme=programme)
    picture = png_bytes((800, 600))
    response = staff_client.post(
        reverse("learning:attachment-create", args=[delegation.pk]),
        {
            "kind": AttachmentKind.PHOTO,
            "caption": "Harbour",
            "credit": "",
            "file": SimpleUploadedFile("harbour.png", picture, content_type="image/png"),
        },
    )
    assert response.status_code == 302

    attachment = Attachment.objects.get(delegation=delegation)
    stored = keys(bucket)
    assert attachment.file.name in stored
    assert attachment_thumbnail_name(attachment) in stored  # the job made it, into the bucket
    body = bucket.get_object(Bucket=S3_BUCKET, Key=attachment.file.name)["Body"].read()
    assert same_pixels(body, picture)  # encoded again without metadata

    download = staff_client.get(reverse("learning:attachment-download", args=[attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == body
    assert download["Cache-Control"] == "private, no-store"
    outsider = Client()
    outsider.force_login(other_staff)
    assert (
        outsider.get(reverse("learning:attachment-download", args=[attachment.pk])).status_code
        == 404
    )


def test_copy_files_to_storage_moves_the_disk_into_the_bucket_under_the_same_names(
    bucket, tmp_path
):
    (tmp_path / "attachments" / "2019" / "07").mkdir(parents=True)
    (tmp_path / "attachments" / "2019" / "07" / "a1b2.png").write_bytes(png_bytes())
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "delegations.csv").write_bytes(b"title\r\nAlpha\r\n")
    out = io.StringIO()

    call_command("copy_files_to_storage", "--source", str(tmp_path), "--dry-run", stdout=out)
    assert keys(bucket) == set()
    assert "Would copy 2 files" in out.getvalue()

    call_command("copy_files_to_storage", "--source", str(tmp_path), stdout=out)
    assert keys(bucket) == {"attachments/2019/07/a1b2.png", "exports/delegations.csv"}
    exported = bucket.get_object(Bucket=S3_BUCKET, Key="exports/delegations.csv")["Body"].read()
    assert exported == b"title\r\nAlpha\r\n"

    again = io.StringIO()
    call_command("copy_files_to_storage", "--source", str(tmp_path), stdout=again)
    assert "Copied 0 files; 2 already there." in again.getvalue()

    (tmp_path / "exports" / "delegations.csv").write_bytes(b"another file")
    with pytest.raises(CommandError, match="1 names hold other files"):
        call_command(
            "copy_files_to_storage",
            "--source",
            str(tmp_path),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert bucket.get_object(Bucket=S3_BUCKET, Key="exports/delegations.csv")["Body"].read() == (
        b"title\r\nAlpha\r\n"
    )
