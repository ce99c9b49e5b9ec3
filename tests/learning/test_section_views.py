"""Learning objectives, highlights and follow-ups edited in their sections of the
delegation page: htmx (the section comes back) and plain (a page, then a redirect)."""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from delegations.models import Delegation
from learning.enums import FollowUpStatus, HighlightKind
from learning.models import FollowUp, Highlight, LearningObjective
from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import ItineraryItemFactory, TopicFactory
from tests.factories.learning import FollowUpFactory, HighlightFactory, LearningObjectiveFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import OrganisationFactory
from tests.support.queries import assert_constant_queries
from tests.support.responses import HTMX, text


def squashed(response) -> str:
    """The response's text with whitespace runs collapsed (templates wrap lines)."""
    return re.sub(r"\s+", " ", text(response))


@dataclass(frozen=True)
class Kind:
    """One kind of row, as the tests parametrize over them."""

    prefix: str  # visits:<prefix>-create ...
    section: str  # visits:<section>-section
    anchor: str
    model: type
    factory: type
    text_field: str

    def url(self, action: str, obj) -> str:
        return reverse(f"learning:{self.prefix}-{action}", args=[obj.pk])

    def section_url(self, delegation) -> str:
        return reverse(f"learning:{self.section}-section", args=[delegation.pk])


OBJECTIVE = Kind(
    "objective",
    "objectives",
    "learning-objectives",
    LearningObjective,
    LearningObjectiveFactory,
    "description",
)
HIGHLIGHT = Kind("highlight", "highlights", "highlights", Highlight, HighlightFactory, "text")
FOLLOW_UP = Kind("followup", "followups", "follow-ups", FollowUp, FollowUpFactory, "description")
KINDS = pytest.mark.parametrize("kind", [OBJECTIVE, HIGHLIGHT, FOLLOW_UP], ids=lambda k: k.prefix)


@pytest.fixture
def delegation(programme) -> Delegation:
    return DelegationFactory(programme=programme)


@pytest.fixture
def item(delegation):
    return ItineraryItemFactory(delegation=delegation, title="Courtesy call on the Coast")


@pytest.fixture
def speaker(db):
    return OfficialFactory(full_name="John Elungata", position="Regional Coordinator")


@pytest.fixture
def topic(db):
    return TopicFactory(name="Reintegration")


def form_data(kind: Kind, *, item, speaker, topic, text: str) -> dict:
    """What a person types into the add/edit form of each kind."""
    if kind is OBJECTIVE:
        return {"description": text, "topic": topic.pk, "order": "3"}
    if kind is HIGHLIGHT:
        return {"kind": "quote", "text": text, "speaker": speaker.pk, "topic": "", "item": item.pk}
    return {
        "description": text,
        "owner_organisation": OrganisationFactory(name="IOM Kenya").pk,
        "owner_official": speaker.pk,
        "due_date": "2019-12-31",
        "status": FollowUpStatus.AGREED,
        "item": item.pk,
        "topic": topic.pk,
        "objective": "",
    }


def make_row(kind: Kind, delegation, **fields):
    return kind.factory(delegation=delegation, **fields)


def detail(delegation, anchor: str) -> str:
    return f"{reverse('delegations:detail', args=[delegation.pk])}#{anchor}"


# --- Add ----------------------------------------------------------------------------------------


@KINDS
def test_add_button_opens_the_form_inside_the_section_for_htmx(
    staff_client, kind, delegation, item
):
    url = reverse(f"learning:{kind.prefix}-create", args=[delegation.pk])

    response = staff_client.get(url, headers=HTMX)

    body = text(response)
    assert response.status_code == 200
    assert "<html" not in body  # a fragment: the section, not a page
    assert f'id="{kind.anchor}"' in body
    assert f'hx-post="{url}"' in body
    assert response["Vary"].count("HX-Request") == 1


@KINDS
def test_add_form_is_a_full_page_without_htmx(staff_client, kind, delegation):
    url = reverse(f"learning:{kind.prefix}-create", args=[delegation.pk])

    response = staff_client.get(url)

    body = text(response)
    assert "<html" in body and "Skip to main content" in body
    assert 'method="post"' in body and "hx-post" not in body.split("<main", 1)[1]
    assert delegation.title in body


