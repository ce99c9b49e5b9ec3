"""Every write on the itinerary and what hangs off it.

Rules that span layers live here: an item must fall within its delegation's dates in
the local time of its place, and changing a delegation's dates re-checks the itinerary.
"""

import mimetypes
from datetime import date, datetime, timedelta
from pathlib import PurePath
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image

from core.services import stamp, validated_save
from delegations.models import Delegation
from delegations.services import delegation_update, ensure_unlocked
from delegations.services.common import lock_row
from places.models import Place
from visits.enums import TRAVEL_KINDS, AttachmentKind, FollowUpStatus, ItemKind
from visits.models import (
    Attachment,
    BeneficiaryGroup,
    Counterpart,
    FollowUp,
    Highlight,
    ItineraryItem,
    LearningObjective,
    Site,
    Topic,
)


def _local_date(moment: datetime, place: Place | None) -> date:
    return moment.astimezone(ZoneInfo(place.timezone)).date() if place else moment.date()


def item_check_schedule(
    *,
    delegation: Delegation,
    kind: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    place: Place | None,
    origin: Place | None = None,
    destination: Place | None = None,
) -> None:
    """The item falls within the delegation's dates, in the local time of where it happens.

    Travel starts in the zone of its origin and ends in that of its destination.
    Arrival, departure and travel may fall one day outside the delegation's dates.
    """
    if starts_at is None or ends_at is None:
        return
    errors: dict[str, list[str]] = {}
    if ends_at <= starts_at:
        errors["ends_at"] = [_("The item must end after it starts.")]
    start_place = origin if kind == ItemKind.TRAVEL and origin else place
    end_place = destination if kind == ItemKind.TRAVEL and destination else place
    slack = timedelta(days=1 if kind in TRAVEL_KINDS else 0)
    first, last = delegation.start_date - slack, delegation.end_date + slack
    for field, moment, where in (
        ("starts_at", starts_at, start_place),
        ("ends_at", ends_at, end_place),
    ):
        local = _local_date(moment, where)
        if not first <= local <= last:
            errors.setdefault(field, []).append(
                _(
                    "%(day)s (local time in %(zone)s) is outside the delegation's dates, "
                    "%(first)s to %(last)s."
                )
                % {
                    "day": local.isoformat(),
                    "zone": where.timezone if where else "UTC",
                    "first": delegation.start_date.isoformat(),
                    "last": delegation.end_date.isoformat(),
                }
            )
    if errors:
        raise ValidationError(errors, code="outside_dates")


def _check_item_fields(item: ItineraryItem) -> None:
    if item.site_id:
        item.place = item.site.place  # the site says where it is, and so in which zone
    if item.kind == ItemKind.SITE_VISIT and not item.site_id:
        raise ValidationError({"site": _("A site visit needs a site.")}, code="site_required")
    if item.kind == ItemKind.TRAVEL and not (item.origin_id and item.destination_id):
        raise ValidationError(
            {"destination": _("Travel needs a place of departure and a destination.")},
            code="route_required",
        )
    if item.kind != ItemKind.TRAVEL and not item.place_id:
        raise ValidationError({"place": _("Say where this takes place.")}, code="place_required")
    item_check_schedule(
        delegation=item.delegation,
        kind=item.kind,
        starts_at=item.starts_at,
        ends_at=item.ends_at,
        place=item.place,
        origin=item.origin,
        destination=item.destination,
    )


def _set_relations(item: ItineraryItem, relations: dict[str, Any]) -> None:
    for name in ("organisations", "topics", "objectives"):
        if relations.get(name) is not None:
            getattr(item, name).set(relations[name])
    objectives = relations.get("objectives") or ()
    if any(objective.delegation_id != item.delegation_id for objective in objectives):
        raise ValidationError(
            {"objectives": _("Choose objectives of this delegation.")}, code="foreign_objective"
        )


