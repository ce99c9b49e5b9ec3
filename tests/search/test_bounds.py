"""The search's cost is bounded by what it shows (search.selectors: COUNT_LIMIT,
GROUP_CANDIDATES): counts stop at the bound and the page says "more than"; the top of a
group is the best when few match, exact matches come before typo matches when many do; the
page makes as many queries past the bounds as below them. The bounds are lowered here so
that a few rows reach them."""

import re
from itertools import count

import pytest
from django.urls import reverse

from search import selectors
from search.links import LINKS_SHOWN
from search.selectors import KINDS_BY_KEY, PORTABLE, POSTGRESQL, found_ids, search_groups
from search.text import parse_query
from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import ItineraryItemFactory, SiteFactory
from tests.factories.learning import FollowUpFactory, HighlightFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import OrganisationFactory
from tests.factories.places import PlaceFactory
from tests.support.queries import queries_for

URL = reverse("search:results")


@pytest.fixture
def bounds(monkeypatch):
    def lower(*, count_limit: int, candidates: int) -> None:
        monkeypatch.setattr(selectors, "COUNT_LIMIT", count_limit)
        monkeypatch.setattr(selectors, "GROUP_CANDIDATES", candidates)

    return lower


def officials_group(response) -> dict:
    return next(group for group in response.context["groups"] if group["kind"].key == "officials")


def test_counts_stop_at_the_bound_and_the_page_says_more_than(staff_client, bounds):
    bounds(count_limit=3, candidates=3)
    for number in range(5):
        OfficialFactory(full_name=f"Wanjiru Kamau {number}")
    # Counted exactly beside the bounded officials: the heading says the bound, not 3 + 1.
    OrganisationFactory(name="Wanjiru Women Group")

    everything = staff_client.get(URL, {"q": "wanjiru"})
    only = staff_client.get(URL, {"q": "wanjiru", "type": "officials"})

    group = officials_group(everything)
    assert (group["total"], group["exact"], len(group["hits"])) == (3, False, 3)
    assert [(g["kind"].key, g["total"], g["exact"]) for g in everything.context["groups"]] == [
        ("officials", 3, False),
        ("organisations", 1, True),
    ]
    html = everything.content.decode()
    assert "More than 3 results for “wanjiru”" in html
    assert '<span class="badge text-bg-secondary">more than 3</span>' in html
    assert "More than 3 officials match." in html
    assert "Add a word to narrow the search." in html
    # One kind, page by page: the first COUNT_LIMIT matches, ranked.
    assert officials_group(only)["total"] == 3
    assert len(only.context["page_obj"].object_list) == 3
    assert "More than 3 officials match. These pages rank the first 3 found." in " ".join(
        only.content.decode().split()
    )


def test_counts_under_the_bound_are_exact_and_say_nothing_more(staff_client, bounds):
    bounds(count_limit=5, candidates=5)
    for number in range(5):
        OfficialFactory(full_name=f"Wanjiru Kamau {number}")

    response = staff_client.get(URL, {"q": "wanjiru"})

    group = officials_group(response)
    assert (group["total"], group["exact"]) == (5, True)
    html = response.content.decode()
    assert "5 results for “wanjiru”" in html
    assert "more than" not in html.lower()
    assert "Add a word to narrow the search." not in html


def test_when_few_match_the_best_comes_first_whatever_was_stored_first(staff_client, bounds):
    bounds(count_limit=10, candidates=3)
    OfficialFactory(full_name="Achieng Odhiambo")
    OfficialFactory(full_name="Odhiambo Nyanza")
    best = OfficialFactory(full_name="Achieng Odhiambo Nyanza")  # all three words

    response = staff_client.get(URL, {"q": "Nyanza Achieng Odhiambo"})

    group = officials_group(response)
    assert group["total"] == 3
    assert re.sub(r"</?mark>", "", str(group["hits"][0].title)) == best.display_name
    assert "best of the first" not in response.content.decode()


def test_past_the_candidates_the_group_says_it_ranked_only_the_first_found(staff_client, bounds):
    bounds(count_limit=10, candidates=2)
    OfficialFactory(full_name="Achieng Odhiambo")
    OfficialFactory(full_name="Odhiambo Nyanza")
    OfficialFactory(full_name="Achieng Odhiambo Nyanza")

    response = staff_client.get(URL, {"q": "Nyanza Achieng Odhiambo"})

    group = officials_group(response)
    assert (group["total"], group["exact"], group["ranked_all"]) == (3, True, False)
    assert len(group["hits"]) == 2
    assert "These are the best of the first 2 found." in response.content.decode()


