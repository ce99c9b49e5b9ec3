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
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not getattr(response, _KEEP, False):
            response["Cache-Control"] = NO_STORE
            response.headers.pop("Expires", None)
        return response


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
