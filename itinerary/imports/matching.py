"""Names typed in a file matched to what is stored, ignoring accents and case.

Each lookup is one query for every name of the file (`name__unaccent__iexact`, the
PostgreSQL unaccent extension the search migration installs), then matched in Python by
the same folding (`key`). A name not found is for the plan to create.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from officials.models import Official
from partners.models import Organisation
from places.countries import key
from places.models import Place


def _by_key(rows: Iterable, attribute: str) -> dict[str, list]:
    found = defaultdict(list)
    for row in rows:
        found[key(getattr(row, attribute))].append(row)
    return found


def _any_name(field: str, names: Iterable[str]) -> Q:
    condition = Q(pk__in=[])
    for name in set(names):
        condition |= Q(**{f"{field}__unaccent__iexact": name})
    return condition


def places_named(names: Iterable[str]) -> dict[str, list[Place]]:
    names = [name for name in names if name]
    if not names:
        return {}
    rows = Place.objects.filter(_any_name("name", names)).select_related("parent")
    return _by_key(rows.order_by("pk"), "name")


def organisations_named(names: Iterable[str]) -> dict[str, list[Organisation]]:
    """By name, or by acronym ("IOM")."""
    names = [name for name in names if name]
    if not names:
        return {}
    condition = _any_name("name", names) | _any_name("acronym", names)
    rows = list(Organisation.objects.filter(condition).order_by("pk"))
    found = _by_key(rows, "name")
    for row in rows:
        if row.acronym and key(row.acronym) not in found:
            found[key(row.acronym)].append(row)
    return found


def officials_named(names: Iterable[str]) -> dict[str, list[Official]]:
    names = [name for name in names if name]
    if not names:
        return {}
    rows = Official.objects.filter(_any_name("full_name", names)).select_related("organisation")
    return _by_key(rows.order_by("pk"), "full_name")


def best(candidates: list, **preferred):
    """The first candidate with every `preferred` attribute (a country, an organisation),
    else the first one; None when there is none."""
    for candidate in candidates:
        if all(getattr(candidate, name) == value for name, value in preferred.items() if value):
            return candidate
    return candidates[0] if candidates else None
