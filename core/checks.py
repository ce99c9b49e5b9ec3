"""Deployment checks of our own, run by `manage.py check --deploy`: settings that would
give several server processes (gunicorn workers, app nodes) nothing in common."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

PER_PROCESS_CACHES = ("LocMemCache", "DummyCache")


@register(Tags.caches, deploy=True)
def shared_cache_check(app_configs, **kwargs) -> list[Warning]:
    """Form tokens (one object per submission) are claimed in the default cache; a
    per-process cache lets a double submit through when two server processes answer."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(PER_PROCESS_CACHES):
        return [
            Warning(
                "The default cache is private to each server process, so a form sent "
                "twice to two processes can save twice.",
                hint="Set REDIS_URL (or CACHE_URL=dbcache://exchange_cache, then run "
                "`python manage.py createcachetable`).",
                id="core.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def shared_sessions_check(app_configs, **kwargs) -> list[Warning]:
    """A session kept only in a per-process cache is lost when the next request of the
    visitor reaches another process."""
    engine = settings.SESSION_ENGINE
    alias = getattr(settings, "SESSION_CACHE_ALIAS", "default")
    cache_backend = settings.CACHES.get(alias, {}).get("BACKEND", "")
    if engine.endswith(".cache") and cache_backend.endswith(PER_PROCESS_CACHES):
        return [
            Warning(
                "Sessions live only in a per-process cache: a visitor is logged out "
                "whenever another process answers.",
                hint="Set REDIS_URL (sessions then use cached_db), or keep the database "
                "session engine.",
                id="core.W002",
            )
        ]
    return []


@register(deploy=True)
def shared_queue_check(app_configs, **kwargs) -> list[Warning]:
    """Without a broker every job (mail, large exports, thumbnails) runs inside the
    request that asked for it, and a failed mail is not tried again later."""
    if settings.CELERY_TASK_ALWAYS_EAGER or settings.CELERY_BROKER_URL.startswith("memory"):
        return [
            Warning(
                "Background jobs run inside the web requests (no broker): large exports "
                "and mail keep the visitor waiting and are not retried by a worker.",
                hint="Set REDIS_URL and run a worker (`celery -A exchange worker`, see Procfile).",
                id="core.W003",
            )
        ]
    return []


@register(deploy=True)
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
