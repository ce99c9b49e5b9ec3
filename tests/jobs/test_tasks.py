"""The jobs the worker runs, run here in the test's process (CELERY_TASK_ALWAYS_EAGER):
mail with retries, failures kept for administrators, thumbnails after an upload."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from jobs.models import TaskFailure
from jobs.services import mail_on_commit
from jobs.tasks import send_mail_messages
from learning.enums import AttachmentKind
from learning.services import attachment_thumbnail_name, attachment_upload
from tests.factories.delegations import DelegationFactory
from tests.factories.learning import png_bytes
from tests.jobs.flaky_mail import FlakyBackend

FLAKY = "tests.jobs.flaky_mail.FlakyBackend"
MESSAGE = ("Report approved", "Well done.", "exchange@example.org", ["staff@example.org"])


@pytest.fixture
def refusals():
    def set_refusals(count: int) -> None:
        FlakyBackend.refusals_left = count

    yield set_refusals
    FlakyBackend.refusals_left = 0


@override_settings(EMAIL_BACKEND=FLAKY)
@pytest.mark.django_db
def test_mail_is_sent_again_after_the_server_refused_it(refusals, mailoutbox):
    refusals(2)

    send_mail_messages.delay([list(MESSAGE)])

    assert [message.subject for message in mailoutbox] == ["Report approved"]
    assert FlakyBackend.refusals_left == 0
    assert not TaskFailure.objects.exists()


@override_settings(EMAIL_BACKEND=FLAKY)
@pytest.mark.django_db
def test_mail_that_never_goes_through_is_a_failed_job_for_administrators(
    refusals, mailoutbox, admin_client
):
    refusals(send_mail_messages.max_retries + 1)

    send_mail_messages.delay([list(MESSAGE)])

    assert mailoutbox == []
    failure = TaskFailure.objects.get()
    assert failure.task_name == "jobs.tasks.send_mail_messages"
    assert "SMTPServerDisconnected" in failure.exception
    assert "staff@example.org" in failure.arguments
    page = admin_client.get(reverse("admin:jobs_taskfailure_changelist")).content.decode()
    assert "SMTPServerDisconnected" in page
    detail = admin_client.get(reverse("admin:jobs_taskfailure_change", args=[failure.pk]))
    assert "Connection unexpectedly closed" in detail.content.decode()


@pytest.mark.django_db(transaction=True)
def test_mail_waits_for_the_commit_and_is_dropped_on_rollback(mailoutbox):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        mail_on_commit([MESSAGE])
        raise RuntimeError("the request failed")
    assert mailoutbox == []

    with transaction.atomic():
        mail_on_commit([MESSAGE])
        assert mailoutbox == []
    assert len(mailoutbox) == 1


def test_photo_upload_makes_its_thumbnail_once_committed(
    programme, staff_user, django_capture_on_commit_callbacks
):
    delegation = DelegationFactory(programme=programme)
    upload = SimpleUploadedFile("harbour.png", png_bytes((900, 600)), content_type="image/png")

    with django_capture_on_commit_callbacks(execute=True):
        attachment = attachment_upload(
            delegation=delegation, actor=staff_user, upload=upload, kind=AttachmentKind.PHOTO
        )
        assert not default_storage.exists(attachment_thumbnail_name(attachment))

    assert default_storage.exists(attachment_thumbnail_name(attachment))
