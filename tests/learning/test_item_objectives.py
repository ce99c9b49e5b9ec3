"""The objectives an itinerary item served: the services on both sides, the staff item form,
the admin's objective page and the delegation's change history."""

import pytest
from django.core.exceptions import ValidationError

from delegations.models import Delegation
from itinerary.models import ItineraryItem
from itinerary.services import item_delete
from learning.models import LearningObjective
from learning.services import item_objectives_set, objective_items_set
from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import ItineraryItemFactory
from tests.factories.learning import LearningObjectiveFactory
from tests.itinerary.test_relations import checkboxes, fieldset
from tests.itinerary.test_views import item_data, update_url
from tests.support.admin import change_url, management_data
from tests.timeline.test_selectors import history_url, timeline

LOCKED = "This delegation's report is approved: it is locked until an administrator reopens it."
FOREIGN_OBJECTIVE = {"objectives": ["Choose objectives of this delegation."]}
FOREIGN_ITEM = {"itinerary_items": ["Choose itinerary items of this delegation."]}


@pytest.fixture
def delegation(programme, nairobi):
    delegation = DelegationFactory(programme=programme, title="Cabo Delgado to Kenya")
    delegation.destinations.add(nairobi)
    return delegation


@pytest.fixture
def item(delegation, nairobi):
    return ItineraryItemFactory(delegation=delegation, place=nairobi, title="County briefing")


def objective(delegation, description: str) -> LearningObjective:
    return LearningObjectiveFactory(delegation=delegation, description=description)


def history_counts(*objectives) -> list[int]:
    return [objective.history.count() for objective in objectives]


def snapshot(row) -> set[int]:
    """The items a historical objective row linked, as simple_history recorded them."""
    return set(row.itinerary_items.values_list("itineraryitem_id", flat=True))


def lock(delegation) -> None:
    Delegation.objects.filter(pk=delegation.pk).update(locked=True)
    delegation.refresh_from_db()


def linked(objective) -> set[ItineraryItem]:
    return set(LearningObjective.objects.get(pk=objective.pk).itinerary_items.all())


# --- item_objectives_set ------------------------------------------------------------------------


def test_item_objectives_set_changes_only_the_difference_and_names_the_actor(
    delegation, item, staff_user
):
    dropped = objective(delegation, "How forums are run")
    kept = objective(delegation, "How plans are drafted")
    gained = objective(delegation, "How budgets are shared")
    other_item = ItineraryItemFactory(delegation=delegation, title="Site visit")
    dropped.itinerary_items.add(item, other_item)
    kept.itinerary_items.add(item)
    gained.itinerary_items.add(other_item)
    before = history_counts(dropped, kept, gained)

    item_objectives_set(item=item, objectives=[kept, gained], actor=staff_user)

    assert set(item.objectives.all()) == {kept, gained}
    # Only this item's links moved: the other item keeps its own.
    assert linked(dropped) == {other_item}
    assert linked(gained) == {item, other_item}
    assert history_counts(dropped, kept, gained) == [before[0] + 1, before[1], before[2] + 1]
    dropped_row, gained_row = dropped.history.first(), gained.history.first()
    assert dropped_row.history_user == staff_user
    assert dropped_row.history_type == "~"
    assert snapshot(dropped_row) == {other_item.pk}
    assert gained_row.history_user == staff_user
    assert snapshot(gained_row) == {item.pk, other_item.pk}


def test_item_objectives_set_writes_one_row_per_changed_objective(delegation, item, staff_user):
    first = objective(delegation, "How forums are run")
    second = objective(delegation, "How plans are drafted")

    item_objectives_set(item=item, objectives=[first, second], actor=staff_user)
    item_objectives_set(item=item, objectives=[], actor=staff_user)

    for each in (first, second):
        created, gained, lost = each.history.order_by("history_id")
        assert (created.history_type, gained.history_type, lost.history_type) == ("+", "~", "~")
        assert (snapshot(gained), snapshot(lost)) == ({item.pk}, set())
        assert gained.history_user == lost.history_user == staff_user
    assert not item.objectives.exists()


def test_item_objectives_set_with_nothing_to_change_writes_no_history(delegation, item, staff_user):
    kept = objective(delegation, "How plans are drafted")
    untouched = objective(delegation, "How forums are run")
    kept.itinerary_items.add(item)
    before = history_counts(kept, untouched)

    item_objectives_set(item=item, objectives=[kept], actor=staff_user)

    assert history_counts(kept, untouched) == before
    assert list(item.objectives.all()) == [kept]


