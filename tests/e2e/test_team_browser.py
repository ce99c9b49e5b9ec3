"""Staff build a delegation's team in Chromium: two members from the directory, one new
official typed on the spot, a head, an order; and the host support team."""

import re

import pytest
from playwright.sync_api import expect

from delegations.enums import MemberRole
from delegations.models import DelegationMember, SupportAssignment
from officials.models import Official
from tests.e2e.steps import log_in, pick
from tests.factories.delegations import DelegationFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import OrganisationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def table_names(page) -> list[str]:
    return page.locator("table tbody th[scope=row]").all_inner_texts()


@pytest.fixture
def setting(programme):
    cabo_delgado = OrganisationFactory(name="Cabo Delgado Provincial Government", country="MZ")
    OfficialFactory(
        honorific="Ms",
        full_name="Nice Leonor Diogo Correia",
        position="Provincial Director of Economy and Finance",
        organisation=cabo_delgado,
        country="MZ",
    )
    OfficialFactory(
        honorific="Mr",
        full_name="Alvaro Floriano Goncalves Junior",
        position="Provincial Director of Justice, Constitutional and Religious Affairs",
        organisation=cabo_delgado,
        country="MZ",
    )
    OfficialFactory(
        honorific="Ms",
        full_name="Yoko Fujimura",
        position="",
        organisation=OrganisationFactory(name="IOM Mombasa sub-office", country=""),
    )
    return DelegationFactory(
        programme=programme, title="Government of Mozambique officials learn from Kenya"
    )


def test_staff_build_the_members_with_a_new_official_a_head_and_an_order(
    page, live_server, staff_user, setting, screenshot, axe_violations
):
    delegation = setting
    log_in(page, live_server, staff_user.email)
    page.goto(f"{live_server.url}/delegations/{delegation.pk}/members/")
    expect(page.get_by_role("heading", name="Delegation members")).to_be_visible()
    assert axe_violations() == []
    screenshot("team-members-empty")

    # Two members from the directory.
    pick(page, "Official", "correia", "Ms Nice Leonor Diogo Correia")
    page.get_by_role("button", name="Add a member").click()
    expect(page.get_by_role("alert")).to_contain_text("Ms Nice Leonor Diogo Correia was added")
    pick(page, "Official", "goncalves", "Mr Alvaro Floriano Goncalves Junior")
    page.get_by_label("Position at the time of the visit").fill("Provincial Director of Justice")
    page.get_by_role("button", name="Add a member").click()
    expect(page.get_by_role("alert")).to_contain_text("Goncalves Junior was added")

    # One not in the directory yet: typed in place, with a second head refused first.
    page.get_by_label("Role in the delegation").select_option(label="Head of delegation")
    page.get_by_role("button", name="Add a member").click()  # nobody chosen: explained
    expect(
        page.get_by_text("Pick an official from the directory, or add a new one below.")
    ).to_be_visible()
    expect(page.get_by_role("combobox", name="Official")).to_have_accessible_description(
        re.compile("^Pick an official from the directory, or add a new one below.")
    )
    page.get_by_text("Not in the directory? Add a new official").click()
    page.get_by_label("Honorific").select_option("Mr")
    page.get_by_label("Full name").fill("António Domingos Mapure")
    page.get_by_label("Current position (job title)").fill("Provincial Permanent Secretary")
    pick(page, "Organisation", "cabo", "Cabo Delgado Provincial Government")
    page.get_by_label("Country served").select_option("MZ")
    page.get_by_label("Gender").select_option("male")
    assert axe_violations() == []
    screenshot("team-members-new-official")
    page.get_by_role("button", name="Add a member").click()
    expect(page.get_by_role("alert")).to_contain_text("Mr António Domingos Mapure was added")
    assert table_names(page) == [
        "Mr António Domingos Mapure",
        "Ms Nice Leonor Diogo Correia",
        "Mr Alvaro Floriano Goncalves Junior",
    ]
    mapure = Official.objects.get(full_name="António Domingos Mapure")
    assert (mapure.organisation.name, mapure.country.code) == (
        "Cabo Delgado Provincial Government",
        "MZ",
    )

    # A second head is refused, naming the head, and the typed position stays.
    page.get_by_role("link", name="Edit Ms Nice Leonor Diogo Correia").click()
    page.get_by_label("Role in the delegation").select_option(label="Head of delegation")
    page.get_by_label("Position at the time of the visit").fill("Director, Economy")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".invalid-feedback")).to_contain_text(
        "Mr António Domingos Mapure is already the head of this delegation."
    )
    expect(page.get_by_label("Position at the time of the visit")).to_have_value(
        "Director, Economy"
    )
    assert axe_violations() == []
    screenshot("team-member-edit-refused")
    page.get_by_role("link", name="Cancel").click()

    # Reorder: Goncalves moves above Correia; the head stays first.
    page.get_by_role("button", name="Move Mr Alvaro Floriano Goncalves Junior up").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Moved Mr Alvaro Floriano Goncalves Junior up"
    )
    assert table_names(page) == [
        "Mr António Domingos Mapure",
        "Mr Alvaro Floriano Goncalves Junior",
        "Ms Nice Leonor Diogo Correia",
    ]
    expect(page.get_by_role("button", name="Move Mr António Domingos Mapure down")).to_be_disabled()
    assert axe_violations() == []
    screenshot("team-members-ordered")

    members = DelegationMember.objects.filter(delegation=delegation)
    assert members.get(role=MemberRole.HEAD).official == mapure
    assert [
        m.official.full_name for m in members.exclude(role=MemberRole.HEAD).order_by("order")
    ] == [
        "Alvaro Floriano Goncalves Junior",
        "Nice Leonor Diogo Correia",
    ]
    assert members.get(official__full_name__startswith="Alvaro").position == (
        "Provincial Director of Justice"
    )

    # The delegation page shows them, head first, and leads back here.
    page.goto(f"{live_server.url}/delegations/{delegation.pk}/")
    section = page.locator("#members")
    expect(section.locator("tbody tr").first).to_contain_text("Provincial Permanent Secretary")
    screenshot("team-section")
    section.get_by_role("link", name="Manage members").click()
    expect(page.get_by_role("heading", name="Delegation members")).to_be_visible()