@KINDS
def test_add_with_htmx_saves_and_returns_the_section(
    staff_client, staff_user, kind, delegation, item, speaker, topic
):
    url = reverse(f"learning:{kind.prefix}-create", args=[delegation.pk])
    data = form_data(kind, item=item, speaker=speaker, topic=topic, text="We share the ocean.")

    response = staff_client.post(url, data, headers=HTMX)

    row = kind.model.objects.get(delegation=delegation)
    assert getattr(row, kind.text_field) == "We share the ocean."
    assert row.history.first().history_user == staff_user
    body = text(response)
    assert response.status_code == 200
    assert f'id="{kind.anchor}"' in body and "We share the ocean." in body
    assert 'role="status"' in body  # "… was added." said inside the section
    assert "<form" not in body.split("We share the ocean.", 1)[0].split("card-header", 1)[1]


@KINDS
def test_add_without_htmx_redirects_to_the_delegation_page(
    staff_client, kind, delegation, item, speaker, topic
):
    url = reverse(f"learning:{kind.prefix}-create", args=[delegation.pk])
    data = form_data(kind, item=item, speaker=speaker, topic=topic, text="Plain post.")

    response = staff_client.post(url, data)

    assert response.status_code == 302
    assert response["Location"] == detail(delegation, kind.anchor)
    assert kind.model.objects.filter(delegation=delegation).count() == 1
    followed = staff_client.get(response["Location"])
    assert "Plain post." in text(followed)
    assert "was added" in text(followed)


def test_add_follow_up_records_every_field(staff_client, delegation, item, speaker, topic):
    objective = LearningObjectiveFactory(delegation=delegation)
    data = form_data(FOLLOW_UP, item=item, speaker=speaker, topic=topic, text="Youth exchange")
    data["objective"] = objective.pk

    staff_client.post(reverse("learning:followup-create", args=[delegation.pk]), data)

    follow_up = FollowUp.objects.get()
    assert follow_up.owner_organisation.name == "IOM Kenya"
    assert follow_up.owner_official == speaker
    assert follow_up.due_date == date(2019, 12, 31)
    assert follow_up.status == FollowUpStatus.AGREED
    assert (follow_up.item, follow_up.topic, follow_up.objective) == (item, topic, objective)


@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "plain"])
@pytest.mark.parametrize(
    ("kind", "change", "field", "message"),
    [
        (OBJECTIVE, {"description": ""}, "description", "This field is required."),
        (HIGHLIGHT, {"speaker": ""}, "speaker", "A quote needs a speaker, unless it is anonymous."),
        (HIGHLIGHT, {"kind": "gossip"}, "kind", "Select a valid choice."),
        (FOLLOW_UP, {"due_date": "31/31/2019"}, "due_date", "Enter a valid date."),
        (FOLLOW_UP, {"status": "finished"}, "status", "Select a valid choice."),
    ],
    ids=["objective-blank", "quote-no-speaker", "bad-kind", "bad-date", "bad-status"],
)
def test_add_with_errors_keeps_what_was_typed_and_says_why_on_the_field(
    staff_client, delegation, item, speaker, topic, kind, change, field, message, headers
):
    data = form_data(kind, item=item, speaker=speaker, topic=topic, text="Kept as typed 123")
    data.update(change)

    response = staff_client.post(
        reverse(f"learning:{kind.prefix}-create", args=[delegation.pk]), data, headers=headers
    )

    body = text(response)
    assert response.status_code == 200
    assert not kind.model.objects.exists()
    assert "Kept as typed 123" in body or change.get(kind.text_field) == ""
    error = re.search(rf'id="error_\d+_id_{field}"[^>]*>\s*<strong>([^<]*)</strong>', body)
    assert error, f"no error on {field}"
    assert message in error.group(1)
    assert ("<html" in body) is (headers == {})


