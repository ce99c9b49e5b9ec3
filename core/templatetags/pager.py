"""`{% pager page_obj label=_("Pages of officials") %}`: the pager of a paginated list.

It turns the Django page into links (core.pagination.page_links) that keep the request's
other GET parameters (filters, search words) and renders `templates/includes/pager.html`;
nothing when there is one page. Optional: `param` (the page's query parameter, "page"),
`anchor` (where a link lands), and the texts of the links `first`, `previous`, `next` and
`last` (the history pages "Newer" and "Older").
"""

from django import template
from django.core.paginator import Page

from core.pagination import page_links

register = template.Library()


@register.inclusion_tag("includes/pager.html", takes_context=True)
def pager(
    context,
    page: Page | None,
    *,
    label: str,
    param: str = "page",
    anchor: str = "",
    first: str = "",
    previous: str = "",
    next: str = "",  # the name the template gives the link
    last: str = "",
) -> dict:
    if page is None or not page.has_other_pages():
        return {}
    request = context.get("request")
    return {
        "pager": page_links(
            page, params=request.GET if request else None, param=param, anchor=anchor
        ),
        "label": label,
        "standalone": True,
        "first_text": first,
        "previous_text": previous,
        "next_text": next,
        "last_text": last,
    }
