"""Autocomplete: endpoints answer a few matches fast; the widget reads only the chosen row."""

import pytest
from django import forms
from django.urls import reverse

from core.autocomplete import RESULTS, AutocompleteModelChoiceField
from officials.models import Official
from tests.factories.itinerary import SiteFactory, TopicFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import OrganisationFactory
from tests.factories.places import PlaceFactory
from tests.support.queries import queries_for


@pytest.mark.parametrize(
    ("url_name", "make", "query"),
    [
        ("officials:autocomplete", lambda: OfficialFactory(full_name="John Elungata"), "elung"),
        (
            "partners:organisation-autocomplete",
            lambda: OrganisationFactory(name="National Counter Terrorism Centre", acronym="NCTC"),
            "nctc",
        ),
        ("places:autocomplete", lambda: PlaceFactory(name="Kwale County"), "kwale"),
        (
            "itinerary:site-autocomplete",
            lambda: SiteFactory(name="Jitoni Resource Center"),
            "jitoni",
        ),
        ("itinerary:topic-autocomplete", lambda: TopicFactory(name="Community policing"), "polic"),
    ],
)
def test_autocomplete_finds_the_match_and_not_the_rest(staff_client, url_name, make, query):
    wanted = make()
    OfficialFactory(full_name="Someone Else")
    OrganisationFactory(name="Unrelated body")
    response = staff_client.get(reverse(url_name), {"q": query})
    html = response.content.decode()
    assert f'data-value="{wanted.pk}"' in html
    assert str(wanted) in html
    assert "Someone Else" not in html and "Unrelated body" not in html


def test_autocomplete_matches_every_word_in_any_order(staff_client, db):
    target = OfficialFactory(full_name="Noor Gabow", position="Deputy Inspector General office")
    OfficialFactory(full_name="Noor Other", position="Teacher")
    html = staff_client.get(reverse("officials:autocomplete"), {"q": "inspector noor"}).content
    assert f'data-value="{target.pk}"'.encode() in html
    assert b"Noor Other" not in html


def test_autocomplete_answers_a_few_rows_in_constant_queries(staff_client, db):
    url = f"{reverse('officials:autocomplete')}?q=Official"
    OfficialFactory.create_batch(2, full_name="Official A")
    few = queries_for(staff_client, url)
    OfficialFactory.create_batch(RESULTS + 5, full_name="Official B")
    assert queries_for(staff_client, url) == few
    html = staff_client.get(url).content.decode()
    assert html.count('role="option" tabindex="-1" data-value=') == RESULTS  # and Create “Official”


def test_autocomplete_says_when_nothing_matches_and_escapes_the_query(manager_client):
    """Who may not create is told nothing matches (staff are offered Create: test_inplace_create)."""
    html = manager_client.get(reverse("officials:autocomplete"), {"q": "<b>zz</b>"}).content
    assert b"Nothing matches" in html
    assert b"<b>zz</b>" not in html


def test_autocomplete_needs_a_login(client, db):
    response = client.get(reverse("officials:autocomplete"), {"q": "a"})
    assert response.status_code == 302


class PickOfficial(forms.Form):
    official = AutocompleteModelChoiceField(
        Official.objects.all(), url_name="officials:autocomplete"
    )


def test_widget_renders_only_the_chosen_official_and_round_trips(db, django_assert_num_queries):
    chosen = OfficialFactory(full_name="Charles Muendo")
    OfficialFactory.create_batch(5)
    form = PickOfficial(data={"official": str(chosen.pk)})
    assert form.is_valid()
    assert form.cleaned_data["official"] == chosen
    with django_assert_num_queries(1):
        html = str(form["official"])
    assert f'value="{chosen}"' in html
    assert f'name="official" value="{chosen.pk}"' in html
    assert 'role="combobox"' in html and "<select" not in html


@pytest.mark.parametrize("value", ["", "abc", "999999"])
def test_widget_refuses_a_missing_or_unknown_choice(db, value):
    form = PickOfficial(data={"official": value})
    assert not form.is_valid()
    assert "official" in form.errors


class DescribedPick(forms.Form):
    official = AutocompleteModelChoiceField(
        Official.objects.all(), url_name="officials:autocomplete", help_text="Type a name."
    )


def test_widget_links_its_help_text_and_marks_itself_invalid(db):
    form = DescribedPick(data={"official": "999999"})
    assert not form.is_valid()
    html = str(form["official"])
    assert 'aria-describedby="id_official_helptext id_official_error"' in html
    assert 'aria-invalid="true"' in html
