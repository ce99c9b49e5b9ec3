"""Learning's background jobs: a photo's thumbnail, made once after the upload commits."""

from celery import shared_task

from learning.models import Attachment
from learning.services import attachment_thumbnail


@shared_task
def make_thumbnail(attachment_id: int) -> None:
    """The thumbnail next to the file (attachment_thumbnail keeps it); an attachment
    deleted meanwhile needs none, an unreadable image fails the job (TaskFailure)."""
    attachment = Attachment.objects.filter(pk=attachment_id).first()
    if attachment is not None:
        attachment_thumbnail(attachment=attachment)
