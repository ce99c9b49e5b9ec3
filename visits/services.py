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
    *, item: ItineraryItem, actor, origins=(), group: BeneficiaryGroup | None = None, **fields: Any
) -> BeneficiaryGroup:
    """Create or change a group of people met; the total follows the counts by sex."""
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
    if origins:
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
    return content_type


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