@transaction.atomic
def item_create(
    *,
    delegation: Delegation,
    actor,
    organisations=None,
    topics=None,
    objectives=None,
    **fields: Any,
) -> ItineraryItem:
    ensure_unlocked(delegation)
    item = ItineraryItem(delegation=delegation, **fields)
    _check_item_fields(item)
    item.full_clean()
    stamp(item, actor)
    item.save()
    _set_relations(
        item, {"organisations": organisations, "topics": topics, "objectives": objectives}
    )
    return item


@transaction.atomic
def item_update(
    *,
    item: ItineraryItem,
    actor,
    data: dict[str, Any],
    organisations=None,
    topics=None,
    objectives=None,
    expected_version: int | None = None,
) -> ItineraryItem:
    current = lock_row(item, expected_version=expected_version)
    ensure_unlocked(current.delegation)
    for name, value in data.items():
        setattr(current, name, value)
    _check_item_fields(current)
    current.version += 1
    current.full_clean()
    stamp(current, actor)
    current.save()
    _set_relations(
        current, {"organisations": organisations, "topics": topics, "objectives": objectives}
    )
    return current


@transaction.atomic
def item_delete(*, item: ItineraryItem, actor) -> None:
    ensure_unlocked(item.delegation)
    stamp(item, actor)
    item.delete()


def itinerary_fits_dates(delegation: Delegation) -> None:
    """Registered with delegations.services: new dates must still hold every item."""
    outside = []
    for item in delegation.itinerary_items.select_related("place", "origin", "destination"):
        try:
            item_check_schedule(
                delegation=delegation,
                kind=item.kind,
                starts_at=item.starts_at,
                ends_at=item.ends_at,
                place=item.place,
                origin=item.origin,
                destination=item.destination,
            )
        except ValidationError:
            outside.append(item.title)
    if outside:
        raise ValidationError(
            {
                "start_date": _(
                    "These itinerary items would fall outside the new dates: %(items)s."
                )
                % {"items": "; ".join(outside)}
            },
            code="items_outside",
        )


@transaction.atomic
def delegation_change_dates(
    *, delegation: Delegation, actor, start_date: date, end_date: date, expected_version=None
) -> Delegation:
    """Move the visit; `delegation_update` re-checks the itinerary against the new dates."""
    return delegation_update(
        delegation=delegation,
        actor=actor,
        data={"start_date": start_date, "end_date": end_date},
        expected_version=expected_version,
    )


@transaction.atomic
def counterpart_add(
    *, item: ItineraryItem, official, actor, role: str, position: str | None = None
) -> Counterpart:
    ensure_unlocked(item.delegation)
    link = Counterpart(
        item=item,
        official=official,
        role=role,
        position=official.position if position is None else position,
    )
    link.full_clean()
    stamp(link, actor)
    link.save()
    return link


@transaction.atomic
def beneficiaries_record(
    *,
    item: ItineraryItem,
    actor,
    origins=None,
    group: BeneficiaryGroup | None = None,
    **fields: Any,
) -> BeneficiaryGroup:
    """Create or change a group of people met; the total follows the counts by sex.

    `origins`: the places they came from (an empty list clears them; None leaves them)."""
    ensure_unlocked(item.delegation)
    group = group or BeneficiaryGroup(item=item)
    for name, value in fields.items():
        setattr(group, name, value)
    counts = (group.female, group.male, group.other)
    if fields.get("total") is None and all(count is not None for count in counts):
        group.total = sum(counts)
    group.full_clean()
    stamp(group, actor)
    group.save()
    if origins is not None:
        group.origins.set(origins)
    return group


def _ensure_same_delegation(delegation: Delegation, **related) -> None:
    for field, obj in related.items():
        if obj is not None and obj.delegation_id != delegation.pk:
            raise ValidationError(
                {field: _("Choose one from this delegation.")}, code="other_delegation"
            )


@transaction.atomic
def objective_add(
    *, delegation: Delegation, actor, description: str, topic: Topic | None = None, order: int = 0
) -> LearningObjective:
    ensure_unlocked(delegation)
    objective = LearningObjective(
        delegation=delegation, description=description, topic=topic, order=order
    )
    objective.full_clean()
    stamp(objective, actor)
    objective.save()
    return objective


