"""Deployment checks of our own, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.caches, deploy=True)
def shared_cache_check(app_configs, **kwargs) -> list[Warning]:
    """Form tokens (one object per submission) are claimed in the default cache; a
    per-process cache lets a double submit through when two server processes answer."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(("LocMemCache", "DummyCache")):
        return [
            Warning(
                "The default cache is private to each server process, so a form sent "
                "twice to two processes can save twice.",
                hint="Set CACHE_URL to a shared cache, e.g. dbcache://exchange_cache, "
                "then run `python manage.py createcachetable`.",
                id="core.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def mail_configured_check(app_configs, **kwargs) -> list[Error]:
    """With DEBUG off, mail must go somewhere real: without EMAIL_URL, notifications
    (and who they are for) would otherwise end up nowhere, or in the logs."""
    if settings.DEBUG or getattr(settings, "EMAIL_URL_SET", True):
        return []
    return [
        Error(
            "EMAIL_URL is not set: notifications cannot be sent.",
            hint="Set EMAIL_URL, e.g. smtp+tls://user:password@mail.example.org:587.",
            id="core.E002",
        )
    ]
