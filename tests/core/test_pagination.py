"""core.pagination: one page of one section, its own query parameter, links that keep the
other sections' pages, and any page value answered with a page (never 404 or 500); a list's
Django page turned into the same links, and the {% pager %} tag that renders them (the one
pager, templates/includes/pager.html); and core.sections handing the query string to the
sections registered as paged."""

import re

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.http import QueryDict
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from core.pagination import BoundedPaginator, page_links, page_number, paginate
from core.sections import SectionRegistry

ROWS = list(range(1, 8))  # 7 rows: pages of 3 are [1, 2, 3], [4, 5, 6], [7]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2", 2),
        ("3", 3),
        (None, 1),
        ("", 1),
        ("abc", 1),
        ("2.5", 1),
        ("0", 1),
        ("-4", 1),
        ("4", 3),
        ("99999999999999999999999", 3),
    ],
)
def test_page_number_is_always_a_page_that_exists(value, expected):
    assert page_number(value, num_pages=3) == expected


def test_paginate_reads_its_own_parameter_and_counts_every_row():
    page = paginate(
        ROWS, params=QueryDict("items_page=2&other_page=3"), param="items_page", per_page=3
    )

    assert page.rows == [4, 5, 6]
    assert (page.count, page.number, page.num_pages) == (7, 2, 3)
    assert page.has_other_pages


def test_paginate_links_keep_the_other_parameters_and_land_on_the_section():
    params = QueryDict("q=police&other_page=3&items_page=2")

    page = paginate(ROWS, params=params, param="items_page", per_page=3, anchor="items-heading")

    assert page.next_url == "?q=police&other_page=3&items_page=3#items-heading"
    assert page.last_url == page.next_url
    assert page.previous_url == "?q=police&other_page=3#items-heading"
    assert page.first_url == page.previous_url
    assert params.urlencode() == "q=police&other_page=3&items_page=2"  # left as it was


def test_paginate_without_parameters_shows_the_first_page_and_no_backward_links():
    page = paginate(ROWS, params=None, param="items_page", per_page=3)

    assert page.rows == [1, 2, 3]
    assert (page.first_url, page.previous_url) == ("", "")
    assert (page.next_url, page.last_url) == ("?items_page=2", "?items_page=3")


def test_paginate_of_one_page_or_none_has_no_pager():
    single = paginate(ROWS, params=QueryDict("items_page=5"), param="items_page", per_page=10)
    empty = paginate([], params=QueryDict("items_page=5"), param="items_page", per_page=10)

    assert (single.rows, single.number, single.has_other_pages) == (ROWS, 1, False)
    assert (single.next_url, single.previous_url) == ("", "")
    assert (empty.rows, empty.count, empty.num_pages, empty.has_other_pages) == ([], 0, 1, False)


def test_page_links_of_a_list_keep_every_filter_and_drop_the_page_for_the_first():
    page = Paginator(ROWS, 3).page(2)
    params = QueryDict("status=draft&status=planned&q=police&page=2")

    pager = page_links(page, params=params)

    assert (pager.rows, pager.count, pager.number, pager.num_pages) == ([4, 5, 6], 7, 2, 3)
    assert pager.next_url == "?status=draft&status=planned&q=police&page=3"
    assert pager.last_url == pager.next_url
    assert pager.previous_url == "?status=draft&status=planned&q=police"
    assert pager.first_url == pager.previous_url


def test_page_links_use_their_own_parameter_and_anchor():
    page = Paginator(ROWS, 3).page(1)

    pager = page_links(
        page, params=QueryDict("page=4&results_page=1"), param="results_page", anchor="results"
    )

    assert (pager.first_url, pager.previous_url) == ("", "")
    assert pager.next_url == "?page=4&results_page=2#results"
    assert pager.last_url == "?page=4&results_page=3#results"


def test_page_links_match_what_paginate_gives_a_section():
    params = QueryDict("q=police&items_page=2")

    section = paginate(ROWS, params=params, param="items_page", per_page=3, anchor="items")
    listed = page_links(
        Paginator(ROWS, 3).page(2), params=params, param="items_page", anchor="items"
    )

    assert listed == section


def render_pager(page, query: str = "", arguments: str = 'label="Pages of things"') -> str:
    request = RequestFactory().get(f"/things/?{query}")
    template = Template("{% load pager %}{% pager page_obj " + arguments + " %}")
    return template.render(Context({"page_obj": page, "request": request})).strip()


