"""The delegation pages: the list, the page of a visit, its form and its planning buttons."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from accounts.models import User
from delegations.enums import PlanningStatus, ReportStatus
from delegations.models import Delegation, Report
from delegations.services import delegation_update
from partners.enums import ProgrammeRole
from tests.factories.delegations import (
    DelegationFactory,
    DelegationMemberFactory,
    SupportAssignmentFactory,
)
from tests.factories.itinerary import ItineraryItemFactory
from tests.factories.learning import (
    AttachmentFactory,
    FollowUpFactory,
    HighlightFactory,
    LearningObjectiveFactory,
)
from tests.factories.partners import (
    OrganisationFactory,
    ProgrammeFactory,
    ProgrammeMembershipFactory,
)
from tests.factories.places import PlaceFactory
from tests.support.queries import assert_constant_queries

START, END = datetime.date(2019, 7, 22), datetime.date(2019, 7, 26)
LIST = reverse("delegations:list")
CREATE = reverse("delegations:create")


def detail_url(delegation) -> str:
    return reverse("delegations:detail", args=[delegation.pk])


def update_url(delegation) -> str:
    return reverse("delegations:update", args=[delegation.pk])


def status_url(delegation) -> str:
    return reverse("delegations:set-status", args=[delegation.pk])


def make_delegation(programme, *, report_status=None, **fields) -> Delegation:
    delegation = DelegationFactory(programme=programme, **fields)
    if report_status:
        Report.objects.filter(delegation=delegation).update(status=report_status)
    return delegation


def listed_titles(response) -> list[str]:
    """The titles in the list's table, in their order."""
    html = response.content.decode()
    return re.findall(r'<a href="/delegations/\d+/">([^<]+)</a>', html)


def form_data(programme, **overrides) -> dict:
    return {
        "title": "Cabo Delgado officials visit Kenya",
        "programme": programme.pk,
        "purpose": "Learn from Kenya's whole-of-society approach.",
        "background": "About 50,000 people displaced since 2017.",
        "sending_countries": ["MZ"],
        "host_country": "KE",
        "start_date": "2019-07-22",
        "end_date": "2019-07-26",
    } | overrides


@pytest.fixture
def delegation(programme):
    return DelegationFactory(programme=programme, title="Cabo Delgado to Kenya")


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    return Delegation.objects.get(programme__code="PHSS", start_date=START)


# --- The list --------------------------------------------------------------------------------


def test_list_shows_the_delegations_of_the_users_programmes_only(
    staff_client, programme, other_programme
):
    mine = make_delegation(
        programme, title="Mozambique to Kenya", sending_countries=["MZ", "TZ"], host_country="KE"
    )
    make_delegation(other_programme, title="Someone else's visit")
    response = staff_client.get(LIST)
    html = response.content.decode()
    assert listed_titles(response) == ["Mozambique to Kenya"]
    assert f'href="{detail_url(mine)}"' in html
    assert ">PHSS</abbr>" in html
    assert "22 Jul 2019 – 26 Jul 2019" in html
    assert "Mozambique, Tanzania" in html and "Kenya" in html
    assert html.count(">Draft</span>") == 2  # planning and report badges
    assert "Someone else" not in html
    # The country filters offer the countries the delegations name, not all 250.
    assert '<option value="TZ">Tanzania</option>' in html
    assert '<option value="FR">' not in html


@pytest.mark.parametrize(
    ("wanted", "unwanted", "params"),
    [
        ({"status": PlanningStatus.CONFIRMED}, {}, {"status": "confirmed"}),
        (
            {"report_status": ReportStatus.CHANGES_REQUESTED},
            {},
            {"report_status": "changes_requested"},
        ),
        (
            {"sending_countries": ["TZ", "MZ"]},
            {"sending_countries": ["SO"]},
            {"sending_country": "MZ"},
        ),
        ({"host_country": "TZ"}, {"host_country": "KE"}, {"host_country": "TZ"}),
        (
            {"start_date": datetime.date(2020, 3, 2), "end_date": datetime.date(2020, 3, 6)},
            {},
            {"starts_after": "2020-01-01"},
        ),
        (
            {},
            {"start_date": datetime.date(2020, 3, 2), "end_date": datetime.date(2020, 3, 6)},
            {"ends_before": "2019-12-31"},
        ),
    ],
    ids=[
        "status",
        "report-status",
        "sending-country",
        "host-country",
        "starts-after",
        "ends-before",
    ],
)
def test_list_filter_narrows_the_list(staff_client, programme, wanted, unwanted, params):
    make_delegation(programme, title="Wanted visit", **wanted)
    make_delegation(programme, title="Other visit", **unwanted)
    assert sorted(listed_titles(staff_client.get(LIST))) == ["Other visit", "Wanted visit"]
    assert listed_titles(staff_client.get(LIST, params)) == ["Wanted visit"]


