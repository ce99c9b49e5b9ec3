"""The audit trail: who changed what and when, on the delegation page and its history page."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse

from delegations.enums import PlanningStatus
from delegations.models import Delegation
from delegations.services import (
    child_delete,
    child_update,
    delegation_set_status,
    delegation_update,
    report_update,
)
from itinerary.enums import ItemKind
from itinerary.models import ItineraryItem
from itinerary.services import item_update
from learning.enums import FollowUpStatus
from learning.models import FollowUp
from tests.factories.accounts import UserFactory
from tests.factories.delegations import DelegationFactory, DelegationMemberFactory
from tests.factories.itinerary import (
    BeneficiaryGroupFactory,
    CounterpartFactory,
    ItineraryItemFactory,
    TopicFactory,
)
from tests.factories.learning import FollowUpFactory, HighlightFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import OrganisationFactory
from tests.factories.places import PlaceFactory
from tests.support.queries import assert_constant_queries
from timeline.selectors import HISTORY_PAGE_SIZE, HISTORY_SHOWN, delegation_timeline

UTC = datetime.UTC


def entries_of(delegation) -> list:
    """The timeline's entries on the delegation page, newest first, across its saves."""
    return [
        entry for save in delegation_timeline(delegation=delegation).saves for entry in save.entries
    ]


def detail_url(delegation) -> str:
    return reverse("delegations:detail", args=[delegation.pk])


def latest_url(delegation) -> str:
    """The latest changes: the section the delegation page fetches once it has loaded."""
    return reverse("timeline:history-section", args=[delegation.pk])


def history_url(delegation) -> str:
    return reverse("timeline:delegation-history", args=[delegation.pk])


