"""core.pagination: one page of one section, its own query parameter, links that keep the
other sections' pages, and any page value answered with a page (never 404 or 500); and
core.sections handing the query string to the sections registered as paged."""

import pytest
from django.http import QueryDict

from core.pagination import page_number, paginate
from core.sections import BoundSection, SectionRegistry

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

    assert bound == [
        BoundSection("plain.html", {"obj": 21}),
        BoundSection("paged.html", {"page": "2"}),
    ]