def test_list_programme_filter_offers_only_programmes_in_scope(
    staff_user, staff_client, programme, other_programme
):
    second = ProgrammeFactory(code="CBT")
    ProgrammeMembershipFactory(user=staff_user, programme=second, role=ProgrammeRole.MANAGER)
    make_delegation(programme, title="PHSS visit")
    make_delegation(second, title="CBT visit")
    make_delegation(other_programme, title="LMD visit")

    response = staff_client.get(LIST, {"programme": second.pk})
    assert listed_titles(response) == ["CBT visit"]
    html = response.content.decode()
    assert f'<option value="{programme.pk}">' in html
    assert f'<option value="{other_programme.pk}"' not in html

    forged = staff_client.get(LIST, {"programme": other_programme.pk})
    assert listed_titles(forged) == []
    assert "Select a valid choice" in forged.content.decode()


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ("whole-of-society", {"title": "A whole-of-society approach"}),
        ("reintegration", {"purpose": "Learn about reintegration of returnees"}),
        ("50,000", {"background": "About 50,000 displaced"}),
        ("stabilization", {}),  # the programme's name
        ("phss", {}),  # the programme's code
        ("cabo delgado", {"sending_organisations": ["Cabo Delgado Provincial Government"]}),
        ("iom kenya", {"host_organisation": "IOM Kenya"}),
    ],
    ids=[
        "title",
        "purpose",
        "background",
        "programme-name",
        "programme-code",
        "sending-organisation",
        "host-organisation",
    ],
)
def test_list_search_finds_by_each_field(staff_user, staff_client, programme, query, fields):
    programme.name = "Programme for Human Security and Stabilization"
    programme.save()
    other = ProgrammeFactory(code="LMD", name="Local mediation")
    ProgrammeMembershipFactory(user=staff_user, programme=other, role=ProgrammeRole.STAFF)
    values = {
        name: OrganisationFactory(name=value)
        if name.endswith("organisation")
        else [OrganisationFactory(name=one) for one in value]
        if name.endswith("organisations")
        else value
        for name, value in fields.items()
    }
    wanted = make_delegation(programme, **{"title": "Wanted visit", **values})
    make_delegation(other, title="Unrelated visit")
    assert listed_titles(staff_client.get(LIST, {"q": query})) == [wanted.title]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["Beta", "Alpha", "Gamma"]),
        ("-start_date", ["Beta", "Alpha", "Gamma"]),
        ("start_date", ["Gamma", "Alpha", "Beta"]),
        ("title", ["Alpha", "Beta", "Gamma"]),
        ("-title", ["Gamma", "Beta", "Alpha"]),
        ("status", ["Gamma", "Alpha", "Beta"]),
    ],
)
def test_list_sorts(staff_client, programme, sort, expected):
    make_delegation(
        programme,
        title="Alpha",
        start_date=datetime.date(2020, 1, 6),
        end_date=datetime.date(2020, 1, 8),
        status=PlanningStatus.PLANNED,
    )
    make_delegation(
        programme,
        title="Beta",
        start_date=datetime.date(2021, 1, 4),
        end_date=datetime.date(2021, 1, 8),
        status=PlanningStatus.COMPLETED,
    )
    make_delegation(programme, title="Gamma", status=PlanningStatus.DRAFT)
    params = {"sort": sort} if sort else {}
    assert listed_titles(staff_client.get(LIST, params)) == expected


def test_list_paginates_by_25_and_keeps_the_filters(staff_client, programme):
    for day in range(1, 28):
        make_delegation(
            programme,
            title=f"Visit {day:02d}",
            start_date=datetime.date(2019, 1, day),
            end_date=datetime.date(2019, 1, day),
            host_country="TZ",
        )
    make_delegation(programme, title="Not to Tanzania")
    first = staff_client.get(LIST, {"host_country": "TZ", "sort": "title"})
    assert len(listed_titles(first)) == 25
    html = first.content.decode()
    assert "27 delegations" in html and "page 1 of 2" in html
    assert 'href="?host_country=TZ&amp;sort=title&amp;page=2"' in html
    second = staff_client.get(LIST, {"host_country": "TZ", "sort": "title", "page": 2})
    assert listed_titles(second) == ["Visit 26", "Visit 27"]


