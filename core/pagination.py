"""Pages of a list, and of one section of a page that shows several (a topic's lessons,
meetings, delegations and follow-ups; an organisation's or a person's history).

Every pager of the site is `templates/includes/pager.html`, fed a `SectionPage`: a section
builds one with `paginate`, a list view's Django page becomes one through `page_links`
(the `{% pager %}` tag of core.templatetags.pager does that from the template).

Each section reads its own page number from its own query parameter
(`?delegations_page=2&items_page=3`), so paging one section keeps the others where they
were. A number out of range shows the nearest page (the last, or the first), anything that
is not a number the first: an old or hand-edited link never answers 404 or 500.

Paging costs two queries per section (the count and the page's rows) whatever the page
number and the number of rows.

A list that may grow without end (delegations, officials, organisations) pages with
`BoundedPaginator`: its count reads at most COUNT_LIMIT rows past the page asked for, never
the whole table; beyond that the pager says "more than" and has no "Last" link.
"""

from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.functional import cached_property


@dataclass(frozen=True)
class SectionPage:
    """One page of a section's rows, the section's total and its pager's links ("" where
    there is no such page)."""

    rows: list
    count: int
    number: int
    num_pages: int
    param: str
    first_url: str = ""
    previous_url: str = ""
    next_url: str = ""
    last_url: str = ""
    count_exact: bool = True  # False: `count` and `num_pages` are lower bounds ("more than")

    @property
    def has_other_pages(self) -> bool:
        return self.num_pages > 1


MAX_PAGE = 1_000_000  # a page number past this counts no further (a bigger LIMIT would overflow)
COUNT_LIMIT = 1000  # rows a list counts past the page it shows before it says "more than"


class BoundedPaginator(Paginator):
    """A paginator that never counts the whole table.

    Its count reads at most `COUNT_LIMIT` rows past the page asked for (`SELECT count(*)
    FROM (... LIMIT n)`), so its cost does not grow with the table. When more rows are
    there, `count_exact` is False and `count` / `num_pages` are what was counted: the pager
    says "more than", offers Next but no Last. A page number past the end is still an
    EmptyPage (the list view answers 404), as with Django's paginator.

    Three queries a page: the bounded count, the page's ids, its rows.
    """

    count_limit = COUNT_LIMIT

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._wanted = 1

    def validate_number(self, number):
        # Count far enough to hold the page asked for (and `count_limit` rows beyond it).
        with suppress(TypeError, ValueError):
            self._wanted = min(max(int(number), 1), MAX_PAGE)
        return super().validate_number(number)

    def page(self, number):
        """The page's rows in two steps when they come from the database: first their ids
        (narrow rows, which the database orders and skips cheaply, from an index where one
        matches), then those rows in full. Sorting and skipping whole wide rows is what made
        deep pages slow."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = self.object_list
        if not hasattr(rows, "query"):
            return self._get_page(rows[bottom : bottom + self.per_page], number, self)
        ids = list(rows.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        found = {row.pk: row for row in rows.order_by().filter(pk__in=ids)} if ids else {}
        return self._get_page([found[pk] for pk in ids if pk in found], number, self)

    @cached_property
    def _counted(self) -> tuple[int, bool]:
        # Whole pages, so that "more than `num_pages` pages" holds when the limit is hit.
        beyond = -(-self.count_limit // self.per_page)
        limit = (self._wanted + beyond) * self.per_page
        if hasattr(self.object_list, "query"):
            # Unordered: the database stops at the limit without sorting anything.
            counted = self.object_list.order_by()[: limit + 1].count()
        else:
            counted = min(len(self.object_list), limit + 1)
        return (counted, True) if counted <= limit else (limit, False)

    @cached_property
    def count(self) -> int:
        return self._counted[0]

    @property
    def count_exact(self) -> bool:
        return self._counted[1]


def page_number(value, *, num_pages: int) -> int:
    """The page a query-string value asks for, within 1..num_pages (1 when not a number)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), num_pages)


def paginate(
    rows: QuerySet | Sequence,
    *,
    params: Mapping[str, str] | None,
    param: str,
    per_page: int,
    anchor: str = "",
) -> SectionPage:
    """The page of `rows` (an ordered queryset, or a list) that `params[param]` asks for, its rows
    read. Links keep every other parameter of `params` and end in `#anchor`."""
    paginator = Paginator(rows, per_page)
    number = page_number((params or {}).get(param), num_pages=paginator.num_pages)
    return page_links(paginator.page(number), params=params, param=param, anchor=anchor)


def page_links(
    page: Page, *, params: Mapping[str, str] | None, param: str = "page", anchor: str = ""
) -> SectionPage:
    """A Django page as a `SectionPage`: its rows, numbers and links. A link keeps every
    parameter of `params` (the request's GET: filters, search words, other sections' pages)
    but `param`, which it sets to its page (left out for the first), and ends in `#anchor`."""
    number = page.number
    last = page.paginator.num_pages
    exact = getattr(page.paginator, "count_exact", True)

    def url(to: int) -> str:
        query = QueryDict(mutable=True)
        if params:
            query.update(params)
        query.pop(param, None)
        if to > 1:
            query[param] = str(to)
        fragment = f"#{anchor}" if anchor else ""
        return f"?{query.urlencode()}{fragment}"

    return SectionPage(
        rows=list(page.object_list),
        count=page.paginator.count,
        number=number,
        num_pages=last,
        param=param,
        first_url=url(1) if number > 1 else "",
        previous_url=url(number - 1) if number > 1 else "",
        next_url=url(number + 1) if number < last else "",
        last_url=url(last) if number < last and exact else "",
        count_exact=exact,
    )
