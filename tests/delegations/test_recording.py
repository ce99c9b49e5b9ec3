"""Rules that fit real visits: a head is optional (a group visit), a past visit is recorded
as completed in one step, projects and sending organisations on the delegation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from delegations.enums import MemberRole, PlanningStatus
from delegations.services import (
    delegation_set_no_head,
    delegation_set_status,
    report_missing_pieces,
)
from delegations.services.review import head_is_missing
from tests.factories.delegations import DelegationFactory, DelegationMemberFactory
from tests.factories.partners import OrganisationFactory, ProjectFactory
from tests.factories.places import PlaceFactory


@pytest.fixture
def delegation(programme):
    return DelegationFactory(programme=programme)


# --- No head (group visit) ------------------------------------------------------------------------


def test_a_missing_head_does_not_stop_the_report(delegation):
    DelegationMemberFactory(delegation=delegation, role=MemberRole.MEMBER)

    assert head_is_missing(delegation)
    assert not any("head" in piece for piece in report_missing_pieces(delegation))


def test_marking_no_head_records_a_group_visit(delegation, staff_user):
    delegation_set_no_head(delegation=delegation, actor=staff_user, no_head=True)

    delegation.refresh_from_db()
    assert delegation.no_head and not head_is_missing(delegation)
    assert delegation.history.latest().history_user == staff_user


def test_a_delegation_with_a_head_cannot_be_marked_without_one(delegation, staff_user):
    DelegationMemberFactory(delegation=delegation, role=MemberRole.HEAD)

    with pytest.raises(ValidationError, match="has a head"):
        delegation_set_no_head(delegation=delegation, actor=staff_user, no_head=True)

    delegation.refresh_from_db()
    assert not delegation.no_head


def test_the_page_offers_no_head_and_the_button_marks_it(staff_client, delegation):
    url = reverse("delegations:detail", args=[delegation.pk])
    assert "No head of delegation is recorded" in staff_client.get(url).content.decode()

    response = staff_client.post(
        reverse("delegations:no-head", args=[delegation.pk]), {"no_head": "1"}, follow=True
    )

    assert response.redirect_chain == [(url, 302)]
    html = response.content.decode()
    assert "Group visit: no head of delegation" in html
    assert "No head of delegation is recorded" not in html


def test_the_review_page_shows_the_missing_head_with_its_button(staff_client, delegation):
    html = staff_client.get(reverse("reports:review", args=[delegation.pk])).content.decode()

    assert "does not stop the report: a head of delegation" in html
    assert reverse("delegations:no-head", args=[delegation.pk]) in html


def test_the_no_head_button_never_leads_elsewhere(staff_client, delegation):
    response = staff_client.post(
        reverse("delegations:no-head", args=[delegation.pk]),
        {"no_head": "1", "next": "https://elsewhere.example/"},
    )

    assert response["Location"] == reverse("delegations:detail", args=[delegation.pk])


# --- A past visit completes in one step -----------------------------------------------------------


@pytest.mark.parametrize("status", [PlanningStatus.DRAFT, PlanningStatus.PLANNED])
def test_a_past_visit_is_completed_in_one_step(programme, staff_user, status):
    past = timezone.localdate() - datetime.timedelta(days=30)
    delegation = DelegationFactory(
        programme=programme, status=status, start_date=past, end_date=past
    )

    delegation_set_status(
        delegation=delegation, actor=staff_user, to_status=PlanningStatus.COMPLETED
    )

    delegation.refresh_from_db()
    assert delegation.status == PlanningStatus.COMPLETED


def test_a_visit_still_to_come_is_not_completed_in_one_step(programme, staff_user):
    future = timezone.localdate() + datetime.timedelta(days=30)
    delegation = DelegationFactory(programme=programme, start_date=future, end_date=future)

    with pytest.raises(ValidationError):
        delegation_set_status(
            delegation=delegation, actor=staff_user, to_status=PlanningStatus.COMPLETED
        )


def test_the_page_offers_completion_for_a_past_draft(staff_client, programme):
    past = timezone.localdate() - datetime.timedelta(days=30)
    delegation = DelegationFactory(programme=programme, start_date=past, end_date=past)

    html = staff_client.get(reverse("delegations:detail", args=[delegation.pk])).content.decode()

    assert 'value="completed"' in html


# --- Project, donors, sending organisations, destinations in order -------------------------------


def test_the_form_records_project_senders_and_destinations_in_order(staff_client, programme):
    donor = OrganisationFactory(name="United States Government", country="US")
    project = ProjectFactory(programme=programme, name="NOAH Phase IV", donors=[donor])
    senders = [OrganisationFactory(name=f"Government of {n}") for n in ("Ghana", "Togo", "Benin")]
    tampa, miami = PlaceFactory(name="Tampa"), PlaceFactory(name="Miami")
    data = {
        "title": "Study visit to Florida",
        "programme": programme.pk,
        "project": project.pk,
        "sending_countries": ["GH", "TG", "BJ"],
        "sending_organisations": [s.pk for s in senders],
        "host_country": "US",
        "destinations": [tampa.pk, miami.pk],
        "start_date": "2024-05-06",
        "end_date": "2024-05-10",
    }

    response = staff_client.post(reverse("delegations:create"), data, follow=True)

    delegation = response.context["delegation"]
    assert delegation.project == project
    assert set(delegation.sending_organisations.all()) == set(senders)
    assert delegation.destinations_in_order == [tampa, miami]
    html = response.content.decode()
    assert "NOAH Phase IV" in html and "United States Government" in html
    assert html.index("Tampa") < html.index("Miami")
    report = staff_client.get(reverse("reports:report", args=[delegation.pk])).content.decode()
    assert "United States Government" in report and "Government of Togo" in report


def test_destinations_keep_a_new_order_of_travel(staff_client, programme, delegation):
    first, second = PlaceFactory(name="First stop"), PlaceFactory(name="Second stop")
    data = {
        "title": delegation.title,
        "programme": programme.pk,
        "sending_countries": ["MZ"],
        "host_country": "KE",
        "start_date": "2019-07-22",
        "end_date": "2019-07-26",
        "version": delegation.version,
    }
    url = reverse("delegations:update", args=[delegation.pk])

    staff_client.post(url, data | {"destinations": [first.pk, second.pk]})
    staff_client.post(url, data | {"destinations": [second.pk, first.pk], "version": 2})

    delegation.refresh_from_db()
    assert delegation.destinations_in_order == [second, first]
    assert delegation.version == 3


def test_a_project_of_another_programme_is_refused_by_the_service(
    delegation, staff_user, other_programme
):
    from delegations.services import delegation_update

    with pytest.raises(ValidationError) as refused:
        delegation_update(
            delegation=delegation,
            actor=staff_user,
            data={"project": ProjectFactory(programme=other_programme)},
        )

    assert "project" in refused.value.error_dict
