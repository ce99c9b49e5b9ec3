"""Time-zone helpers backed by the IANA database that ships with `tzdata`."""

from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_timezone(value: str) -> None:
    """Refuse anything that zoneinfo cannot load (typos, offsets like '+03:00')."""
    if not value:
        return
    if value not in _zone_names():
        raise ValidationError(
            _("“%(value)s” is not an IANA time zone, such as Africa/Nairobi."),
            code="invalid_timezone",
            params={"value": value},
        )
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:  # pragma: no cover - listed zones load
        raise ValidationError(_("Unknown time zone."), code="invalid_timezone") from exc


@cache
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


@cache
def _zones_by_country() -> dict[str, tuple[str, ...]]:
    table = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    zones: dict[str, list[str]] = {}
    for line in table.splitlines():
        if not line or line.startswith("#"):
            continue
        code, _coords, name, *_rest = line.split("\t")
        zones.setdefault(code, []).append(name)
    return {code: tuple(names) for code, names in zones.items()}


def country_zones(country_code: str) -> tuple[str, ...]:
    return _zones_by_country().get((country_code or "").upper(), ())


def single_zone_of_country(country_code: str) -> str:
    """The country's zone when it has exactly one (Kenya, Mozambique), else ''."""
    zones = country_zones(country_code)
    return zones[0] if len(zones) == 1 else ""