def test_exact_matches_are_the_candidates_before_typo_matches(administrator, bounds):
    """Storage order alone would put the typo match first; the exact one wins the only
    place (PostgreSQL: typos are matched by trigrams, exact words by text)."""
    bounds(count_limit=1, candidates=1)
    typo = OfficialFactory(full_name="Zawadi Mapurre")
    exact = OfficialFactory(full_name="Zawadi Mapure")
    officials = KINDS_BY_KEY["officials"]
    query = parse_query("mapure")

    found = found_ids(kind=officials, query=query, user=administrator, engine=POSTGRESQL)
    groups = {g.kind.key: g for g in search_groups(query=query, user=administrator)}

    assert (found.ids, found.complete) == ([exact.pk], False)
    assert typo.pk not in found.ids
    assert groups["officials"].objects == [exact]
    assert (groups["officials"].total, groups["officials"].exact) == (1, False)


def test_typo_matches_are_bounded_apart_and_the_page_says_more_than(
    staff_client, bounds, monkeypatch
):
    bounds(count_limit=10, candidates=10)
    monkeypatch.setattr(selectors, "FUZZY_LIMIT", 2)
    OfficialFactory(full_name="Zawadi Mapure")
    for letters in ("Mapurre", "Mapuure", "Mmapure"):
        OfficialFactory(full_name=f"Zawadi {letters}")

    response = staff_client.get(URL, {"q": "mapure"})

    group = officials_group(response)
    assert (group["total"], group["exact"], len(group["hits"])) == (3, False, 3)
    assert "More than 3 officials match." in response.content.decode()


@pytest.mark.parametrize("engine", [POSTGRESQL, PORTABLE])
def test_a_place_links_its_latest_delegations_and_items_in_scope(
    staff_user, programme, other_programme, engine
):
    place = PlaceFactory(name="Mombasa Island")
    delegations = []
    for day in range(1, 6):
        delegation = DelegationFactory(
            programme=programme,
            title=f"Mombasa visit {day}",
            start_date=f"2021-03-{day:02}",
            end_date=f"2021-03-{day:02}",
        )
        delegation.destinations.add(place)
        delegations.append(delegation)
        ItineraryItemFactory(delegation=delegation, place=place, title=f"Port call {day}")
    theirs = DelegationFactory(
        programme=other_programme, start_date="2021-04-01", end_date="2021-04-01"
    )
    theirs.destinations.add(place)
    ItineraryItemFactory(delegation=theirs, place=place, title="Their port call")

    group = next(
        g
        for g in search_groups(query=parse_query("mombasa island"), user=staff_user, engine=engine)
        if g.kind.key == "places"
    )

    found = group.objects[0]
    assert found.delegations_in_scope == delegations[::-1][:LINKS_SHOWN]
    assert [item.title for item in found.items_in_scope] == [
        "Port call 5",
        "Port call 4",
        "Port call 3",
    ]


def add_kisumu_rows(programme):
    numbers = count()

    def add_rows(n):
        for _ in range(n):
            number = next(numbers)
            place = PlaceFactory(name=f"Kisumu {number}")
            delegation = DelegationFactory(programme=programme, title=f"Kisumu visit {number}")
            delegation.destinations.add(place)
            organisation = OrganisationFactory(name=f"Kisumu Office {number}")
            site = SiteFactory(
                name=f"Kisumu School {number}", place=place, organisation=organisation
            )
            item = ItineraryItemFactory(
                delegation=delegation, title=f"Kisumu meeting {number}", site=site, place=place
            )
            OfficialFactory(full_name=f"Kisumu Person {number}", organisation=organisation)
            HighlightFactory(delegation=delegation, item=item, text=f"Kisumu lesson {number}")
            FollowUpFactory(delegation=delegation, description=f"Kisumu follow-up {number}")

    return add_rows


@pytest.mark.parametrize("params", [{"q": "kisumu"}, {"q": "kisumu", "type": "places"}])
def test_past_the_bounds_the_page_makes_as_many_queries_as_under_them(
    staff_client, programme, bounds, params
):
    bounds(count_limit=3, candidates=2)
    add_rows = add_kisumu_rows(programme)
    add_rows(1)  # one match of each kind: under every bound
    url = f"{URL}?{'&'.join(f'{key}={value}' for key, value in params.items())}"

    few = queries_for(staff_client, url)
    add_rows(5)  # six of each kind: past the candidates and the count
    response = staff_client.get(url)
    many = queries_for(staff_client, url)

    assert many == few
    assert all(not group["exact"] for group in response.context["groups"])
