"""Attachments: what a file may be (recognised by its content, never by its name or
the browser), storing it under a generated name, thumbnails."""

import datetime
import io
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from core.services import stamp
from delegations.models import Delegation
from delegations.services import child_delete, child_update, ensure_same_delegation, ensure_unlocked
from itinerary.models import ItineraryItem
from jobs.services import enqueue_on_commit
from learning.enums import AttachmentKind
from learning.models import Attachment
from learning.services.file_checks import (
    ATTACHMENT_TYPES,
    RASTER_IMAGE_TYPES,
    attachment_base_name,
    attachment_check_content,
    sniff_content_type,
)


def attachment_check_upload(*, upload, kind: str | None) -> str:
    """Refuse an oversize file, and a "photo" that is no raster image; return the real type."""
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            {
                "file": _("The file is larger than %(limit)s.")
                % {"limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)}
            },
            code="too_large",
        )
    content_type = sniff_content_type(upload)
    if kind == AttachmentKind.PHOTO and content_type not in RASTER_IMAGE_TYPES:
        raise ValidationError(
            {"file": _("A photo must be a PNG, JPEG, GIF or WebP image.")}, code="not_an_image"
        )
    # Every kind: only the allowed types, recognised by their content (block at the end).
    return attachment_check_content(upload)


@transaction.atomic
def attachment_store(*, attachment: Attachment, upload, content_type: str, actor) -> Attachment:
    """Save a checked upload under a generated name, recording what it really is.

    Every way in (the page, the admin, the demo) comes through here: the uploader's name
    is kept only as `original_name` (its base, without folders or control characters),
    and the stored name ends as the content really is."""
    ensure_unlocked(attachment.delegation)
    attachment.original_name = attachment_base_name(upload.name or "")
    size = upload.size
    if not attachment.file._committed:
        if content_type in RASTER_IMAGE_TYPES:
            # The stored original keeps no EXIF (GPS position, camera, time) nor other
            # metadata: the image is decoded and encoded again.
            clean = ContentFile(image_without_metadata(upload, content_type))
            attachment.file = clean
            size = clean.size
        attachment.file.name = f"upload{ATTACHMENT_TYPES[content_type][0]}"
    attachment.content_type = content_type
    attachment.size = size
    attachment.uploaded_by = actor
    attachment.full_clean()
    stamp(attachment, actor)
    try:
        attachment.save()
    except BaseException:
        # The file is written before the row: a row that fails leaves no file behind.
        if attachment.file.name and attachment.file.storage.exists(attachment.file.name):
            attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


_SAVE_OPTIONS = {
    "image/jpeg": {"format": "JPEG", "quality": 92},
    "image/png": {"format": "PNG", "optimize": True},
    "image/gif": {"format": "GIF"},
    "image/webp": {"format": "WEBP", "quality": 92},
}


def image_without_metadata(upload, content_type: str) -> bytes:
    """The image encoded again from its pixels alone: no EXIF (so no GPS position), no
    XMP, no comments. The EXIF orientation is applied first, so it still looks the same
    way up; an animation keeps its frames."""
    upload.seek(0)
    buffer = io.BytesIO()
    with Image.open(upload) as image:
        frames = getattr(image, "n_frames", 1)
        options = dict(_SAVE_OPTIONS[content_type])
        if frames > 1:
            image.save(buffer, save_all=True, **options)
        else:
            picture = ImageOps.exif_transpose(image)
            if content_type == "image/jpeg" and picture.mode not in ("RGB", "L", "CMYK"):
                picture = picture.convert("RGB")
            picture.info.pop("exif", None)
            picture.save(buffer, exif=b"", **options)
    upload.seek(0)
    return buffer.getvalue()


@transaction.atomic
def attachment_upload(
    *,
    delegation: Delegation,
    actor,
    upload,
    kind: str,
    item: ItineraryItem | None = None,
    caption: str = "",
    credit: str = "",
    **consent: Any,
) -> Attachment:
    """Check an upload by its content and store it under a generated name.

    Only the base of the uploader's file name is kept (as `original_name`); the stored
    name is generated, with the ending of what the content really is. `consent`: who
    the file shows and whether it may be published (Attachment's consent fields).
    """
    ensure_unlocked(delegation)
    ensure_same_delegation(delegation, item=item)
    upload.name = attachment_base_name(upload.name or "")
    content_type = attachment_check_upload(upload=upload, kind=kind)
    attachment = Attachment(
        delegation=delegation,
        item=item,
        file=upload,
        kind=kind,
        caption=caption,
        credit=credit,
        **consent,
    )
    stored = attachment_store(
        attachment=attachment, upload=upload, content_type=content_type, actor=actor
    )
    if stored.content_type in RASTER_IMAGE_TYPES:
        from learning.tasks import make_thumbnail  # the task module imports these services

        enqueue_on_commit(make_thumbnail, stored.pk)  # ready before the page asks for it
    return stored


