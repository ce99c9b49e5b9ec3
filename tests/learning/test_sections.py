"""The delegation page's sections (core.sections, registered by reports and by
learning/sections.py, itinerary/sections.py, timeline/sections.py): on the page in their
order, and each named one answering alone."""

import pytest
from django.urls import reverse

from delegations.selectors import delegation_sections
from tests.factories.delegations import DelegationFactory
from tests.support.responses import HTMX, text

NAMED = [section for section in delegation_sections if section.name]


@pytest.fixture
def delegation(programme):
    return DelegationFactory(programme=programme)


def test_the_delegation_page_includes_every_section_in_its_order(staff_client, delegation):
    response = staff_client.get(reverse("delegations:detail", args=[delegation.pk]))

    bound = response.context["sections"]
    assert [section.template_name for section in bound] == [
        "reports/includes/report_section.html",
        "learning/includes/copy_section.html",  # staff may copy the visit (issue 12)
        "delegations/includes/team_section.html",
        "learning/includes/objectives_section.html",
        "itinerary/includes/itinerary_section.html",
        "learning/includes/highlights_section.html",
        "learning/includes/followups_section.html",
        "learning/includes/attachments_section.html",
        "timeline/includes/history_section.html",
    ]
    body = text(response)
    anchors = [body.index(f'id="{section.anchor}"') for section in NAMED]
    assert anchors == sorted(anchors)


@pytest.mark.parametrize("section", NAMED, ids=lambda section: section.name)
def test_a_named_section_answers_alone_at_its_url(staff_client, delegation, section):
    fragment = staff_client.get(section.url(delegation), headers=HTMX)
    page = staff_client.get(section.url(delegation))

    assert "<html" not in text(fragment)
    assert text(fragment).lstrip().startswith(f'<section id="{section.anchor}"')
    assert f'id="{section.anchor}"' in text(page) and "<html" in text(page)
    assert f"<title>{section.title}" in text(page)


def test_the_named_sections_are_the_ones_edited_in_place_and_the_history():
    assert [section.name for section in NAMED] == [
        "objectives",
        "highlights",
        "followups",
        "attachments",
        "history",
    ]
    # The views' URLs are named after the section (learning.views.sections._section_url),
    # in the namespace of the app that owns it.
    assert {section.name: section.url_name for section in NAMED} == {
        "objectives": "learning:objectives-section",
        "highlights": "learning:highlights-section",
        "followups": "learning:followups-section",
        "attachments": "learning:attachments-section",
        "history": "timeline:history-section",
    }
