"""Global search: one query, over every kind of record, each within the user's scope.

A record matches when enough of the query's words (search.text.Query.needed: all of one
or two words, all but one of more) match it.
On PostgreSQL a word matches a record when

- full text: the record's document (its columns weighted A, B, C, accents and case
  folded; `search_document` in the migration) holds a word starting with it, or
- trigrams: it is nearly a word of the record's name (`word <% search_fold(name)`,
  pg_trgm's word similarity, cut-off 0.5 set in search.apps: "Elungatta" finds
  "Elungata"; only for words of four letters or more), or
- initials: for organisations, it is the initials of the name ("NCTC").

Each condition is an expression a GIN (or, for initials, B-tree) index of the search
migration is built on, so the planner ORs bitmap index scans rather than reading every
row. Results come ranked: most words matched, then full-text rank plus the name's
similarity to the whole query.

Elsewhere (SQLite, for trying the app) a word matches when one of the same columns
contains it, case- and accent-insensitively (partners.selectors.accent_insensitive_regex):
exact and accent-folded matches, no typo tolerance.

Delegations, itinerary items, highlights and follow-ups are filtered by the scope every
page uses; the directory (officials, organisations, sites, places) is shared.
"""

import operator
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from itertools import combinations

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
    Window,
)
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from delegations.selectors import delegations_for_user
from itinerary.models import ItineraryItem, Site
from learning.models import FollowUp, Highlight
from officials.selectors import officials_for_search
from partners.selectors import (
    accent_insensitive_regex,
    delegation_scope_q,
    organisations_for_search,
)
from places.models import Place
from search.text import FUZZY_MIN_LENGTH, Query

GROUP_SIZE = 10
PAGE_SIZE = 25
LINKS_SHOWN = 3

POSTGRESQL = "postgresql"
PORTABLE = "portable"


# --- SQL pieces (PostgreSQL) --------------------------------------------------------------------


class Operator(Func):
    """`left <operator> right` as a boolean expression usable in filter() and When()."""

    template = "(%(expressions)s)"
    output_field = BooleanField()

    def __init__(self, left, sql_operator: str, right):
        # A literal % must reach the driver doubled (it marks parameters).
        self.arg_joiner = f" {sql_operator.replace('%', '%%')} "
        super().__init__(left, right)


def _fold(column: str) -> Func:
    return Func(F(column), function="search_fold", output_field=TextField())


def _document(columns: tuple[str, ...]) -> Func:
    return Func(*map(F, columns), function="search_document", output_field=TextField())


def _tsquery(text: str) -> Func:
    return Func(
        Value(text),
        template="to_tsquery('simple'::regconfig, %(expressions)s)",
        output_field=TextField(),
    )


