"""Global search on the demo story (PostgreSQL): forgiving of typos, accents, word order
and acronyms; every hit links to its page; staff of another programme find the shared
directory but nothing of what happened in PHSS delegations."""

import re

import pytest
from django.urls import reverse

from delegations.models import Delegation
from itinerary.models import ItineraryItem, Site
from learning.models import FollowUp, Highlight
from officials.models import Official
from partners.models import Organisation

pytestmark = pytest.mark.demo

PHSS_STAFF = "phss.staff@exchange.example"
PHSS_MANAGER = "phss.manager@exchange.example"
LMD_STAFF = "lmd.staff@exchange.example"


def search(client, q: str, **params):
    response = client.get(reverse("search:results"), {"q": q, **params})
    assert response.status_code == 200, response.status_code
    return response


def groups(response) -> dict:
    return {group["kind"].key: group for group in response.context["groups"]}


def titles(response, key: str) -> list[str]:
    """The plain text of each hit's title in a group (marks removed)."""
    group = groups(response).get(key)
    return [re.sub(r"</?mark>", "", str(hit.title)) for hit in group["hits"]] if group else []


@pytest.mark.parametrize(
    ("q", "key", "expected"),
    [
        ("Elungatta", "officials", "Mr John Elungata"),  # a typo
        ("elungta", "officials", "Mr John Elungata"),  # a letter missing
        ("Antonio", "officials", "Mr António Domingos Mapure"),  # no accent typed
        ("mapure antónio", "officials", "Mr António Domingos Mapure"),  # other order
        ("Kenya Police Service National", "organisations", "National Police Service (NPS)"),
        ("NCTC", "organisations", "National Counter Terrorism Centre (NCTC)"),
        ("Natonal Polise Service", "organisations", "National Police Service (NPS)"),
        ("nctc", "organisations", "National Counter Terrorism Centre (NCTC)"),
        ("DIS", "organisations", "Department of Immigration Services"),  # its initials
        ("Bongwe", "sites", "Bongwe Secondary School"),
        ("Jitoni Resource Centre", "sites", "Jitoni Resource Center"),  # British spelling
        ("Kilifi", "places", "Kilifi County, Coast Region"),
        ("whole of society", "delegations", Delegation.objects.none),
        ("makonde brothers", "highlights", "our Makonde brothers"),
        ("youth leaders follow-up", "follow_ups", "Potential follow-up exchange with youth"),
    ],
)
def test_search_finds_despite_typos_accents_order_and_acronyms(demo_client, q, key, expected):
    response = search(demo_client(PHSS_STAFF), q)

    found = titles(response, key)
    if callable(expected):  # the demo delegation's title
        expected = Delegation.objects.get(programme__code="PHSS").title
    assert found, f"{q!r}: no {key}"
    assert expected in found[0], (q, found)


def test_search_ranks_the_closest_name_first(demo_client):
    response = search(demo_client(PHSS_STAFF), "Kenya Police Service National")

    found = titles(response, "organisations")

    assert found[0] == "National Police Service (NPS)"
    # Three words of four are needed: notes are never searched (need-to-know), so the
    # Administration Police Service, "Kenya" only in its notes, matches two of four.
    assert "Administration Police Service (APS)" not in found
    assert "Government of Kenya" not in found  # one word of four is not enough


def test_search_marks_the_matched_words_even_misspelt_or_unaccented(demo_client):
    client = demo_client(PHSS_STAFF)

    assert "Mr John <mark>Elungata</mark>" in search(client, "Elungatta").content.decode()
    assert "Mr <mark>António</mark> Domingos" in search(client, "antonio").content.decode()


def test_search_groups_results_with_counts(demo_client):
    response = search(demo_client(PHSS_STAFF), "mombasa")
    html = response.content.decode()

    found = groups(response)
    assert {"items", "places", "organisations"} <= set(found)
    assert "officials" not in found  # Mombasa only in their notes: never searched
    assert found["places"]["total"] == 2
    assert response.context["total"] == sum(group["total"] for group in found.values())
    assert f"{response.context['total']} results for “mombasa”" in html
    assert 'id="results-items-heading"' in html
    assert 'href="#results-places"' in html