@pytest.mark.parametrize(
    ("client_fixture", "sees_button"),
    [("staff_client", True), ("manager_client", False), ("admin_client", True)],
)
def test_list_offers_new_delegation_to_those_who_can_record_one(
    request, programme, client_fixture, sees_button
):
    html = request.getfixturevalue(client_fixture).get(LIST).content.decode()
    assert (f'href="{CREATE}"' in html) is sees_button


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "No delegations yet."),
        ({"q": "nothing like it"}, "No delegation matches these filters."),
    ],
)
def test_list_says_when_it_is_empty(staff_client, programme, params, message):
    assert message in staff_client.get(LIST, params).content.decode()


def test_list_bad_filter_input_is_a_message_not_an_error(staff_client, programme):
    make_delegation(programme)
    response = staff_client.get(LIST, {"starts_after": "not a date", "sort": "nonsense"})
    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()


def test_list_query_count_is_constant(staff_client, programme):
    make_delegation(programme)  # 1 row, then 5
    assert_constant_queries(
        staff_client, LIST, lambda n: DelegationFactory.create_batch(n, programme=programme)
    )


# --- Who may see what ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url_of"),
    [
        ("get", lambda d: LIST),
        ("get", lambda d: CREATE),
        ("get", detail_url),
        ("get", update_url),
        ("post", status_url),
    ],
    ids=["list", "create", "detail", "update", "set-status"],
)
def test_pages_send_anonymous_users_to_log_in(client, delegation, method, url_of):
    url = url_of(delegation)
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize(
    ("method", "url_of"),
    [("get", detail_url), ("get", update_url), ("post", update_url), ("post", status_url)],
)
def test_other_programmes_delegation_is_not_found(other_staff_client, delegation, method, url_of):
    response = getattr(other_staff_client, method)(url_of(delegation), {"to_status": "planned"})
    assert response.status_code == 404
    assert "Cabo Delgado to Kenya" not in listed_titles(other_staff_client.get(LIST))
    delegation.refresh_from_db()
    assert delegation.status == PlanningStatus.DRAFT


def test_manager_reads_the_delegation_without_edit_controls(manager_client, delegation):
    html = manager_client.get(detail_url(delegation)).content.decode()
    assert "Cabo Delgado to Kenya" in html
    assert update_url(delegation) not in html
    assert status_url(delegation) not in html


@pytest.mark.parametrize(
    ("method", "url_of", "data"),
    [
        ("get", update_url, {}),
        ("post", update_url, {"title": "Changed by a manager"}),
        ("post", status_url, {"to_status": "planned"}),
    ],
)
def test_manager_cannot_change_the_delegation(
    manager_client, delegation, programme, method, url_of, data
):
    payload = form_data(programme, version=delegation.version) | data if data else {}
    response = getattr(manager_client, method)(url_of(delegation), payload)
    assert response.status_code == 403
    delegation.refresh_from_db()
    assert (delegation.title, delegation.status) == ("Cabo Delgado to Kenya", PlanningStatus.DRAFT)


def test_manager_of_a_programme_cannot_open_the_create_form(manager_client, programme):
    assert manager_client.get(CREATE).status_code == 403


def test_locked_delegation_hides_edit_controls_and_refuses_the_form(staff_client, programme):
    locked = make_delegation(programme, locked=True, status=PlanningStatus.CONFIRMED)
    html = staff_client.get(detail_url(locked)).content.decode()
    assert "Locked: report approved" in html
    assert update_url(locked) not in html
    # The calendar still moves on: the visit can be marked completed.
    assert 'value="completed"' in html and 'value="cancelled"' not in html
    assert staff_client.get(update_url(locked)).status_code == 403


# --- The page of a visit ---------------------------------------------------------------------