# --- What each kind of record is searched on ----------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """One kind of record: the columns searched (at most three, weighted A, B, C, as
    the migration's index on `search_document` lists them), the name (trigram index),
    and the scoped queryset with what its result reads."""

    key: str
    label: Promise
    name: str
    document: tuple[str, ...]
    queryset: Callable[..., QuerySet]
    ordering: tuple[str, ...]
    initials: bool = False

    # -- conditions per word --

    def word_condition(self, word: str, engine: str):
        if engine == POSTGRESQL:
            conditions = [Operator(_document(self.document), "@@", _tsquery(f"{word}:*"))]
            if len(word) >= FUZZY_MIN_LENGTH:
                conditions.append(Operator(Value(word), "<%", _fold(self.name)))
            if self.initials and len(word) >= 2:
                initials = Func(F(self.name), function="search_initials", output_field=TextField())
                conditions.append(Operator(initials, "=", Value(word.upper())))
            return reduce(operator.or_, (Q(condition) for condition in conditions))
        pattern = accent_insensitive_regex(word)
        return reduce(
            operator.or_, (Q(**{f"{column}__iregex": pattern}) for column in self.document)
        )

    def rank(self, query: Query, engine: str):
        if engine != POSTGRESQL:  # how many of the words are in the name
            return reduce(
                operator.add,
                (
                    Case(
                        When(**{f"{self.name}__iregex": accent_insensitive_regex(word)}, then=1.0),
                        default=0.0,
                        output_field=FloatField(),
                    )
                    for word in query.words
                ),
            )
        any_word = " | ".join(f"{word}:*" for word in query.words)
        text_rank = Func(
            _document(self.document),
            _tsquery(any_word),
            function="ts_rank",
            output_field=FloatField(),
        )
        similarity = Func(
            Value(" ".join(query.words)),
            _fold(self.name),
            function="word_similarity",
            output_field=FloatField(),
        )
        return text_rank + similarity

    def search(self, queryset: QuerySet, query: Query, engine: str) -> QuerySet:
        """`queryset` cut to the records matching the query, best first."""
        conditions = [self.word_condition(word, engine) for word in query.words]
        # "At least `needed` of the words" as an OR of ANDs, which the planner turns
        # into BitmapOr / BitmapAnd over the indexes: a common word alone ("Antonio")
        # never drags thousands of rows into the recheck.
        enough = reduce(
            operator.or_,
            (reduce(operator.and_, subset) for subset in combinations(conditions, query.needed)),
        )
        if query.needed == len(conditions):
            matched = Value(len(conditions), output_field=IntegerField())
        else:
            matched = reduce(
                operator.add,
                (
                    Case(When(condition, then=1), default=0, output_field=IntegerField())
                    for condition in conditions
                ),
            )
        return (
            queryset.filter(enough)
            .annotate(search_matched=matched, search_rank=self.rank(query, engine))
            .order_by("-search_matched", "-search_rank", *self.ordering, "pk")
        )


def _items(user) -> QuerySet:
    return ItineraryItem.objects.filter(delegation_scope_q(user=user)).select_related(
        "delegation", "place", "origin", "site__place"
    )


def _sites(user) -> QuerySet:
    visits = _items(user).order_by("-starts_at", "pk")[:LINKS_SHOWN]
    return Site.objects.select_related("place__parent", "organisation").prefetch_related(
        Prefetch("itinerary_items", queryset=visits, to_attr="visits_in_scope")
    )


def _places(user) -> QuerySet:
    """Places, each with the latest delegations (in scope) that had it as a destination
    and the latest itinerary items (in scope) held there."""
    delegations = delegations_for_user(user=user).order_by("-start_date", "pk")[:LINKS_SHOWN]
    items = _items(user).order_by("-starts_at", "pk")[:LINKS_SHOWN]
    return Place.objects.select_related("parent").prefetch_related(
        Prefetch("delegations", queryset=delegations, to_attr="delegations_in_scope"),
        Prefetch("itinerary_items", queryset=items, to_attr="items_in_scope"),
    )


KINDS: tuple[Kind, ...] = (
    Kind(
        key="delegations",
        label=_("Delegations"),
        name="title",
        document=("title", "purpose", "background"),
        queryset=lambda user: delegations_for_user(user=user),
        ordering=("-start_date", "title"),
    ),
    Kind(
        key="officials",
        label=_("Officials"),
        name="full_name",
        document=("full_name", "position"),
        queryset=lambda user: officials_for_search(user=user),
        ordering=("full_name",),
    ),
    Kind(
        key="organisations",
        label=_("Organisations"),
        name="name",
        document=("name", "acronym"),
        queryset=lambda user: organisations_for_search(user=user),
        ordering=("name",),
        initials=True,
    ),
    Kind(
        key="items",
        label=_("Itinerary items"),
        name="title",
        document=("title", "summary", "outcome"),
        queryset=_items,
        ordering=("-starts_at",),
    ),
    Kind(
        key="highlights",
        label=_("Highlights and quotes"),
        name="text",
        document=("text",),
        queryset=lambda user: Highlight.objects.filter(
            delegation_scope_q(user=user)
        ).select_related("delegation", "speaker"),
        ordering=("delegation__title", "order"),
    ),
    Kind(
        key="follow_ups",
        label=_("Follow-ups"),
        name="description",
        document=("description",),
        queryset=lambda user: FollowUp.objects.filter(delegation_scope_q(user=user)).select_related(
            "delegation", "owner_organisation", "owner_official"
        ),
        ordering=("due_date",),
    ),
    Kind(
        key="sites",
        label=_("Sites"),
        name="name",
        document=("name", "description"),
        queryset=_sites,
        ordering=("name",),
    ),
    Kind(
        key="places",
        label=_("Places"),
        name="name",
        document=("name",),
        queryset=_places,
        ordering=("name",),
    ),
)
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}


def search_engine() -> str:
    return POSTGRESQL if connection.vendor == "postgresql" else PORTABLE


def search_kind(*, kind: Kind, query: Query, user, engine: str | None = None) -> QuerySet:
    """The records of one kind the user may see that match the query, best first."""
    return kind.search(kind.queryset(user), query, engine or search_engine())


@dataclass
class Group:
    kind: Kind
    objects: list
    total: int


def search_groups(
    *, query: Query, user, engine: str | None = None, size: int = GROUP_SIZE
) -> list[Group]:
    """The first `size` results of every kind, with how many there are in all: one query
    per kind (the count rides along as a window over the same rows), plus one prefetch
    for sites and one for places when there are some."""
    groups = []
    for kind in KINDS:
        rows = list(
            search_kind(kind=kind, query=query, user=user, engine=engine).annotate(
                search_total=Window(Count("pk"))
            )[:size]
        )
        groups.append(Group(kind, rows, rows[0].search_total if rows else 0))
    return groups
