"""The team pages: members and the host support team, added (from the directory or new
to it), edited, moved and removed in the browser; and the team section of the
delegation page."""

import html
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delegations.enums import MemberRole, SupportRole
from delegations.models import DelegationMember, SupportAssignment
from delegations.selectors import delegation_detail_queryset
from officials.models import Official
from tests.factories.delegations import (
    DelegationFactory,
    DelegationMemberFactory,
    SupportAssignmentFactory,
)
from tests.factories.officials import OfficialFactory
from tests.factories.partners import OrganisationFactory
from tests.support.queries import assert_constant_queries
from tests.support.responses import text

# The two teams, as the tests parametrize over them.
MEMBERS = {
    "key": "members",
    "page": "delegations:members",
    "row": "delegations:member-",
    "model": DelegationMember,
    "factory": DelegationMemberFactory,
    "add": {"role": MemberRole.DEPUTY_HEAD, "position": ""},
    "role": MemberRole.DEPUTY_HEAD,
}
SUPPORT = {
    "key": "support",
    "page": "delegations:support-team",
    "row": "delegations:support-",
    "model": SupportAssignment,
    "factory": SupportAssignmentFactory,
    "add": {"role": SupportRole.LOGISTICS},
    "role": SupportRole.LOGISTICS,
}
TEAMS = pytest.mark.parametrize("team", [MEMBERS, SUPPORT], ids=["members", "support"])

NEW_OFFICIAL = {
    "new-honorific": "Ms",
    "new-full_name": "Amina Juma Said",
    "new-position": "County Commissioner's aide",
    "new-country": "KE",
    "new-gender": "female",
    "new-email": "amina.said@example.org",
}


def page_url(team, delegation) -> str:
    return reverse(team["page"], args=[delegation.pk])


def row_url(team, action, row) -> str:
    return reverse(f"{team['row']}{action}", args=[row.pk])


@pytest.fixture
def delegation(programme):
    return DelegationFactory(programme=programme)


@pytest.fixture
def head(delegation):
    return DelegationMemberFactory(
        delegation=delegation,
        official=OfficialFactory(full_name="Ana Cabeça", honorific="Ms"),
        role=MemberRole.HEAD,
        order=3,
    )


def _members(delegation, *names):
    return [
        DelegationMemberFactory(
            delegation=delegation, official=OfficialFactory(full_name=name), order=order
        )
        for order, name in enumerate(names, start=1)
    ]


def _names(team, delegation) -> list[str]:
    rows = team["model"].objects.filter(delegation=delegation).select_related("official")
    if team is MEMBERS:
        rows = sorted(rows, key=lambda row: (row.role != MemberRole.HEAD, row.order, row.pk))
    else:
        rows = rows.order_by("order", "pk")
    return [row.official.full_name for row in rows]


# --- the pages ---------------------------------------------------------------------------


def test_members_page_lists_the_head_first_then_by_order(staff_client, delegation, head):
    _members(delegation, "Bento Primeiro", "Carla Segunda")

    page = text(staff_client.get(page_url(MEMBERS, delegation)))

    assert page.index("Ana Cabeça") < page.index("Bento Primeiro") < page.index("Carla Segunda")
    assert "Head of delegation" in page
    assert 'scope="col">Position at the time of the visit' in page
    assert "Add a member" in page


@TEAMS
def test_add_form_never_renders_a_select_of_officials_or_organisations(
    staff_client, delegation, team
):
    OfficialFactory.create_batch(3)
    page = staff_client.get(page_url(team, delegation)).content.decode()

    selects = re.findall(r'<select[^>]*name="([^"]+)"', page)
    assert "official" not in selects and "new-organisation" not in selects
    assert 'role="combobox"' in page
    assert f'hx-get="{reverse("officials:autocomplete")}"' in page
    assert f'hx-get="{reverse("partners:organisation-autocomplete")}"' in page
    assert '<input type="hidden" name="official"' in page
    assert "<details" in page and "Not in the directory? Add a new official" in page