@transaction.atomic
def attachment_update(
    *, attachment: Attachment, actor, data: dict[str, Any], expected_version: int | None = None
) -> Attachment:
    """Change what is said about a file (kind, caption, credit, item); never the file."""
    ensure_same_delegation(attachment.delegation, item=data.get("item"))
    if (
        data.get("kind") == AttachmentKind.PHOTO
        and attachment.content_type not in RASTER_IMAGE_TYPES
    ):
        raise ValidationError(
            {"kind": _("Only a PNG, JPEG, GIF or WebP image can be a photo.")}, code="not_an_image"
        )
    return child_update(attachment, actor=actor, data=data, expected_version=expected_version)


THUMBNAIL_SIZE = 320


def attachment_thumbnail_name(attachment: Attachment) -> str:
    return f"{attachment.file.name}.thumb{THUMBNAIL_SIZE}.jpg"


@transaction.atomic
def attachment_delete(*, attachment: Attachment, actor) -> None:
    """Delete the row, then (once committed) its file and its thumbnail from the storage."""
    attachment_files_remove_on_commit([attachment])
    child_delete(attachment, actor=actor)


def attachment_thumbnail(*, attachment: Attachment) -> bytes:
    """A JPEG at most THUMBNAIL_SIZE pixels wide and high, made once and kept next to the file.

    Raises ValueError for an attachment that is no raster image, OSError for an unreadable one.
    """
    if attachment.content_type not in RASTER_IMAGE_TYPES:
        raise ValueError("Only raster images have thumbnails.")
    storage = attachment.file.storage
    name = attachment_thumbnail_name(attachment)
    if storage.exists(name):
        with storage.open(name, "rb") as cached:
            return cached.read()
    buffer = io.BytesIO()
    with attachment.file.open("rb") as source, Image.open(source) as image:
        image.draft("RGB", (THUMBNAIL_SIZE, THUMBNAIL_SIZE))  # JPEG: decode at a smaller scale
        picture = ImageOps.exif_transpose(image)
        picture.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE))
        if picture.mode in ("RGBA", "LA", "P", "PA"):
            rgba = picture.convert("RGBA")
            flat = Image.new("RGB", rgba.size, (255, 255, 255))
            flat.paste(rgba, mask=rgba.getchannel("A"))
            picture = flat
        picture.convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True)
    data = buffer.getvalue()
    saved = storage.save(name, ContentFile(data))
    if saved != name:  # another request made it meanwhile: keep one copy
        storage.delete(saved)
    return data


ATTACHMENTS_FOLDER = "attachments"


def _stored_names(storage, folder: str) -> list[str]:
    if not storage.exists(folder):
        return []
    directories, files = storage.listdir(folder)
    names = [f"{folder}/{name}" for name in files]
    for directory in directories:
        names += _stored_names(storage, f"{folder}/{directory}")
    return names


def attachment_files_unreferenced_remove(now: datetime.datetime) -> int:
    """Retention (core.retention): remove the stored files no attachment refers to any more
    (neither as its file nor as its thumbnail), once they are older than
    RETENTION_UNREFERENCED_FILE_HOURS (an upload writes its file just before its row)."""
    storage = Attachment._meta.get_field("file").storage
    referenced = set()
    for attachment in Attachment.objects.only("file"):
        referenced |= {attachment.file.name, attachment_thumbnail_name(attachment)}
    cutoff = now - datetime.timedelta(hours=settings.RETENTION_UNREFERENCED_FILE_HOURS)
    removed = 0
    for name in _stored_names(storage, ATTACHMENTS_FOLDER):
        if name not in referenced and storage.get_modified_time(name) < cutoff:
            storage.delete(name)
            removed += 1
    return removed


def attachment_files_remove_on_commit(attachments) -> None:
    """Once the transaction deleting `attachments` (a delegation going, say) commits,
    remove their files and thumbnails from the storage."""
    storage = Attachment._meta.get_field("file").storage
    names = [
        name
        for attachment in attachments
        for name in (attachment.file.name, attachment_thumbnail_name(attachment))
    ]

    def remove_files() -> None:
        for name in names:
            if name and storage.exists(name):
                storage.delete(name)

    transaction.on_commit(remove_files)