def test_add_objective_refuses_a_duplicate_on_the_description(staff_client, delegation):
    LearningObjectiveFactory(delegation=delegation, description="Learn about county plans")

    response = staff_client.post(
        reverse("learning:objective-create", args=[delegation.pk]),
        {"description": "learn about county plans", "topic": "", "order": "2"},
        headers=HTMX,
    )

    assert "The delegation already has this objective." in text(response)
    assert LearningObjective.objects.count() == 1


def test_add_objective_proposes_the_next_order(staff_client, delegation):
    LearningObjectiveFactory.create_batch(2, delegation=delegation)

    response = staff_client.get(reverse("learning:objective-create", args=[delegation.pk]))

    assert re.search(r'name="order" value="3"', text(response))


# --- Forged ids: only this delegation's items and objectives ------------------------------------


@pytest.mark.parametrize(
    ("kind", "field"),
    [(HIGHLIGHT, "item"), (FOLLOW_UP, "item"), (FOLLOW_UP, "objective")],
    ids=["highlight-item", "follow-up-item", "follow-up-objective"],
)
def test_add_refuses_another_delegations_item_or_objective(
    staff_client, programme, delegation, item, speaker, topic, kind, field
):
    other = DelegationFactory(programme=programme)
    foreign = {
        "item": ItineraryItemFactory(delegation=other),
        "objective": LearningObjectiveFactory(delegation=other),
    }[field]
    data = form_data(kind, item=item, speaker=speaker, topic=topic, text="Forged")
    data[field] = foreign.pk

    response = staff_client.post(
        reverse(f"learning:{kind.prefix}-create", args=[delegation.pk]), data, headers=HTMX
    )

    assert not kind.model.objects.exists()
    assert re.search(
        rf'id="error_\d+_id_{field}"[^>]*>\s*<strong>Select a valid choice', text(response)
    )


def test_forms_offer_only_this_delegations_items_and_objectives(
    staff_client, programme, delegation, item
):
    LearningObjectiveFactory(delegation=delegation, description="Our own objective")
    other = DelegationFactory(programme=programme)
    ItineraryItemFactory(delegation=other, title="Somebody else's meeting")
    LearningObjectiveFactory(delegation=other, description="Somebody else's objective")

    body = text(staff_client.get(reverse("learning:followup-create", args=[delegation.pk])))

    assert "Courtesy call on the Coast" in body and "Our own objective" in body
    assert "Somebody else" not in body


# --- Edit ---------------------------------------------------------------------------------------


@KINDS
def test_edit_swaps_the_row_into_a_form_filled_with_the_row(staff_client, kind, delegation):
    row = make_row(kind, delegation, **{kind.text_field: "The words as saved"})
    other_row = make_row(kind, delegation, **{kind.text_field: "A neighbour row"})

    response = staff_client.get(kind.url("update", row), headers=HTMX)

    body = text(response)
    assert f'hx-post="{kind.url("update", row)}"' in body
    assert re.search(r"<textarea[^>]*>\s*The words as saved</textarea>", body)
    assert "A neighbour row" in body  # the other rows stay as they are
    assert kind.url("update", other_row) in body


@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "plain"])
@KINDS
def test_edit_saves_through_the_service(
    staff_client, staff_user, kind, delegation, item, speaker, topic, headers
):
    row = make_row(kind, delegation)
    data = form_data(kind, item=item, speaker=speaker, topic=topic, text="Changed words")
    data["version"] = row.version  # every edit form says which version it showed

    response = staff_client.post(kind.url("update", row), data, headers=headers)

    row.refresh_from_db()
    assert getattr(row, kind.text_field) == "Changed words"
    assert row.history.first().history_user == staff_user
    if headers:
        assert "Changed words" in text(response) and f'id="{kind.anchor}"' in text(response)
    else:
        assert response["Location"] == detail(delegation, kind.anchor)


