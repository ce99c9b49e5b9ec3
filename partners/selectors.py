"""Shared reads for programmes and organisations: which programmes a user works on (and
as what), the scope of what happened in delegations, the organisation pages, and the
name matching that warns of likely duplicates in the directory."""

import re
import unicodedata
from difflib import SequenceMatcher

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django_countries import countries

from core.distinct import distinct_values
from core.sections import SectionRegistry
from partners.enums import ProgrammeRole
from partners.involvement import organisation_involvement, searchable_by
from partners.models import Organisation, Programme, Project


def programmes_for_user(*, user, roles: tuple[str, ...] = tuple(ProgrammeRole.values)) -> QuerySet:
    if not user.is_authenticated:
        return Programme.objects.none()
    if user.is_administrator:
        return Programme.objects.all()
    return Programme.objects.filter(memberships__user=user, memberships__role__in=roles).distinct()


def projects_for_user(*, user) -> QuerySet:
    """The projects of the user's programmes (all of them for administrators), with their
    programme and donors."""
    return (
        Project.objects.filter(programme__in=programmes_for_user(user=user))
        .select_related("programme")
        .prefetch_related("donors")
        .order_by("programme__code", "name", "pk")
    )


def managed_programmes(*, user) -> QuerySet:
    return programmes_for_user(user=user, roles=(ProgrammeRole.MANAGER,))


# --- The scope of what happened in delegations --------------------------------------------------
# The one definition of which delegations a user may see: those of the user's programmes,
# everything for an administrator. It lives here, below `delegations`, because it rests on
# programmes only; delegations.selectors.delegations_for_user and the directory pages (which
# list what happened in delegations) both filter with it.


def delegation_scope_q(*, user, path: str = "delegation") -> Q:
    """A filter for rows whose delegation (at `path`; "" for delegations themselves) the
    user may see."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_administrator:
        return Q()
    lookup = f"{path}__programme__in" if path else "programme__in"
    return Q(**{lookup: programmes_for_user(user=user)})


# --- Organisations ------------------------------------------------------------------------------


def organisations_for_directory() -> QuerySet:
    """Every organisation, as the list and the page read it. The directory is shared by
    all programmes; only what happened in delegations is scoped."""
    return Organisation.objects.select_related("parent", "place__parent").order_by("name", "pk")


def organisations_for_search(*, user) -> QuerySet:
    """The organisations global search may find for `user`: every one but the sensitive
    ones no delegation of the user's programmes involves (partners.involvement)."""
    return searchable_by(
        organisation_involvement,
        Organisation.objects.select_related("parent"),
        user=user,
        sensitive=Q(sensitive=True),
    )


def organisation_countries() -> list[tuple[str, str]]:
    """(code, name) of the countries organisations belong to, by name: the filter's choices."""
    # Read through the country index (core.distinct), not by scanning every row.
    codes = distinct_values(Organisation, "country")
    return sorted(((code, countries.name(code)) for code in codes), key=lambda pair: pair[1])


def organisation_detail(*, organisation: Organisation) -> dict:
    """What the organisation page shows of its own: its sub-organisations. Its people
    (officials) and what happened in delegations (hosted, met, follow-ups it owns) come
    from the apps that record them, through `organisation_sections`."""
    return {"children": list(organisation.children.order_by("name", "pk"))}


# The organisation page's sections from higher apps (officials: its people; learning: the delegations it took part
# in, with the meetings where it was met, and the follow-ups it owns), scoped to the user.
organisation_sections = SectionRegistry("partners:organisation-detail")


# --- Likely duplicates --------------------------------------------------------------------------
# Names are compared folded: accents and case removed, punctuation dropped, word order
# ignored ("Gabow Noor" is "Noor Gabow"), one name's words inside the other's ("Noor
# Gabow" in "Mr Noor Abdi Gabow"), or nearly the same letters (a typo). The database
# narrows the candidates first (same organisation or country, and any name word,
# accent-insensitively); Python compares at most DUPLICATE_CANDIDATES of them.

DUPLICATE_CANDIDATES = 50
SIMILARITY = 0.85
_ACCENTED = {
    "a": "aàáâãäåā",
    "c": "cçćč",
    "e": "eèéêëēę",
    "i": "iìíîïī",
    "n": "nñń",
    "o": "oòóôõöøō",
    "u": "uùúûüū",
    "y": "yýÿ",
    "s": "sśš",
    "z": "zźżž",
}
ORGANISATION_NOISE_WORDS = frozenset(
    {"of", "the", "and", "for", "in", "de", "do", "da", "dos", "das", "du", "des", "la", "le"}
)


def fold(text: str) -> str:
    """Lower case, no accents, no punctuation ("H.E." -> "he", "António" -> "antonio")."""
    decomposed = unicodedata.normalize("NFKD", text.replace(".", ""))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[\W_]+", " ", bare.casefold()).strip()


def name_words(text: str, *, ignore: frozenset[str] = frozenset()) -> tuple[str, ...]:
    return tuple(word for word in fold(text).split() if word not in ignore)


def names_look_alike(first: tuple[str, ...], second: tuple[str, ...]) -> bool:
    a, b = set(first), set(second)
    if not a or not b:
        return False
    if a == b:
        return True
    smaller, larger = sorted((a, b), key=len)
    if len(smaller) >= 2 and smaller <= larger:
        return True
    ratio = SequenceMatcher(None, " ".join(sorted(a)), " ".join(sorted(b))).ratio()
    return ratio >= SIMILARITY


