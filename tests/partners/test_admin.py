"""The partners admin: organisations, programmes and their members through the services."""

from django.urls import reverse

from partners.enums import ProgrammeRole
from partners.models import Organisation, Programme, ProgrammeMembership
from tests.factories.accounts import UserFactory
from tests.factories.partners import OrganisationFactory, ProgrammeMembershipFactory
from tests.support.admin import change_url


def test_programme_add_records_its_members_through_membership_set(admin_client):
    manager = UserFactory()
    lead = OrganisationFactory(name="International Organization for Migration", country="")
    data = {
        "code": "PHSS",
        "name": "Programme for Human Security and Stabilization",
        "lead_organisation": lead.pk,
        "countries": ["KE", "MZ"],
        "active": "on",
        "start_note": "since 2014",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-0-user": manager.pk,
        "memberships-0-role": ProgrammeRole.MANAGER,
    }

    response = admin_client.post(reverse("admin:partners_programme_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    programme = Programme.objects.get(code="PHSS")
    assert programme.memberships.get().user == manager
    assert programme.memberships.get().role == ProgrammeRole.MANAGER


def test_programme_membership_change_changes_the_role_not_the_pair(admin_client):
    membership = ProgrammeMembershipFactory(role=ProgrammeRole.STAFF)
    url = change_url(membership)

    page = admin_client.get(url)
    response = admin_client.post(url, {"role": ProgrammeRole.MANAGER, "user": UserFactory().pk})

    assert 'name="user"' not in page.content.decode()
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == ProgrammeRole.MANAGER
    assert ProgrammeMembership.objects.count() == 1


def test_organisation_add_refuses_a_duplicate_name_in_the_same_country(admin_client):
    OrganisationFactory(name="Kenya Police Service", country="KE")
    data = {"name": "kenya police service", "kind": "security", "country": "KE"}

    response = admin_client.post(reverse("admin:partners_organisation_add"), data)

    assert response.status_code == 200
    assert "already exists for this country" in response.content.decode()
    assert Organisation.objects.count() == 1
