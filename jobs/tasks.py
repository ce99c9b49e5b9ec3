"""Jobs every app can hand to the worker."""

import smtplib

from celery import shared_task
from django.core.mail import send_mass_mail

# A refused or unreachable mail server is tried again with a growing pause (30 s, 1 min,
# 2 min... for about an hour).
MAIL_RETRIES = {
    "autoretry_for": (smtplib.SMTPException, OSError),
    "retry_backoff": 30,
    "retry_backoff_max": 30 * 60,
    "retry_jitter": True,
    "max_retries": 6,
}


@shared_task(**MAIL_RETRIES)
def send_mail_messages(messages: list[list]) -> int:
    """Send (subject, body, from, recipients) messages, already written."""
    return send_mass_mail([tuple(message) for message in messages], fail_silently=False)


@shared_task(**MAIL_RETRIES)
def send_user_mail(name: str, user_ids: list[int], params: dict) -> int:
    """One message per recipient, each written in the recipient's profile language by the
    composer registered as `name` (jobs.mail), then sent together."""
    from jobs.mail import compose_messages, recipients

    messages = compose_messages(name, recipients(user_ids), params)
    return send_mass_mail(messages, fail_silently=False) if messages else 0