# --- adding ------------------------------------------------------------------------------


@TEAMS
def test_add_from_the_directory_saves_the_row_and_says_so(staff_client, delegation, team):
    official = OfficialFactory(full_name="Charles Muendo", position="Assistant Director")

    response = staff_client.post(
        page_url(team, delegation), {"official": official.pk, **team["add"]}, follow=True
    )

    row = team["model"].objects.get(delegation=delegation)
    assert (row.official, row.role) == (official, team["role"])
    if team is MEMBERS:
        assert row.position == "Assistant Director"  # blank: the official's current position
    assert "Charles Muendo was added" in text(response)
    assert response.redirect_chain[-1][0] == page_url(team, delegation)


def test_member_add_keeps_the_position_typed_for_the_visit(staff_client, delegation):
    official = OfficialFactory(position="Governor")

    staff_client.post(
        page_url(MEMBERS, delegation),
        {"official": official.pk, "role": MemberRole.MEMBER, "position": " Deputy Governor "},
    )

    assert DelegationMember.objects.get(official=official).position == "Deputy Governor"


@TEAMS
def test_add_a_new_official_in_place_creates_both(staff_client, staff_user, delegation, team):
    organisation = OrganisationFactory(name="County Government of Kwale")

    staff_client.post(
        page_url(team, delegation),
        {"official": "", **team["add"], **NEW_OFFICIAL, "new-organisation": organisation.pk},
    )

    official = Official.objects.get(full_name="Amina Juma Said")
    assert (official.honorific, official.organisation, official.email, official.gender) == (
        "Ms",
        organisation,
        "amina.said@example.org",
        "female",
    )
    row = team["model"].objects.get(delegation=delegation)
    assert (row.official, row.role) == (official, team["role"])
    if team is MEMBERS:
        assert row.position == "County Commissioner's aide"
    assert official.history.get().history_user == staff_user
    assert row.history.get().history_user == staff_user


@pytest.mark.parametrize("new_official", [False, True], ids=["from-directory", "new-official"])
def test_a_second_head_is_refused_naming_the_head_and_nothing_is_lost(
    staff_client, delegation, head, new_official
):
    chosen = OfficialFactory(full_name="Diamantino Abudala")
    data = {"role": MemberRole.HEAD, "position": "Adviser to the governor"}
    data |= {"official": "", **NEW_OFFICIAL} if new_official else {"official": chosen.pk}
    officials_before = Official.objects.count()

    response = staff_client.post(page_url(MEMBERS, delegation), data)

    page = text(response)
    assert response.status_code == 200
    assert "Ms Ana Cabeça is already the head of this delegation." in page
    assert 'value="Adviser to the governor"' in page
    assert '<option value="head" selected>' in page
    if new_official:
        for name, value in NEW_OFFICIAL.items():
            if name not in ("new-country", "new-gender", "new-honorific"):
                assert f'name="{name}" value="{value}"' in page
        assert re.search(r"<details[^>]* open>", page)
    else:
        assert f'name="official" value="{chosen.pk}"' in page
        assert 'value="Mr Diamantino Abudala"' in page  # the search box shows the choice
    assert Official.objects.count() == officials_before
    assert list(DelegationMember.objects.filter(delegation=delegation)) == [head]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"official": "999999"}, "official", "This official is not in the directory"),
        ({"official": "not-a-number"}, "official", "This official is not in the directory"),
        ({"official": ""}, "official", "Pick an official from the directory, or add a new one"),
        (
            {"official": "OFFICIAL", "new-full_name": "Someone New"},
            "official",
            "Either pick an official from the directory or add a new one, not both",
        ),
        (
            {"official": "", "new-full_name": "Someone New", "new-email": "not-an-email"},
            "email",
            "Enter a valid email address.",
        ),
    ],
    ids=["forged-id", "garbage-id", "nobody", "both", "bad-email"],
)
def test_add_with_bad_input_explains_next_to_the_field_and_saves_nothing(
    staff_client, delegation, data, field, message
):
    official = OfficialFactory()
    data = {key: str(official.pk) if value == "OFFICIAL" else value for key, value in data.items()}
    officials_before = Official.objects.count()

    response = staff_client.post(page_url(MEMBERS, delegation), {"role": "member", **data})

    form = response.context["form"]
    errors = form.new_official.errors if field == "email" else form.errors
    assert any(message in error for error in errors[field]), errors
    assert message in text(response)
    assert not DelegationMember.objects.exists()
    assert Official.objects.count() == officials_before