def test_edit_follow_up_changes_the_status_through_its_service(
    staff_client, delegation, item, speaker, topic
):
    follow_up = FollowUpFactory(delegation=delegation)
    data = form_data(FOLLOW_UP, item=item, speaker=speaker, topic=topic, text="Done now")
    data.update(status=FollowUpStatus.DONE, version=follow_up.version)

    staff_client.post(FOLLOW_UP.url("update", follow_up), data, headers=HTMX)

    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.DONE
    assert follow_up.version == 3  # the fields, then the status: each a versioned write


def test_edit_follow_up_refuses_a_stale_version(staff_client, delegation, item, speaker, topic):
    follow_up = FollowUpFactory(delegation=delegation, description="Before")
    data = form_data(FOLLOW_UP, item=item, speaker=speaker, topic=topic, text="Mine")
    data["version"] = follow_up.version - 1 if follow_up.version > 1 else 99

    response = staff_client.post(FOLLOW_UP.url("update", follow_up), data, headers=HTMX)

    follow_up.refresh_from_db()
    assert follow_up.description == "Before"
    body = text(response)
    assert "Someone else saved this since you opened it" in body
    assert "Mine" in body  # what was typed stays in the form


def test_edit_highlight_refuses_another_delegations_item(staff_client, programme, delegation):
    highlight = HighlightFactory(delegation=delegation, kind=HighlightKind.LESSON)
    foreign = ItineraryItemFactory(delegation=DelegationFactory(programme=programme))

    response = staff_client.post(
        HIGHLIGHT.url("update", highlight),
        {"kind": "lesson", "text": "x", "speaker": "", "topic": "", "item": foreign.pk},
    )

    highlight.refresh_from_db()
    assert highlight.item is None
    assert re.search(r'id="error_\d+_id_item"', text(response))


# --- Delete -------------------------------------------------------------------------------------


@KINDS
def test_delete_asks_first_in_the_row_for_htmx(staff_client, kind, delegation):
    row = make_row(kind, delegation)

    response = staff_client.get(kind.url("delete", row), headers=HTMX)

    body = squashed(response)
    assert f'hx-post="{kind.url("delete", row)}"' in body
    assert "Delete this" in body
    assert kind.model.objects.filter(pk=row.pk).exists()


@KINDS
def test_delete_asks_first_on_a_page_without_htmx(staff_client, kind, delegation):
    row = make_row(kind, delegation)

    response = staff_client.get(kind.url("delete", row))

    body = text(response)
    assert "<html" in body and "This will be deleted for good" in body
    assert kind.model.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "plain"])
@KINDS
def test_delete_removes_the_row(staff_client, kind, delegation, headers):
    row = make_row(kind, delegation, **{kind.text_field: "Soon gone"})

    response = staff_client.post(kind.url("delete", row), headers=headers)

    assert not kind.model.objects.filter(pk=row.pk).exists()
    if headers:
        assert "Soon gone" not in text(response) and "was deleted" in text(response)
    else:
        assert response["Location"] == detail(delegation, kind.anchor)


# --- Follow-up status in one click --------------------------------------------------------------


def status_url(follow_up) -> str:
    return reverse("learning:followup-status", args=[follow_up.pk])


def test_status_buttons_offer_the_other_statuses(staff_client, delegation):
    FollowUpFactory(delegation=delegation, status=FollowUpStatus.AGREED)

    body = text(staff_client.get(FOLLOW_UP.section_url(delegation), headers=HTMX))

    offered = re.findall(r'<button type="submit" name="status" value="(\w+)"', body)
    assert offered == ["proposed", "in_progress", "done", "dropped"]


@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "plain"])
def test_status_changes_in_one_click(staff_client, staff_user, delegation, headers):
    follow_up = FollowUpFactory(delegation=delegation, description="Youth exchange")

    response = staff_client.post(
        status_url(follow_up), {"status": "in_progress", "version": 1}, headers=headers
    )

    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.version) == (FollowUpStatus.IN_PROGRESS, 2)
    assert follow_up.history.first().history_user == staff_user
    if headers:
        body = squashed(response)
        assert "“Youth exchange” is now In progress." in body
        assert '<span class="badge text-bg-primary">In progress</span>' in body
    else:
        assert response["Location"] == detail(delegation, "follow-ups")


