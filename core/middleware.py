"""Response headers that hold on every response, error pages included.

`SecurityHeadersMiddleware` sits first in MIDDLEWARE: a response that an inner
middleware made from an exception (a bad Host is refused by Django's SecurityMiddleware
or CommonMiddleware before the others run; Django's DEBUG 404 page is left alone by
django-csp) still gets the frame, sniffing, referrer, opener, CSP and HSTS headers.

`NoStoreMiddleware` keeps what a logged-in person sees out of every cache (the
browser's back button on a shared computer, a proxy): `Cache-Control: private,
no-store` on every response to an authenticated request, exports included. A view
whose response may be kept for a while says so with `cache_privately` (the calendar
feed: phones poll it).
"""

from csp.utils import build_policy
from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest
from django.http.response import HttpResponseBase

NO_STORE = "private, no-store"
_KEEP = "_exchange_cache_control"


def cache_privately(response: HttpResponseBase, *, seconds: int) -> HttpResponseBase:
    """Let browsers (never shared caches) keep `response` for `seconds`."""
    response["Cache-Control"] = f"private, max-age={seconds}"
    setattr(response, _KEEP, True)
    return response


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if getattr(response, _KEEP, False) or _kept_from_every_cache(response):
            return response  # never_cache (the health checks): no need to ask who it is
        user = getattr(request, "user", None)
        try:
            authenticated = user is not None and user.is_authenticated
        except DatabaseError:
            authenticated = True  # the session's user cannot be read: keep it out anyway
        if authenticated:
            response["Cache-Control"] = NO_STORE
            response.headers.pop("Expires", None)
        return response


def _kept_from_every_cache(response: HttpResponseBase) -> bool:
    """Already `private` and `no-store` (never_cache's header, which says more)."""
    directives = {
        part.strip().split("=")[0].lower() for part in response.get("Cache-Control", "").split(",")
    }
    return {"private", "no-store"} <= directives


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        headers = {
            "X-Frame-Options": settings.X_FRAME_OPTIONS,
            "Referrer-Policy": settings.SECURE_REFERRER_POLICY,
            "Cross-Origin-Opener-Policy": settings.SECURE_CROSS_ORIGIN_OPENER_POLICY,
            "Content-Security-Policy": build_policy(),
        }
        if settings.SECURE_CONTENT_TYPE_NOSNIFF:
            headers["X-Content-Type-Options"] = "nosniff"
        if settings.SECURE_HSTS_SECONDS and request.is_secure():
            value = f"max-age={settings.SECURE_HSTS_SECONDS}"
            if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
                value += "; includeSubDomains"
            if settings.SECURE_HSTS_PRELOAD:
                value += "; preload"
            headers["Strict-Transport-Security"] = value
        for name, value in headers.items():
            if value and name not in response:
                response[name] = value
        return response