def squash(html: str) -> str:
    """Visible text: screen-reader-only words and tags removed, spaces squeezed."""
    html = re.sub(r'<span class="visually-hidden">.*?</span>', "", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def timeline(response) -> list[str]:
    """The text of each timeline entry on a page, top to bottom."""
    html = response.content.decode()
    assert response.status_code == 200
    start = html.index('<ol class="list-group list-group-flush history-timeline">')
    block = html[start : html.index("</ol>", start)]
    return [squash(entry) for entry in block.split('<li class="list-group-item py-2">')[1:]]


@pytest.fixture
def delegation(programme, nairobi):
    delegation = DelegationFactory(programme=programme, title="Cabo Delgado to Kenya")
    delegation.destinations.add(nairobi)
    return delegation


def delegation_form(delegation, **overrides) -> dict:
    """What the delegation form posts, as the page shows it for `delegation`."""
    return {
        "title": delegation.title,
        "programme": delegation.programme_id,
        "purpose": delegation.purpose,
        "background": delegation.background,
        "sending_countries": [str(code) for code in delegation.sending_countries],
        "host_country": str(delegation.host_country),
        "destinations": [place.pk for place in delegation.destinations.all()],
        "start_date": delegation.start_date.isoformat(),
        "end_date": delegation.end_date.isoformat(),
        "version": delegation.version,
        **overrides,
    }


def item_form(item, **overrides) -> dict:
    """What the item form posts for `item` (no counterparts or groups), in Nairobi time."""
    management = {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0"}
    data = {
        "kind": item.kind,
        "title": item.title,
        "place": str(item.place_id),
        "site": "",
        "origin": "",
        "destination": "",
        "starts_at_0": "2019-07-23",
        "starts_at_1": "09:00",
        "ends_at_0": "2019-07-23",
        "ends_at_1": "10:00",
        "summary": item.summary,
        "outcome": item.outcome,
        "version": str(item.version),
        **{f"counterparts-{key}": value for key, value in management.items()},
        **{f"groups-{key}": value for key, value in management.items()},
    }
    return data | overrides


# --- Edits through the pages ------------------------------------------------------------------


def test_page_edits_appear_newest_first_with_who_and_what(
    staff_client, staff_user, delegation, nairobi
):
    staff_user.full_name = "Amina Staff"
    staff_user.save()
    item = ItineraryItemFactory(
        delegation=delegation,
        kind=ItemKind.COURTESY_CALL,
        title="Courtesy call",
        place=nairobi,
        starts_at=datetime.datetime(2019, 7, 23, 6, 0, tzinfo=UTC),
    )
    follow_up = FollowUpFactory(delegation=delegation, description="Youth exchange")

    response = staff_client.post(
        reverse("delegations:update", args=[delegation.pk]),
        delegation_form(delegation, title="Renamed visit", end_date="2019-07-27"),
    )
    assert response.status_code == 302
    response = staff_client.post(
        reverse("itinerary:item-update", args=[item.pk]),
        item_form(item, title="Courtesy call on the governor", ends_at_1="10:30"),
    )
    assert response.status_code == 302
    staff_client.post(
        reverse("learning:followup-status", args=[follow_up.pk]),
        {"status": FollowUpStatus.IN_PROGRESS, "version": 1},
    )

    entries = timeline(staff_client.get(latest_url(delegation)))

    follow_up_entry, item_entry, delegation_entry = entries[:3]
    # Who, what, then when (in the site's time zone, named).
    when = r"\d{1,2} \w+ \d{4}, \d{2}:\d{2} UTC"
    assert re.match(
        rf"Amina Staff changed Follow-up: Youth exchange {when} Status:", follow_up_entry
    )
    assert "Status: Proposed → In progress" in follow_up_entry
    assert "Amina Staff changed Itinerary item: Courtesy call on the governor" in item_entry
    assert "Title: Courtesy call → Courtesy call on the governor" in item_entry
    # An item's moments read in its place's zone, as the user typed them (10:30 in Nairobi).
    assert "Ends at: 23 July 2019, 10:00 EAT → 23 July 2019, 10:30 EAT" in item_entry
    assert "Amina Staff changed Delegation: Renamed visit" in delegation_entry
    assert "Title: Cabo Delgado to Kenya → Renamed visit" in delegation_entry
    assert "End date: 26 July 2019 → 27 July 2019" in delegation_entry
    assert "Version" not in " ".join(entries)
    # The rows the factories made, with no user behind them, come last.
    assert "the system created Follow-up: Youth exchange" in entries[3]
    assert "the system changed Delegation: Cabo Delgado to Kenya" in entries[5]
    assert "Destinations: — → Nairobi" in entries[5]
    assert "the system created Delegation: Cabo Delgado to Kenya" in entries[-1]


def test_the_section_is_the_last_on_the_delegation_page(staff_client, delegation):
    html = staff_client.get(detail_url(delegation)).content.decode()
    assert html.index('id="history-heading"') > html.index('id="follow-ups-heading"')
    assert f'href="{history_url(delegation)}"' in html


def test_field_changes_read_as_labels_and_names(staff_user, delegation, nairobi):
    """Choices by their label, foreign keys and links by name, long text shortened."""
    host = OrganisationFactory(name="IOM Kenya", acronym="")
    topic = TopicFactory(name="Border management")
    official = OfficialFactory(honorific="Hon.", full_name="Jane Wanjiru")
    item = ItineraryItemFactory(delegation=delegation, place=nairobi, title="Briefing")
    CounterpartFactory(item=item, official=official)
    BeneficiaryGroupFactory(item=item)
    delegation_update(
        delegation=delegation,
        actor=staff_user,
        data={"host_organisation": host, "purpose": "Learn " * 60},
    )
    current = ItineraryItem.objects.get(pk=item.pk)
    item_update(item=current, actor=staff_user, data={}, topics=[topic])
    follow_up = FollowUpFactory(delegation=delegation, description="Plan a return visit")
    child_update(
        follow_up,
        actor=staff_user,
        data={"owner_official": official, "due_date": datetime.date(2019, 9, 30)},
    )

    entries = entries_of(Delegation.objects.get(pk=delegation.pk))

    changes = {
        (entry.model_label, change.label): (change.old, change.new)
        for entry in entries
        for change in entry.changes
    }
    assert changes["Delegation", "Host organisation"] == ("—", "IOM Kenya")
    old_purpose, new_purpose = changes["Delegation", "Purpose"]
    assert old_purpose == "—" and len(new_purpose) == 120 and new_purpose.endswith("…")
    assert changes["Itinerary item", "Topics"] == ("—", "Border management")
    assert changes["Follow-up", "Owner (person)"] == ("—", "Hon. Jane Wanjiru")
    assert changes["Follow-up", "Due date"] == ("—", "30 September 2019")
    labels = {(entry.model_label, entry.object_label) for entry in entries}
    assert ("Counterpart", "Hon. Jane Wanjiru (Participant) · Briefing") in labels
    assert ("Report", "Cabo Delgado to Kenya") in labels
    assert any(model == "Beneficiary group" and "Briefing" in label for model, label in labels)


def test_deleted_rows_stay_in_the_timeline(staff_user, delegation, nairobi):
    highlight = HighlightFactory(delegation=delegation, text="Police and people meet monthly.")
    child_delete(highlight, actor=staff_user)

    latest = entries_of(delegation)[0]

    assert (latest.kind, latest.kind_label, latest.who) == ("-", "deleted", str(staff_user))
    assert latest.object_label == "Lesson: Police and people meet monthly."


def test_a_deleted_object_is_still_named(staff_user, delegation, nairobi):
    first = ItineraryItemFactory(delegation=delegation, place=nairobi, title="Meeting A")
    second = ItineraryItemFactory(delegation=delegation, place=nairobi, title="Meeting B")
    follow_up = FollowUpFactory(delegation=delegation, item=first)
    child_update(follow_up, actor=staff_user, data={"item": second})
    child_delete(ItineraryItem.objects.get(pk=first.pk), actor=staff_user)

    entries = entries_of(delegation)

    moved = next(entry for entry in entries if entry.model_label == "Follow-up" and entry.changes)
    assert [(c.label, c.old, c.new) for c in moved.changes] == [
        ("Itinerary item", "Meeting A (deleted)", "Meeting B")
    ]


def test_the_reason_given_is_shown(administrator, delegation):
    delegation_set_status(
        delegation=delegation, actor=administrator, to_status=PlanningStatus.CANCELLED
    )
    delegation_set_status(
        delegation=Delegation.objects.get(pk=delegation.pk),
        actor=administrator,
        to_status=PlanningStatus.DRAFT,
        reason="Rescheduled for October",
    )

    latest = entries_of(delegation)[0]

    assert latest.reason == "Rescheduled for October"
    assert [(c.label, c.old, c.new) for c in latest.changes] == [
        ("Planning status", "Cancelled", "Draft")
    ]


def test_a_save_that_changes_only_bookkeeping_is_left_out(staff_user, delegation):
    before = len(entries_of(delegation))
    current = Delegation.objects.get(pk=delegation.pk)
    delegation_update(delegation=current, actor=staff_user, data={"title": current.title})
    assert len(entries_of(delegation)) == before


def test_values_are_escaped(staff_client, staff_user, delegation):
    delegation_update(
        delegation=delegation,
        actor=staff_user,
        data={"purpose": "<script>alert('x')</script><b>bold</b>"},
    )
    html = staff_client.get(latest_url(delegation)).content.decode()
    section = html[html.index('id="history-heading"') :]
    assert "<script>alert" not in section and "<b>bold</b>" not in section
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in section


# --- How much is shown ------------------------------------------------------------------------


def rename(delegation, staff_user, count: int) -> None:
    for number in range(count):
        current = Delegation.objects.get(pk=delegation.pk)
        delegation_update(delegation=current, actor=staff_user, data={"purpose": f"Step {number}"})


def test_the_page_shows_the_latest_changes_and_links_the_whole_history(
    staff_client, staff_user, delegation
):
    rename(delegation, staff_user, HISTORY_SHOWN + 3)

    html = staff_client.get(latest_url(delegation)).content.decode()

    assert html.count("Purpose:</span>") == HISTORY_SHOWN
    assert f"Step {HISTORY_SHOWN + 2}</ins>" in html and "Step 2</ins>" not in html
    assert f"Only the latest {HISTORY_SHOWN} saves are shown." in html
    assert f'href="{history_url(delegation)}"' in html


def test_the_history_page_pages_through_everything(staff_client, staff_user, delegation):
    rename(delegation, staff_user, HISTORY_PAGE_SIZE + 3)

    first = staff_client.get(history_url(delegation))
    second = staff_client.get(history_url(delegation), {"page": 2})

    assert first.context["page_obj"].paginator.num_pages == 2
    newest, oldest = timeline(first), timeline(second)
    assert len(newest) == HISTORY_PAGE_SIZE
    assert f"Purpose: Step {HISTORY_PAGE_SIZE + 1} → Step {HISTORY_PAGE_SIZE + 2}" in newest[0]
    assert "Purpose: Step 1 → Step 2" in oldest[0] and "Purpose: Step 0 → Step 1" in oldest[1]
    assert "created Delegation: Cabo Delgado to Kenya" in oldest[-1]
    assert 'href="?page=2" rel="next">Older</a>' in first.content.decode()
    assert 'href="?" rel="prev">Newer</a>' in second.content.decode()


# --- Who may see it -------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_log_in(client, delegation):
    response = client.get(history_url(delegation))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_staff_of_another_programme_get_404(other_staff_client, delegation):
    assert other_staff_client.get(history_url(delegation)).status_code == 404


@pytest.mark.parametrize("who", ["staff_client", "manager_client", "admin_client"])
def test_whoever_sees_the_delegation_sees_its_history(request, who, staff_user, delegation):
    rename(delegation, staff_user, 1)
    entries = timeline(request.getfixturevalue(who).get(history_url(delegation)))
    assert "Purpose: — → Step 0" in entries[0]


def test_a_user_without_a_programme_gets_404(client, delegation):
    client.force_login(UserFactory())
    assert client.get(history_url(delegation)).status_code == 404


# --- Query counts ---------------------------------------------------------------------------


def add_changes(delegation, staff_user):
    """Rounds of every kind of change: fields, foreign keys, links, rows added and removed.

    Each round touches every history table, so the latest page holds every kind of row
    at one round as at five: only the number of rows changes."""
    organisation = OrganisationFactory()
    topic = TopicFactory()
    rounds = iter(range(1000))

    def add(count: int) -> None:
        for number in (next(rounds) for _ in range(count)):
            current = Delegation.objects.get(pk=delegation.pk)
            delegation_update(
                delegation=current,
                actor=staff_user,
                data={"purpose": f"Round {number}", "host_organisation": organisation},
                destinations=[PlaceFactory()],
            )
            report_update(report=current.report, actor=staff_user, summary=f"Round {number}")
            DelegationMemberFactory(delegation=delegation)
            item = ItineraryItemFactory(delegation=delegation)
            CounterpartFactory(item=item)
            BeneficiaryGroupFactory(item=item)
            item_update(
                item=ItineraryItem.objects.get(pk=item.pk),
                actor=staff_user,
                data={"title": f"Item {number}"},
                topics=[topic],
            )
            follow_up = FollowUpFactory(delegation=delegation)
            child_update(
                FollowUp.objects.get(pk=follow_up.pk),
                actor=staff_user,
                data={"status": FollowUpStatus.AGREED, "owner_organisation": organisation},
            )
            child_delete(HighlightFactory(delegation=delegation), actor=staff_user)

    return add


@pytest.mark.parametrize(
    "page",
    [detail_url, latest_url, history_url],
    ids=["delegation page", "latest changes", "history"],
)
def test_queries_do_not_grow_with_history_rows(staff_client, staff_user, delegation, page):
    add = add_changes(delegation, staff_user)
    add(1)
    assert_constant_queries(staff_client, page(delegation), add)


# --- One save, one entry ----------------------------------------------------------------------


def test_the_rows_of_one_save_are_one_entry(staff_client, staff_user, delegation, nairobi):
    """An item saved with a counterpart and a group of people met: one entry on the page."""
    official = OfficialFactory(full_name="Grouped Counterpart")
    data = item_form(
        ItineraryItemFactory.build(delegation=delegation, place=nairobi, title="Grouped visit"),
        **{
            "counterparts-TOTAL_FORMS": "1",
            "counterparts-0-official": str(official.pk),
            "counterparts-0-role": "host",
            "groups-TOTAL_FORMS": "1",
            "groups-0-category": "community_leaders",
            "groups-0-female": "3",
        },
    )
    data.pop("version", None)
    response = staff_client.post(reverse("itinerary:item-create", args=[delegation.pk]), data)
    assert response.status_code == 302, [
        f.errors
        for f in (
            response.context["form"],
            *response.context["counterparts"].forms,
            *response.context["groups"].forms,
        )
    ]

    saves = delegation_timeline(delegation=delegation).saves

    newest = saves[0]
    labels = {entry.model_label for entry in newest.entries}
    assert {"Itinerary item", "Counterpart", "Beneficiary group"} <= labels
    assert newest.who == staff_user.get_full_name() or newest.who == str(staff_user)
    text = timeline(staff_client.get(latest_url(delegation)))[0]
    assert "Grouped visit" in text and "Grouped Counterpart" in text


def test_two_quick_saves_stay_two_entries(staff_client, staff_user, delegation):
    url = reverse("delegations:update", args=[delegation.pk])
    staff_client.post(url, delegation_form(delegation, title="First title"))
    staff_client.post(url, delegation_form(delegation, title="Second title", version=2))

    saves = delegation_timeline(delegation=delegation).saves

    assert [len(save.entries) for save in saves[:2]] == [1, 1]
    assert saves[0].entries[0].save != saves[1].entries[0].save


def test_the_page_shows_ten_saves_however_many_rows_each_wrote(
    staff_client, staff_user, delegation
):
    rename(delegation, staff_user, HISTORY_SHOWN + 1)

    response = staff_client.get(latest_url(delegation))

    assert len(timeline(response)) == HISTORY_SHOWN
