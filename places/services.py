"""Writes on places: a place always leaves with a valid time zone."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.services import validated_save
from places.models import Place
from places.timezones import single_zone_of_country


def place_default_timezone(*, parent: Place | None, country: str) -> str:
    if parent is not None and parent.timezone:
        return parent.timezone
    return single_zone_of_country(str(country))


def place_fill_timezone(place: Place) -> None:
    if not place.timezone:
        place.timezone = place_default_timezone(parent=place.parent, country=place.country)
    if not place.timezone:
        raise ValidationError(
            {"timezone": _("This country has several time zones: choose one.")},
            code="timezone_required",
        )


@transaction.atomic
def place_save(*, place: Place, actor=None) -> Place:
    place_fill_timezone(place)
    return validated_save(place, actor=actor)


@transaction.atomic
def place_get_or_create(
    *,
    name: str,
    kind: str,
    country: str,
    parent: Place | None = None,
    timezone: str = "",
    actor=None,
) -> Place:
    existing = Place.objects.filter(name__iexact=name, country=country, parent=parent).first()
    if existing is not None:
        return existing
    return place_save(
        place=Place(name=name, kind=kind, country=country, parent=parent, timezone=timezone),
        actor=actor,
    )
