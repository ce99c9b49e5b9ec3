"""No lost updates: the same row edited in two tabs.

Each case opens the edit page twice (two people, two tabs), saves the first tab, then
the second. The second save is refused with a message that names who saved, each field
they changed and its new value; the database keeps the first save; what the second
person typed is still in the re-rendered form, whose hidden version has moved on so a
deliberate second save goes through. Fields the second person left alone take the
first person's values (a three-way merge); a field both changed keeps what the second
person typed, and the message shows the other value.
"""

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from delegations.models import Delegation, Report
from itinerary.models import ItineraryItem
from learning.models import FollowUp
from partners.enums import ProgrammeRole
from tests.factories.accounts import UserFactory
from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import ItineraryItemFactory, TopicFactory
from tests.factories.learning import FollowUpFactory
from tests.factories.partners import OrganisationFactory, ProgrammeMembershipFactory
from tests.factories.places import PlaceFactory
from tests.support.html_forms import form_fields


@dataclass(frozen=True)
class Case:
    """One edit page: where it is, which field each tab changes, where the row lives."""

    name: str
    url_name: str
    theirs: tuple[str, str]  # (field, value) the first tab saves
    mine: tuple[str, str]  # (field, value) the second tab types
    extra: dict[str, Any]  # what the page's form posts besides its fields
    more_args: tuple = ()  # URL arguments after the row's pk

    def row(self, objects) -> Any:
        return objects[self.name]

    def url(self, objects) -> str:
        row = self.row(objects)
        pk = row.delegation_id if isinstance(row, Report) else row.pk
        return reverse(self.url_name, args=[pk, *self.more_args])

    def fresh(self, objects):
        row = self.row(objects)
        return type(row).objects.get(pk=row.pk)


CASES = [
    Case(
        "delegation", "delegations:update", ("title", "Their title"), ("purpose", "My purpose"), {}
    ),
    Case(
        "item", "itinerary:item-update", ("title", "Their meeting"), ("summary", "My summary"), {}
    ),
    Case(
        "visit_day",
        "visits:capture",
        ("outcome", "Their outcome"),
        ("summary", "My summary"),
        {},
        more_args=("outcome",),
    ),
    Case(
        "follow_up",
        "learning:followup-update",
        ("description", "Their follow-up"),
        ("due_date", "2019-09-30"),
        {},
    ),
    Case(
        "report",
        "reports:review",
        ("summary", "Their summary"),
        ("recommendations", "My recommendations"),
        {"action": "save"},
    ),
]
LABELS = {
    "delegation": "Title",
    "item": "Title",
    "visit_day": "Outcome",
    "follow_up": "Description",
    "report": "Summary",
}


@pytest.fixture
def colleague(programme):
    user = UserFactory(email="colleague@example.org", full_name="Amina Colleague")
    ProgrammeMembershipFactory(user=user, programme=programme, role=ProgrammeRole.STAFF)
    return user


@pytest.fixture
def objects(programme) -> dict[str, Any]:
    delegation = DelegationFactory(
        programme=programme, title="Cabo Delgado to Kenya", purpose="Learn."
    )
    nairobi = PlaceFactory(name="Nairobi", timezone="Africa/Nairobi")
    item = ItineraryItemFactory(delegation=delegation, title="Briefing", place=nairobi)
    follow_up = FollowUpFactory(delegation=delegation, description="Share the plan.")
    return {
        "delegation": delegation,
        "item": item,
        "visit_day": item,
        "follow_up": follow_up,
        "report": Report.objects.get(delegation=delegation),
    }


