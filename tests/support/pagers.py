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
