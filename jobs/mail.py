"""Mail to users, each message written in its recipient's language.

An app registers a composer under a name (from its AppConfig.ready, so the worker has it
too): `compose(user, **params) -> (subject, body)`. `jobs.services.mail_users_on_commit`
hands the worker the name, the recipients' ids and the params (plain values); the worker
(`jobs.tasks.send_user_mail`) runs the composer once per recipient inside
`accounts.mail.in_language_of(user)`, so a Portuguese reader gets Portuguese whatever the
language of the request that caused the mail.
"""

from collections.abc import Callable

from django.conf import settings

from accounts.mail import in_language_of
from accounts.models import User

Composer = Callable[..., tuple[str, str]]
COMPOSERS: dict[str, Composer] = {}


def register_mail(name: str, compose: Composer) -> None:
    COMPOSERS[name] = compose


def compose_messages(name: str, users, params: dict) -> list[tuple]:
    """(subject, body, from, [address]) for each user, each in that user's language."""
    compose = COMPOSERS[name]
    messages = []
    for user in users:
        with in_language_of(user):
            subject, body = compose(user, **params)
            messages.append(
                (str(subject).strip(), str(body).strip(), settings.DEFAULT_FROM_EMAIL, [user.email])
            )
    return messages


def recipients(user_ids: list[int]):
    """The recipients still active, in a stable order (by address)."""
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by("email")
