"""Reading a page that shows several sections, each with its own pager
(templates/includes/pager.html): one section's markup, a pager's links."""

import html as html_lib
import re
from typing import NamedTuple
from urllib.parse import parse_qsl, urlsplit


class PagedSection(NamedTuple):
    """One paged section of a page, as a test reads it."""

    param: str  # its page parameter
    heading_id: str
    row: str  # a row's text, by year
    total: str  # its count line
    label: str  # the pager's name


NAV = re.compile(r'<nav aria-label="(?P<label>[^"]+)">(?P<body>.*?)</nav>', re.S)
LINK = re.compile(r'<a class="page-link" href="(?P<href>[^"]*)"[^>]*>(?P<text>[^<]+)</a>')


def section_of(html: str, heading_id: str) -> str:
    """The markup of the <section> labelled by the heading `heading_id`."""
    match = re.search(
        rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', html, flags=re.S
    )
    assert match, f"no section labelled by #{heading_id}"
    return match.group(0)


def pager_of(html: str, label: str) -> str:
    """The markup of the pager named `label` (its aria-label); "" when there is none."""
    for match in NAV.finditer(html):
        if html_lib.unescape(match.group("label")) == label:
            return match.group("body")
    return ""


def pager_link(html: str, label: str, text: str) -> tuple[dict[str, str], str]:
    """The query (as a dict) and the fragment of the link `text` ("Next", "Previous",
    "First", "Last") in the pager named `label`."""
    for match in LINK.finditer(pager_of(html, label)):
        if match.group("text").strip() == text:
            href = urlsplit(html_lib.unescape(match.group("href")))
            return dict(parse_qsl(href.query, keep_blank_values=True)), href.fragment
    raise AssertionError(f"no {text!r} link in the pager {label!r}")


# The paged-section tests give each section one row a year, two rows a page.
YEARS = (2017, 2018, 2019)
NEWEST, OLDEST = [2019, 2018], [2017]


def years_in(html: str, section: PagedSection) -> list[int]:
    """The years whose rows the section shows, in the order it shows them."""
    part = section_of(html, section.heading_id)
    shown = [year for year in YEARS if section.row.format(year) in part]
    return sorted(shown, key=lambda year: part.index(section.row.format(year)))


def assert_pages_of(section: PagedSection, first: str, second: str, sections) -> None:
    """`first` and `second` are the page without and with `?<section.param>=2`: page 1 of
    the section shows the newest rows, page 2 the rest, each with the section's count and
    "Page N of 2"; every other section stays on its first page."""
    assert years_in(first, section) == NEWEST
    assert years_in(second, section) == OLDEST
    for html, number in ((first, 1), (second, 2)):
        assert section.total in section_of(html, section.heading_id)
        assert f"Page {number} of 2" in pager_of(html, section.label)
    others = [other for other in sections if other is not section]
    assert all(years_in(second, other) == NEWEST for other in others)