@transaction.atomic
def highlight_add(
    *, delegation: Delegation, actor, item: ItineraryItem | None = None, **fields: Any
) -> Highlight:
    ensure_unlocked(delegation)
    _ensure_same_delegation(delegation, item=item)
    highlight = Highlight(delegation=delegation, item=item, **fields)
    highlight.full_clean()
    stamp(highlight, actor)
    highlight.save()
    return highlight


@transaction.atomic
def followup_create(
    *,
    delegation: Delegation,
    actor,
    item: ItineraryItem | None = None,
    objective: LearningObjective | None = None,
    **fields: Any,
) -> FollowUp:
    ensure_unlocked(delegation)
    _ensure_same_delegation(delegation, item=item, objective=objective)
    follow_up = FollowUp(delegation=delegation, item=item, objective=objective, **fields)
    follow_up.full_clean()
    stamp(follow_up, actor)
    follow_up.save()
    return follow_up


@transaction.atomic
def followup_set_status(
    *, follow_up: FollowUp, actor, status: str, expected_version: int | None = None
) -> FollowUp:
    """Follow-ups live on after the visit: their status may change even once locked."""
    current = lock_row(follow_up, expected_version=expected_version)
    if status not in FollowUpStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")}, code="invalid_status")
    if current.status == status:
        return current
    current.status = status
    current.version += 1
    stamp(current, actor)
    current.save()
    return current


@transaction.atomic
def site_save(*, site: Site, actor=None) -> Site:
    return validated_save(site, actor=actor)


@transaction.atomic
def topic_save(*, topic: Topic, actor=None) -> Topic:
    return validated_save(topic, actor=actor)


def itinerary_submission_check(delegation: Delegation) -> list[str]:
    if not delegation.itinerary_items.exists():
        return [_("at least one itinerary item")]
    return []


RASTER_IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})


def sniff_content_type(upload) -> str:
    """The type from the content for images, from the name otherwise; never the browser's."""
    mime = None
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
            mime = Image.MIME.get(image.format)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        mime = None
    finally:
        upload.seek(0)
    guessed = mimetypes.guess_type(upload.name)[0]
    if mime is None and guessed in RASTER_IMAGE_TYPES:
        guessed = None  # named like an image, but Pillow cannot read it as one
    return mime or guessed or "application/octet-stream"


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
    """Save a checked upload under a generated name, recording what it really is."""
    ensure_unlocked(attachment.delegation)
    attachment.original_name = PurePath(upload.name).name[:255]
    attachment.content_type = content_type
    attachment.size = upload.size
    attachment.uploaded_by = actor
    attachment.full_clean()
    stamp(attachment, actor)
    attachment.save()
    return attachment


# =================================================================================================
# Objectives, highlights, follow-ups and attachments edited on the delegation page
# (visits/views/learning.py, visits/views/attachments.py). Everything below this line belongs to
# that work; the imports sit here on purpose, to leave the rest of the module untouched.
# =================================================================================================

import io  # noqa: E402
import re  # noqa: E402
import zipfile  # noqa: E402

from django.core.files.base import ContentFile  # noqa: E402
from django.utils.translation import gettext_lazy  # noqa: E402
from PIL import ImageOps  # noqa: E402

from delegations.services import child_delete, child_update  # noqa: E402


@transaction.atomic
def objective_update(
    *, objective: LearningObjective, actor, data: dict[str, Any]
) -> LearningObjective:
    return child_update(objective, actor=actor, data=data)


@transaction.atomic
def highlight_update(*, highlight: Highlight, actor, data: dict[str, Any]) -> Highlight:
    _ensure_same_delegation(highlight.delegation, item=data.get("item"))
    return child_update(highlight, actor=actor, data=data)