@pytest.mark.parametrize("chosen", ["foreign_only", "own_and_foreign"])
def test_item_objectives_set_refuses_an_objective_of_another_delegation(
    chosen, delegation, item, staff_user
):
    own = objective(delegation, "How plans are drafted")
    own.itinerary_items.add(item)
    foreign = LearningObjectiveFactory(description="Another visit's objective")
    before = history_counts(own, foreign)
    objectives = [foreign] if chosen == "foreign_only" else [own, foreign]

    with pytest.raises(ValidationError) as excinfo:
        item_objectives_set(item=item, objectives=objectives, actor=staff_user)

    assert excinfo.value.message_dict == FOREIGN_OBJECTIVE
    assert list(item.objectives.all()) == [own]
    assert not foreign.itinerary_items.exists()
    assert history_counts(own, foreign) == before


def test_item_objectives_set_refused_on_a_locked_delegation(delegation, item, staff_user):
    served = objective(delegation, "How plans are drafted")
    newer = objective(delegation, "How forums are run")
    served.itinerary_items.add(item)
    lock(delegation)
    item = ItineraryItem.objects.get(pk=item.pk)
    before = history_counts(served, newer)

    with pytest.raises(ValidationError) as excinfo:
        item_objectives_set(item=item, objectives=[newer], actor=staff_user)

    assert excinfo.value.messages == [LOCKED]
    assert list(item.objectives.all()) == [served]
    assert history_counts(served, newer) == before


# --- objective_items_set ------------------------------------------------------------------------


def test_objective_items_set_links_exactly_the_items_and_names_the_actor(
    delegation, item, staff_user
):
    served = objective(delegation, "How plans are drafted")
    dropped = ItineraryItemFactory(delegation=delegation, title="Site visit")
    served.itinerary_items.add(dropped)
    before = served.history.count()

    objective_items_set(objective=served, items=[item], actor=staff_user)

    assert linked(served) == {item}
    # One row for the whole change, though an item went and another came.
    assert served.history.count() == before + 1
    assert served.history.first().history_user == staff_user
    assert snapshot(served.history.first()) == {item.pk}
    assert list(item.objectives.all()) == [served]


def test_deleting_an_item_records_who_unlinked_it_from_its_objectives(
    delegation, item, staff_user, administrator
):
    served = objective(delegation, "How plans are drafted")
    item_objectives_set(item=item, objectives=[served], actor=staff_user)
    before = served.history.count()

    item_delete(item=item, actor=administrator)

    assert linked(served) == set()
    assert served.history.count() == before + 1
    latest = served.history.first()
    assert (latest.history_user, snapshot(latest)) == (administrator, set())


def test_objective_items_set_with_the_same_items_writes_no_history(delegation, item, staff_user):
    served = objective(delegation, "How plans are drafted")
    served.itinerary_items.add(item)
    before = served.history.count()

    objective_items_set(objective=served, items=[item], actor=staff_user)

    assert served.history.count() == before
    assert linked(served) == {item}


def test_objective_items_set_refuses_an_item_of_another_delegation(delegation, item, staff_user):
    served = objective(delegation, "How plans are drafted")
    served.itinerary_items.add(item)
    foreign = ItineraryItemFactory(title="Another visit's meeting")
    before = served.history.count()

    with pytest.raises(ValidationError) as excinfo:
        objective_items_set(objective=served, items=[item, foreign], actor=staff_user)

    assert excinfo.value.message_dict == FOREIGN_ITEM
    assert linked(served) == {item}
    assert not foreign.objectives.exists()
    assert served.history.count() == before


def test_objective_items_set_refused_on_a_locked_delegation(delegation, item, staff_user):
    served = objective(delegation, "How plans are drafted")
    lock(delegation)
    served = LearningObjective.objects.get(pk=served.pk)
    before = served.history.count()

    with pytest.raises(ValidationError) as excinfo:
        objective_items_set(objective=served, items=[item], actor=staff_user)

    assert excinfo.value.messages == [LOCKED]
    assert linked(served) == set()
    assert served.history.count() == before


# --- The staff item form ------------------------------------------------------------------------


def edit_data(item, **overrides) -> dict:
    """The item form as posted for `item`, its times unchanged."""
    fields = {
        "title": item.title,
        "starts_at_0": "2019-07-22",
        "starts_at_1": "09:00",
        "ends_at_0": "2019-07-22",
        "ends_at_1": "10:00",
        "version": str(item.version),
    }
    return item_data(item.place, **(fields | overrides))


def test_item_form_shows_the_objectives_served_ticked(staff_client, delegation, item):
    served = objective(delegation, "How plans are drafted")
    other = objective(delegation, "How forums are run")
    LearningObjectiveFactory(description="Another visit's objective")
    served.itinerary_items.add(item)

    html = staff_client.get(update_url(item)).content.decode()

    who_and_what = fieldset(html, "Who and what")
    assert "Learning objectives served" in who_and_what
    assert "How plans are drafted" in who_and_what and "How forums are run" in who_and_what
    assert "Another visit's objective" not in html
    assert checkboxes(who_and_what, "objectives") == {str(served.pk): True, str(other.pk): False}


