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
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import QueryDict


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

    @property
    def has_other_pages(self) -> bool:
        return self.num_pages > 1


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
        last_url=url(last) if number < last else "",
    )
