"""Writes on users that have rules: administrators, invitations, deactivation, unlocking."""

from functools import partial

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts.logins import login_key
from accounts.mail import in_language_of
from accounts.models import ADMINISTRATORS_GROUP, User
from accounts.throttling import user_unlock
from core.services import stamp, validated_save


@transaction.atomic
def user_make_administrator(*, user: User) -> User:
    group, _created = Group.objects.get_or_create(name=ADMINISTRATORS_GROUP)
    user.groups.add(group)
    user._is_administrator = True  # is_administrator caches the group look-up
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return user


@transaction.atomic
def user_create_invited(*, email: str, full_name: str, language: str = "", actor=None) -> User:
    """A new active account with no usable password: the invitation's link sets one."""
    user = User(email=email, full_name=full_name, language=language)
    user.set_unusable_password()
    return validated_save(user, actor=actor, reason=_("Invited"))


def user_send_invitation(
    *, user: User, inviter, domain: str, use_https: bool, programmes: str = ""
) -> None:
    """Mail the set-password link (Django's password-reset token: single use, expiring
    after PASSWORD_RESET_TIMEOUT) once the transaction commits, in the invited user's
    language (`programmes` too should be written in it: accounts.admin)."""
    context = {
        "user": user,
        "email": user.email,
        "inviter": inviter,
        "programmes": programmes,
        "domain": domain,
        "protocol": "https" if use_https else "http",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    with in_language_of(user):
        subject = render_to_string("registration/invitation_subject.txt", context).strip()
        body = render_to_string("registration/invitation_email.txt", context)
    message = EmailMessage(subject, body, to=[user.email])
    transaction.on_commit(partial(message.send, fail_silently=False))


def user_end_sessions(*, user: User) -> int:
    """Log the user out everywhere: delete the sessions that carry their id."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def user_deactivate(*, user: User, actor=None) -> User:
    """No more log-in (inactive, no usable password, no session); the row and its history
    stay, so everything they did still names them."""
    user = User.objects.select_for_update().get(pk=user.pk)
    user.is_active = False
    user.set_unusable_password()
    stamp(user, actor, _("Deactivated"))
    user.save()
    user_end_sessions(user=user)
    return user


def user_unlock_log_in(*, user: User) -> int:
    """Lift a log-in lockout for the user's address (axes' attempts deleted)."""
    return user_unlock(user.email)


def erased_email(user_id: int) -> str:
    """The address an erased account keeps: unique, and deliverable nowhere (.invalid)."""
    return f"erased-user-{user_id}@erased.invalid"


@transaction.atomic
def user_anonymise(*, user: User, name: str) -> User:
    """For the right to erasure (officials.erasure): the account (already deactivated)
    loses its name and address, in its history rows and the admin's log too, and its
    log-in records (django-axes, kept by address) go. The row stays, so what they
    recorded still points at it, now named `name`."""
    former = User.objects.select_for_update().get(pk=user.pk)
    email = erased_email(former.pk)
    fields = {"full_name": name, "email": email, "login_key": login_key(email)}
    User.objects.filter(pk=former.pk).update(**fields)
    User.history.filter(id=former.pk).update(**fields)
    for model in (AccessLog, AccessFailureLog, AccessAttempt):
        model.objects.filter(username__iexact=former.email).delete()
    content_type = ContentType.objects.get_for_model(User)
    LogEntry.objects.filter(content_type=content_type, object_id=str(former.pk)).update(
        object_repr=name
    )
    former.refresh_from_db()
    return former
