"""Writes of several rows are all or nothing.

Each test lets the first rows of a write go through and makes the LAST one fail (its
model's save raises), then counts every table the write touches, history included:
nothing of the first rows may remain. The failure is either a refusal (ValidationError:
the page comes back with the form) or an unexpected error (it propagates: a 500).
"""

from collections.abc import Iterable

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from delegations.enums import MemberRole, PlanningStatus, ReportStatus, ReviewAction
from delegations.models import Delegation, DelegationMember, Report, ReviewEvent
from delegations.services import (
    delegation_set_status,
    member_add_new_official,
    member_move,
    report_submit,
    report_update,
)
from itinerary.enums import BeneficiaryCategory, CounterpartRole
from itinerary.models import BeneficiaryGroup, Counterpart, ItineraryItem
from learning.enums import FollowUpStatus
from learning.models import FollowUp
from learning.services import followup_update
from officials.models import Official
from tests.factories.delegations import DelegationFactory, DelegationMemberFactory
from tests.factories.itinerary import (
    BeneficiaryGroupFactory,
    CounterpartFactory,
    ItineraryItemFactory,
)
from tests.factories.learning import FollowUpFactory
from tests.factories.officials import OfficialFactory
from tests.support.html_forms import form_fields

FORCED = "forced failure of the last write"


def fail_on_save(monkeypatch, model: type[models.Model], call: int, error: Exception) -> None:
    """Make the `call`-th save of `model` (its last write here) raise `error`."""
    original = model.save
    calls = {"count": 0}

    def save(self, *args, **kwargs):
        calls["count"] += 1
        if calls["count"] == call:
            raise error
        return original(self, *args, **kwargs)

    monkeypatch.setattr(model, "save", save)


def snapshot(*tables: type[models.Model]) -> dict[str, int]:
    """Rows of each table and of its history table."""
    counts = {}
    for table in tables:
        counts[table.__name__] = table.objects.count()
        history = getattr(table, "history", None)
        if history is not None:
            counts[history.model.__name__] = history.model.objects.count()
    return counts


def unchanged(before: dict[str, int], tables: Iterable[type[models.Model]]) -> None:
    assert snapshot(*tables) == before


@pytest.fixture
def delegation(programme):
    return DelegationFactory(programme=programme, title="Cabo Delgado to Kenya")


# --- The item form with its counterparts and groups ---------------------------------------------

ITEM_TABLES = (ItineraryItem, Counterpart, BeneficiaryGroup)
ERRORS = pytest.mark.parametrize(
    "error",
    [ValidationError(FORCED), RuntimeError(FORCED)],
    ids=["refused", "crashed"],
)


def item_rows(prefix: str, rows: list[dict]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def new_item_data(place) -> dict:
    host, guest = OfficialFactory(), OfficialFactory()
    group = {"category": BeneficiaryCategory.YOUTH_LEADERS, "female": "4", "male": "6"}
    return {
        "kind": "meeting",
        "title": "Meeting with the county commissioner",
        "place": str(place.pk),
        "starts_at_0": "2019-07-23",
        "starts_at_1": "09:00",
        "ends_at_0": "2019-07-23",
        "ends_at_1": "10:30",
        **item_rows(
            "counterparts",
            [
                {"official": str(host.pk), "role": CounterpartRole.HOST},
                {"official": str(guest.pk), "role": CounterpartRole.PARTICIPANT},
            ],
        ),
        **item_rows("groups", [group, {**group, "category": BeneficiaryCategory.OTHER}]),
    }


@ERRORS
def test_item_create_leaves_nothing_when_its_last_group_fails(
    monkeypatch, staff_client, delegation, nairobi, error
):
    data = new_item_data(nairobi)
    before = snapshot(*ITEM_TABLES)
    fail_on_save(monkeypatch, BeneficiaryGroup, call=2, error=error)
    url = reverse("itinerary:item-create", args=[delegation.pk])

    if isinstance(error, ValidationError):
        response = staff_client.post(url, data)
        assert response.status_code == 200
        assert "Nothing was saved" in response.content.decode()
    else:
        with pytest.raises(RuntimeError, match=FORCED):
            staff_client.post(url, data)

    unchanged(before, ITEM_TABLES)


@ERRORS
def test_item_update_leaves_nothing_when_its_last_group_fails(
    monkeypatch, staff_client, delegation, nairobi, error
):
    item = ItineraryItemFactory(delegation=delegation, place=nairobi, title="Coast meeting")
    CounterpartFactory(item=item)
    first = BeneficiaryGroupFactory(item=item, female=1, male=1, other=0, total=2, youth=None)
    second = BeneficiaryGroupFactory(item=item, female=2, male=2, other=0, total=4, youth=None)
    url = reverse("itinerary:item-update", args=[item.pk])
    data = form_fields(staff_client.get(url).content.decode(), containing="version")
    data.update({"title": "Renamed", "groups-0-female": "10", "groups-1-female": "20"})
    before = snapshot(*ITEM_TABLES)
    fail_on_save(monkeypatch, BeneficiaryGroup, call=2, error=error)

    if isinstance(error, ValidationError):
        assert staff_client.post(url, data).status_code == 200
    else:
        with pytest.raises(RuntimeError, match=FORCED):
            staff_client.post(url, data)

    unchanged(before, ITEM_TABLES)
    item.refresh_from_db()
    assert (item.title, item.version) == ("Coast meeting", 1)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.female, second.female) == (1, 2)


