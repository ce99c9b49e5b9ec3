"""Mail to one user, written in that user's language (`User.mail_language`), whoever's
request sends it: the invitation, the password reset link; jobs.tasks.send_user_mail
uses the same rule for the mail the worker sends."""

from contextlib import contextmanager

from django.utils import translation

from accounts.models import User


@contextmanager
def in_language_of(user: User):
    """Render what is inside as `user` reads: translated strings, dates, choice labels."""
    with translation.override(user.mail_language):
        yield