def test_each_kind_of_hit_links_to_its_page(demo_client):
    client = demo_client(PHSS_STAFF)
    delegation = Delegation.objects.get(programme__code="PHSS")
    elungata = Official.objects.get(full_name="John Elungata")
    nctc = Organisation.objects.get(acronym="NCTC")
    bongwe = Site.objects.get(name="Bongwe Secondary School")
    bongwe_visit = ItineraryItem.objects.get(site=bongwe)
    quote = Highlight.objects.get(text__contains="Makonde")
    follow_up = FollowUp.objects.get(delegation=delegation)
    detail = reverse("delegations:detail", args=[delegation.pk])
    itinerary = reverse("itinerary:itinerary", args=[delegation.pk])

    cases = [
        ("elungata", "officials", reverse("officials:detail", args=[elungata.pk])),
        ("nctc", "organisations", reverse("partners:organisation-detail", args=[nctc.pk])),
        ("society approach", "delegations", detail),
        ("bongwe", "sites", f"{itinerary}#item-{bongwe_visit.pk}"),
        ("bongwe", "items", f"{itinerary}#item-{bongwe_visit.pk}"),
        ("makonde", "highlights", f"{detail}#highlight-{quote.pk}"),
        ("potential exchange youth", "follow_ups", f"{detail}#follow-up-{follow_up.pk}"),
    ]
    for q, key, url in cases:
        hit = groups(search(client, q))[key]["hits"][0]
        assert hit.url == url, (q, key)
        assert hit.url in search(client, q).content.decode()
    assert quote.delegation_id == follow_up.delegation_id == delegation.pk
    # The anchors land on the quote and the follow-up themselves.
    page = client.get(detail).content.decode()
    assert f'id="highlight-{quote.pk}"' in page
    assert f'id="follow-up-{follow_up.pk}"' in page


def test_a_place_links_the_delegations_and_items_that_went_there(demo_client):
    delegation = Delegation.objects.get(programme__code="PHSS")
    client = demo_client(PHSS_MANAGER)

    coast = groups(search(client, "Coast Region"))["places"]["hits"][0]
    kwale = groups(search(client, "Kwale"))["places"]["hits"][0]

    assert coast.links == [(delegation.title, reverse("delegations:detail", args=[delegation.pk]))]
    itinerary = reverse("itinerary:itinerary", args=[delegation.pk])
    kwale_items = ItineraryItem.objects.filter(place__name="Kwale County")
    assert [label.rsplit(", ", 1)[0] for label, _url in kwale.links] == [
        item.title for item in kwale_items.order_by("-starts_at", "pk")[:3]
    ]
    assert all(label.endswith(" Jul 2019") for label, _url in kwale.links)
    assert all(url.startswith(f"{itinerary}#item-") for _label, url in kwale.links)


@pytest.mark.parametrize(
    ("q", "key"),
    [
        ("whole-of-society violent extremism", "delegations"),
        ("Bongwe", "items"),
        ("Makonde brothers", "highlights"),
        ("youth leaders exchange", "follow_ups"),
    ],
)
def test_other_programme_staff_never_find_phss_delegations_items_highlights_follow_ups(
    demo_client, q, key
):
    assert groups(search(demo_client(PHSS_STAFF), q)).get(key), "PHSS staff find it"

    response = search(demo_client(LMD_STAFF), q)

    assert key not in groups(response)
    html = response.content.decode()
    assert "43rd tribe" not in html
    assert "learn from Kenya" not in html  # the demo delegation's title


def test_other_programme_staff_find_the_shared_directory_without_phss_links(demo_client):
    client = demo_client(LMD_STAFF)

    officials = titles(search(client, "Elungata"), "officials")
    site = groups(search(client, "Bongwe"))["sites"]["hits"][0]
    place = groups(search(client, "Kilifi"))["places"]["hits"][0]

    assert officials == ["Mr John Elungata"]
    assert site.links == []  # its visit belongs to a PHSS delegation
    assert "/visits/" not in site.url  # at most the operating organisation's page
    assert place.links == []
    assert groups(search(client, "Kwale"))["places"]["hits"][0].links == []


def test_administrators_find_every_programme(demo_client, administrator):
    response = search(demo_client(administrator.email), "makonde")

    assert titles(response, "highlights")
