"""Jobs every app can hand to the worker."""

import smtplib

from celery import shared_task
from django.core.mail import send_mass_mail


@shared_task(
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    retry_jitter=True,
    max_retries=6,
)
def send_mail_messages(messages: list[list]) -> int:
    """Send (subject, body, from, recipients) messages; a refused or unreachable mail
    server is tried again with a growing pause (30 s, 1 min, 2 min... for about an hour)."""
    return send_mass_mail([tuple(message) for message in messages], fail_silently=False)