def test_detail_shows_the_header_facts_and_edit_link(staff_client, programme):
    nairobi = PlaceFactory(name="Nairobi")
    delegation = make_delegation(
        programme,
        title="Cabo Delgado to Kenya",
        purpose="Learn from Kenya.",
        background="Displacement since 2017.",
        sending_organisations=[OrganisationFactory(name="Cabo Delgado Provincial Government")],
        requested_by=OrganisationFactory(name="Government of Mozambique"),
        arranged_by=OrganisationFactory(name="IOM Mozambique", country=""),
        host_organisation=OrganisationFactory(name="IOM Kenya", country=""),
    )
    delegation.destinations.set([nairobi])
    html = staff_client.get(detail_url(delegation)).content.decode()
    for fact in (
        "Cabo Delgado to Kenya",
        "PHSS",
        "22 July 2019 – 26 July 2019",
        "5 days",
        "Mozambique",
        "Cabo Delgado Provincial Government",
        "Kenya",
        "Hosted by IOM Kenya",
        "Government of Mozambique",
        "IOM Mozambique",
        "Nairobi",
        "Learn from Kenya.",
        "Displacement since 2017.",
        "Planning: Draft",
        "Report: Draft",
        "Change history",
    ):
        assert fact in html, fact
    assert f'href="{update_url(delegation)}"' in html
    # The visit (July 2019) is over: it may be recorded as completed in one step.
    for status in ("planned", "cancelled", "completed"):
        assert f'value="{status}"' in html
    assert 'value="confirmed"' not in html


def test_detail_of_the_demo_delegation_shows_the_story(admin_client, demo):
    html = admin_client.get(detail_url(demo)).content.decode()
    for fact in (
        "Government of Mozambique officials learn from Kenya",
        "Programme for Human Security and Stabilization",
        "22 July 2019 – 26 July 2019",
        "5 days",
        "Cabo Delgado Provincial Government",
        "IOM Mozambique",
        "IOM Kenya",
        "Nairobi",
        "Coast Region",
        "about 50,000 individuals",
        "Planning: Completed",
    ):
        assert fact in html, fact


LONG_TITLE = "Exchange of the Cabo Delgado community policing forums with Kenya's county courts"


def crumbs_of(response) -> list[str]:
    """The breadcrumb items of a page, as rendered."""
    trail = re.search(r'<ol class="breadcrumb">(.*?)</ol>', response.content.decode(), re.S)
    return [" ".join(item.split()) for item in re.findall(r"<li [^>]*>(.*?)</li>", trail[1], re.S)]


@pytest.mark.parametrize(
    ("url_name", "last"),
    [
        ("delegations:detail", None),
        ("delegations:update", "Edit"),
        ("delegations:members", "Delegation members"),
        ("timeline:delegation-history", "Change history"),
        ("itinerary:itinerary", "Itinerary"),
        ("reports:report", "Report"),
        ("reports:review", "Review"),
    ],
)
def test_delegation_pages_share_one_breadcrumb_trail(admin_client, programme, url_name, last):
    delegation = make_delegation(programme, title=LONG_TITLE)
    title = f"{LONG_TITLE[:59]}…"  # the first 60 characters, on every page alike

    response = admin_client.get(reverse(url_name, args=[delegation.pk]))

    linked_title = f'<a href="{detail_url(delegation)}">{title}</a>'
    expected = [f'<a href="{LIST}">Delegations</a>']
    expected += [title] if last is None else [linked_title, last]
    assert crumbs_of(response) == expected


def test_detail_query_count_is_constant(staff_client, staff_user, delegation):
    def add_rows(n):
        DelegationMemberFactory.create_batch(n, delegation=delegation)
        SupportAssignmentFactory.create_batch(n, delegation=delegation)
        ItineraryItemFactory.create_batch(n, delegation=delegation)
        LearningObjectiveFactory.create_batch(n, delegation=delegation)
        HighlightFactory.create_batch(n, delegation=delegation)
        FollowUpFactory.create_batch(n, delegation=delegation)
        delegation.destinations.add(*PlaceFactory.create_batch(n))
        for number in range(n):
            current = Delegation.objects.get(pk=delegation.pk)
            delegation_update(
                delegation=current, actor=staff_user, data={"purpose": f"Purpose {number}"}
            )

    add_rows(1)
    assert_constant_queries(staff_client, detail_url(delegation), add_rows)


DETAIL_MAX_QUERIES = 25  # issue 13: the delegation page, whatever the size of the delegation


def test_detail_of_a_large_delegation_makes_at_most_25_queries(
    staff_client, staff_user, delegation, django_assert_max_num_queries
):
    DelegationMemberFactory.create_batch(20, delegation=delegation)
    SupportAssignmentFactory.create_batch(5, delegation=delegation)
    for item in ItineraryItemFactory.create_batch(30, delegation=delegation):
        AttachmentFactory(delegation=delegation, item=item)
    AttachmentFactory.create_batch(10, delegation=delegation)
    LearningObjectiveFactory.create_batch(10, delegation=delegation)
    HighlightFactory.create_batch(10, delegation=delegation)
    FollowUpFactory.create_batch(10, delegation=delegation)
    delegation.destinations.add(*PlaceFactory.create_batch(5))

    with django_assert_max_num_queries(DETAIL_MAX_QUERIES):
        html = staff_client.get(detail_url(delegation)).content.decode()

    for member in delegation.members.select_related("official"):  # every row is there
        assert escape(str(member.official)) in html