def test_adding_the_same_official_twice_is_refused(staff_client, delegation):
    member = DelegationMemberFactory(delegation=delegation)

    response = staff_client.post(
        page_url(MEMBERS, delegation), {"official": member.official.pk, "role": "member"}
    )

    assert "already a member of the delegation" in text(response)
    assert DelegationMember.objects.count() == 1


# --- editing, removing, moving -----------------------------------------------------------


@TEAMS
def test_edit_changes_the_role_and_order(staff_client, delegation, team):
    row = team["factory"](delegation=delegation, order=1)
    data = {"role": team["role"], "order": "7", "position": "Provincial Director", "version": 1}

    response = staff_client.get(row_url(team, "update", row))
    assert f"Edit {row.official.display_name}" in text(response)
    response = staff_client.post(row_url(team, "update", row), data)

    row.refresh_from_db()
    assert (row.role, row.order) == (team["role"], 7)
    if team is MEMBERS:
        assert row.position == "Provincial Director"
    assert response["Location"] == f"{page_url(team, delegation)}#row-{row.pk}"


def test_edit_to_a_second_head_is_refused_and_keeps_the_typing(staff_client, delegation, head):
    member = DelegationMemberFactory(delegation=delegation, position="Adviser")

    response = staff_client.post(
        row_url(MEMBERS, "update", member),
        {"role": MemberRole.HEAD, "order": "2", "position": "Chief adviser", "version": 1},
    )

    assert "Ms Ana Cabeça is already the head of this delegation." in text(response)
    assert response.context["form"].errors["role"]
    assert 'value="Chief adviser"' in text(response)
    member.refresh_from_db()
    assert (member.role, member.position) == (MemberRole.MEMBER, "Adviser")


@pytest.mark.parametrize("order", ["-1", "abc", ""])
def test_edit_with_a_bad_order_explains_it(staff_client, delegation, order):
    member = DelegationMemberFactory(delegation=delegation, order=1)

    response = staff_client.post(
        row_url(MEMBERS, "update", member), {"role": "member", "order": order}
    )

    assert response.status_code == 200 and response.context["form"].errors["order"]
    member.refresh_from_db()
    assert member.order == 1


@TEAMS
def test_remove_asks_first_then_removes_only_the_place_on_the_team(staff_client, delegation, team):
    row = team["factory"](delegation=delegation, official=OfficialFactory(full_name="Sam Cobrado"))

    question = text(staff_client.get(row_url(team, "remove", row)))
    assert "Remove Mr Sam Cobrado from the" in question
    assert team["model"].objects.filter(pk=row.pk).exists()

    response = staff_client.post(row_url(team, "remove", row), follow=True)

    assert not team["model"].objects.filter(pk=row.pk).exists()
    assert Official.objects.filter(full_name="Sam Cobrado").exists()
    assert "Mr Sam Cobrado was removed" in text(response)


