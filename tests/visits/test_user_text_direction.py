"""Names and quotes in a script that reads right to left stay whole inside English
sentences: every page that prints them isolates them (<bdi>, or an element with `dir`)."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from core.services import stamp
from delegations.services import delegation_update
from learning.enums import HighlightKind
from officials.services import official_save
from partners.services import organisation_save
from tests.factories.accounts import UserFactory
from tests.factories.delegations import DelegationFactory, DelegationMemberFactory
from tests.factories.itinerary import CounterpartFactory, ItineraryItemFactory
from tests.factories.learning import HighlightFactory
from tests.factories.officials import OfficialFactory

NAME = "محمد علي"
QUOTE = "الشباب هم أول المستجيبين"
# In the history: who saved, a value changed, the reason given, an organisation's name.
AUTHOR = "דוד כהן"
POSITION = "ראש מחלקת ההגירה"
REASON = "תיקון לפי בקשת המשרד"
ORGANISATION = "وزارة الداخلية"
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
    official = OfficialFactory(full_name=NAME, honorific="", organisation__name=ORGANISATION)
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
    # The <title> is text only. The change history is in (the delegation page's section).
    body = html[html.index("<main") :]

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


@pytest.fixture
def edited(delegation, staff_user):
    """Edits by someone whose name reads right to left, with a reason, that change the
    person's position and the organisation, so that the history lines print all of it."""
    author = UserFactory(full_name=AUTHOR)
    official = delegation.members.get().official
    official.position = POSITION
    stamp(official, author, REASON)
    official_save(official=official, actor=author)
    organisation = official.organisation
    organisation.acronym = "MOI"
    stamp(organisation, author, REASON)
    organisation_save(organisation=organisation, actor=author)
    delegation_update(delegation=delegation, actor=author, data={"purpose": POSITION})
    return delegation


def _history_lines(html: str, start: str) -> str:
    """The history's own lines: from its container to the end of the main content."""
    body = html[html.index("<main") :]
    return body[body.index(start) : body.index("</main>")]


@pytest.mark.parametrize(
    ("page", "start", "texts"),
    [
        ("delegation-history", '<ol class="list-group', (NAME, AUTHOR, POSITION)),
        ("delegation-page", 'id="history"', (AUTHOR, POSITION)),
        ("official", 'id="entry-history"', (NAME, AUTHOR, POSITION, REASON)),
        ("organisation", 'id="entry-history"', (ORGANISATION, AUTHOR, REASON)),
    ],
)
def test_history_lines_isolate_names_and_values(staff_client, edited, page, start, texts):
    official = edited.members.get().official
    url = {
        "delegation-history": reverse("timeline:delegation-history", args=[edited.pk]),
        # The page's history section, which the page loads after itself (deferred).
        "delegation-page": reverse("timeline:history-section", args=[edited.pk]),
        "official": reverse("officials:detail", args=[official.pk]),
        "organisation": reverse("partners:organisation-detail", args=[official.organisation_id]),
    }[page]
    lines = _history_lines(staff_client.get(url).content.decode(), start)

    for text in texts:
        found = isolations(lines, text)
        assert found and all(found), text


def test_the_admin_history_isolates_names_and_values(admin_client, edited):
    official = edited.members.get().official
    html = admin_client.get(
        reverse("admin:officials_official_history", args=[official.pk])
    ).content.decode()
    start = html.index('id="change-history"')
    table = html[start : html.index("</table>", start)]

    for text in (NAME, AUTHOR, POSITION, REASON):
        found = isolations(table, text)
        assert found and all(found), text


def test_the_person_page_isolates_what_they_took_part_in(staff_client, delegation):
    member = delegation.members.get()
    member.position = POSITION
    member.save()
    html = staff_client.get(reverse("officials:detail", args=[member.official_id])).content
    lines = _history_lines(html.decode(), 'id="delegations-heading"')

    found = isolations(lines, POSITION)
    assert found and all(found)
