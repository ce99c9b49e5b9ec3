"""Every main page in Portuguese and in French, as a browser set to the language sees it:
none of the English interface strings remain, and axe stays clean (issue 14).

The English strings looked for are the catalogue's own messages (locale/<lang>/…/django.po)
whose translation differs from the English: an interface element (a label, a button, a
heading, a link, a table heading, a badge) whose whole text is one of them, or a longer
message found anywhere in the page's text, is English left behind.
"""

import datetime
import re
from io import StringIO
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from delegations.models import Delegation
from demo.story.directory import USERS
from itinerary.models import Topic
from officials.models import Official
from partners.models import Organisation

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|<[^>]+>")
# Elements whose whole text is interface, never what people typed.
INTERFACE = (
    "label, button, th, legend, caption, summary, dt, h1, h2, h3, h4, h5, h6, option, "
    ".badge, .nav-link, .btn, .form-text, .invalid-feedback, .breadcrumb-item"
)


def english_left_behind(language: str) -> tuple[set[str], list[str]]:
    """(messages an element's whole text may not be, sentences the page may not hold)."""
    catalogue = polib.pofile(
        str(Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po")
    )
    whole, sentences = set(), []
    for entry in catalogue:
        if entry.obsolete or entry.msgid_plural or PLACEHOLDER.search(entry.msgid):
            continue
        english = " ".join(entry.msgid.split())
        if english.casefold() == " ".join(entry.msgstr.split()).casefold():
            continue  # the same in both languages ("Total", "Description", "PDF")
        whole.add(english)
        if len(english.split()) >= 4:
            sentences.append(english)
    return whole, sentences


def main_pages(language: str) -> list[tuple[str, str]]:
    delegation = Delegation.objects.get(
        programme__code="PHSS", start_date=datetime.date(2019, 7, 22)
    )
    official = Official.objects.filter(delegation_memberships__delegation=delegation).first()
    organisation = Organisation.objects.get(name="IOM Kenya")
    topic = Topic.objects.filter(itinerary_items__delegation=delegation).first()
    return [
        ("list", reverse("delegations:list")),
        ("delegation", reverse("delegations:detail", args=[delegation.pk])),
        ("itinerary", reverse("itinerary:itinerary", args=[delegation.pk])),
        ("item-form", reverse("itinerary:item-create", args=[delegation.pk])),
        # The report opens in the delegation's report language; the reader picks theirs.
        ("report", reverse("reports:report", args=[delegation.pk]) + f"?lang={language}"),
        ("review", reverse("reports:review", args=[delegation.pk])),
        ("dashboard", reverse("reports:dashboard")),
        ("search", reverse("search:results") + "?q=Mombasa"),
        ("topics", reverse("learning:topic-list")),
        ("topic", topic.get_absolute_url()),
        ("officials", reverse("officials:list")),
        ("official", reverse("officials:detail", args=[official.pk])),
        ("organisations", reverse("partners:organisation-list")),
        ("organisation", reverse("partners:organisation-detail", args=[organisation.pk])),
    ]


def english_on(page, whole: set[str], sentences: list[str]) -> list[str]:
    texts = page.locator(INTERFACE).evaluate_all(
        "els => els.filter(e => e.offsetParent !== null || e.tagName === 'OPTION')"
        ".map(e => e.innerText.replace(/\\s+/g, ' ').trim())"
    )
    found = sorted({text for text in texts if text in whole})
    body = " ".join(page.locator("body").inner_text().split())
    found += [sentence for sentence in sentences if sentence in body]
    return found


@pytest.mark.parametrize(("language", "switch"), [("pt", "PT Português"), ("fr", "FR Français")])
def test_every_main_page_reads_in_the_language_and_passes_axe(
    browser, live_server, language, switch, axe_violations_in
):
    call_command("load_demo", stdout=StringIO())
    whole, sentences = english_left_behind(language)
    staff = next(spec for spec in USERS if spec.key == "phss_staff")
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        locale=language,
        extra_http_headers={"Accept-Language": language},
        bypass_csp=True,
        reduced_motion="reduce",
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        # The log-in page follows the browser's language.
        page.goto(f"{live_server.url}{reverse('login')}")
        assert page.locator("html").get_attribute("lang") == language
        problems = {"login": english_on(page, whole, sentences)}
        axe = {"login": axe_violations_in(page)}
        page.locator("#id_username").fill(staff.email)
        page.locator("#id_password").fill(staff.password)
        page.locator("main form [type=submit]").click()
        page.wait_for_load_state()
        # The switch, used once, is remembered on the profile.
        page.get_by_role("button", name=switch).click()
        page.wait_for_load_state()
        for name, path in main_pages(language):
            page.goto(live_server.url + path)
            assert page.locator("html").get_attribute("lang") == language, name
            problems[name] = english_on(page, whole, sentences)
            axe[name] = axe_violations_in(page)
        assert {name: found for name, found in problems.items() if found} == {}
        assert {name: found for name, found in axe.items() if found} == {}
    finally:
        context.close()