def test_staff_put_the_host_support_team_together(
    page, live_server, staff_user, setting, screenshot, axe_violations
):
    delegation = setting
    log_in(page, live_server, staff_user.email)
    page.goto(f"{live_server.url}/delegations/{delegation.pk}/support-team/")

    pick(page, "Official", "fujimura", "Ms Yoko Fujimura")
    page.get_by_label("Role").select_option(label="Focal point")
    page.get_by_role("button", name="Add someone to the support team").click()
    expect(page.get_by_role("alert")).to_contain_text("Ms Yoko Fujimura was added")

    page.get_by_text("Not in the directory? Add a new official").click()
    page.get_by_label("Honorific").select_option("Mr")
    page.get_by_label("Full name").fill("Sam Cobrado")
    pick(page, "Organisation", "mombasa", "IOM Mombasa sub-office")
    page.get_by_label("Role").select_option(label="Logistics")
    page.get_by_role("button", name="Add someone to the support team").click()
    expect(page.get_by_role("alert")).to_contain_text("Mr Sam Cobrado was added")
    assert table_names(page) == ["Ms Yoko Fujimura", "Mr Sam Cobrado"]
    assert axe_violations() == []
    screenshot("team-support")

    page.get_by_role("link", name="Remove Ms Yoko Fujimura").click()
    expect(page.get_by_role("heading")).to_contain_text(
        "Remove Ms Yoko Fujimura from the support team?"
    )
    assert axe_violations() == []
    screenshot("team-support-remove")
    page.get_by_role("button", name="Remove").click()
    expect(page.get_by_role("alert")).to_contain_text("Ms Yoko Fujimura was removed")
    assert list(
        SupportAssignment.objects.filter(delegation=delegation).values_list(
            "official__full_name", "role"
        )
    ) == [("Sam Cobrado", "logistics")]