# --- A delegation and its report ----------------------------------------------------------------

DELEGATION_TABLES = (Delegation, Report)


def test_delegation_create_leaves_no_delegation_when_its_report_fails(
    monkeypatch, staff_client, programme
):
    url = reverse("delegations:create")
    form = form_fields(staff_client.get(url).content.decode(), containing="submission_token")
    form.update(
        title="Second visit",
        programme=str(programme.pk),
        sending_countries="MZ",
        host_country="KE",
        start_date="2019-08-05",
        end_date="2019-08-09",
    )
    before = snapshot(*DELEGATION_TABLES)
    with monkeypatch.context() as patch:
        fail_on_save(patch, Report, call=1, error=RuntimeError(FORCED))
        with pytest.raises(RuntimeError, match=FORCED):
            staff_client.post(url, form)
    unchanged(before, DELEGATION_TABLES)

    # The failed POST released its one-time token: sent again, it saves, once.
    assert staff_client.post(url, form).status_code == 302
    again = staff_client.post(url, form)
    assert again.status_code == 302, again.context["form"].errors.as_text()
    assert Delegation.objects.filter(title="Second visit").count() == 1


# --- Status transitions and what records them ---------------------------------------------------


def test_planning_status_is_not_changed_when_its_history_row_fails(
    monkeypatch, staff_client, delegation
):
    before = snapshot(Delegation)
    fail_on_save(monkeypatch, Delegation.history.model, call=1, error=RuntimeError(FORCED))
    url = reverse("delegations:set-status", args=[delegation.pk])

    with pytest.raises(RuntimeError, match=FORCED):
        staff_client.post(url, {"to_status": PlanningStatus.PLANNED})

    unchanged(before, (Delegation,))
    delegation.refresh_from_db()
    assert (delegation.status, delegation.version) == (PlanningStatus.DRAFT, 1)


@pytest.fixture
def complete_delegation(delegation, staff_user, manager, nairobi):
    """A delegation whose report can be submitted (a manager to review it)."""
    DelegationMemberFactory(delegation=delegation, role=MemberRole.HEAD)
    ItineraryItemFactory(delegation=delegation, place=nairobi)
    report_update(report=delegation.report, actor=staff_user, summary="They learned.")
    return delegation


REVIEW_TABLES = (Report, ReviewEvent, Delegation)


def test_submit_leaves_the_report_a_draft_when_its_event_fails(
    monkeypatch, staff_client, complete_delegation
):
    before = snapshot(*REVIEW_TABLES)
    fail_on_save(monkeypatch, ReviewEvent, call=1, error=RuntimeError(FORCED))
    url = reverse("reports:review", args=[complete_delegation.pk])

    with pytest.raises(RuntimeError, match=FORCED):
        staff_client.post(url, {"action": "submit"})

    unchanged(before, REVIEW_TABLES)
    report = Report.objects.get(delegation=complete_delegation)
    assert (report.status, report.submitted_by) == (ReportStatus.DRAFT, None)


