"""Global search: one query, over every kind of record, each within the user's scope,
its cost bounded by what it shows (see "Bounded" below).

A record matches when enough of the query's words (search.text.Query.needed: all of one
or two words, all but one of more) match it.
On PostgreSQL a word matches a record when

- full text: the record's document (its columns weighted A, B, C, accents and case
  folded; `search_document` in the migration) holds a word starting with it, or
- trigrams: it is nearly a word of the record's name (`search_fold(name) %> word`,
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

Bounded: a kind reads the ids of at most COUNT_LIMIT + 1 matches (exact matches first,
then at most FUZZY_LIMIT + 1 typo matches: Kind.matching_ids) and ranks at most
GROUP_CANDIDATES of them for its group (all it read, for its own pages). When more match, the page says "more than" and that its top ten are
the best of the first ones found; a common word ("Nairobi" in every copy of a visit)
costs no more than a rare one beyond the indexes' own bitmaps.
"""

import operator
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from functools import reduce
from itertools import combinations

from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.utils.functional import Promise, cached_property
from django.utils.translation import gettext_lazy as _

from core import pagination
from delegations.selectors import delegations_for_user
from itinerary.models import Site
from learning.models import FollowUp, Highlight
from officials.selectors import officials_for_search
from partners.selectors import (
    accent_insensitive_regex,
    delegation_scope_q,
    organisations_for_search,
)
from places.models import Place
from search.links import POSTGRESQL, items_in_scope, place_links, site_links
from search.text import FUZZY_MIN_LENGTH, Query

GROUP_SIZE = 10
PAGE_SIZE = 25
# Bounds that keep a search's cost to what it shows, however many records match:
COUNT_LIMIT = pagination.COUNT_LIMIT  # matches counted per kind; past it: "more than 1,000"
GROUP_CANDIDATES = 200  # matches ranked for a group's top ten (the first the indexes give)
FUZZY_LIMIT = 100  # matches only by trigrams (typos) counted, when few match exactly