def test_item_form_ticking_objectives_sets_them_through_the_service(
    staff_client, staff_user, delegation, item
):
    dropped = objective(delegation, "How plans are drafted")
    gained = objective(delegation, "How forums are run")
    dropped.itinerary_items.add(item)

    response = staff_client.post(update_url(item), edit_data(item, objectives=[str(gained.pk)]))

    assert response.status_code == 302
    assert list(ItineraryItem.objects.get(pk=item.pk).objectives.all()) == [gained]
    for each, items in ((dropped, set()), (gained, {item.pk})):
        row = each.history.first()
        assert (row.history_user, snapshot(row)) == (staff_user, items)


def test_item_form_with_no_objective_ticked_clears_them(staff_client, delegation, item):
    served = objective(delegation, "How plans are drafted")
    served.itinerary_items.add(item)

    response = staff_client.post(update_url(item), edit_data(item))

    assert response.status_code == 302
    assert not ItineraryItem.objects.get(pk=item.pk).objectives.exists()


def test_item_form_refuses_an_objective_of_another_delegation(staff_client, delegation, item):
    served = objective(delegation, "How plans are drafted")
    served.itinerary_items.add(item)
    foreign = LearningObjectiveFactory(description="Another visit's objective")

    response = staff_client.post(
        update_url(item), edit_data(item, title="Renamed", objectives=[str(foreign.pk)])
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    item.refresh_from_db()
    assert item.title == "County briefing"
    assert list(item.objectives.all()) == [served]
    assert not foreign.itinerary_items.exists()


def test_item_form_on_a_locked_delegation_changes_no_objective(staff_client, delegation, item):
    served = objective(delegation, "How plans are drafted")
    lock(delegation)

    response = staff_client.post(update_url(item), edit_data(item, objectives=[str(served.pk)]))

    assert response.status_code == 403  # a locked delegation's items cannot be edited
    assert not served.itinerary_items.exists()
    assert served.history.count() == 1


# --- The admin's objective page -----------------------------------------------------------------


def objective_form(objective, **overrides) -> dict:
    return {
        "delegation": objective.delegation_id,
        "topic": objective.topic_id or "",
        "description": objective.description,
        "order": objective.order,
        **overrides,
    }


def test_admin_objective_page_links_items_through_the_service(
    admin_client, administrator, delegation, item
):
    served = objective(delegation, "How plans are drafted")
    url = change_url(served)
    data = management_data(admin_client, url) | objective_form(served, itinerary_items=[item.pk])

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert linked(served) == {item}
    row = served.history.first()
    assert (row.history_user, snapshot(row)) == (administrator, {item.pk})


def test_admin_objective_page_unlinks_items(admin_client, administrator, delegation, item):
    served = objective(delegation, "How plans are drafted")
    served.itinerary_items.add(item)
    url = change_url(served)
    data = management_data(admin_client, url) | objective_form(served)

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert linked(served) == set()
    row = served.history.first()
    assert (row.history_user, snapshot(row)) == (administrator, set())


def test_admin_objective_page_refuses_an_item_of_another_delegation(admin_client, delegation, item):
    served = objective(delegation, "How plans are drafted")
    foreign = ItineraryItemFactory(title="Another visit's meeting")
    url = change_url(served)
    data = management_data(admin_client, url) | objective_form(
        served, description="Renamed", itinerary_items=[item.pk, foreign.pk]
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "Choose itinerary items of this delegation." in response.content.decode()
    served.refresh_from_db()
    assert served.description == "How plans are drafted"
    assert linked(served) == set()


# --- The delegation's change history ------------------------------------------------------------


def test_history_shows_who_linked_which_item_to_an_objective(
    staff_client, staff_user, delegation, item
):
    staff_user.full_name = "Amina Staff"
    staff_user.save()
    served = objective(delegation, "How plans are drafted")
    item_objectives_set(item=item, objectives=[served], actor=staff_user)
    item_objectives_set(item=item, objectives=[], actor=staff_user)

    entries = timeline(staff_client.get(history_url(delegation)))

    unlinked, linked_entry = entries[:2]
    assert "Amina Staff changed Learning objective: How plans are drafted" in linked_entry
    assert "Itinerary items that served it: — → County briefing" in linked_entry
    assert "Amina Staff changed Learning objective: How plans are drafted" in unlinked
    assert "Itinerary items that served it: County briefing → —" in unlinked