def test_approve_leaves_the_report_submitted_when_locking_the_delegation_fails(
    monkeypatch, client, manager, staff_user, complete_delegation, mailoutbox
):
    report_submit(report=Report.objects.get(delegation=complete_delegation), actor=staff_user)
    mailoutbox.clear()
    before = snapshot(*REVIEW_TABLES)
    # Approving writes the report, its event, then locks the delegation: that fails.
    fail_on_save(monkeypatch, Delegation, call=1, error=RuntimeError(FORCED))
    client.force_login(manager)

    with pytest.raises(RuntimeError, match=FORCED):
        client.post(
            reverse("reports:review", args=[complete_delegation.pk]),
            {"action": "approve", "approve-comment": "Fine."},
        )

    unchanged(before, REVIEW_TABLES)
    report = Report.objects.get(delegation=complete_delegation)
    assert report.status == ReportStatus.SUBMITTED
    assert not report.events.filter(action=ReviewAction.APPROVE).exists()
    assert not Delegation.objects.get(pk=complete_delegation.pk).locked
    assert mailoutbox == []  # mail goes out on commit only


# --- Team pages and follow-ups ------------------------------------------------------------------


def test_member_move_renumbers_no_one_when_its_last_write_fails(
    monkeypatch, staff_user, delegation
):
    members = [
        DelegationMemberFactory(delegation=delegation, role=MemberRole.MEMBER, order=order)
        for order in (1, 5, 9)  # gaps: moving renumbers several rows
    ]
    before = snapshot(DelegationMember)
    fail_on_save(monkeypatch, DelegationMember, call=2, error=RuntimeError(FORCED))

    with pytest.raises(RuntimeError, match=FORCED):
        member_move(member=members[2], direction="up", actor=staff_user)

    unchanged(before, (DelegationMember,))
    assert [m.order for m in DelegationMember.objects.order_by("pk")] == [1, 5, 9]


def test_new_official_is_not_kept_when_adding_them_as_member_fails(
    monkeypatch, staff_user, delegation
):
    before = snapshot(Official, DelegationMember)
    fail_on_save(monkeypatch, DelegationMember, call=1, error=ValidationError(FORCED))

    with pytest.raises(ValidationError):
        member_add_new_official(
            delegation=delegation,
            official_fields={"full_name": "Someone New", "position": "Adviser"},
            actor=staff_user,
        )

    unchanged(before, (Official, DelegationMember))


def test_follow_up_fields_are_not_kept_when_its_status_write_fails(
    monkeypatch, staff_user, delegation
):
    follow_up = FollowUpFactory(delegation=delegation, description="Before")
    before = snapshot(FollowUp)
    fail_on_save(monkeypatch, FollowUp, call=2, error=RuntimeError(FORCED))

    with pytest.raises(RuntimeError, match=FORCED):
        followup_update(
            follow_up=follow_up,
            actor=staff_user,
            data={"description": "After", "status": FollowUpStatus.DONE},
            expected_version=follow_up.version,
        )

    unchanged(before, (FollowUp,))
    follow_up.refresh_from_db()
    assert (follow_up.description, follow_up.status) == ("Before", FollowUpStatus.PROPOSED)


def test_set_status_service_and_its_history_are_one_write(monkeypatch, staff_user, delegation):
    """The service itself, without the view: status and history row together."""
    fail_on_save(monkeypatch, Delegation.history.model, call=1, error=RuntimeError(FORCED))
    with pytest.raises(RuntimeError, match=FORCED):
        delegation_set_status(
            delegation=delegation, actor=staff_user, to_status=PlanningStatus.PLANNED
        )
    assert Delegation.objects.get(pk=delegation.pk).status == PlanningStatus.DRAFT


# --- Admin actions on several rows --------------------------------------------------------------


def test_admin_bulk_delete_deletes_none_when_its_last_row_fails(
    monkeypatch, admin_client, delegation
):
    members = [DelegationMemberFactory(delegation=delegation) for _ in range(3)]
    before = snapshot(DelegationMember)
    original = DelegationMember.delete
    calls = {"count": 0}

    def delete(self, *args, **kwargs):
        calls["count"] += 1
        if calls["count"] == len(members):
            raise RuntimeError(FORCED)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(DelegationMember, "delete", delete)

    with pytest.raises(RuntimeError, match=FORCED):
        admin_client.post(
            reverse("admin:delegations_delegationmember_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [str(member.pk) for member in members],
                "post": "yes",
            },
        )

    unchanged(before, (DelegationMember,))
    assert calls["count"] == len(members)  # the first rows were deleted, then undone