def test_detail_of_the_demo_delegation_makes_at_most_25_queries(
    client, demo, django_assert_max_num_queries
):
    client.force_login(User.objects.get(email="phss.staff@exchange.example"))
    with django_assert_max_num_queries(DETAIL_MAX_QUERIES):
        response = client.get(detail_url(demo))

    assert "Government of Mozambique officials learn from Kenya" in response.content.decode()


def test_history_lists_changes_newest_first_with_who_and_what(staff_client, staff_user, delegation):
    organisation = OrganisationFactory(name="IOM Kenya")
    delegation_update(
        delegation=delegation,
        actor=staff_user,
        data={"title": "Renamed visit", "host_organisation": organisation},
    )
    current = Delegation.objects.get(pk=delegation.pk)
    delegation_update(
        delegation=current, actor=staff_user, data={"end_date": datetime.date(2019, 7, 27)}
    )
    # The page fetches its Change history section once loaded (core.sections, deferred).
    latest = reverse("timeline:history-section", args=[delegation.pk])
    assert latest in staff_client.get(detail_url(delegation)).content.decode()
    html = staff_client.get(latest).content.decode()
    history = html[html.index("Change history") :]
    assert staff_user.get_full_name() in history
    end_change = history.index("End date:")
    title_change = history.index("Title:")
    assert end_change < title_change  # newest first
    assert "26 July 2019" in history and "27 July 2019" in history
    assert "Cabo Delgado to Kenya</del>" in history and "Renamed visit</ins>" in history
    assert "Host organisation:" in history and "IOM Kenya</ins>" in history
    assert "Version" not in history


# --- Create and update -----------------------------------------------------------------------


def test_create_records_the_delegation_with_its_report(staff_client, staff_user, programme):
    sender = OrganisationFactory(name="Cabo Delgado Provincial Government", country="MZ")
    nairobi, coast = PlaceFactory(name="Nairobi"), PlaceFactory(name="Coast Region")
    data = form_data(
        programme,
        sending_countries=["MZ", "TZ"],
        sending_organisations=[sender.pk],
        destinations=[coast.pk, nairobi.pk],
    )
    response = staff_client.post(CREATE, data, follow=True)
    delegation = Delegation.objects.get(title="Cabo Delgado officials visit Kenya")
    assert response.redirect_chain == [(detail_url(delegation), 302)]
    assert "Delegation “Cabo Delgado officials visit Kenya” created." in response.content.decode()
    assert delegation.programme == programme
    assert [str(code) for code in delegation.sending_countries] == ["MZ", "TZ"]
    assert list(delegation.sending_organisations.all()) == [sender]
    assert delegation.destinations_in_order == [coast, nairobi]  # the order of travel
    assert delegation.last_edited_by == staff_user
    assert delegation.report.status == ReportStatus.DRAFT
    assert delegation.history.earliest().history_user == staff_user


def test_create_form_offers_only_the_users_programmes(staff_client, programme, other_programme):
    html = staff_client.get(CREATE).content.decode()
    assert f'<option value="{programme.pk}"' in html
    assert f'<option value="{other_programme.pk}"' not in html
    # Autocompletes, not a <select> or checkboxes of every row.
    for name in ("sending_organisations", "destinations", "sending_countries"):
        assert f'name="{name}__pick__search"' in html
    assert 'type="date"' in html
    assert 'name="status"' not in html


