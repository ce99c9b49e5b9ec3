"""Log-in throttling (django-axes), password rules and session rotation."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.throttling import client_address
from tests.factories.accounts import PASSWORD, AdministratorFactory, UserFactory

pytestmark = pytest.mark.django_db

LIMIT = settings.AXES_FAILURE_LIMIT


def log_in(client, email: str, password: str, *, admin: bool = False, address="10.0.0.1"):
    url = reverse("admin:login") if admin else reverse("login")
    return client.post(url, {"username": email, "password": password}, REMOTE_ADDR=address)


def fail_until_locked(client, email: str, **kwargs) -> None:
    for _ in range(LIMIT):
        response = log_in(client, email, "wrong password, again", **kwargs)
        assert response.status_code in {200, 429}


def test_site_log_in_locks_the_address_and_email_after_repeated_failures(client):
    user = UserFactory(email="locked@example.org")
    for attempt in range(LIMIT - 1):
        response = log_in(client, user.email, f"wrong-{attempt}")
        assert response.status_code == 200
        assert "do not match an active account" in response.content.decode()

    response = log_in(client, user.email, "wrong-last")
    assert response.status_code == 429
    # Even the right password is refused while locked: the attacker learns nothing.
    response = log_in(client, user.email, PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed log-ins" in page
    assert f"failed {LIMIT} times in a row" in page
    assert "Try again in 15 minutes" in page
    assert "_auth_user_id" not in client.session


def test_lockout_counts_email_case_insensitively(client):
    user = UserFactory(email="mixed@example.org")
    for attempt in range(LIMIT):
        log_in(client, "MiXeD@Example.org" if attempt % 2 else user.email, "wrong")
    assert log_in(client, user.email, PASSWORD).status_code == 429


def test_lock_is_per_email_and_address_pair(client):
    user = UserFactory(email="target@example.org")
    colleague = UserFactory(email="colleague@example.org")
    fail_until_locked(client, user.email)

    other_address = log_in(client, user.email, PASSWORD, address="10.0.0.2")
    assert other_address.status_code == 302
    client.logout()
    same_address_other_user = log_in(client, colleague.email, PASSWORD)
    assert same_address_other_user.status_code == 302


def test_admin_log_in_is_throttled_too(client):
    admin = AdministratorFactory(email="boss@example.org")
    fail_until_locked(client, admin.email, admin=True)
    response = log_in(client, admin.email, PASSWORD, admin=True)
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()


def test_lock_lifts_after_the_cool_off(client):
    user = UserFactory(email="patient@example.org")
    fail_until_locked(client, user.email)
    assert log_in(client, user.email, PASSWORD).status_code == 429

    # The clock moves on past the cool-off.
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    response = log_in(client, user.email, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_successful_log_in_resets_the_failure_count(client):
    user = UserFactory(email="forgetful@example.org")
    for _ in range(LIMIT - 1):
        log_in(client, user.email, "wrong")
    assert log_in(client, user.email, PASSWORD).status_code == 302
    client.logout()
    assert not AccessAttempt.objects.filter(username=user.email).exists()
    assert log_in(client, user.email, "wrong").status_code == 200


def test_session_key_changes_on_log_in(client):
    user = UserFactory(email="rotate@example.org")
    session = client.session
    session["visited"] = True
    session.save()
    before = session.session_key

    assert log_in(client, user.email, PASSWORD).status_code == 302
    after = client.session.session_key
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert client.session["visited"] is True


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Short-pw-1", "at least 12 characters"),
        ("password1234", "too common"),
        ("583920174628", "entirely numeric"),
    ],
)
def test_password_rules_refuse_weak_passwords(password, message):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user=UserFactory.build(email="new@example.org"))
    assert any(message in text for text in refused.value.messages)


def test_password_rules_accept_a_long_passphrase():
    validate_password("mangrove-ferry-2019", user=UserFactory.build(email="new@example.org"))


@pytest.mark.parametrize("admin", [False, True], ids=["site", "admin"])
def test_an_address_failing_for_many_emails_is_locked_as_a_whole(client, settings, admin):
    """Password spraying: a few guesses per account, never enough to lock one pair."""
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    victim = AdministratorFactory(email="victim@example.org")
    answers = [
        log_in(client, f"person{n}@example.org", "Summer2019!", admin=admin).status_code
        for n in range(2)
        for _guess in range(LIMIT - 2)  # never enough to lock one (email, address) pair
    ]
    assert answers == [200] * 5 + [429]  # the sixth failure from the address locks it

    response = log_in(client, victim.email, PASSWORD, admin=admin)

    assert response.status_code == 429  # even the right password, from that address
    page = response.content.decode()
    assert "for several email addresses" in page
    assert "Try again in 15 minutes" in page
    assert "_auth_user_id" not in client.session
    # Another address is not affected, and the lock lifts after the cool-off.
    assert (
        log_in(client, victim.email, PASSWORD, address="10.0.0.2", admin=admin).status_code == 302
    )
    client.logout()
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    assert log_in(client, victim.email, PASSWORD, admin=admin).status_code == 302


def test_failures_below_the_address_limit_lock_nobody_else(client, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    user = UserFactory(email="colleague@example.org")
    for n in range(5):
        assert log_in(client, f"typo{n}@example.org", "wrong").status_code == 200

    assert log_in(client, user.email, PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "10.0.0.9"),  # no proxy trusted: the header is anyone's to write
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # what the client wrote is left
        (2, "198.51.100.1, 203.0.113.7, 10.0.0.5", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.9"),  # shorter than the proxies: not to be trusted
        (1, "not-an-address", "10.0.0.9"),
        (1, "", "10.0.0.9"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address_behind_trusted_proxies(proxies, forwarded, expected, settings, rf):
    settings.PROXY_COUNT = proxies
    request = rf.post("/accounts/login/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="10.0.0.9")

    assert client_address(request) == expected


def test_behind_a_proxy_people_are_locked_by_their_own_address(client, settings):
    """Everyone reaches the app from the proxy's address: the lock must not be shared."""
    settings.PROXY_COUNT = 1
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    user = UserFactory(email="colleague@example.org")

    def through_proxy(email, password, address):
        return client.post(
            reverse("login"),
            {"username": email, "password": password},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=address,
        )

    answers = [through_proxy(f"guess{n}@example.org", "wrong", "203.0.113.7") for n in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    # Another client behind the same proxy logs in; the guesser stays paused.
    assert through_proxy(user.email, PASSWORD, "198.51.100.20").status_code == 302
    client.logout()
    assert through_proxy(user.email, PASSWORD, "203.0.113.7").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}
