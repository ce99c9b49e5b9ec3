"""Log-in throttling (django-axes) keyed on the email address as log-ins compare it.

The lockout key is `accounts.logins.login_key`, the normalisation the look-up uses, so
"Staff@Example.org", " staff@example.org " and "ｓｔａｆｆ@example.org" count as one
person, and a spelling that the look-up tells apart ("admın") is another.

Axes locks one (email, client address) pair after AXES_FAILURE_LIMIT failures. A client
address that fails for many emails (password spraying: a few guesses per account) is
locked as a whole once its failures, all emails together, reach
LOGIN_ADDRESS_FAILURE_LIMIT within the cool-off: `AddressThrottlingHandler` reads the
same attempt rows axes keeps, so it holds across server processes.
"""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.logins import login_key


def client_address(request) -> str | None:
    """The address a log-in came from. Behind PROXY_COUNT trusted reverse proxies, each
    appending to X-Forwarded-For, it is the entry the outermost of them added (counted
    from the right): what a client writes there itself sits further left and is ignored.
    Without proxies, or with a header too short or not an address, REMOTE_ADDR."""
    count = settings.PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        entries = [entry.strip() for entry in forwarded.split(",")]
        if len(entries) >= count:
            try:
                return str(ipaddress.ip_address(entries[-count]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR")


def address_failures(address: str | None) -> int:
    """Failed log-ins from `address` within the cool-off, whatever the email."""
    if not address:
        return 0
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def address_locked(request) -> bool:
    address = getattr(request, "axes_ip_address", None)
    return address_failures(address) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT


class AddressThrottlingHandler(AxesDatabaseHandler):
    """Axes' database handler, plus the lock of a whole client address (see above)."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        """Before a log-in is tried: refused while the pair or the address is locked."""
        return super().is_locked(request, credentials) or address_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        """After a failure is recorded: the one that reaches the address's limit already
        answers with the lockout page, as the one reaching a pair's limit does."""
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not request.axes_locked_out and address_locked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials


def username_from_request(request, credentials: dict | None) -> str:
    field = str(settings.AXES_USERNAME_FORM_FIELD)
    username = ""
    if credentials:
        # Django's log-in form passes its field name lazily (User.USERNAME_FIELD).
        typed = {str(key): value for key, value in credentials.items()}
        username = typed.get(field) or typed.get("email") or ""
    if not username and request is not None and hasattr(request, "POST"):
        username = request.POST.get(field, "")
    return login_key(username)


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """The page a locked-out visitor sees (site log-in and admin alike): 429, and when to
    come back."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "whole_address": address_locked(request),
    }
    return render(request, "registration/locked_out.html", context, status=429)


# --- "Forgot your password?" ------------------------------------------------------------------
# Throttled like the log-in: at most AXES_FAILURE_LIMIT requests for one email address from
# one client address, and LOGIN_ADDRESS_FAILURE_LIMIT from one client address, within the
# cool-off. Counted in the cache (shared between processes when CACHE_URL names a shared one).


def _count(key: str) -> int:
    timeout = int(settings.AXES_COOLOFF_TIME.total_seconds())
    if cache.add(key, 1, timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


def password_reset_allowed(request, email: str) -> bool:
    """Count this request; False once the pair or the address is over its limit."""
    address = client_address(request) or "unknown"
    folded = email.strip().casefold()
    pair = _count(f"password-reset:pair:{address}:{folded}")
    whole = _count(f"password-reset:address:{address}")
    return pair <= settings.AXES_FAILURE_LIMIT and whole <= settings.LOGIN_ADDRESS_FAILURE_LIMIT


def password_reset_throttled_response(request) -> HttpResponse:
    context = {"cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)}
    return render(request, "registration/password_reset_throttled.html", context, status=429)


def user_unlock(email: str) -> int:
    """Forget the failed log-ins of this email address (every client address): axes' reset."""
    return axes_reset(username=email.strip().casefold())
