"""itinerary.relations: links a higher app owns, shown on the item form and saved with the item."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from itinerary.enums import ItemKind
from itinerary.models import ItineraryItem
from itinerary.relations import (
    ITEM_RELATIONS,
    ItemRelation,
    item_relation_prefetch,
    item_relations_save,
    register_item_relation,
)
from itinerary.services import item_create, item_update
from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import ItineraryItemFactory

NAIROBI = ZoneInfo("Africa/Nairobi")


@pytest.fixture
def delegation(programme, nairobi):
    delegation = DelegationFactory(programme=programme, title="Cabo Delgado to Kenya")
    delegation.destinations.add(nairobi)
    return delegation


class Calls:
    """What a throwaway relation's `save` was handed, in order."""

    def __init__(self, refuse: bool = False):
        self.refuse = refuse
        self.saved: list[dict] = []

    def __call__(self, *, item, values, actor):
        self.saved.append(
            {
                "item": item,
                "values": values,
                "actor": actor,
                "item_stored": ItineraryItem.objects.filter(pk=item.pk).exists(),
            }
        )
        if self.refuse:
            raise ValidationError({"partners_met": ["Not these partners."]}, code="refused")


def partners_field(delegation) -> forms.Field:
    """A stand-in for a higher app's field: its choices are the delegation's items."""
    return forms.MultipleChoiceField(
        label=f"Partners met during {delegation.title}",
        choices=[(str(item.pk), item.title) for item in delegation.itinerary_items.order_by("pk")],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def throwaway(name: str = "partners_met", *, save=None, prefetch: str = "") -> ItemRelation:
    return ItemRelation(
        name=name,
        field=partners_field,
        values=lambda item: [str(item.pk)],
        save=save or Calls(),
        prefetch=prefetch,
    )


def register(monkeypatch, relation: ItemRelation) -> ItemRelation:
    """Put `relation` in the global registry for this test only."""
    monkeypatch.setitem(ITEM_RELATIONS, relation.name, relation)
    return relation


def meeting(delegation, place, **fields) -> dict:
    return {
        "kind": ItemKind.MEETING,
        "title": "Courtesy call",
        "place": place,
        "starts_at": datetime.datetime(2019, 7, 23, 9, tzinfo=NAIROBI),
        "ends_at": datetime.datetime(2019, 7, 23, 10, tzinfo=NAIROBI),
        **fields,
    }


# --- The registry -------------------------------------------------------------------------------


def test_learning_objectives_are_registered_from_app_ready():
    relation = ITEM_RELATIONS["objectives"]

    assert relation.prefetch == "objectives"
    assert "objectives" in item_relation_prefetch()


def test_register_item_relation_adds_a_new_name(monkeypatch):
    # Absent now and after the test: the undo of setitem deletes a name that was not there.
    monkeypatch.setitem(ITEM_RELATIONS, "partners_met", None)
    del ITEM_RELATIONS["partners_met"]
    relation = throwaway(prefetch="partners")

    register_item_relation(relation)

    assert ITEM_RELATIONS["partners_met"] is relation
    assert list(ITEM_RELATIONS)[-1] == "partners_met"  # shown after the ones before it
    assert "partners" in item_relation_prefetch()


def test_register_item_relation_twice_keeps_the_first(monkeypatch):
    learning = register(monkeypatch, ITEM_RELATIONS["objectives"])  # restored after the test
    names = list(ITEM_RELATIONS)

    register_item_relation(throwaway("objectives", prefetch="somewhere_else"))

    assert ITEM_RELATIONS["objectives"] is learning
    assert list(ITEM_RELATIONS) == names
    assert "somewhere_else" not in item_relation_prefetch()


def test_item_relation_prefetch_leaves_out_relations_without_one(monkeypatch):
    register(monkeypatch, throwaway("partners_met", prefetch=""))
    register(monkeypatch, throwaway("sites_seen", prefetch="sites_seen"))

    prefetch = item_relation_prefetch()

    assert "" not in prefetch
    assert "sites_seen" in prefetch


# --- Saving ---------------------------------------------------------------------------------------


def test_item_relations_save_calls_save_only_for_names_given_a_value(
    monkeypatch, delegation, staff_user
):
    item = ItineraryItemFactory(delegation=delegation)
    given, left, absent = Calls(), Calls(), Calls()
    register(monkeypatch, throwaway("partners_met", save=given))
    register(monkeypatch, throwaway("sites_seen", save=left))
    register(monkeypatch, throwaway("lessons_drawn", save=absent))

    item_relations_save(
        item=item,
        chosen={"partners_met": ("a", "b"), "sites_seen": None, "not_registered": ["x"]},
        actor=staff_user,
    )

    # The values come as a list, whatever iterable the caller gave.
    assert [(c["item"], c["values"], c["actor"]) for c in given.saved] == [
        (item, ["a", "b"], staff_user)
    ]
    assert left.saved == [] and absent.saved == []


def test_item_relations_save_hands_on_an_empty_choice_to_clear_the_link(
    monkeypatch, delegation, staff_user
):
    item = ItineraryItemFactory(delegation=delegation)
    calls = register(monkeypatch, throwaway(save=Calls())).save

    item_relations_save(item=item, chosen={"partners_met": []}, actor=staff_user)

    assert [c["values"] for c in calls.saved] == [[]]


def test_item_create_saves_the_links_after_the_item(monkeypatch, delegation, staff_user, nairobi):
    calls = register(monkeypatch, throwaway(save=Calls())).save

    item = item_create(
        delegation=delegation,
        actor=staff_user,
        linked={"partners_met": ["7"]},
        **meeting(delegation, nairobi),
    )

    assert len(calls.saved) == 1
    call = calls.saved[0]
    assert (call["item"].pk, call["values"], call["actor"]) == (item.pk, ["7"], staff_user)
    assert call["item_stored"]  # the item is saved first, in the same transaction


def test_item_create_refused_by_a_link_saves_no_item(monkeypatch, delegation, staff_user, nairobi):
    calls = register(monkeypatch, throwaway(save=Calls(refuse=True))).save

    with pytest.raises(ValidationError) as excinfo:
        item_create(
            delegation=delegation,
            actor=staff_user,
            linked={"partners_met": ["7"]},
            **meeting(delegation, nairobi),
        )

    assert excinfo.value.message_dict == {"partners_met": ["Not these partners."]}
    assert calls.saved[0]["item_stored"]  # it was saved, then undone with the refusal
    assert not ItineraryItem.objects.exists()
    assert not ItineraryItem.history.exists()


def test_item_update_refused_by_a_link_keeps_the_item_as_it_was(
    monkeypatch, delegation, staff_user, nairobi
):
    item = item_create(delegation=delegation, actor=staff_user, **meeting(delegation, nairobi))
    register(monkeypatch, throwaway(save=Calls(refuse=True)))

    with pytest.raises(ValidationError):
        item_update(
            item=item,
            actor=staff_user,
            data={"title": "Renamed"},
            linked={"partners_met": []},
        )

    item.refresh_from_db()
    assert (item.title, item.version) == ("Courtesy call", 1)
    assert item.history.count() == 1


def test_item_update_without_the_link_leaves_it_alone(monkeypatch, delegation, staff_user, nairobi):
    item = item_create(delegation=delegation, actor=staff_user, **meeting(delegation, nairobi))
    calls = register(monkeypatch, throwaway(save=Calls(refuse=True))).save

    item_update(item=item, actor=staff_user, data={"title": "Renamed"})

    item.refresh_from_db()
    assert item.title == "Renamed"
    assert calls.saved == []


# --- The item form --------------------------------------------------------------------------------


def fieldset(html: str, legend: str) -> str:
    """The HTML of the fieldset whose own legend reads `legend`, nested fieldsets and all."""
    opening = re.search(rf"<fieldset\b[^>]*>\s*<legend\b[^>]*>\s*{re.escape(legend)}\s*<", html)
    assert opening, f"No fieldset {legend!r} on the page."
    depth = 0
    for tag in re.finditer(r"<(/?)fieldset\b", html[opening.start() :]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return html[opening.start() : opening.start() + tag.end()]
    raise AssertionError(f"The fieldset {legend!r} is not closed.")


def checkboxes(html: str, name: str) -> dict[str, bool]:
    """value -> ticked, for the checkboxes named `name`."""
    boxes = {}
    for tag in re.findall(rf'<input\b[^>]*\bname="{re.escape(name)}"[^>]*>', html):
        value = re.search(r'\bvalue="([^"]*)"', tag).group(1)
        boxes[value] = re.search(r"\bchecked\b", tag) is not None
    return boxes


def test_item_form_shows_each_registered_link_in_who_and_what(
    monkeypatch, staff_client, delegation, nairobi
):
    register(monkeypatch, throwaway("partners_met"))
    register(monkeypatch, throwaway("sites_seen"))
    item = ItineraryItemFactory(delegation=delegation, place=nairobi, title="Briefing")
    other = ItineraryItemFactory(delegation=delegation, place=nairobi, title="Site visit")

    html = staff_client.get(reverse("itinerary:item-update", args=[item.pk])).content.decode()

    who_and_what = fieldset(html, "Who and what")
    # After the item's own links, in the order registered; the field is the delegation's.
    assert (
        who_and_what.index('id="div_id_topics"')
        < who_and_what.index('id="div_id_objectives"')
        < who_and_what.index('id="div_id_partners_met"')
        < who_and_what.index('id="div_id_sites_seen"')
    )
    assert "Partners met during Cabo Delgado to Kenya" in who_and_what
    assert 'name="partners_met"' not in html.replace(who_and_what, "")
    # Ticked as `values(item)` says.
    assert checkboxes(html, "partners_met") == {str(item.pk): True, str(other.pk): False}


def test_item_create_form_shows_the_link_with_nothing_ticked(
    monkeypatch, staff_client, delegation, nairobi
):
    register(monkeypatch, throwaway())
    item = ItineraryItemFactory(delegation=delegation, place=nairobi)

    html = staff_client.get(reverse("itinerary:item-create", args=[delegation.pk])).content.decode()

    assert checkboxes(fieldset(html, "Who and what"), "partners_met") == {str(item.pk): False}


def renamed_briefing(item, place, *, partners_met) -> dict:
    """The item form's data: the item renamed, and the throwaway link's choice."""
    return {
        "kind": ItemKind.MEETING,
        "title": "Briefing, renamed",
        "place": str(place.pk),
        "starts_at_0": "2019-07-23",
        "starts_at_1": "09:00",
        "ends_at_0": "2019-07-23",
        "ends_at_1": "10:00",
        "version": str(item.version),
        "partners_met": [str(chosen.pk) for chosen in partners_met],
        **{f"{prefix}-TOTAL_FORMS": "0" for prefix in ("counterparts", "groups")},
        **{f"{prefix}-INITIAL_FORMS": "0" for prefix in ("counterparts", "groups")},
    }


def test_item_form_hands_the_ticked_values_to_the_relation(
    monkeypatch, staff_client, staff_user, delegation, nairobi
):
    calls = register(monkeypatch, throwaway(save=Calls())).save
    item = ItineraryItemFactory(delegation=delegation, place=nairobi, title="Briefing")
    other = ItineraryItemFactory(delegation=delegation, place=nairobi, title="Site visit")
    data = renamed_briefing(item, nairobi, partners_met=[other])

    response = staff_client.post(reverse("itinerary:item-update", args=[item.pk]), data)

    assert response.status_code == 302
    assert [(c["item"].pk, c["values"], c["actor"]) for c in calls.saved] == [
        (item.pk, [str(other.pk)], staff_user)
    ]
    item.refresh_from_db()
    assert item.title == "Briefing, renamed"


def test_item_form_refused_by_a_link_shows_its_error_and_saves_nothing(
    monkeypatch, staff_client, delegation, nairobi
):
    register(monkeypatch, throwaway(save=Calls(refuse=True)))
    item = ItineraryItemFactory(delegation=delegation, place=nairobi, title="Briefing")
    data = renamed_briefing(item, nairobi, partners_met=[item])

    response = staff_client.post(reverse("itinerary:item-update", args=[item.pk]), data)

    assert response.status_code == 200
    assert "Not these partners." in fieldset(response.content.decode(), "Who and what")
    item.refresh_from_db()
    assert item.title == "Briefing"
