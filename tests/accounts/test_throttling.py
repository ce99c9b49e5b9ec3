"""Log-in throttling (django-axes) over both stores of its counts (the database, and
Redis when REDIS_URL is set: the real local Redis), password rules and session rotation."""

import os
import subprocess
import sys
import threading
import time
import uuid
from datetime import timedelta

import pytest
import redis
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts.throttling import address_failures, client_address, throttling_store
from tests.factories.accounts import PASSWORD, AdministratorFactory, UserFactory

pytestmark = pytest.mark.django_db

LIMIT = settings.AXES_FAILURE_LIMIT
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
HANDLERS = {
    "database": "accounts.throttling.AddressThrottlingHandler",
    "redis": "accounts.throttling.RedisThrottlingHandler",
}


@pytest.fixture(params=list(HANDLERS))
def store(request, settings):
    """The store the counts live in; for Redis, keys of this test's own prefix, removed
    afterwards (other test runs share the server)."""
    settings.AXES_HANDLER = HANDLERS[request.param]  # axes takes the new handler at once
    prefix = f"exchange-test:{uuid.uuid4().hex}:"
    settings.LOGIN_THROTTLE_REDIS_URL = TEST_REDIS_URL
    settings.LOGIN_THROTTLE_KEY_PREFIX = prefix
    yield request.param
    connection = redis.Redis.from_url(TEST_REDIS_URL)
    for key in connection.scan_iter(match=prefix + "*"):
        connection.delete(key)


def redis_keys() -> dict[str, int]:
    """This test's keys in Redis and their time to live, in milliseconds."""
    connection = redis.Redis.from_url(TEST_REDIS_URL)
    prefix = settings.LOGIN_THROTTLE_KEY_PREFIX
    return {
        key.decode().removeprefix(prefix): connection.pttl(key)
        for key in connection.scan_iter(match=prefix + "*")
    }


def log_in(client, email: str, password: str, *, admin: bool = False, address="10.0.0.1"):
    url = reverse("admin:login") if admin else reverse("login")
    return client.post(url, {"username": email, "password": password}, REMOTE_ADDR=address)


def fail_until_locked(client, email: str, **kwargs) -> None:
    for _ in range(LIMIT):
        response = log_in(client, email, "wrong password, again", **kwargs)
        assert response.status_code in {200, 429}


def test_site_log_in_locks_the_address_and_email_after_repeated_failures(store, client):
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


def test_lockout_counts_email_case_insensitively(store, client):
    user = UserFactory(email="mixed@example.org")
    for attempt in range(LIMIT):
        log_in(client, "MiXeD@Example.org" if attempt % 2 else user.email, "wrong")
    assert log_in(client, user.email, PASSWORD).status_code == 429


def test_lock_is_per_email_and_address_pair(store, client):
    user = UserFactory(email="target@example.org")
    colleague = UserFactory(email="colleague@example.org")
    fail_until_locked(client, user.email)

    other_address = log_in(client, user.email, PASSWORD, address="10.0.0.2")
    assert other_address.status_code == 302
    client.logout()
    same_address_other_user = log_in(client, colleague.email, PASSWORD)
    assert same_address_other_user.status_code == 302


def test_admin_log_in_is_throttled_too(store, client):
    admin = AdministratorFactory(email="boss@example.org")
    fail_until_locked(client, admin.email, admin=True)
    response = log_in(client, admin.email, PASSWORD, admin=True)
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()