@transaction.atomic
def followup_update(
    *, follow_up: FollowUp, actor, data: dict[str, Any], expected_version: int | None = None
) -> FollowUp:
    """Change a follow-up; its status moves through `followup_set_status`, like everywhere."""
    data = dict(data)
    status = data.pop("status", None)
    _ensure_same_delegation(
        follow_up.delegation, item=data.get("item"), objective=data.get("objective")
    )
    current = child_update(follow_up, actor=actor, data=data, expected_version=expected_version)
    if status is not None and status != current.status:
        current = followup_set_status(
            follow_up=current, actor=actor, status=status, expected_version=current.version
        )
    return current


# --- What an attachment may be: recognised by its content, never by its name or the browser ------

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"

# Allowed type -> the file name endings that fit it (the first one names the stored file).
ATTACHMENT_TYPES: dict[str, tuple[str, ...]] = {
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg", ".jpe"),
    "image/gif": (".gif",),
    "image/webp": (".webp",),
    "application/pdf": (".pdf",),
    DOCX: (".docx",),
    XLSX: (".xlsx",),
    PPTX: (".pptx",),
    ODT: (".odt",),
    "text/plain": (".txt", ".text"),
    "text/csv": (".csv",),
}
# Types that stand in for each other as far as the name goes (a PNG named .jpg is harmless).
_FAMILIES = (RASTER_IMAGE_TYPES, frozenset({"text/plain", "text/csv"}))
_PILLOW_FORMATS = {
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "GIF": "image/gif",
    "WEBP": "image/webp",
}
_OOXML_PARTS = (
    ("word/document.xml", DOCX),
    ("xl/workbook.xml", XLSX),
    ("ppt/presentation.xml", PPTX),
)
_MARKUP = (b"<script", b"<html", b"<svg", b"<!doctype", b"<iframe", b"<body", b"<?xml", b"<head")
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

ATTACHMENT_TYPES_HELP = gettext_lazy(
    "Accepted: PNG, JPEG, GIF or WebP images, PDF, Word, Excel or PowerPoint files "
    "(.docx, .xlsx, .pptx), OpenDocument text (.odt), plain text and CSV."
)


def _type_label(content_type: str) -> str:
    labels = {
        "image/png": _("a PNG image"),
        "image/jpeg": _("a JPEG image"),
        "image/gif": _("a GIF image"),
        "image/webp": _("a WebP image"),
        "application/pdf": _("a PDF document"),
        DOCX: _("a Word document"),
        XLSX: _("an Excel workbook"),
        PPTX: _("a PowerPoint presentation"),
        ODT: _("an OpenDocument text"),
        "text/plain": _("plain text"),
        "text/csv": _("plain text"),
    }
    return labels[content_type]


def attachment_base_name(name: str) -> str:
    """The uploader's file name without any folders (either slash) or control characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = _CONTROL_CHARACTERS.sub("", base).strip().lstrip(".")
    return base[:255] or "file"


def _raster_type(upload) -> str | None:
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
            return _PILLOW_FORMATS.get(image.format)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(0)


def _zip_document_type(upload) -> str | None:
    """DOCX, XLSX, PPTX or ODT, told apart by the members of the archive (none extracted)."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise ValidationError(
                    {
                        "file": _(
                            "Files with macros are not accepted: save it without macros "
                            "(.docx, .xlsx, .pptx) and upload it again."
                        )
                    },
                    code="macros",
                )
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    return ODT if member.read(100).strip() == ODT.encode() else None
            if "[Content_Types].xml" in names:
                return next((mime for part, mime in _OOXML_PARTS if part in names), None)
            return None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError):
        return None
    except (RuntimeError, NotImplementedError, ValueError):  # encrypted or odd compression
        return None
    finally:
        upload.seek(0)


def _refuse_markup() -> ValidationError:
    return ValidationError(
        {"file": _("HTML, SVG and other web pages are not accepted: they can carry scripts.")},
        code="markup",
    )


