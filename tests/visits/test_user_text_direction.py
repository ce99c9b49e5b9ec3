"""Names and quotes in a script that reads right to left stay whole inside English
sentences: every page that prints them isolates them (<bdi>, or an element with `dir`)."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from learning.enums import HighlightKind
from tests.factories.delegations import DelegationFactory, DelegationMemberFactory
from tests.factories.itinerary import CounterpartFactory, ItineraryItemFactory
from tests.factories.learning import HighlightFactory
from tests.factories.officials import OfficialFactory

NAME = "محمد علي"
QUOTE = "الشباب هم أول المستجيبين"
VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Isolation(HTMLParser):
    """For each time `text` occurs in the page: is it inside a <bdi> or an element with
    a `dir` attribute? Text only screen readers hear (`visually-hidden`) is never laid
    out, so it counts as isolated."""

    def __init__(self, text: str):
        super().__init__()
        self.text, self.stack, self.found = text, [], []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            hidden = "visually-hidden" in (dict(attrs).get("class") or "")
            self.stack.append(tag == "bdi" or hidden or any(name == "dir" for name, _ in attrs))

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.text in data:
            self.found.append(any(self.stack))


def isolations(body: str, text: str) -> list[bool]:
    parser = Isolation(text)
    parser.feed(body)
    return parser.found


@pytest.fixture
def delegation(programme, nairobi):
    delegation = DelegationFactory(programme=programme)
    official = OfficialFactory(full_name=NAME, honorific="")
    DelegationMemberFactory(delegation=delegation, official=official)
    item = ItineraryItemFactory(delegation=delegation, place=nairobi)
    CounterpartFactory(item=item, official=official)
    HighlightFactory(
        delegation=delegation, item=item, kind=HighlightKind.QUOTE, text=QUOTE, speaker=official
    )
    return delegation


PAGES = [
    ("delegations:detail", ""),
    ("itinerary:itinerary", ""),
    ("visits:today", "?day=2019-07-22"),
    ("reports:report", ""),
]


@pytest.mark.parametrize(("url_name", "query"), PAGES)
def test_names_and_quotes_are_isolated_wherever_shown(staff_client, delegation, url_name, query):
    html = staff_client.get(reverse(url_name, args=[delegation.pk]) + query).content.decode()
    # The <title> is text only; the change history (its own section, timeline's) names
    # records as they print themselves and is left out here.
    body = html[html.index("<main") :]
    if 'id="history"' in body:
        body = body[: body.index('id="history"')]

    names, quotes = isolations(body, NAME), isolations(body, QUOTE)
    assert names and all(names)
    if url_name != "itinerary:itinerary":  # the itinerary shows no highlights
        assert quotes and all(quotes)


def test_names_are_isolated_in_the_directory(staff_client, delegation):
    html = staff_client.get(reverse("officials:list")).content.decode()

    assert all(isolations(html[html.index("<main") :], NAME))


def test_isolation_is_told_apart_from_plain_text():
    assert isolations(f"<p>Met {NAME} today</p>", NAME) == [False]
    assert isolations(f"<p>Met <bdi>{NAME}</bdi></p><td dir='auto'>{NAME}</td>", NAME) == [
        True,
        True,
    ]