PORTABLE = "portable"  # the other engine: POSTGRESQL (search.links)


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
    links: Callable[..., None] | None = None  # search.links: sets what each result links to

    # -- conditions per word --

    def word_condition(self, word: str, engine: str, *, fuzzy: bool = True):
        """Q: the word matches (fuzzy=False: exactly, not by trigrams)."""
        if engine == POSTGRESQL:
            # Cheapest first: PostgreSQL evaluates an OR left to right, and rechecking a
            # row's name (short) is far cheaper than building its document (long texts).
            # `name %> word` is the form the trigram index answers; written the other way
            # round (`word <% name`) the planner also filters every row with it again.
            conditions = []
            if fuzzy and len(word) >= FUZZY_MIN_LENGTH:
                conditions.append(Operator(_fold(self.name), "%>", Value(word)))
            conditions.append(Operator(_document(self.document), "@@", _tsquery(f"{word}:*")))
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

    def enough(self, query: Query, engine: str, *, fuzzy: bool = True) -> Q:
        """Q: enough of the query's words match (fuzzy=False: exactly)."""
        conditions = [self.word_condition(word, engine, fuzzy=fuzzy) for word in query.words]
        # "At least `needed` of the words" as an OR of ANDs, which the planner turns
        # into BitmapOr / BitmapAnd over the indexes: a common word alone ("Antonio")
        # never drags thousands of rows into the recheck.
        return reduce(
            operator.or_,
            (reduce(operator.and_, subset) for subset in combinations(conditions, query.needed)),
        )

    def exactly(self, query: Query, engine: str) -> Q:
        """Q: enough of the words match exactly (not by trigrams): on PostgreSQL one
        tsquery for every combination of words (`(a:* & b:*) | (a:* & c:*) ...`), so a
        row's document is built once, not once per word; the initials, when one of the
        words is some, through the conditions word by word."""
        if engine != POSTGRESQL:
            return self.enough(query, engine, fuzzy=False)
        combinations_ = " | ".join(
            "(" + " & ".join(f"{word}:*" for word in subset) + ")"
            for subset in combinations(query.words, query.needed)
        )
        condition = Q(Operator(_document(self.document), "@@", _tsquery(combinations_)))
        initials = [word for word in query.words if len(word) >= 2] if self.initials else []
        if initials:
            name_initials = Func(F(self.name), function="search_initials", output_field=TextField())
            any_initials = reduce(
                operator.or_,
                (Q(Operator(name_initials, "=", Value(word.upper()))) for word in initials),
            )
            condition |= any_initials & self.enough(query, engine, fuzzy=False)
        return condition

    def matching(self, queryset: QuerySet, query: Query, engine: str) -> QuerySet:
        """`queryset` cut to the records matching the query, in no order."""
        return queryset.filter(self.enough(query, engine)).order_by()

    def matching_ids(
        self, queryset: QuerySet, query: Query, engine: str, *, limit: int, fuzzy_limit: int
    ):
        """(id, exact) of at most `limit` records of `queryset` that match, exact matches
        first, then at most `fuzzy_limit` matched only by trigrams: one query.

        On PostgreSQL, `(exact LIMIT n) UNION ALL (only by trigrams LIMIT m) LIMIT n`: the
        second part runs only when fewer than n match exactly, so a common word never
        builds the trigram index's bitmap of every row that resembles it (the costliest
        part of a search for "Nairobi" on 480,000 items). It is bounded apart because
        telling a typo match from an exact one builds the row's document (tens of µs;
        once a row: Kind.exactly)."""
        fuzzy = engine == POSTGRESQL and any(len(w) >= FUZZY_MIN_LENGTH for w in query.words)
        flag = {"search_exact": Value(True, output_field=BooleanField())}
        if not fuzzy:
            matching = self.matching(queryset, query, engine).annotate(**flag)
            return matching.values_list("pk", "search_exact")[:limit]
        exact = self.exactly(query, engine)
        first = queryset.filter(exact).order_by().annotate(**flag)
        then = (
            queryset.filter(self.enough(query, engine))
            .exclude(exact)
            .order_by()
            .annotate(search_exact=Value(False, output_field=BooleanField()))
        )
        first = first.values_list("pk", "search_exact")[:limit]
        then = then.values_list("pk", "search_exact")[:fuzzy_limit]
        return first.union(then, all=True)[:limit]

    def ranked(self, queryset: QuerySet, query: Query, engine: str) -> QuerySet:
        """`queryset` (records that match) best first: most words matched, then rank."""
        conditions = [self.word_condition(word, engine) for word in query.words]
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
        return queryset.annotate(
            search_matched=matched, search_rank=self.rank(query, engine)
        ).order_by("-search_matched", "-search_rank", *self.ordering, "pk")


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
        queryset=items_in_scope,
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
        queryset=lambda user: Site.objects.select_related("place__parent", "organisation"),
        ordering=("name",),
        links=site_links,
    ),
    Kind(
        key="places",
        label=_("Places"),
        name="name",
        document=("name",),
        queryset=lambda user: Place.objects.select_related("parent"),
        ordering=("name",),
        links=place_links,
    ),
)
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}


def search_engine() -> str:
    return POSTGRESQL if connection.vendor == "postgresql" else PORTABLE


@contextmanager
def _short_queries(engine: str):
    """PostgreSQL settings for the search's queries (this transaction only): no parallel
    workers, no JIT compilation.

    Each query reads at most COUNT_LIMIT + 1 ids or ranks GROUP_CANDIDATES rows, but the
    costly functions (search.migrations.0003) price them high: high enough to start
    workers (20 ms to start under load) and to compile them (JIT, 18 ms at 480,000
    items), both longer than the work itself."""
    if engine != POSTGRESQL:
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off")
        yield


@dataclass(frozen=True)
class Found:
    """What a kind's first query found: the ids to rank (exact matches first, in the
    order the indexes give them: storage order, about the oldest first), and whether
    they are every match (False: more match, the page says "more than")."""

    ids: list[int]
    complete: bool