@TEAMS
@pytest.mark.parametrize(
    ("who", "direction", "expected"),
    [
        ("B", "up", ["B", "A", "C"]),
        ("B", "down", ["A", "C", "B"]),
        ("A", "down", ["B", "A", "C"]),
        ("C", "up", ["A", "C", "B"]),
    ],
)
def test_move_swaps_with_the_neighbour(staff_client, delegation, team, who, direction, expected):
    rows = {
        name: team["factory"](
            delegation=delegation, official=OfficialFactory(full_name=name), order=0
        )
        for name in "ABC"
    }  # equal orders: the move numbers them afresh

    response = staff_client.post(row_url(team, "move", rows[who]), {"direction": direction})

    assert _names(team, delegation) == expected
    assert response["Location"].endswith(f"#row-{rows[who].pk}")


@TEAMS
@pytest.mark.parametrize(
    ("who", "direction", "message"),
    [
        ("A", "up", "Mr A is already first."),
        ("C", "down", "Mr C is already last."),
        ("B", "sideways", "Move up or down."),
    ],
)
def test_move_past_the_end_says_so_and_changes_nothing(
    staff_client, delegation, team, who, direction, message
):
    rows = {
        name: team["factory"](
            delegation=delegation, official=OfficialFactory(full_name=name), order=order
        )
        for order, name in enumerate("ABC", start=1)
    }

    response = staff_client.post(
        row_url(team, "move", rows[who]), {"direction": direction}, follow=True
    )

    assert message in text(response)
    assert _names(team, delegation) == ["A", "B", "C"]


def test_the_head_stays_first_when_members_move(staff_client, delegation, head):
    first, second = _members(delegation, "Bento Primeiro", "Carla Segunda")

    page = text(
        staff_client.post(row_url(MEMBERS, "move", first), {"direction": "up"}, follow=True)
    )
    assert "The head of delegation always comes first." in page
    staff_client.post(row_url(MEMBERS, "move", head), {"direction": "down"})
    staff_client.post(row_url(MEMBERS, "move", second), {"direction": "up"})

    assert _names(MEMBERS, delegation) == ["Ana Cabeça", "Carla Segunda", "Bento Primeiro"]
    assert [m.order for m in DelegationMember.objects.order_by("order")] == [1, 2, 3]


def test_move_buttons_are_off_where_a_row_cannot_go(staff_client, delegation, head):
    _members(delegation, "Bento Primeiro", "Carla Segunda")

    rows = response_rows(staff_client.get(page_url(MEMBERS, delegation)))

    # (up enabled, down enabled) per row: the head and the row under it never go up.
    assert rows == [(False, False), (False, True), (True, False)]


def response_rows(response) -> list[tuple[bool, bool]]:
    return [(row.can_move_up, row.can_move_down) for row in response.context["rows"]]


# --- who may do what ---------------------------------------------------------------------


def _requests(team, delegation):
    row = team["factory"](delegation=delegation)
    return [
        ("get", page_url(team, delegation), {}),
        ("post", page_url(team, delegation), {"official": OfficialFactory().pk, **team["add"]}),
        ("get", row_url(team, "update", row), {}),
        ("post", row_url(team, "update", row), {"role": team["role"], "order": "5"}),
        ("get", row_url(team, "remove", row), {}),
        ("post", row_url(team, "remove", row), {}),
        ("post", row_url(team, "move", row), {"direction": "up"}),
    ]


@TEAMS
@pytest.mark.parametrize(
    ("client_fixture", "locked", "status"),
    [
        ("client", False, 302),
        ("manager_client", False, 403),
        ("other_staff_client", False, 404),
        ("staff_client", True, 403),
    ],
    ids=["anonymous-login", "manager-403", "other-programme-404", "locked-403"],
)
def test_only_staff_of_the_programme_change_an_unlocked_team(
    request, programme, team, client_fixture, locked, status
):
    client = request.getfixturevalue(client_fixture)
    delegation = DelegationFactory(programme=programme, locked=locked)
    calls = _requests(team, delegation)
    before = list(team["model"].objects.values_list("pk", "role", "order"))

    for method, url, data in calls:
        response = getattr(client, method)(url, data)
        assert response.status_code == status, (method, url)
        if status == 302:
            assert response["Location"].startswith(reverse("login"))

    assert list(team["model"].objects.values_list("pk", "role", "order")) == before