def accent_insensitive_regex(word: str) -> str:
    """A case- and accent-insensitive pattern for a folded word: "antonio" finds "António"."""
    parts = []
    for char in word:
        variants = _ACCENTED.get(char)
        parts.append(f"[{variants}{variants.upper()}]" if variants else re.escape(char))
    return "".join(parts)


def name_candidates(queryset: QuerySet, field: str, words: tuple[str, ...]) -> QuerySet:
    """Rows whose `field` contains any of the words (the longer ones when there are some),
    those sharing most words first, cut to DUPLICATE_CANDIDATES."""
    searchable = [word for word in words if len(word) >= 3] or list(words)
    matches = Q(pk__in=[])
    score = Value(0, output_field=IntegerField())
    for word in searchable[:6]:
        condition = Q(**{f"{field}__iregex": accent_insensitive_regex(word)})
        matches |= condition
        score = score + Case(When(condition, then=1), default=0, output_field=IntegerField())
    return (
        queryset.filter(matches)
        .annotate(shared_words=score)
        .order_by("-shared_words", field, "pk")[:DUPLICATE_CANDIDATES]
    )


def organisation_duplicates(
    *, name: str, acronym: str = "", country: str = "", exclude_pk=None, parent=None
) -> list[Organisation]:
    """Organisations of the same country (international bodies: none) with the same or a
    similar name, or the same acronym, or whose acronym is this name (or the reverse).

    The organisation it is part of (`parent`) and that one's own parents are no duplicates:
    "Santa Rosa County Clerk of the Court", part of "Santa Rosa County", names it."""
    above = set()
    while parent is not None and parent.pk not in above:
        above.add(parent.pk)
        parent = parent.parent
    words = name_words(name, ignore=ORGANISATION_NOISE_WORDS) or name_words(name)
    acronym_folded = fold(acronym)
    same_country = (
        Organisation.objects.select_related("parent")
        .filter(country=country or "")
        .exclude(pk=exclude_pk)
    )
    candidates = list(name_candidates(same_country, "name", words)) if words else []
    by_acronym = Q(pk__in=[])
    if acronym.strip():
        by_acronym |= Q(acronym__iexact=acronym.strip()) | Q(name__iexact=acronym.strip())
    if len(words) == 1:
        by_acronym |= Q(acronym__iexact=name.strip())
    seen = {candidate.pk for candidate in candidates}
    candidates += [
        org for org in same_country.filter(by_acronym)[:DUPLICATE_CANDIDATES] if org.pk not in seen
    ]
    name_folded = fold(name)
    found = []
    for org in candidates:
        if org.pk in above:
            continue
        other_words = name_words(org.name, ignore=ORGANISATION_NOISE_WORDS) or name_words(org.name)
        other_acronym = fold(org.acronym)
        if (
            names_look_alike(words, other_words)
            or (acronym_folded and acronym_folded in {other_acronym, fold(org.name)})
            or (other_acronym and other_acronym == name_folded)
        ):
            found.append(org)
    return found


def punctuation_blind_regex(word: str) -> str:
    """A folded word as a pattern that ignores case, accents and any punctuation or space
    between its letters: "iom" finds "I.O.M." and "IOM", "antonio" finds "António"."""
    parts = []
    for char in word:
        variants = _ACCENTED.get(char)
        parts.append(f"[{variants}{variants.upper()}]" if variants else re.escape(char))
    return "[^[:alnum:]]*".join(parts)


def folded_search_q(fields: tuple[str, ...], term: str) -> Q:
    """Rows where every word of `term` is in one of `fields`, punctuation and accents
    aside (the admin's search of the directory)."""
    condition = Q()
    words = fold(term).split()
    if not words:
        return Q(pk__in=[])
    for word in words[:6]:
        pattern = punctuation_blind_regex(word)
        condition &= Q(*(Q(**{f"{name}__iregex": pattern}) for name in fields), _connector=Q.OR)
    return condition


def likely_duplicate_pairs(rows, *, key, limit: int = 200) -> list[tuple]:
    """Pairs of rows whose `key` (a folded name, with what must also be the same) is the
    same: the "Possible duplicates" list. One pass; the first row of each key is paired
    with each later one."""
    first_of: dict = {}
    pairs = []
    for row in rows:
        for value in key(row):
            if not value:
                continue
            if value in first_of and first_of[value].pk != row.pk:
                pairs.append((first_of[value], row))
                if len(pairs) >= limit:
                    return pairs
                break
            first_of.setdefault(value, row)
    return pairs


def organisation_keys(organisation: Organisation) -> tuple:
    """What makes two organisations likely the same: the same folded name, letters only
    ("I.O.M. Kenya" is "IOM Kenya"), in the same country; or one's acronym is the other's
    name."""
    compact = "".join(name_words(organisation.name, ignore=ORGANISATION_NOISE_WORDS))
    keys = [(organisation.country, "name", compact)]
    acronym = "".join(fold(organisation.acronym).split())
    if acronym:
        keys.append((organisation.country, "name", acronym))
    return tuple(keys)


def organisation_duplicate_pairs(limit: int = 200) -> list[tuple[Organisation, Organisation]]:
    rows = Organisation.objects.only("pk", "name", "acronym", "country").order_by("pk")
    return likely_duplicate_pairs(rows.iterator(), key=organisation_keys, limit=limit)
