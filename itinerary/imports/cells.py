"""Reading one spreadsheet cell: text, lists, choices by value or label, dates and times
as typed or as Excel stores them. Each answers None (or empty) for what it cannot read."""

from datetime import date, datetime, time
from typing import Any

from django.utils import translation
from openpyxl.utils.datetime import from_excel

from places.countries import key


def text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip()


def split(value: Any, *separators: str) -> list[str]:
    typed = text(value)
    for separator in separators[1:]:
        typed = typed.replace(separator, separators[0])
    return [part.strip() for part in typed.split(separators[0]) if part.strip()]


def choice(value: str, choices) -> str | None:
    """A choice typed by its value or its label (English or the page's language)."""
    wanted = key(value)
    for language in {"en", translation.get_language() or "en"}:
        with translation.override(language):
            for choice_value, label in choices:
                if wanted in {key(str(choice_value)), key(str(label))}:
                    return choice_value
    return None


def labels(choices) -> str:
    return ", ".join(str(label) for value, label in choices if value)


def as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        return from_excel(value).date()
    try:
        return date.fromisoformat(text(value))
    except ValueError:
        return None


def as_time(value: Any) -> time | None:
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < 1:
        return from_excel(value).time() if value else time(0, 0)
    typed = text(value)
    hours, colon, minutes = typed.partition(":")
    if not colon or not hours.isdigit() or not minutes[:2].isdigit() or len(minutes) not in (2, 5):
        return None
    try:
        return time.fromisoformat(f"{int(hours):02d}:{minutes}")
    except ValueError:
        return None
