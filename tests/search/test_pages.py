"""The search page with factory-made records: who may search, escaping, the "more" link
and one kind page by page, and a query count that does not grow with the results."""

import datetime

import pytest
from django.urls import reverse

from search.text import parse_query
from tests.factories.accounts import UserFactory
from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import SiteFactory
from tests.factories.learning import FollowUpFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import OrganisationFactory
from tests.search.test_bounds import add_kisumu_rows
from tests.support.queries import assert_constant_queries

URL = reverse("search:results")


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(URL, {"q": "anything"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_users_without_a_programme_are_refused(client, db):
    client.force_login(UserFactory())

    assert client.get(URL, {"q": "anything"}).status_code == 403


def test_empty_and_blank_queries_show_only_the_form(staff_client):
    first = staff_client.get(URL)
    blank = staff_client.get(URL, {"q": "   "})

    assert "results for" not in first.content.decode()
    assert 'role="search"' in first.content.decode()
    assert "Type a word or a name to search for." in blank.content.decode()


def test_the_navbar_box_keeps_the_query_on_the_results_page(staff_client):
    html = staff_client.get(URL, {"q": 'Zanzibar "quoted"'}).content.decode()

    assert 'id="navbar-find" name="q"' in html
    assert 'value="Zanzibar &quot;quoted&quot;"' in html
    assert "Nothing you can see matches “Zanzibar &quot;quoted&quot;”." in html


def test_user_text_is_escaped_and_only_the_marks_are_html(staff_client, programme):
    OfficialFactory(
        full_name="Zuberi <script>alert(1)</script> Ochieng", position="<b>Chief</b> & co"
    )
    DelegationFactory(programme=programme, title="Ochieng <img src=x onerror=alert(1)> visit")

    html = staff_client.get(URL, {"q": "ochieng"}).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "Zuberi &lt;script&gt;alert(1)&lt;/script&gt; <mark>Ochieng</mark>" in html
    assert "&lt;b&gt;Chief&lt;/b&gt; &amp; co" in html
    assert "<mark>Ochieng</mark> &lt;img src=x onerror=alert(1)&gt; visit" in html


def test_a_group_shows_ten_then_links_to_all_of_that_kind(staff_client):
    for number in range(12):
        OfficialFactory(full_name=f"Wanjiru Kamau {number:02}")

    everything = staff_client.get(URL, {"q": "wanjiru"})
    only = staff_client.get(URL, {"q": "wanjiru", "type": "officials"})

    group = everything.context["groups"][0]
    assert group["kind"].key == "officials"
    assert (group["total"], len(group["hits"])) == (12, 10)
    assert group["more_url"] == f"{URL}?q=wanjiru&type=officials"
    assert "Show all 12 officials" in everything.content.decode()
    assert len(only.context["groups"][0]["hits"]) == 12
    assert "Show every kind of result" in only.content.decode()


def test_one_kind_pages_by_25(staff_client):
    for number in range(27):
        OfficialFactory(full_name=f"Achieng Otieno {number:02}")

    second = staff_client.get(URL, {"q": "achieng", "type": "officials", "page": 2})

    assert [str(hit.title) for hit in second.context["groups"][0]["hits"]] == [
        "Mr <mark>Achieng</mark> Otieno 25",
        "Mr <mark>Achieng</mark> Otieno 26",
    ]
    html = second.content.decode()
    assert "Page 2 of 2" in html
    assert 'href="?q=achieng&amp;type=officials" rel="prev">Previous</a>' in html


def test_an_unknown_kind_is_ignored(staff_client):
    OfficialFactory(full_name="Halima Yusuf")

    response = staff_client.get(URL, {"q": "halima", "type": "nonsense"})

    assert [group["kind"].key for group in response.context["groups"]] == ["officials"]


def test_query_count_does_not_grow_with_results(staff_client, programme):
    add_rows = add_kisumu_rows(programme)
    add_rows(1)

    assert_constant_queries(staff_client, f"{URL}?q=kisumu", add_rows, more=4)
    assert_constant_queries(staff_client, f"{URL}?q=kisumu&type=sites", add_rows, more=2)
    assert staff_client.get(URL, {"q": "kisumu"}).context["total"] == 8 * 7


def test_parse_query_is_what_the_page_searches(staff_client):
    response = staff_client.get(URL, {"q": "  The Office of  "})

    assert response.context["query"].words == parse_query("office").words == ("office",)


@pytest.mark.parametrize("q", ["%", "_", "\\", "'", "a:*|b", "(", "&&"])
def test_characters_with_a_meaning_in_sql_or_tsquery_are_harmless(staff_client, q):
    OfficialFactory(full_name="Plain Name")

    response = staff_client.get(URL, {"q": q})

    assert response.status_code == 200


def test_hits_read_their_facts_and_fall_back_to_the_right_link(staff_client, programme):
    one_day = datetime.date(2020, 3, 5)
    delegation = DelegationFactory(
        programme=programme, title="Lamu dialogue", start_date=one_day, end_date=one_day
    )
    owner = OfficialFactory(full_name="Rehema Said")
    FollowUpFactory(
        delegation=delegation,
        description="Lamu youth forum",
        owner_official=owner,
        due_date=datetime.date(2020, 4, 1),
    )
    operator = OrganisationFactory(name="Lamu County Government")
    site = SiteFactory(name="Lamu Youth Centre", organisation=operator)

    response = staff_client.get(URL, {"q": "lamu"})

    found = {group["kind"].key: group["hits"][0] for group in response.context["groups"]}
    assert "5 Mar 2020" in found["delegations"].facts
    assert [str(fact) for fact in found["follow_ups"].facts] == [
        "Proposed",
        "Mr Rehema Said",
        "due 1 Apr 2020",
        "<mark>Lamu</mark> dialogue",
    ]
    assert found["sites"].url == reverse("partners:organisation-detail", args=[operator.pk])
    assert found["sites"].links == []
    assert site.itinerary_items.count() == 0
