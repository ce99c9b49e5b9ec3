"""Create "<typed text>" from every directory search: the option, the form opened in place
(htmx) with its duplicate warning, the page without JavaScript that returns where the user
came from, places with their zone, sites, topics with their slug; and the page a user
without a programme sees."""

import re
from html import unescape

import pytest
from django.urls import reverse

from itinerary.models import Site, Topic
from officials.models import Official
from partners.models import Organisation
from places.models import Place
from tests.factories.accounts import AdministratorFactory, UserFactory
from tests.factories.itinerary import TopicFactory
from tests.factories.partners import OrganisationFactory
from tests.factories.places import PlaceFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def text_of(response) -> str:
    html = response.content.decode()
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).strip()


SEARCHES = {
    "organisation": ("partners:organisation-autocomplete", "partners:organisation-create"),
    "official": ("officials:autocomplete", "officials:create"),
    "place": ("places:autocomplete", "places:create"),
    "site": ("itinerary:site-autocomplete", "itinerary:site-create"),
    "topic": ("itinerary:topic-autocomplete", "itinerary:topic-create"),
}


@pytest.mark.parametrize(("search", "create"), SEARCHES.values(), ids=SEARCHES)
def test_every_search_offers_to_create_what_was_typed(staff_client, search, create):
    response = staff_client.get(reverse(search), {"q": "Hague"})
    assert "Create “Hague”" in response.content.decode()
    assert f'data-create-url="{reverse(create)}"' in response.content.decode()
    assert "Nothing matches" not in text_of(response)


@pytest.mark.parametrize(("search", "create"), SEARCHES.values(), ids=SEARCHES)
def test_who_may_not_create_is_told_who_can(manager_client, search, create):
    text = text_of(manager_client.get(reverse(search), {"q": "Hague"}))
    assert "Nothing matches “Hague”." in text and "Programme staff can add" in text
    assert "Create" not in text


def test_the_create_link_keeps_what_was_typed_without_javascript(staff_client, programme):
    """The delegation form sent back with a search typed but nothing picked."""
    response = staff_client.post(
        reverse("delegations:create"),
        {"title": "", "host_organisation": "", "host_organisation__search": "Santa Rosa County"},
    )
    html = response.content.decode()
    assert 'value="Santa Rosa County"' in html
    create = reverse("partners:organisation-create")
    assert (
        f'formaction="{reverse("core:pending-form")}" formnovalidate '
        f'name="pending_create" value="host_organisation {create}"'
    ) in html
    assert "Create “Santa Rosa County”" in html


def test_the_create_page_starts_with_the_name_and_returns_to_the_form(staff_client):
    came_from = "/delegations/new/"
    url = reverse("partners:organisation-create")
    page = staff_client.get(
        url, {"name": "Hague Police"}, HTTP_REFERER=f"http://testserver{came_from}"
    )
    html = page.content.decode()
    assert 'value="Hague Police"' in html
    assert f'name="next" value="http://testserver{came_from}"' in html
    response = staff_client.post(
        url,
        {
            "name": "Hague Police",
            "kind": "government",
            "country": "NL",
            "next": f"http://testserver{came_from}",
        },
    )
    assert response.status_code == 302 and response.url == f"http://testserver{came_from}"
    assert Organisation.objects.filter(name="Hague Police").exists()


def test_next_never_leads_off_the_site(staff_client):
    response = staff_client.post(
        reverse("partners:organisation-create"),
        {"name": "Elsewhere Org", "kind": "ngo", "country": "KE", "next": "https://evil.example/"},
    )
    created = Organisation.objects.get(name="Elsewhere Org")
    assert response.url == reverse("partners:organisation-detail", args=[created.pk])