def found_ids(*, kind: Kind, query: Query, user, engine: str) -> Found:
    """At most COUNT_LIMIT matching records the user may see, at most FUZZY_LIMIT of them
    matched only by trigrams (a typo). One query that stops there, however many match."""
    rows = list(
        kind.matching_ids(
            kind.queryset(user),
            query,
            engine,
            limit=COUNT_LIMIT + 1,
            fuzzy_limit=FUZZY_LIMIT + 1,
        )
    )
    exact = [pk for pk, is_exact in rows if is_exact]
    fuzzy = [pk for pk, is_exact in rows if not is_exact]
    complete = len(rows) <= COUNT_LIMIT and len(fuzzy) <= FUZZY_LIMIT
    return Found(ids=(exact + fuzzy[:FUZZY_LIMIT])[:COUNT_LIMIT], complete=complete)


def search_kind(
    *, kind: Kind, query: Query, user, engine: str | None = None, ids: list[int] | None = None
) -> QuerySet:
    """The records of one kind the user may see that match the query, best first: all of
    them, or only those of `ids` (candidates from `found_ids`, which match)."""
    engine = engine or search_engine()
    rows = kind.queryset(user)
    rows = kind.matching(rows, query, engine) if ids is None else rows.filter(pk__in=ids)
    return kind.ranked(rows, query, engine)


def add_links(kind: Kind, objects: list, *, user, engine: str | None = None) -> list:
    """`objects` with what each one links to (sites, places), read for all at once."""
    if kind.links:
        kind.links(objects, user=user, engine=engine or search_engine())
    return objects


@dataclass
class Group:
    kind: Kind
    objects: list
    total: int
    exact: bool = True  # False: more than `total` match (a bound was reached)
    ranked_all: bool = True  # False: `objects` are the best of the first GROUP_CANDIDATES


def search_groups(
    *, query: Query, user, engine: str | None = None, size: int = GROUP_SIZE
) -> list[Group]:
    """The first `size` results of every kind, with how many there are (up to COUNT_LIMIT).

    Per kind: one query for the ids of at most COUNT_LIMIT + 1 matches, one that ranks the
    first GROUP_CANDIDATES of them and reads the best `size` (none when nothing matches),
    and two per link list (sites, places; search.links). When at most GROUP_CANDIDATES
    match, the group is exactly the best; beyond that it is the best of the first
    GROUP_CANDIDATES the indexes give, and the count says "more than" past COUNT_LIMIT.
    """
    engine = engine or search_engine()
    with _short_queries(engine):
        return [_group(kind, query=query, user=user, engine=engine, size=size) for kind in KINDS]


def _group(kind: Kind, *, query: Query, user, engine: str, size: int) -> Group:
    found = found_ids(kind=kind, query=query, user=user, engine=engine)
    rows = []
    if found.ids:
        candidates = found.ids[:GROUP_CANDIDATES]
        ranked = search_kind(kind=kind, query=query, user=user, engine=engine, ids=candidates)
        rows = add_links(kind, list(ranked[:size]), user=user, engine=engine)
    return Group(
        kind,
        rows,
        total=len(found.ids),
        exact=found.complete,
        ranked_all=found.complete and len(found.ids) <= GROUP_CANDIDATES,
    )


class _CountedPaginator(Paginator):
    """A paginator told its count (the ids were read already): it never counts again. Its
    pages are exact (the ranked matches); the group says when more match."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known = count

    @cached_property
    def count(self) -> int:
        return self._known


def search_page(*, kind: Kind, query: Query, user, number, engine: str | None = None):
    """(page, total, exact) of one kind's results, PAGE_SIZE a page: the first COUNT_LIMIT
    matches the indexes give, ranked, so the pages reach as far as the count goes. Two
    queries (the ids, the page's rows), plus the link lists (search.links)."""
    engine = engine or search_engine()
    with _short_queries(engine):
        found = found_ids(kind=kind, query=query, user=user, engine=engine)
        ranked = search_kind(kind=kind, query=query, user=user, engine=engine, ids=found.ids)
        total, exact = len(found.ids), found.complete
        paginator = _CountedPaginator(ranked, PAGE_SIZE, count=total)
        page = paginator.get_page(number)
        page.object_list = add_links(kind, list(page.object_list), user=user, engine=engine)
    return page, total, exact
