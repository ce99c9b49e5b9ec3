"""The words of a query, and the matched words of a result marked for the reader.

Both sides are folded the same way (partners.selectors.fold: lower case, no accents, no
punctuation), so "Antonio" marks "António" and "elungatta" (a typo) marks "Elungata".
Marking escapes every piece of the text itself: user text never reaches the page as
HTML, only the <mark> tags this module adds do.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from partners.selectors import fold

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
# Small words that say nothing on their own; dropped unless the query is nothing else.
NOISE_WORDS = frozenset(
    {"a", "an", "and", "of", "the", "for", "in", "on", "to", "de", "do", "da", "dos", "das"}
)
# Words this long or longer are also matched with a typo or two (trigrams, difflib).
FUZZY_MIN_LENGTH = 4
FUZZY_RATIO = 0.75
SNIPPET_CHARS = 180
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class Query:
    """A parsed query: its folded words (at most MAX_WORDS) and how many must match."""

    text: str
    words: tuple[str, ...]

    @property
    def needed(self) -> int:
        """Every word of a short query; all but one of a longer one, so a stray word
        ("Kenya Police Service National": the name lacks "Kenya") still finds it."""
        return len(self.words) if len(self.words) <= 2 else len(self.words) - 1

    def __bool__(self) -> bool:
        return bool(self.words)


def parse_query(text: str) -> Query:
    text = (text or "").strip()[:MAX_QUERY_LENGTH]
    words = list(dict.fromkeys(fold(text).split()))
    meaningful = [word for word in words if word not in NOISE_WORDS]
    words = meaningful or words
    if len(words) > 1:
        words = [word for word in words if len(word) >= 2] or words
    return Query(text=text, words=tuple(words[:MAX_WORDS]))


def word_matches(token: str, word: str) -> bool:
    """Does a folded token of the text match a folded query word? As a prefix, or
    (for longer words) nearly the same letters."""
    if token.startswith(word):
        return True
    if len(word) < FUZZY_MIN_LENGTH or len(token) < FUZZY_MIN_LENGTH - 1:
        return False
    return SequenceMatcher(None, token, word).ratio() >= FUZZY_RATIO


def matched_spans(text: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) of each token of `text` that matches a query word, or that gives a
    query word its initials ("NCTC": the four capitalised words of the National Counter
    Terrorism Centre, as the search_initials function of the search migration reads them)."""
    if not text or not words:
        return []
    tokens = list(_TOKEN.finditer(text))
    spans = {
        match.span()
        for match in tokens
        if (token := fold(match.group())) and any(word_matches(token, word) for word in words)
    }
    capitals = [
        match for match in tokens if match.group()[0].isupper() or match.group()[0].isdigit()
    ]
    initials = fold("".join(match.group()[0] for match in capitals))
    if len(initials) >= 2 and initials in words:
        spans.update(match.span() for match in capitals)
    return sorted(spans)


def _window(text: str, spans: list[tuple[int, int]], size: int) -> tuple[int, int]:
    """A stretch of about `size` characters around the first match, cut at spaces."""
    if len(text) <= size:
        return 0, len(text)
    first = spans[0][0] if spans else 0
    start = max(0, first - size // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + size)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > max(first, start) else end
    return start, end


def mark(text: str, words: tuple[str, ...], *, limit: int | None = None) -> SafeString:
    """The text, escaped, with the matched words in <mark>; cut to about `limit`
    characters around the first match (with "…" where it was cut) when given."""
    text = text or ""
    spans = matched_spans(text, words)
    start, end = (0, len(text)) if limit is None else _window(text, spans, limit)
    parts = ["…"] if start > 0 else []
    position = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        parts.append(escape(text[position:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    parts.append(escape(text[position:end]))
    if end < len(text):
        parts.append("…")
    return mark_safe("".join(parts))  # every piece of user text is escaped above


def has_match(text: str, words: tuple[str, ...]) -> bool:
    return bool(matched_spans(text, words))
