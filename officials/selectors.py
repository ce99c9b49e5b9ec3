"""Reads of the people directory: the list, the sections higher apps add to a person's
page (the history of their work, within the user's scope), and likely duplicates of a
name about to be added."""

from django.db.models import Q, QuerySet
from django_countries import countries

from core.distinct import distinct_values
from core.sections import SectionRegistry
from officials.involvement import official_involvement
from officials.models import Official
from partners.involvement import searchable_by
from partners.models import Organisation
from partners.selectors import (
    likely_duplicate_pairs,
    name_candidates,
    name_words,
    names_look_alike,
)

PEOPLE_SHOWN = 50  # on an organisation's page; the directory's list has them all

# Titles people type into the name itself ("Mr Noor Abdi Gabow"): ignored when comparing.
HONORIFIC_WORDS = frozenset(
    {"mr", "mrs", "ms", "miss", "dr", "prof", "he", "hon", "sir", "eng", "rev", "amb"}
)


def organisation_people(organisation: Organisation, *, user) -> dict:
    """The organisation page's People section (registered from OfficialsConfig.ready()):
    the first people of the directory who work there, and whether there are more."""
    people = list(organisation.officials.order_by("full_name", "pk")[: PEOPLE_SHOWN + 1])
    return {"people": people[:PEOPLE_SHOWN], "more_people": len(people) > PEOPLE_SHOWN}


def officials_for_directory() -> QuerySet:
    """Every person, as the list and the page read them (the directory is shared)."""
    return Official.objects.select_related("organisation__parent").order_by("full_name", "pk")


def officials_for_search(*, user) -> QuerySet:
    """The people global search may find for `user`: every one but the sensitive people no
    delegation of the user's programmes involves (partners.involvement)."""
    sensitive = Q(sensitive=True) | Q(organisation__sensitive=True)
    return searchable_by(
        official_involvement,
        Official.objects.select_related("organisation"),
        user=user,
        sensitive=sensitive,
    )


def official_countries() -> list[tuple[str, str]]:
    """(code, name) of the countries people serve, by name: the filter's choices."""
    # Read through the country index (core.distinct), not by scanning every row.
    codes = distinct_values(Official, "country")
    return sorted(((code, countries.name(code)) for code in codes), key=lambda pair: pair[1])


# The person's page's sections from higher apps (learning: the delegations they were part of,
# the meetings where they were met, what they said), scoped to the user.
official_sections = SectionRegistry("officials:detail")


def official_duplicates(
    *, full_name: str, organisation_id=None, country: str = "", exclude_pk=None
) -> list[Official]:
    """People with the same or a similar name in the same organisation or serving the
    same country (anywhere, when neither is given): case, accents, titles and word order
    ignored, one name inside the other ("Noor Gabow" and "Mr Noor Abdi Gabow"), or a
    typo apart. At most partners.selectors.DUPLICATE_CANDIDATES rows are read."""
    words = name_words(full_name, ignore=HONORIFIC_WORDS)
    if not words:
        return []
    same_place = Q()
    if organisation_id:
        same_place |= Q(organisation_id=organisation_id)
    if country:
        same_place |= Q(country=country)
    people = (
        Official.objects.filter(same_place).exclude(pk=exclude_pk).select_related("organisation")
    )
    return [
        person
        for person in name_candidates(people, "full_name", words)
        if names_look_alike(words, name_words(person.full_name, ignore=HONORIFIC_WORDS))
    ]


def official_keys(official: Official) -> tuple:
    """The same name, titles, accents, punctuation and word order aside, in the same
    organisation (or, with none, serving the same country)."""
    words = tuple(sorted(name_words(official.full_name, ignore=HONORIFIC_WORDS)))
    where = official.organisation_id or official.country
    return ((where, words),) if words else ()


def official_duplicate_pairs(limit: int = 200) -> list[tuple[Official, Official]]:
    rows = Official.objects.only("pk", "full_name", "honorific", "organisation_id", "country")
    return likely_duplicate_pairs(rows.order_by("pk").iterator(), key=official_keys, limit=limit)
