"""Dates in the reader's language.

The code and the templates write each date pattern once, in its English form
(`"j F Y"`: 22 July 2019). `local_format` gives the active language's form of the same
pattern: Portuguese joins day, month and year with "de" (22 de Julho de 2019), French
abbreviates months its own way (22 juil. 2019). Month and day names come from Django's
catalogues; a pattern without a local form here is used as written.
"""

from django.utils.formats import date_format
from django.utils.translation import get_language

LOCAL_FORMATS: dict[str, dict[str, str]] = {
    "j F Y": {"pt": r"j \d\e F \d\e Y"},
    "j F Y, H:i": {"pt": r"j \d\e F \d\e Y, H:i"},
    "j F Y, H:i T": {"pt": r"j \d\e F \d\e Y, H:i T"},
    "l j F": {"pt": r"l, j \d\e F"},
    "l j F Y": {"pt": r"l, j \d\e F \d\e Y"},
    "j M Y": {"fr": "j N Y"},
    "j M": {"fr": "j N"},
    "D j M H:i": {"fr": "D j N H:i"},
}


def local_format(pattern: str) -> str:
    """The active language's form of an English date pattern."""
    language = (get_language() or "en").split("-")[0]
    return LOCAL_FORMATS.get(pattern, {}).get(language, pattern)


def local_date(value, pattern: str) -> str:
    """`value` (a date or a datetime already in its zone) written with `pattern` in the
    active language."""
    return date_format(value, local_format(pattern))
