"""A field's value in words, as the change history and the conflict messages tell it.

One reading for both, so that "Status: Proposed → In progress" on the timeline and
"Status is now: In progress" in a refused save say the same thing the same way.
"""

from collections.abc import Callable, Iterable
from datetime import date, datetime, tzinfo

from django.db.models import Field
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext
from django_countries.fields import Country

from core.dates import local_date

VALUE_LENGTH = 120
EMPTY = "—"
MOMENT_FORMAT = "j F Y, H:i T"  # with the zone: an item's times read in its place's zone
DAY_FORMAT = "j F Y"


def value_in_words(
    field: Field,
    value,
    *,
    name: Callable[[object], str] = str,
    zone: tzinfo | None = None,
) -> str:
    """`value` of `field` for a reader.

    A relation's value (an object, or a primary key) is put into words by `name`; a
    many-to-many value is an iterable of those. A moment reads in `zone` (the site's
    zone when None). Long text is cut to VALUE_LENGTH characters."""
    if field.many_to_many:
        shown = sorted(name(each) for each in value)
        return _cut("; ".join(shown)) if shown else EMPTY
    if value is None or value == "" or value == []:
        return EMPTY
    if field.many_to_one or field.one_to_one:
        return _cut(name(value))
    if isinstance(value, Country):
        return str(value.name) if value.code else EMPTY
    if isinstance(value, Iterable) and not isinstance(value, str):
        # A CountryField with several countries.
        return ", ".join(str(getattr(each, "name", each)) for each in value) or EMPTY
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime):
        return local_date(timezone.localtime(value, zone), MOMENT_FORMAT)
    if isinstance(value, date):
        return local_date(value, DAY_FORMAT)
    return _cut(str(value))


def _cut(text: str) -> str:
    return Truncator(" ".join(text.split())).chars(VALUE_LENGTH)