@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "plain"])
def test_status_change_with_a_stale_version_says_so_and_changes_nothing(
    staff_client, delegation, headers
):
    follow_up = FollowUpFactory(delegation=delegation)
    staff_client.post(status_url(follow_up), {"status": "agreed", "version": 1})  # another tab

    response = staff_client.post(
        status_url(follow_up), {"status": "dropped", "version": 1}, headers=headers, follow=True
    )

    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.AGREED
    body = squashed(response)
    assert "Someone else changed this follow-up after you opened the page" in body
    assert '<span class="badge text-bg-info">Agreed</span>' in body  # what it is now


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "finished", "version": 1}, "Choose one of the statuses offered."),
        ({"status": "done"}, "The status was not changed: reload the page and try again."),
    ],
    ids=["unknown-status", "no-version"],
)
def test_status_change_refuses_a_malformed_click(staff_client, delegation, data, message):
    follow_up = FollowUpFactory(delegation=delegation)

    response = staff_client.post(status_url(follow_up), data, headers=HTMX)

    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.PROPOSED
    assert message in text(response)


def test_status_stays_changeable_once_the_delegation_is_locked(staff_client, programme):
    delegation = DelegationFactory(programme=programme, locked=True)
    follow_up = FollowUpFactory(delegation=delegation)

    section = text(staff_client.get(FOLLOW_UP.section_url(delegation), headers=HTMX))
    response = staff_client.post(status_url(follow_up), {"status": "done", "version": 1})

    assert 'name="status" value="done"' in section
    assert FOLLOW_UP.url("update", follow_up) not in section  # no editing once locked
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.DONE


def test_overdue_follow_ups_are_marked(staff_client, delegation):
    yesterday = date.today() - timedelta(days=1)
    FollowUpFactory(delegation=delegation, description="Late one", due_date=yesterday)
    FollowUpFactory(
        delegation=delegation,
        description="Late but done",
        due_date=yesterday,
        status=FollowUpStatus.DONE,
    )
    FollowUpFactory(delegation=delegation, description="In time", due_date=date.today())

    body = squashed(staff_client.get(FOLLOW_UP.section_url(delegation), headers=HTMX))

    rows = dict(re.findall(r'-text">([^<]+)</p>(.*?)</li>\s*</ul>', body))
    assert "Overdue" in rows["Late one"]
    assert "Overdue" not in rows["Late but done"]
    assert "Overdue" not in rows["In time"]


# --- What the sections show ---------------------------------------------------------------------


def test_objectives_show_topic_and_where_they_were_covered(staff_client, delegation, topic):
    objective = LearningObjectiveFactory(delegation=delegation, topic=topic, description="Learn")
    briefing = ItineraryItemFactory(delegation=delegation, title="IOM Kenya briefing")
    briefing.objectives.add(objective)
    LearningObjectiveFactory(delegation=delegation, topic=None, description="Not yet served")

    body = squashed(staff_client.get(OBJECTIVE.section_url(delegation), headers=HTMX))

    assert "Reintegration" in body
    assert "Covered in:</span> IOM Kenya briefing" in body
    assert "Not yet covered by an itinerary item." in body


def test_highlights_show_quotes_as_blockquotes_and_group_the_rest_by_kind(
    staff_client, delegation, speaker, item
):
    HighlightFactory(delegation=delegation, kind=HighlightKind.LESSON, text="A lesson")
    HighlightFactory(
        delegation=delegation, kind=HighlightKind.QUOTE, text="We share it", speaker=speaker
    )
    HighlightFactory(delegation=delegation, kind=HighlightKind.KEY_FIGURE, text="185", item=item)
    HighlightFactory(delegation=delegation, kind=HighlightKind.LESSON, text="Another lesson")

    body = squashed(staff_client.get(HIGHLIGHT.section_url(delegation), headers=HTMX))

    headings = re.findall(r'<h3 class="h6[^"]*"> (\w[\w ]*?) </h3>', body)
    assert headings == ["Quotes", "Key figures", "Lessons"]
    assert re.search(r"<blockquote[^>]*> <p[^>]*>“We share it”</p> </blockquote>", body)
    assert "Mr John Elungata</span>, <span>Regional Coordinator</span>" in body
    assert "During: Courtesy call on the Coast" in body
    assert body.index("A lesson") < body.index("Another lesson")