def test_in_place_form_warns_of_duplicates_then_answers_the_new_entry(staff_client):
    OrganisationFactory(name="Santa Rosa County", country="US")
    url = reverse("partners:organisation-create")
    form = staff_client.get(url, {"name": "Santa Rosa County Sheriff"}, **HTMX)
    html = form.content.decode()
    assert "<html" not in html and 'name="inplace-name"' in html
    assert 'value="Santa Rosa County Sheriff"' in html
    data = {
        "inplace-name": "County of Santa Rosa",
        "inplace-kind": "government",
        "inplace-country": "US",
    }
    warned = staff_client.post(url, data, **HTMX)
    assert "This organisation may already be in the directory" in text_of(warned)
    assert Organisation.objects.filter(name="Santa Rosa County").count() == 1
    data["inplace-name"] = "Santa Rosa Sheriff's Office"
    created = staff_client.post(url, data, **HTMX)
    organisation = Organisation.objects.get(name="Santa Rosa Sheriff's Office")
    html = created.content.decode()
    assert f'data-created data-value="{organisation.pk}"' in html
    assert 'data-label="Santa Rosa Sheriff&#x27;s Office"' in html


def test_an_official_is_created_in_place_as_a_counterpart_would_be(staff_client):
    url = reverse("officials:create")
    staff_client.post(
        url,
        {
            "inplace-full_name": "Jan de Vries",
            "inplace-gender": "male",
            "inplace-confirm_different": "on",
        },
        **HTMX,
    )
    assert Official.objects.get(full_name="Jan de Vries").history.first().history_user.email == (
        "staff@example.org"
    )


def test_a_place_takes_the_zone_of_its_country_when_it_has_one(staff_client):
    url = reverse("places:create")
    page = staff_client.get(url, {"name": "The Hague, Netherlands"}, **HTMX)
    assert 'value="The Hague"' in page.content.decode()
    staff_client.post(
        url, {"inplace-name": "The Hague", "inplace-kind": "city", "inplace-country": "NL"}, **HTMX
    )
    assert Place.objects.get(name="The Hague").timezone == "Europe/Amsterdam"


def test_a_place_in_a_country_of_several_zones_chooses_among_them_only(staff_client):
    url = reverse("places:create")
    data = {"inplace-name": "Tallahassee", "inplace-kind": "city", "inplace-country": "US"}
    asked = staff_client.post(url, data, **HTMX)
    html = asked.content.decode()
    assert "This country has several time zones: choose the one of this place." in text_of(asked)
    assert 'value="America/New_York"' in html and "Africa/Nairobi" not in html
    refused = staff_client.post(url, {**data, "inplace-timezone": "Africa/Nairobi"}, **HTMX)
    assert "Select a valid choice" in text_of(refused)
    assert not Place.objects.filter(name="Tallahassee").exists()
    staff_client.post(url, {**data, "inplace-timezone": "America/New_York"}, **HTMX)
    assert Place.objects.get(name="Tallahassee").timezone == "America/New_York"


def test_a_place_under_a_parent_takes_its_zone(staff_client):
    florida = PlaceFactory(name="Florida", kind="region", country="US", timezone="America/New_York")
    staff_client.post(
        reverse("places:create"),
        {"name": "Pensacola", "kind": "city", "country": "US", "parent": florida.pk},
    )
    assert Place.objects.get(name="Pensacola").timezone == "America/New_York"


def test_a_site_is_created_in_place(staff_client, nairobi):
    staff_client.post(
        reverse("itinerary:site-create"),
        {"inplace-name": "Kibera Clinic", "inplace-kind": "other", "inplace-place": nairobi.pk},
        **HTMX,
    )
    assert Site.objects.get(name="Kibera Clinic").place == nairobi


def test_a_topics_slug_is_filled_in(staff_client):
    TopicFactory(name="Water", slug="water-management")
    TopicFactory(name="Water management", slug="water")
    staff_client.post(reverse("itinerary:topic-create"), {"inplace-name": "Water!"}, **HTMX)
    assert Topic.objects.get(name="Water!").slug == "water-2"


def test_someone_without_a_programme_is_told_who_can_add_them(client, db):
    AdministratorFactory(email="root@example.org")
    client.force_login(UserFactory(email="newcomer@example.org"))
    response = client.get(reverse("delegations:list"))
    assert response.status_code == 403
    text = text_of(response)
    assert "You work on no programme yet" in text and "root@example.org" in text
