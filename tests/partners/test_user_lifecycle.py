"""The user's life in the admin: invited with a set-password link, "Forgot your
password?", locked out and unlocked, deactivated, never offered as a member again."""

import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from partners.enums import ProgrammeRole
from partners.models import ProgrammeMembership
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.partners import ProgrammeMembershipFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "tamarind-harbour-lantern-88"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def link_in(mail) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", mail.body).group(1)


def invite(admin_client, programme, email="new.staff@example.org"):
    return admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": email,
            "full_name": "Neema Otieno",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-programme": programme.pk,
            "memberships-0-role": ProgrammeRole.STAFF,
        },
    )


def test_invite_creates_the_user_with_roles_and_mails_a_single_use_link(
    admin_client, client, programme, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(admin_client, programme, email="New.Staff@Example.org")

    assert response.status_code == 302
    user = User.objects.get(email="new.staff@example.org")
    assert not user.has_usable_password()
    assert ProgrammeMembership.objects.get(user=user).role == ProgrammeRole.STAFF
    [mail] = mailoutbox
    assert mail.to == [user.email] and "PHSS" in mail.body
    link = link_in(mail)
    client.logout()
    form = client.get(link, follow=True)
    set_url = form.redirect_chain[-1][0]
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert client.post(set_url, data)["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # Single use: the same link no longer opens the form.
    again = client.get(link, follow=True)
    assert "has been used already or has expired" in again.content.decode()


def test_invite_with_a_bad_email_keeps_what_was_typed(admin_client, programme):
    response = invite(admin_client, programme, email="not an email")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid email address" in body and 'value="Neema Otieno"' in body
    assert not User.objects.filter(full_name="Neema Otieno").exists()


@pytest.mark.parametrize("email", ["staff@example.org", "nobody@example.org"])
def test_forgot_password_answers_the_same_whether_the_address_exists(
    client, staff_user, mailoutbox, email
):
    response = client.post(reverse("password_reset"), {"email": email}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("password_reset_done")
    assert "If an active account has this address" in response.content.decode()
    assert len(mailoutbox) == (1 if email == staff_user.email else 0)


def test_forgot_password_is_offered_on_both_log_in_pages(client):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()
    admin_login = client.get(reverse("admin:login")).content.decode()
    assert reverse("admin_password_reset") in admin_login


def test_forgot_password_is_throttled_like_the_log_in(client, staff_user, mailoutbox):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("password_reset"), {"email": "STAFF@example.org"})
    response = client.post(reverse("password_reset"), {"email": staff_user.email})

    assert response.status_code == 429
    assert "Too many password links" in response.content.decode()
    assert len(mailoutbox) == settings.AXES_FAILURE_LIMIT


def lock_out(user) -> None:
    AccessAttempt.objects.create(
        username=user.email,
        ip_address="10.0.0.9",
        user_agent="test",
        attempt_time=timezone.now(),
        failures_since_start=settings.AXES_FAILURE_LIMIT,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/accounts/login/",
    )


def test_user_admin_shows_the_lockout_and_unlock_lifts_it(admin_client, staff_user):
    client = Client()
    lock_out(staff_user)
    changelist = reverse("admin:accounts_user_changelist")
    locked = admin_client.get(changelist, {"locked_out": "yes"})
    assert list(locked.context["cl"].result_list) == [staff_user]
    page = admin_client.get(reverse("admin:accounts_user_change", args=[staff_user.pk]))
    assert "Locked out after too many failed log-ins" in page.content.decode()

    response = admin_client.post(
        changelist, {"action": "unlock", "_selected_action": [staff_user.pk]}, follow=True
    )

    assert "1 user unlocked" in response.content.decode()
    assert not AccessAttempt.objects.filter(username=staff_user.email).exists()
    answer = client.post(
        reverse("login"),
        {"username": staff_user.email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.9",
    )
    assert answer.status_code == 302


def test_user_admin_lists_programmes_and_filters_by_them(admin_client, staff_user, programme):
    UserFactory(email="elsewhere@example.org")
    response = admin_client.get(
        reverse("admin:accounts_user_changelist"),
        {"programme": programme.pk},
    )
    assert list(response.context["cl"].result_list) == [staff_user]
    assert "PHSS (Programme staff)" in response.content.decode()


def test_deactivate_ends_memberships_and_sessions_and_keeps_history(
    admin_client, staff_user, programme
):
    client = Client()
    client.force_login(staff_user)
    session_key = client.session.session_key

    admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "deactivate", "_selected_action": [staff_user.pk]},
    )

    staff_user.refresh_from_db()
    assert not staff_user.is_active and not staff_user.has_usable_password()
    assert not ProgrammeMembership.objects.filter(user=staff_user).exists()
    ended = ProgrammeMembership.history.filter(user_id=staff_user.pk).latest("history_date")
    assert ended.history_type == "-" and ended.history_change_reason == "Ended: user deactivated"
    assert not Session.objects.filter(session_key=session_key).exists()
    assert client.get(reverse("delegations:list")).status_code == 302


def test_inactive_users_are_never_offered_as_members(admin_client, programme):
    UserFactory(email="gone@example.org", full_name="Gone Away", is_active=False)
    UserFactory(email="here@example.org", full_name="Still Here")
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "example",
            "app_label": "partners",
            "model_name": "programmemembership",
            "field_name": "user",
        },
    )
    offered = [result["text"] for result in response.json()["results"]]
    assert "Still Here" in offered and "Gone Away" not in offered


def test_an_inactive_user_is_refused_as_a_member(admin_client, programme):
    gone = UserFactory(is_active=False)
    url = reverse("admin:partners_programme_change", args=[programme.pk])
    page = admin_client.get(url)
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields if name != "countries"}
    data |= {
        "countries": programme.countries,
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-0-user": gone.pk,
        "memberships-0-role": ProgrammeRole.STAFF,
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not ProgrammeMembership.objects.filter(user=gone).exists()


def test_membership_service_refuses_an_inactive_user(programme):
    from django.core.exceptions import ValidationError

    from partners.services import membership_set

    with pytest.raises(ValidationError, match="deactivated"):
        membership_set(user=UserFactory(is_active=False), programme=programme, role="staff")
    assert ProgrammeMembershipFactory  # the factory stays the way to make members