def test_section_page_without_htmx_is_a_full_page(staff_client, delegation):
    LearningObjectiveFactory(delegation=delegation, description="Seen on its own page")

    response = staff_client.get(OBJECTIVE.section_url(delegation))

    body = text(response)
    assert "<html" in body and "Seen on its own page" in body
    assert reverse("delegations:detail", args=[delegation.pk]) in body  # breadcrumb back


# --- Who may do what ----------------------------------------------------------------------------


@KINDS
def test_manager_reads_the_section_without_edit_controls(manager_client, kind, delegation):
    row = make_row(kind, delegation, **{kind.text_field: "Visible to the manager"})

    body = text(manager_client.get(kind.section_url(delegation)))

    assert "Visible to the manager" in body
    assert kind.url("update", row) not in body
    assert kind.url("delete", row) not in body
    assert reverse(f"learning:{kind.prefix}-create", args=[delegation.pk]) not in body
    assert reverse("learning:followup-status", args=[row.pk]) not in body


@KINDS
def test_manager_may_not_write(manager_client, kind, delegation, item, speaker, topic):
    row = make_row(kind, delegation, **{kind.text_field: "Untouched"})
    data = form_data(kind, item=item, speaker=speaker, topic=topic, text="Manager's try")
    create = reverse(f"learning:{kind.prefix}-create", args=[delegation.pk])

    responses = [
        manager_client.get(create),
        manager_client.post(create, data),
        manager_client.post(kind.url("update", row), data),
        manager_client.post(kind.url("delete", row)),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403, 403]
    assert list(kind.model.objects.values_list(kind.text_field, flat=True)) == ["Untouched"]


def test_manager_may_not_change_a_follow_up_status(manager_client, delegation):
    follow_up = FollowUpFactory(delegation=delegation)

    response = manager_client.post(status_url(follow_up), {"status": "done", "version": 1})

    assert response.status_code == 403
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.PROPOSED


@KINDS
def test_staff_of_another_programme_get_404_everywhere(
    other_staff_client, kind, delegation, item, speaker, topic
):
    row = make_row(kind, delegation)
    data = form_data(kind, item=item, speaker=speaker, topic=topic, text="Intruder")
    urls = [
        kind.section_url(delegation),
        reverse(f"learning:{kind.prefix}-create", args=[delegation.pk]),
        kind.url("update", row),
        kind.url("delete", row),
    ]

    statuses = [other_staff_client.get(url).status_code for url in urls]
    statuses += [other_staff_client.post(url, data).status_code for url in urls[1:]]

    assert statuses == [404] * 7
    assert kind.model.objects.get().pk == row.pk
    if kind is FOLLOW_UP:
        assert other_staff_client.post(status_url(row), {"status": "done"}).status_code == 404


