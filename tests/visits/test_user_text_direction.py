"""Names and quotes in a script that reads right to left stay whole inside English
sentences: every page that prints them isolates them (<bdi> or dir="auto")."""

import pytest
from django.urls import reverse

from learning.enums import HighlightKind
from tests.factories.delegations import DelegationFactory, DelegationMemberFactory
from tests.factories.itinerary import CounterpartFactory, ItineraryItemFactory
from tests.factories.learning import HighlightFactory
from tests.factories.officials import OfficialFactory

NAME = "محمد علي"
QUOTE = "الشباب هم أول المستجيبين"


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


@pytest.mark.parametrize(
    ("url_name", "query"),
    [
        ("delegations:detail", ""),
        ("itinerary:itinerary", ""),
        ("visits:today", "?day=2019-07-22"),
        ("reports:report", ""),
    ],
)
def test_names_are_isolated_on_the_delegations_pages(staff_client, delegation, url_name, query):
    body = staff_client.get(reverse(url_name, args=[delegation.pk]) + query).content.decode()

    assert (
        f"<bdi>{NAME}</bdi>" in body or f'<bdi class="fw-semibold text-body">{NAME}</bdi>' in body
    )


@pytest.mark.parametrize(
    ("url_name", "query", "isolated"),
    [
        ("delegations:detail", "", f"“<bdi>{QUOTE}</bdi>”"),
        ("visits:today", "?day=2019-07-22", f'<p class="mb-0" dir="auto">{QUOTE}</p>'),
        ("reports:report", "", '<blockquote class="mb-1" dir="auto">'),
    ],
)
def test_quotes_are_isolated(staff_client, delegation, url_name, query, isolated):
    body = staff_client.get(reverse(url_name, args=[delegation.pk]) + query).content.decode()

    assert isolated in body


def test_names_are_isolated_in_the_directory(staff_client, delegation):
    body = staff_client.get(reverse("officials:list")).content.decode()

    assert f"<bdi>{NAME}</bdi>" in body
