"""Finding 1: one normalisation of log-in addresses (NFKC, casefold, no surrounding
spaces) for the look-up, the lockout and new accounts, on the site and on /admin/.

After 5 wrong passwords for admin@…, "admın@…" (dotless i) with the right password used
to log in and clear the lock: the database's case-insensitive match reads ı as I, the
lockout key did not. Now an address either is the same log-in everywhere (Kelvin sign,
full-width letters, spaces, mixed case: same account, same lock) or another everywhere
(dotless i: no account, and the lock stays).
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.logins import login_key
from accounts.models import User
from tests.accounts.test_throttling import fail_until_locked, log_in
from tests.factories.accounts import PASSWORD, AdministratorFactory, UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "kim@example.org"
SAME = {
    "kelvin-sign": "\u212aim@example.org",
    "full-width": "ｋｉｍ@ｅｘａｍｐｌｅ.ｏｒｇ",
    "spaces": "  kim@example.org \t",
    "mixed-case": "KiM@Example.ORG",
}
DOTLESS_I = "kım@example.org"  # U+0131: another address, which PostgreSQL's UPPER reads as KIM


@pytest.fixture
def kim(db):
    return AdministratorFactory(email=EMAIL)  # staff too: the admin's log-in works


def logged_in(client, response, kim) -> bool:
    return response.status_code == 302 and client.session.get("_auth_user_id") == str(kim.pk)


@pytest.mark.parametrize("admin", [False, True], ids=["site", "admin"])
def test_a_dotless_i_neither_logs_in_nor_clears_the_lock(client, kim, admin):
    fail_until_locked(client, EMAIL, admin=admin)

    response = log_in(client, DOTLESS_I, PASSWORD, admin=admin)

    assert not logged_in(client, response, kim)
    assert "_auth_user_id" not in client.session
    assert log_in(client, EMAIL, PASSWORD, admin=admin).status_code == 429  # still locked


@pytest.mark.parametrize("admin", [False, True], ids=["site", "admin"])
@pytest.mark.parametrize("variant", SAME.values(), ids=SAME)
def test_a_spelling_that_normalises_alike_is_the_same_log_in_and_the_same_lock(
    client, kim, admin, variant
):
    assert logged_in(client, log_in(client, variant, PASSWORD, admin=admin), kim)
    client.logout()

    fail_until_locked(client, variant, admin=admin)

    assert log_in(client, EMAIL, PASSWORD, admin=admin).status_code == 429
    assert log_in(client, variant, PASSWORD, admin=admin).status_code == 429


def test_failures_under_every_spelling_add_up_to_one_lock(client, kim):
    for variant in [*SAME.values(), EMAIL]:
        log_in(client, variant, "wrong password, again")

    assert log_in(client, EMAIL, PASSWORD).status_code == 429


@pytest.mark.parametrize("variant", SAME.values(), ids=SAME)
def test_a_new_address_colliding_after_normalisation_is_refused(kim, variant):
    with pytest.raises(ValidationError) as refused:
        User.objects.create_user(email=variant, password=PASSWORD, full_name="Other Kim")
    assert "already exists" in str(refused.value)
    # The database holds the rule too, whatever the way in.
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(email=variant)
    assert User.objects.filter(login_key=login_key(EMAIL)).count() == 1


def test_a_dotless_i_address_is_another_account(kim):
    other = User.objects.create_user(email=DOTLESS_I, password="another-long-password-1")
    assert other.login_key != kim.login_key
