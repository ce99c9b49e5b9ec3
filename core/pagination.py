"""Pages of one section of a page that shows several (a topic's lessons, meetings,
delegations and follow-ups; an organisation's or a person's history).

Each section reads its own page number from its own query parameter
(`?delegations_page=2&items_page=3`), so paging one section keeps the others where they
were. A number out of range shows the nearest page (the last, or the first), anything that
is not a number the first: an old or hand-edited link never answers 404 or 500.

Paging costs two queries per section (the count and the page's rows) whatever the page
number and the number of rows. The pager is `templates/includes/section_pager.html`.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.paginator import Paginator
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
    page = paginator.page(number)
    last = paginator.num_pages

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
        count=paginator.count,
        number=number,
        num_pages=last,
        param=param,
        first_url=url(1) if number > 1 else "",
        previous_url=url(number - 1) if number > 1 else "",
        next_url=url(number + 1) if number < last else "",
        last_url=url(last) if number < last else "",
    )
