"""Countries and names as people type them: "united states", "NL", "São Tomé"."""

import unicodedata

from django.utils import translation
from django_countries import countries

# Names people write that are not the list's own (ISO's "United States of America").
COUNTRY_ALIASES = {
    "united states": "US",
    "usa": "US",
    "us": "US",
    "uk": "GB",
    "great britain": "GB",
    "england": "GB",
    "the netherlands": "NL",
    "holland": "NL",
    "drc": "CD",
}


def key(text: str) -> str:
    """Lower case, no accents, single spaces: "São  Tomé" and "sao tome" are one key."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def _country_table() -> dict[str, str]:
    table = dict(COUNTRY_ALIASES)
    for language in {"en", translation.get_language() or "en"}:
        with translation.override(language):
            for code, name in countries:
                table[key(str(name))] = code
    for code, _name in countries:
        table[key(code)] = code
        alpha3 = countries.alpha3(code)
        if alpha3:
            table[key(alpha3)] = code
    return table


def country_code(text: str) -> str | None:
    """The ISO code of a country written by name (English or the page's language),
    by its two- or three-letter code, or by a common alias; None when none fits."""
    return _country_table().get(key(text))


def split_country(text: str) -> tuple[str, str]:
    """'Orlando, Florida, United States' -> ('Orlando, Florida', 'US'); else (text, '')."""
    head, comma, tail = text.rpartition(",")
    code = country_code(tail) if comma else None
    return (head.strip(), code) if code else (text.strip(), "")