def test_administrator_sees_a_locked_team_without_controls(admin_client, programme):
    delegation = DelegationFactory(programme=programme, locked=True)
    DelegationMemberFactory(delegation=delegation)

    page = text(admin_client.get(page_url(MEMBERS, delegation)))

    assert "the delegation is locked" in page
    assert "Add a member" not in page and "Remove" not in page


# --- query counts ------------------------------------------------------------------------


@TEAMS
def test_team_page_queries_do_not_grow_with_rows(staff_client, delegation, team):
    team["factory"](delegation=delegation)
    assert_constant_queries(
        staff_client,
        page_url(team, delegation),
        lambda n: team["factory"].create_batch(n, delegation=delegation),
    )


def _render_section(user, delegation, *, can_edit=True) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        loaded = delegation_detail_queryset(user=user).get(pk=delegation.pk)
        rendered = render_to_string(
            "delegations/includes/team_section.html",
            {"delegation": loaded, "can_edit": can_edit},
        )
    return html.unescape(rendered), len(captured)


def test_section_queries_do_not_grow_with_rows(staff_user, delegation):
    DelegationMemberFactory(delegation=delegation)
    SupportAssignmentFactory(delegation=delegation)
    _render_section(staff_user, delegation)  # warm up: the user's roles are read once
    _, few = _render_section(staff_user, delegation)
    DelegationMemberFactory.create_batch(4, delegation=delegation)
    SupportAssignmentFactory.create_batch(4, delegation=delegation)

    _, more = _render_section(staff_user, delegation)

    assert more == few


# --- the section of the delegation page --------------------------------------------------


@pytest.mark.parametrize(
    ("can_edit", "locked", "links", "lock_note"),
    [(True, False, True, False), (False, False, False, False), (False, True, False, True)],
    ids=["staff", "manager", "locked"],
)
def test_section_offers_the_team_pages_only_to_who_may_edit(
    staff_user, programme, can_edit, locked, links, lock_note
):
    delegation = DelegationFactory(programme=programme, locked=locked)

    rendered, _ = _render_section(staff_user, delegation, can_edit=can_edit)

    assert (page_url(MEMBERS, delegation) in rendered) is links
    assert (page_url(SUPPORT, delegation) in rendered) is links
    assert ("the delegation is locked" in rendered) is lock_note
    assert "No members yet." in rendered and "No support team recorded." in rendered


def test_section_shows_the_demo_delegation_head_first_and_the_iom_mombasa_team(administrator):
    call_command("load_demo", stdout=StringIO())
    delegation = DelegationMember.objects.get(
        official__full_name="António Domingos Mapure"
    ).delegation

    rendered, _ = _render_section(administrator, delegation)

    members_table, support_table = rendered.split('id="support-heading-host"')
    names = [
        "Mr António Domingos Mapure",
        "Mr Diamantino Mateus Momade Abudala",
        "Ms Nice Leonor Diogo Correia",
        "Mr Alvaro Floriano Goncalves Junior",
    ]
    positions = [members_table.index(name) for name in names]
    assert positions == sorted(positions)
    head_row = members_table[positions[0] : positions[1]]
    assert "Head of delegation" in head_row and "Provincial Permanent Secretary" in head_row
    assert members_table.count("<tr>") == 1 + 4
    for name in (
        "Ms Yoko Fujimura",
        "Mr Sam Cobrado",
        "Mr Bova Nyambu",
        "Ms Mary Mwangi",
        "Ms Hurriet Kabibi",
        "Ms Jacinta Muruanjama",
    ):
        assert name in support_table
    assert support_table.count("IOM Mombasa sub-office") == 6
    assert support_table.count("<tr>") == 1 + 6