def tab(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def open_form(client: Client, case: Case, objects) -> dict:
    response = client.get(case.url(objects))
    assert response.status_code == 200
    return form_fields(response.content.decode(), containing="version")


def post(client: Client, case: Case, objects, data: dict, **changes):
    return client.post(case.url(objects), {**data, **case.extra, **changes})


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_second_tab_is_refused_and_told_what_changed(
    case, objects, colleague, staff_user, settings
):
    settings.LANGUAGE_CODE = "en"
    first, second = tab(colleague), tab(staff_user)
    first_form, second_form = open_form(first, case, objects), open_form(second, case, objects)
    opened_version = case.fresh(objects).version
    assert first_form["version"] == second_form["version"] == str(opened_version)

    field, theirs = case.theirs
    saved = post(first, case, objects, first_form, **{field: theirs})
    assert saved.status_code == 302

    my_field, mine = case.mine
    refused = post(second, case, objects, second_form, **{my_field: mine})

    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Someone else saved this since you opened it." in html
    assert "Amina Colleague" in html  # who
    assert escape(f"{LABELS[case.name]} is now: {theirs}") in html  # what, and its new value
    assert "Your changes were not saved" in html
    row = case.fresh(objects)
    assert getattr(row, field) == theirs  # the first save stands
    assert str(getattr(row, my_field)) != mine  # nothing of the second tab was written
    assert row.version == opened_version + 1
    again = form_fields(html, containing="version")
    assert again[my_field] == mine  # what the second person typed is still there
    assert again[field] == theirs  # a field the second person left alone takes their value
    assert again["version"] == str(row.version)  # the form moved on to the current row


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_second_tab_saves_deliberately_after_reading_the_changes(
    case, objects, colleague, staff_user
):
    first, second = tab(colleague), tab(staff_user)
    first_form, second_form = open_form(first, case, objects), open_form(second, case, objects)
    field, theirs = case.theirs
    post(first, case, objects, first_form, **{field: theirs})
    my_field, mine = case.mine
    refused = post(second, case, objects, second_form, **{my_field: mine})
    again = form_fields(refused.content.decode(), containing="version")

    saved = post(second, case, objects, again)

    assert saved.status_code == 302
    row = case.fresh(objects)
    assert (getattr(row, field), str(getattr(row, my_field))) == (theirs, mine)  # both kept
    assert row.version == int(second_form["version"]) + 2


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_same_field_changed_in_both_tabs_keeps_what_the_second_typed(
    case, objects, colleague, staff_user
):
    first, second = tab(colleague), tab(staff_user)
    first_form, second_form = open_form(first, case, objects), open_form(second, case, objects)
    field, theirs = case.theirs
    post(first, case, objects, first_form, **{field: theirs})

    mine = f"{theirs} (mine)"
    refused = post(second, case, objects, second_form, **{field: mine})

    html = refused.content.decode()
    assert escape(f"{LABELS[case.name]} is now: {theirs}") in html
    assert form_fields(html, containing="version")[field] == mine
    assert getattr(case.fresh(objects), field) == theirs


def test_conflict_lists_every_changed_field_and_relation(objects, colleague, staff_user):
    delegation: Delegation = objects["delegation"]
    case = CASES[0]
    first, second = tab(colleague), tab(staff_user)
    first_form, second_form = open_form(first, case, objects), open_form(second, case, objects)
    mombasa = PlaceFactory(name="Mombasa", timezone="Africa/Nairobi")
    post(
        first,
        case,
        objects,
        first_form,
        end_date="2019-07-27",
        host_country="TZ",
        destinations=[str(mombasa.pk)],
    )

    html = post(second, case, objects, second_form, title="Mine").content.decode()

    assert "End date is now: July 27, 2019" in html or "End date is now: 27 July 2019" in html
    assert "Host country is now: Tanzania" in html
    assert "Destinations is now: Mombasa" in html
    assert "Title is now" not in html  # unchanged fields are not listed
    delegation.refresh_from_db()
    assert (delegation.title, delegation.host_country.code) == ("Cabo Delgado to Kenya", "TZ")
    # Their dates, country and places are now in the form, next to the title typed here.
    merged = form_fields(html, containing="version")
    assert (merged["title"], merged["end_date"], merged["host_country"]) == (
        "Mine",
        "2019-07-27",
        "TZ",
    )
    assert merged.get("destinations") == str(mombasa.pk)  # their places too (many-to-many)
    assert merged["destinations"] == str(mombasa.pk)

    assert post(second, case, objects, merged).status_code == 302
    delegation.refresh_from_db()
    assert (delegation.title, str(delegation.end_date), delegation.host_country.code) == (
        "Mine",
        "2019-07-27",
        "TZ",
    )
    assert list(delegation.destinations.all()) == [mombasa]


def test_an_edit_without_its_version_is_refused(objects, staff_user):
    """The version is required on an edit: without it, a lost update would go through."""
    for case in CASES[1:3]:
        data = open_form(tab(staff_user), case, objects)
        del data["version"]
        response = post(tab(staff_user), case, objects, data, **{case.theirs[0]: case.theirs[1]})
        assert response.status_code == 200
        assert getattr(case.fresh(objects), case.theirs[0]) != case.theirs[1]


@pytest.mark.parametrize("model", [ItineraryItem, FollowUp])
def test_history_rows_name_the_first_editor(model, objects, colleague, staff_user):
    """The conflict message reads the history: the first save leaves a row naming its author."""
    case = next(c for c in CASES if c.name == ("item" if model is ItineraryItem else "follow_up"))
    first_form = open_form(tab(colleague), case, objects)
    post(tab(colleague), case, objects, first_form, **{case.theirs[0]: case.theirs[1]})
    latest = model.history.filter(id=case.row(objects).pk).order_by("-history_date").first()
    assert latest.history_user == colleague


def test_an_items_new_time_is_told_in_the_local_time_of_its_place(
    objects, colleague, staff_user, settings
):
    settings.TIME_ZONE = "UTC"  # the server's zone is not the place's
    case = next(c for c in CASES if c.name == "item")
    first, second = tab(colleague), tab(staff_user)
    first_form, second_form = open_form(first, case, objects), open_form(second, case, objects)
    assert first_form["starts_at_1"] == "09:00"  # Nairobi time
    post(first, case, objects, first_form, starts_at_1="08:00")

    html = post(second, case, objects, second_form, summary="Mine").content.decode()

    assert "Starts at is now: 22 July 2019, 08:00" in html
    assert form_fields(html, containing="version")["starts_at_1"] == "08:00"  # merged too


def test_an_items_topics_and_organisations_changed_by_them_come_into_the_form(
    objects, colleague, staff_user
):
    """Many-to-many fields merge like the others: left alone here, they take theirs."""
    case = next(c for c in CASES if c.name == "item")
    topic = TopicFactory(name="Community policing")
    iom = OrganisationFactory(name="IOM Kenya")
    first, second = tab(colleague), tab(staff_user)
    first_form, second_form = open_form(first, case, objects), open_form(second, case, objects)
    post(first, case, objects, first_form, topics=[str(topic.pk)], organisations=[str(iom.pk)])

    html = post(second, case, objects, second_form, summary="Mine").content.decode()

    assert "Topics is now: Community policing" in html
    assert "Organisations met is now: IOM Kenya" in html
    merged = form_fields(html, containing="version")
    assert (merged["summary"], merged.get("topics"), merged.get("organisations")) == (
        "Mine",
        str(topic.pk),
        str(iom.pk),
    )
