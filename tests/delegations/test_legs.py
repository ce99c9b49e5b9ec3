"""Legs of a visit: the services' rules, the legs pages, and the support team by side and leg."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from delegations.enums import SupportRole, TeamSide
from delegations.models import Leg, SupportAssignment
from delegations.services import delegation_update, leg_add, leg_update, support_assign
from tests.factories.delegations import (
    DelegationFactory,
    LegFactory,
    SupportAssignmentFactory,
)
from tests.factories.officials import OfficialFactory
from tests.factories.partners import OrganisationFactory
from tests.factories.places import PlaceFactory
from tests.support.queries import assert_constant_queries

START, END = datetime.date(2019, 7, 22), datetime.date(2019, 7, 26)


@pytest.fixture
def delegation(programme):
    return DelegationFactory(programme=programme, start_date=START, end_date=END)


# --- Services -----------------------------------------------------------------------------------


def test_leg_add_records_the_leg_with_its_hosts_and_history(delegation, staff_user):
    miami = PlaceFactory(name="Miami-Dade County", country="US", timezone="America/New_York")
    host = OrganisationFactory(name="Miami-Dade County Government", country="US")

    leg = leg_add(
        delegation=delegation,
        actor=staff_user,
        place=miami,
        start_date=START,
        end_date=START + datetime.timedelta(days=1),
        host_organisation=host,
        arranged_by=host,
    )

    assert (leg.place, leg.host_organisation, leg.arranged_by) == (miami, host, host)
    assert leg.history.get().history_user == staff_user


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (START - datetime.timedelta(days=1), START, "start_date"),
        (START, END + datetime.timedelta(days=1), "end_date"),
    ],
    ids=["before-the-visit", "after-the-visit"],
)
def test_a_leg_outside_the_visit_is_refused(delegation, staff_user, start, end, field):
    with pytest.raises(ValidationError) as refused:
        leg_add(
            delegation=delegation,
            actor=staff_user,
            place=PlaceFactory(),
            start_date=start,
            end_date=end,
        )

    assert field in refused.value.error_dict
    assert not Leg.objects.exists()


def test_moving_the_visit_away_from_a_leg_is_refused(delegation, staff_user):
    LegFactory(delegation=delegation, place=PlaceFactory(name="Tampa"), end_date=END)

    with pytest.raises(ValidationError, match="Tampa"):
        delegation_update(
            delegation=delegation,
            actor=staff_user,
            data={"end_date": END - datetime.timedelta(days=1)},
        )

    delegation.refresh_from_db()
    assert delegation.end_date == END


def test_leg_update_checks_the_new_dates(delegation, staff_user):
    leg = LegFactory(delegation=delegation)

    with pytest.raises(ValidationError):
        leg_update(leg=leg, actor=staff_user, data={"end_date": END + datetime.timedelta(3)})

    leg.refresh_from_db()
    assert leg.end_date == END


def test_a_leg_of_another_delegation_is_refused_on_the_support_team(delegation, staff_user):
    other_leg = LegFactory()

    with pytest.raises(ValidationError) as refused:
        support_assign(
            delegation=delegation,
            official=OfficialFactory(),
            actor=staff_user,
            role=SupportRole.LOGISTICS,
            leg=other_leg,
        )

    assert "leg" in refused.value.error_dict
    assert not SupportAssignment.objects.exists()


# --- Pages --------------------------------------------------------------------------------------


def test_legs_page_adds_a_leg(staff_client, delegation):
    tampa = PlaceFactory(name="Tampa", country="US", timezone="America/New_York")
    host = OrganisationFactory(name="Hillsborough County", country="US")
    url = reverse("delegations:legs", args=[delegation.pk])

    response = staff_client.post(
        url,
        {
            "place": tampa.pk,
            "start_date": "2019-07-24",
            "end_date": "2019-07-26",
            "host_organisation": host.pk,
        },
        follow=True,
    )

    assert response.redirect_chain == [(url, 302)]
    leg = Leg.objects.get(delegation=delegation)
    assert (leg.place, leg.host_organisation) == (tampa, host)
    html = response.content.decode()
    assert "The leg in Tampa" in html and "Hillsborough County" in html


def test_legs_page_edits_and_removes_a_leg(staff_client, delegation):
    leg = LegFactory(delegation=delegation, notes="Old notes")
    data = {
        "place": leg.place.pk,
        "start_date": "2019-07-22",
        "end_date": "2019-07-23",
        "version": leg.version,
    }

    staff_client.post(reverse("delegations:leg-update", args=[leg.pk]), data | {"notes": "New"})
    leg.refresh_from_db()
    assert (leg.notes, leg.end_date) == ("New", datetime.date(2019, 7, 23))

    staff_client.post(reverse("delegations:leg-remove", args=[leg.pk]))
    assert not Leg.objects.filter(pk=leg.pk).exists()


def test_legs_page_queries_do_not_grow_with_legs(staff_client, delegation):
    def add(n):
        for _ in range(n):
            leg = LegFactory(delegation=delegation, place=PlaceFactory())
            SupportAssignmentFactory(delegation=delegation, leg=leg)

    add(1)
    assert_constant_queries(staff_client, reverse("delegations:legs", args=[delegation.pk]), add)


def test_support_team_page_shows_positions_sides_and_legs(staff_client, delegation):
    leg = LegFactory(delegation=delegation, place=PlaceFactory(name="Pensacola"))
    SupportAssignmentFactory(
        delegation=delegation,
        official=OfficialFactory(full_name="Ana Host", position="County protocol officer"),
        leg=leg,
    )
    SupportAssignmentFactory(
        delegation=delegation,
        official=OfficialFactory(full_name="Baraka Sender", position="Desk officer"),
        side=TeamSide.SENDING,
        role=SupportRole.FOCAL_POINT,
    )

    html = staff_client.get(reverse("delegations:support-team", args=[delegation.pk])).content
    html = html.decode()

    assert "County protocol officer" in html and "Desk officer" in html
    assert "Sending-side focal points" in html and "Leg: Pensacola" in html


def test_support_team_page_adds_a_sending_side_focal_point(staff_client, delegation):
    official = OfficialFactory(full_name="Focal Point of the Sender")

    staff_client.post(
        reverse("delegations:support-team", args=[delegation.pk]),
        {"official": official.pk, "role": SupportRole.FOCAL_POINT, "side": TeamSide.SENDING},
    )

    row = SupportAssignment.objects.get(official=official)
    assert (row.side, row.leg) == (TeamSide.SENDING, None)
    page = staff_client.get(reverse("delegations:detail", args=[delegation.pk])).content.decode()
    sending = page[page.index("Sending-side focal points") :]
    assert "Focal Point of the Sender" in sending


def test_detail_page_queries_do_not_grow_with_legs_and_support(staff_client, delegation):
    def add(n):
        for _ in range(n):
            leg = LegFactory(delegation=delegation, place=PlaceFactory())
            SupportAssignmentFactory(delegation=delegation, leg=leg)
            SupportAssignmentFactory(delegation=delegation, side=TeamSide.SENDING)

    add(1)
    assert_constant_queries(staff_client, reverse("delegations:detail", args=[delegation.pk]), add)