@KINDS
def test_anonymous_users_are_sent_to_log_in(client, kind, delegation):
    row = make_row(kind, delegation)

    for url in (
        kind.section_url(delegation),
        reverse(f"learning:{kind.prefix}-create", args=[delegation.pk]),
        kind.url("update", row),
        kind.url("delete", row),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_locked_delegation_hides_edit_controls_and_refuses_writes(staff_client, programme):
    delegation = DelegationFactory(programme=programme, locked=True)
    objective = LearningObjectiveFactory(delegation=delegation, description="Frozen")

    body = text(staff_client.get(OBJECTIVE.section_url(delegation)))
    response = staff_client.post(
        OBJECTIVE.url("update", objective), {"description": "Thawed", "order": "1"}
    )

    assert "Frozen" in body and OBJECTIVE.url("update", objective) not in body
    assert response.status_code == 403
    objective.refresh_from_db()
    assert objective.description == "Frozen"


def test_administrator_on_a_locked_delegation_gets_the_services_refusal(admin_client):
    delegation = DelegationFactory(locked=True)

    response = admin_client.post(
        reverse("learning:objective-create", args=[delegation.pk]),
        {"description": "Sneaked in", "order": "1"},
        headers=HTMX,
    )

    assert "locked until an administrator reopens it" in text(response)
    assert not LearningObjective.objects.exists()


# --- Query counts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WithHeaders:
    """A test client whose GETs carry headers (HX-Request), for assert_constant_queries."""

    client: object
    headers: dict

    def get(self, url: str):
        return self.client.get(url, headers=self.headers)


def add_rows(kind: Kind, delegation):
    def add(count: int) -> None:
        for _ in range(count):
            if kind is OBJECTIVE:
                objective = LearningObjectiveFactory(delegation=delegation)
                ItineraryItemFactory(delegation=delegation).objectives.add(objective)
            elif kind is HIGHLIGHT:
                HighlightFactory(
                    delegation=delegation,
                    kind=HighlightKind.QUOTE,
                    speaker=OfficialFactory(),
                    topic=TopicFactory(),
                    item=ItineraryItemFactory(delegation=delegation),
                )
            else:
                FollowUpFactory(
                    delegation=delegation,
                    owner_organisation=OrganisationFactory(),
                    owner_official=OfficialFactory(),
                    item=ItineraryItemFactory(delegation=delegation),
                    topic=TopicFactory(),
                    objective=LearningObjectiveFactory(delegation=delegation),
                    due_date=date(2019, 9, 1),
                )

    return add


@pytest.mark.parametrize("page", ["section-htmx", "section-page", "create-htmx", "detail"])
@KINDS
def test_query_count_does_not_grow_with_rows(staff_client, kind, delegation, page):
    add = add_rows(kind, delegation)
    add(1)
    url, headers = {
        "section-htmx": (kind.section_url(delegation), HTMX),
        "section-page": (kind.section_url(delegation), {}),
        "create-htmx": (reverse(f"learning:{kind.prefix}-create", args=[delegation.pk]), HTMX),
        "detail": (reverse("delegations:detail", args=[delegation.pk]), {}),
    }[page]

    assert_constant_queries(WithHeaders(staff_client, headers), url, add)


@KINDS
def test_query_count_of_the_edit_form_does_not_grow_with_rows(staff_client, kind, delegation):
    add = add_rows(kind, delegation)
    add(1)
    row = kind.model.objects.filter(delegation=delegation).first()

    assert_constant_queries(WithHeaders(staff_client, HTMX), kind.url("update", row), add)


# --- The demo delegation's facts ----------------------------------------------------------------


@pytest.fixture
def demo_delegation(db) -> Delegation:
    call_command("load_demo", stdout=StringIO())
    return Delegation.objects.get(programme__code="PHSS", start_date=date(2019, 7, 22))


@pytest.mark.slow
def test_demo_delegation_page_shows_the_story(admin_client, demo_delegation):
    page = squashed(admin_client.get(reverse("delegations:detail", args=[demo_delegation.pk])))
    highlights = squashed(admin_client.get(HIGHLIGHT.section_url(demo_delegation), headers=HTMX))
    follow_ups = squashed(admin_client.get(FOLLOW_UP.section_url(demo_delegation), headers=HTMX))

    for body in (page, highlights):
        assert "“We are happy to see people from Mozambique" in body
        assert "Mr John Elungata</span>, <span>Regional Coordinator, Coast Region</span>" in body
        assert "in-depth profiling of 185 amnestied returnees" in body
        assert "2014: the PHSS partnership started" in body
        assert "2017: the partnership was formalised" in body
        assert "National Counter Terrorism Centre (NCTC)" in body
    key_figures = highlights.split("Key figures", 1)[1].split("</ul>", 1)[0]
    assert "185 amnestied returnees" in key_figures and "NCTC" in key_figures
    for body in (page, follow_ups):
        assert "Potential follow-up exchange with youth leaders" in body
        assert '<span class="badge text-bg-secondary">Proposed</span>' in body
    assert "Photo: IOM" in page