def test_the_pager_tag_links_the_pages_with_the_request_s_other_parameters():
    html = render_pager(Paginator(ROWS, 3).page(2), "q=police&sort=title&page=2")

    assert '<nav aria-label="Pages of things">' in html
    assert '<a class="page-link" href="?q=police&amp;sort=title">First</a>' in html
    assert 'href="?q=police&amp;sort=title" rel="prev">Previous</a>' in html
    assert 'href="?q=police&amp;sort=title&amp;page=3" rel="next">Next</a>' in html
    assert '<a class="page-link" href="?q=police&amp;sort=title&amp;page=3">Last</a>' in html
    assert re.search(r'aria-current="page">\s*<span class="page-link">Page 2 of 3</span>', html)
    assert "pagination-sm" not in html  # a list's pager is full size; a section's is small


def test_the_pager_tag_takes_its_parameter_anchor_and_link_texts():
    html = render_pager(
        Paginator(ROWS, 3).page(1),
        "history_page=1&tab=all",
        'label="Pages of the history" param="history_page" anchor="top" '
        'first="Newest" previous="Newer" next="Older" last="Oldest"',
    )

    assert '<span class="page-link">Newer</span>' in html  # nothing newer: not a link
    assert "Newest" not in html
    assert 'href="?tab=all&amp;history_page=2#top" rel="next">Older</a>' in html
    assert 'href="?tab=all&amp;history_page=3#top">Oldest</a>' in html


@pytest.mark.parametrize("rows", [ROWS[:3], []])
def test_the_pager_tag_renders_nothing_for_one_page(rows):
    assert render_pager(Paginator(rows, 3).page(1), "q=police") == ""
    assert render_pager(None) == ""


def test_a_paged_section_gets_the_query_string_and_the_others_keep_their_signature():
    registry = SectionRegistry("page")
    registry.register("plain.html", order=10, context=lambda obj, *, user: {"obj": obj})
    registry.register(
        "paged.html",
        order=20,
        context=lambda obj, *, user, params: {"page": params.get("items_page")},
        paged=True,
    )

    bound = registry.bind(21, user="ana", params=QueryDict("items_page=2"))

    assert [(section.template_name, section.data) for section in bound] == [
        ("plain.html", {"obj": 21}),
        ("paged.html", {"page": "2"}),
    ]


# --- A list that never counts the whole table --------------------------------------------------


class SmallBoundedPaginator(BoundedPaginator):
    count_limit = 4  # rows counted past the page asked for (two pages of 2)


def test_bounded_paginator_counts_exactly_when_the_rows_end_before_the_limit():
    paginator = SmallBoundedPaginator(ROWS[:5], 2)

    page = paginator.page(1)

    assert (paginator.count, paginator.num_pages, paginator.count_exact) == (5, 3, True)
    assert page_links(page, params=QueryDict("")).last_url == "?page=3"


def test_bounded_paginator_stops_counting_past_the_limit_and_drops_the_last_link():
    paginator = SmallBoundedPaginator(list(range(100)), 2)

    page = paginator.page(2)

    # Page 2 and two pages beyond it counted: "more than 4 pages", Next but no Last.
    assert (paginator.count, paginator.num_pages, paginator.count_exact) == (8, 4, False)
    pager = page_links(page, params=QueryDict("q=police&page=2"))
    assert (pager.count_exact, pager.next_url, pager.last_url) == (False, "?q=police&page=3", "")
    html = render_pager(page, "q=police&page=2")
    assert re.search(r'<span class="page-link">Page 2 of more than 4</span>', html)
    assert 'rel="next">Next</a>' in html and ">Last</a>" not in html


def test_bounded_paginator_counts_far_enough_for_a_deep_page():
    paginator = SmallBoundedPaginator(list(range(100)), 2)

    page = paginator.page(30)

    assert page.object_list == [58, 59]
    assert (paginator.num_pages, paginator.count_exact) == (32, False)


def test_bounded_paginator_s_count_reads_a_limited_subquery(db):
    paginator = SmallBoundedPaginator(User.objects.order_by("pk"), 2)
    with CaptureQueriesContext(connection) as captured:
        paginator.page(1)

    count_sql = captured.captured_queries[0]["sql"]
    assert "COUNT(*)" in count_sql and "LIMIT 7" in count_sql  # (1 + 2) pages of 2, plus one
    assert paginator.count_exact
