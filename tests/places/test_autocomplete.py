"""The autocompletes the delegation form uses: an exact match comes first."""

from html import unescape

from django.urls import reverse

from tests.factories.partners import OrganisationFactory
from tests.factories.places import PlaceFactory


def options(response) -> list[str]:
    html = response.content.decode()
    assert response.status_code == 200
    return [unescape(part.split('"', 1)[0]) for part in html.split('data-label="')[1:]]


def test_countries_answer_sudan_before_south_sudan(staff_client):
    response = staff_client.get(reverse("places:country-autocomplete"), {"q": "Sudan"})

    assert options(response)[:2] == ["Sudan", "South Sudan"]


def test_countries_are_found_without_accents_and_by_code(staff_client):
    by_name = options(staff_client.get(reverse("places:country-autocomplete"), {"q": "cote"}))
    by_code = options(staff_client.get(reverse("places:country-autocomplete"), {"q": "KE"}))

    assert "Côte d’Ivoire" in by_name or "Côte d'Ivoire" in by_name
    assert by_code[0] == "Kenya"


def test_places_answer_the_exact_name_first(staff_client):
    PlaceFactory(name="South Sudan Border Post")
    PlaceFactory(name="Sudan")

    found = options(staff_client.get(reverse("places:autocomplete"), {"q": "sudan"}))

    assert found[0] == "Sudan"


def test_organisations_answer_the_exact_name_first(staff_client):
    OrganisationFactory(name="Santa Rosa County Clerk of the Court", country="US")
    OrganisationFactory(name="Santa Rosa County", country="US")

    found = options(
        staff_client.get(reverse("partners:organisation-autocomplete"), {"q": "santa rosa county"})
    )

    assert found[0] == "Santa Rosa County"


def test_countries_need_a_programme(client, django_user_model):
    user = django_user_model.objects.create_user(email="nobody@example.org", password="x" * 12)
    client.force_login(user)

    response = client.get(reverse("places:country-autocomplete"), {"q": "Sudan"})

    assert response.status_code == 403