@pytest.mark.parametrize("page", ["create", "update"])
def test_form_refuses_a_forged_programme(staff_client, delegation, other_programme, page):
    url = CREATE if page == "create" else update_url(delegation)
    data = form_data(other_programme, title="Moved away", version=delegation.version)
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["programme"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert list(Delegation.objects.values_list("title", "programme")) == [
        ("Cabo Delgado to Kenya", delegation.programme_id)
    ]


def test_create_with_end_before_start_keeps_everything_typed(staff_client, programme):
    sender = OrganisationFactory(name="Cabo Delgado Provincial Government")
    data = form_data(
        programme,
        sending_organisations=[sender.pk],
        start_date="2019-07-26",
        end_date="2019-07-22",
    )
    response = staff_client.post(CREATE, data)
    form = response.context["form"]
    assert form.errors == {"end_date": ["The end date cannot be before the start date."]}
    html = response.content.decode()
    assert 'value="Cabo Delgado officials visit Kenya"' in html
    assert "About 50,000 people displaced since 2017." in html
    assert 'value="2019-07-26"' in html and 'value="2019-07-22"' in html
    assert f'name="sending_organisations" value="{sender.pk}"' in html
    assert "Cabo Delgado Provincial Government</label>" in html  # the chip's label
    assert 'name="sending_countries" value="MZ"' in html
    assert not Delegation.objects.exists()


def test_update_saves_through_the_service(staff_client, staff_user, delegation, programme):
    data = form_data(programme, title="Renamed visit", version=delegation.version)
    response = staff_client.post(update_url(delegation), data, follow=True)
    assert response.redirect_chain == [(detail_url(delegation), 302)]
    assert "Delegation “Renamed visit” saved." in response.content.decode()
    delegation.refresh_from_db()
    assert (delegation.title, delegation.version) == ("Renamed visit", 2)
    assert delegation.last_edited_by == staff_user


def test_update_form_carries_the_version(staff_client, delegation):
    html = staff_client.get(update_url(delegation)).content.decode()
    assert f'name="version" value="{delegation.version}"' in html
    assert 'value="Cabo Delgado to Kenya"' in html


def test_update_with_a_stale_version_is_refused_and_overwrites_nothing(
    staff_client, staff_user, delegation, programme
):
    opened_at = delegation.version
    delegation_update(delegation=delegation, actor=staff_user, data={"title": "Their title"})
    data = form_data(programme, title="My title", version=opened_at)
    response = staff_client.post(update_url(delegation), data)
    html = response.content.decode()
    assert "Someone else saved this since you opened it." in html
    assert 'value="My title"' in html  # what was typed is still there
    delegation.refresh_from_db()
    assert delegation.title == "Their title"


def test_update_dates_that_leave_the_itinerary_behind_are_refused_on_start_date(
    staff_client, delegation, programme
):
    ItineraryItemFactory(delegation=delegation, title="Briefing at IOM Kenya")
    data = form_data(programme, start_date="2019-07-24", version=delegation.version)
    response = staff_client.post(update_url(delegation), data)
    errors = response.context["form"].errors["start_date"]
    assert errors == [
        "These itinerary items would fall outside the new dates: Briefing at IOM Kenya."
    ]
    delegation.refresh_from_db()
    assert delegation.start_date == START


# --- Planning status -------------------------------------------------------------------------


def test_set_status_moves_the_planning_on(staff_client, staff_user, delegation):
    response = staff_client.post(status_url(delegation), {"to_status": "planned"}, follow=True)
    assert response.redirect_chain == [(detail_url(delegation), 302)]
    assert "Planning status is now “Planned”." in response.content.decode()
    delegation.refresh_from_db()
    assert (delegation.status, delegation.last_edited_by) == (PlanningStatus.PLANNED, staff_user)


@pytest.mark.parametrize(
    ("to_status", "message"),
    [
        ("confirmed", "A delegation cannot go from “Draft” to “Confirmed”."),
        ("nonsense", "Choose a planning status from the page."),
    ],
)
def test_set_status_refuses_a_move_with_a_message(staff_client, delegation, to_status, message):
    response = staff_client.post(status_url(delegation), {"to_status": to_status}, follow=True)
    assert message in response.content.decode()
    delegation.refresh_from_db()
    assert delegation.status == PlanningStatus.DRAFT


def test_set_status_is_post_only(staff_client, delegation):
    assert staff_client.get(status_url(delegation)).status_code == 405


@pytest.mark.parametrize(
    ("reason", "ends_as", "message"),
    [
        ("", PlanningStatus.CANCELLED, "Say why the delegation is reopened."),
        ("Postponed, not cancelled", PlanningStatus.DRAFT, "Planning status is now “Draft”."),
    ],
)
def test_administrator_reopens_a_cancelled_delegation_with_a_reason(
    admin_client, programme, reason, ends_as, message
):
    cancelled = make_delegation(programme, status=PlanningStatus.CANCELLED)
    assert 'name="reason"' in admin_client.get(detail_url(cancelled)).content.decode()
    response = admin_client.post(
        status_url(cancelled), {"to_status": "draft", "reason": reason}, follow=True
    )
    assert message in response.content.decode()
    cancelled.refresh_from_db()
    assert cancelled.status == ends_as
