"""The shell: log-in by email, log-out by POST, friendly error pages, the navigation."""

import pytest
from django.test import override_settings
from django.urls import resolve, reverse

from exchange.navigation import navigation
from tests.factories.accounts import PASSWORD


def test_anonymous_is_sent_to_the_login_page(client, db):
    response = client.get(reverse("delegations:list"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('delegations:list')}"


def test_login_by_email_rotates_the_session_and_lands_on_the_delegations(client, staff_user):
    client.get(reverse("login"))
    before = client.cookies.get("sessionid")
    response = client.post(
        reverse("login"), {"username": staff_user.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert client.cookies["sessionid"].value != (before.value if before else None)
    page = client.get(reverse("delegations:list"))
    assert "Log out" in page.content.decode()


def test_login_with_wrong_password_shows_the_message(client, staff_user):
    response = client.post(reverse("login"), {"username": staff_user.email, "password": "nope"})
    assert response.status_code == 200
    assert "do not match an active account" in response.content.decode()
    assert staff_user.email in response.content.decode()


def test_logout_is_post_only(staff_client):
    assert staff_client.get(reverse("logout")).status_code == 405
    response = staff_client.post(reverse("logout"))
    assert response.status_code == 302
    assert staff_client.get(reverse("delegations:list")).status_code == 302


@pytest.mark.parametrize(
    ("user_fixture", "sees_admin_link"), [("staff_user", False), ("administrator", True)]
)
def test_navigation_names_the_sections_and_the_admin_only_for_administrators(
    client, request, user_fixture, sees_admin_link
):
    client.force_login(request.getfixturevalue(user_fixture))
    html = client.get(reverse("delegations:list")).content.decode()
    for label in ("Delegations", "Officials", "Organisations", "Log out"):
        assert label in html
    assert ('href="/admin/"' in html) is sees_admin_link
    assert 'aria-current="page"' in html


@override_settings(DEBUG=False)
def test_unknown_page_answers_the_friendly_404(staff_client):
    response = staff_client.get("/no-such-page/")
    assert response.status_code == 404
    assert "There is nothing here, or nothing you can see." in response.content.decode()


def test_portuguese_is_offered(client, db):
    response = client.get(reverse("login"), headers={"accept-language": "pt"})
    assert response.status_code == 200
    assert 'lang="pt"' in response.content.decode()


@pytest.mark.parametrize(
    ("url", "entry"),
    [
        (reverse("delegations:list"), "delegations"),
        (reverse("itinerary:itinerary", args=[1]), "delegations"),
        (reverse("learning:objectives-section", args=[1]), "delegations"),
        (reverse("timeline:delegation-history", args=[1]), "delegations"),
        (reverse("learning:topic-list"), "topics"),
        (reverse("learning:topic-detail", args=["community-policing"]), "topics"),
        (reverse("officials:list"), "officials"),
        (reverse("partners:organisation-list"), "partners"),
        (reverse("reports:dashboard"), "reports"),
        (reverse("search:results"), ""),
    ],
)
def test_the_navigation_marks_the_entry_a_page_belongs_to(rf, url, entry):
    request = rf.get(url)
    request.resolver_match = resolve(url)
    assert navigation(request) == {"nav_entry": entry}


def test_an_error_page_before_any_view_marks_no_entry(rf):
    assert navigation(rf.get("/nowhere/")) == {"nav_entry": ""}
