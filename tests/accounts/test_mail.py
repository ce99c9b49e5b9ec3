"""Mail to one user is written in that user's language, not in the language of the page
that sent it: the invitation (the language chosen when inviting) and "Forgot your
password?" (the account's language)."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import User
from partners.enums import ProgrammeRole
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

INVITED = "[Exchange] You are invited"
RESET = "[Exchange] Choose a new password"
RESET_LINE = "Open this link to choose it (it works once, for a few days):"
INVITE_LINE = "Then log in with your email address and that password."


def _in(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("language", ["pt", "fr", ""])
def test_an_invitation_is_written_in_the_language_chosen_for_the_user(
    admin_client, programme, mailoutbox, django_capture_on_commit_callbacks, language
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:accounts_user_add"),
            {
                "email": "convidada@example.org",
                "full_name": "Neema Otieno",
                "language": language,
                "memberships-TOTAL_FORMS": "1",
                "memberships-INITIAL_FORMS": "0",
                "memberships-0-programme": programme.pk,
                "memberships-0-role": ProgrammeRole.STAFF,
            },
            HTTP_ACCEPT_LANGUAGE="en",
        )

    user = User.objects.get(email="convidada@example.org")
    written = language or "en"
    [mail] = mailoutbox
    assert user.language == language
    assert mail.subject == _in(written, INVITED)
    assert _in(written, INVITE_LINE) in mail.body
    with translation.override(written):
        role = str(ProgrammeRole.STAFF.label)
    assert f"{programme.code} ({role})" in mail.body  # the role's name too


def test_invitations_in_portuguese_and_french_differ_from_english():
    assert len({_in(code, INVITED) for code in ("en", "pt", "fr")}) == 3
    assert len({_in(code, RESET) for code in ("en", "pt", "fr")}) == 3


@pytest.mark.parametrize("language", ["pt", "fr"])
def test_a_password_reset_asked_from_an_english_page_is_written_in_the_accounts_language(
    client, mailoutbox, language
):
    user = UserFactory(email=f"reader-{language}@example.org", language=language)

    client.post(reverse("password_reset"), {"email": user.email}, HTTP_ACCEPT_LANGUAGE="en")

    [mail] = mailoutbox
    assert mail.to == [user.email]
    assert mail.subject == _in(language, RESET)
    assert _in(language, RESET_LINE) in mail.body
    assert RESET_LINE not in mail.body