def _text_type(upload, head: bytes) -> str | None:
    """Plain UTF-8 text that does not open like a web page; markup is refused outright."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n\f")
    if stripped.startswith(b"<") or any(marker in head.lower() for marker in _MARKUP):
        raise _refuse_markup()
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if not text.strip() or _CONTROL_CHARACTERS.search(text):
        return None
    return "text/plain"


def attachment_check_content(upload) -> str:
    """The allowed type the content really is, or a ValidationError on the file.

    Images are read by Pillow, PDF by its "%PDF" magic bytes, the Office formats by the
    members of their zip, text by decoding it as UTF-8 without markup at the start.
    HTML and SVG are refused, and so is a name whose ending promises another type.
    """
    name = attachment_base_name(upload.name or "")
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if not head:
        raise ValidationError({"file": _("The file is empty.")}, code="empty")
    if head.startswith(b"%PDF"):
        content_type = "application/pdf"
    elif head.startswith(b"PK\x03\x04"):
        content_type = _zip_document_type(upload)
    else:
        content_type = _raster_type(upload) or _text_type(upload, head)
    if content_type is None:
        raise ValidationError(
            {
                "file": _("This type of file is not accepted. %(help)s")
                % {"help": ATTACHMENT_TYPES_HELP}
            },
            code="type_not_allowed",
        )
    suffix = PurePath(name).suffix.lower()
    if content_type == "text/plain" and suffix == ".csv":
        content_type = "text/csv"
    if suffix and suffix not in _fitting_suffixes(content_type):
        raise ValidationError(
            {
                "file": _(
                    "The file's name, “%(name)s”, does not match its content: %(found)s "
                    "(%(suffixes)s). Rename it or choose the right file."
                )
                % {
                    "name": name,
                    "found": _type_label(content_type),
                    "suffixes": ", ".join(ATTACHMENT_TYPES[content_type]),
                }
            },
            code="name_mismatch",
        )
    return content_type


def _fitting_suffixes(content_type: str) -> set[str]:
    family = next((f for f in _FAMILIES if content_type in f), {content_type})
    return {suffix for mime in family for suffix in ATTACHMENT_TYPES[mime]}


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
) -> Attachment:
    """Check an upload by its content and store it under a generated name.

    Only the base of the uploader's file name is kept (as `original_name`); the stored
    name is generated, with the ending of what the content really is.
    """
    ensure_unlocked(delegation)
    _ensure_same_delegation(delegation, item=item)
    upload.name = attachment_base_name(upload.name or "")
    content_type = attachment_check_upload(upload=upload, kind=kind)
    attachment = Attachment(
        delegation=delegation, item=item, file=upload, kind=kind, caption=caption, credit=credit
    )
    attachment.file.name = f"upload{ATTACHMENT_TYPES[content_type][0]}"
    return attachment_store(
        attachment=attachment, upload=upload, content_type=content_type, actor=actor
    )


@transaction.atomic
def attachment_update(*, attachment: Attachment, actor, data: dict[str, Any]) -> Attachment:
    """Change what is said about a file (kind, caption, credit, item); never the file."""
    _ensure_same_delegation(attachment.delegation, item=data.get("item"))
    if (
        data.get("kind") == AttachmentKind.PHOTO
        and attachment.content_type not in RASTER_IMAGE_TYPES
    ):
        raise ValidationError(
            {"kind": _("Only a PNG, JPEG, GIF or WebP image can be a photo.")}, code="not_an_image"
        )
    return child_update(attachment, actor=actor, data=data)


THUMBNAIL_SIZE = 320


def attachment_thumbnail_name(attachment: Attachment) -> str:
    return f"{attachment.file.name}.thumb{THUMBNAIL_SIZE}.jpg"


@transaction.atomic
def attachment_delete(*, attachment: Attachment, actor) -> None:
    """Delete the row, then (once committed) its file and its thumbnail from the storage."""
    storage = attachment.file.storage
    names = [attachment.file.name, attachment_thumbnail_name(attachment)]
    child_delete(attachment, actor=actor)

    def remove_files() -> None:
        for name in names:
            if name and storage.exists(name):
                storage.delete(name)

    transaction.on_commit(remove_files)


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