def test_lock_lifts_after_the_cool_off(store, client, settings):
    settings.AXES_COOLOFF_TIME = timedelta(seconds=1)  # the real clock, in both stores
    user = UserFactory(email="patient@example.org")
    fail_until_locked(client, user.email)
    assert log_in(client, user.email, PASSWORD).status_code == 429

    time.sleep(1.2)

    response = log_in(client, user.email, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_successful_log_in_resets_the_failure_count(store, client):
    user = UserFactory(email="forgetful@example.org")
    for _ in range(LIMIT - 1):
        log_in(client, user.email, "wrong")
    assert log_in(client, user.email, PASSWORD).status_code == 302
    client.logout()
    assert address_failures("10.0.0.1") == 0  # the address's count forgets them too
    for _ in range(LIMIT - 1):
        assert log_in(client, user.email, "wrong").status_code == 200
    assert log_in(client, user.email, PASSWORD).status_code == 302


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
def test_an_address_failing_for_many_emails_is_locked_as_a_whole(store, client, settings, admin):
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
    # Another address is not affected.
    assert (
        log_in(client, victim.email, PASSWORD, address="10.0.0.2", admin=admin).status_code == 302
    )


def test_an_address_lock_lifts_after_the_cool_off(store, client, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(seconds=1)
    user = UserFactory(email="colleague@example.org")
    answers = [log_in(client, f"guess{n}@example.org", "wrong").status_code for n in range(3)]
    assert answers == [200, 200, 429]
    assert log_in(client, user.email, PASSWORD).status_code == 429

    time.sleep(1.2)

    assert log_in(client, user.email, PASSWORD).status_code == 302


def test_failures_below_the_address_limit_lock_nobody_else(store, client, settings):
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


def test_behind_a_proxy_people_are_locked_by_their_own_address(store, client, settings):
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
    assert address_failures("203.0.113.7") == 4  # the three guesses and the refused log-in
    assert address_failures("10.0.0.1") == 0  # not the proxy's


def test_user_admin_shows_the_lockout_and_unlock_lifts_it_from_every_address(store, admin_client):
    user = UserFactory(email="a.locked.out@example.org")
    bystander = UserFactory(email="bystander@example.org")
    visitor = Client()
    for address in ("10.0.0.8", "10.0.0.9"):
        fail_until_locked(visitor, user.email, address=address)
    changelist = reverse("admin:accounts_user_changelist")

    locked = admin_client.get(changelist, {"locked_out": "yes"})
    assert list(locked.context["cl"].result_list) == [user]
    column = locked.context["cl"].list_display.index("locked_out")
    ordered = admin_client.get(changelist, {"o": str(column)})  # not locked out first
    assert list(ordered.context["cl"].result_list)[-1] == user  # though first by email
    page = admin_client.get(reverse("admin:accounts_user_change", args=[bystander.pk]))
    assert "Locked out after too many failed log-ins" not in page.content.decode()
    page = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk]))
    assert "Locked out after too many failed log-ins" in page.content.decode()

    response = admin_client.post(
        changelist, {"action": "unlock", "_selected_action": [user.pk]}, follow=True
    )

    assert "1 user unlocked" in response.content.decode()
    assert list(admin_client.get(changelist, {"locked_out": "yes"}).context["cl"].result_list) == []
    for address in ("10.0.0.8", "10.0.0.9"):
        assert log_in(Client(), user.email, PASSWORD, address=address).status_code == 302
        assert address_failures(address) == 0


def test_user_admin_lockout_state_ends_with_the_cool_off(store, admin_client, settings):
    settings.AXES_COOLOFF_TIME = timedelta(seconds=1)
    user = UserFactory(email="waited@example.org")
    fail_until_locked(Client(), user.email)
    changelist = reverse("admin:accounts_user_changelist")
    assert list(admin_client.get(changelist, {"locked_out": "yes"}).context["cl"].result_list) == [
        user
    ]

    time.sleep(1.2)

    assert list(admin_client.get(changelist, {"locked_out": "yes"}).context["cl"].result_list) == []


@pytest.mark.parametrize("store", ["redis"], indirect=True)
def test_the_redis_store_keeps_the_counts_in_redis_expiring_with_the_cool_off(store, client):
    user = UserFactory(email="counted@example.org")
    fail_until_locked(client, user.email)
    assert log_in(client, user.email, PASSWORD).status_code == 429

    assert not AccessAttempt.objects.exists()  # nothing counted in the database
    found = redis_keys()
    cooloff = settings.AXES_COOLOFF_TIME.total_seconds() * 1000
    assert set(found) == {
        f"pair:{throttling_store()._user_hash(user.email)}:10.0.0.1",
        "address:10.0.0.1",
        f"user:{throttling_store()._user_hash(user.email)}",
        "locked",
    }
    assert all(0 < ttl <= cooloff for ttl in found.values())
    assert address_failures("10.0.0.1") == LIMIT + 1  # the refused log-in counts too


@pytest.mark.parametrize("store", ["redis"], indirect=True)
def test_the_redis_store_counts_concurrent_failures_exactly(store, rf):
    """Several server processes failing the same pair at once: no failure is lost."""
    handler = throttling_store()

    def fail(times: int) -> None:
        for _ in range(times):
            request = rf.post("/accounts/login/", {"username": "race@example.org"})
            request.axes_ip_address = "10.0.0.3"
            request.axes_locked_out = False
            handler.user_login_failed(None, {"username": "race@example.org"}, request)

    threads = [threading.Thread(target=fail, args=(25,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert address_failures("10.0.0.3") == 200


@pytest.mark.parametrize(
    ("environment", "handler"),
    [
        ({}, "AddressThrottlingHandler"),
        ({"REDIS_URL": "redis://127.0.0.1:6379/5"}, "RedisThrottlingHandler"),
    ],
)
def test_redis_url_moves_the_throttling_counts_to_redis(environment, handler):
    keep = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DEBUG"}}
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'exchange.settings';"
        "from django.conf import settings as s;"
        "print(s.AXES_HANDLER.rsplit('.', 1)[1], s.LOGIN_THROTTLE_REDIS_URL or '-')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**keep, "DEBUG": "true", **environment},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [handler, environment.get("REDIS_URL", "-")]
