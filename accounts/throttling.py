"""Log-in throttling (django-axes) keyed on the email address as log-ins compare it.

The lockout key is `accounts.logins.login_key`, the normalisation the look-up uses, so
"Staff@Example.org", " staff@example.org " and "ｓｔａｆｆ@example.org" count as one
person, and a spelling that the look-up tells apart ("admın") is another.

Axes locks one (email, client address) pair after AXES_FAILURE_LIMIT failures. A client
address that fails for many emails (password spraying: a few guesses per account) is
locked as a whole once its failures, all emails together, reach
LOGIN_ADDRESS_FAILURE_LIMIT within the cool-off (`AddressLockMixin`), counted in the same
store as the pairs, so it holds across server processes.

Two stores hold the counts, chosen by settings.AXES_HANDLER:
- `AddressThrottlingHandler`: axes' AccessAttempt rows in the database (`make run`, tests);
- `RedisThrottlingHandler` (when REDIS_URL is set): counters in Redis, incremented and
  given their expiry in one MULTI/EXEC, shared by every node; the database keeps only the
  log of successful log-ins (AccessLog), as with the other store.
Both answer the same questions (failures of a pair, of an address; who is locked out now;
forget a user's failures), which the lockout page and the user admin ask through
`throttling_store()`.
"""

import hashlib
import ipaddress
import logging
import time

import redis
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from axes.utils import reset as axes_reset
from django.conf import settings
from django.core.cache import cache
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Sum, Value
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


def throttling_store() -> "AddressThrottlingHandler | RedisThrottlingHandler":
    """The handler axes uses (settings.AXES_HANDLER): it holds the counts."""
    return AxesProxyHandler.get_implementation()


def address_failures(address: str | None) -> int:
    """Failed log-ins from `address` within the cool-off, whatever the email."""
    return throttling_store().address_failures(address) if address else 0


def address_locked(request) -> bool:
    address = getattr(request, "axes_ip_address", None)
    return address_failures(address) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT


def locked_out_q():
    """A boolean expression over users: log-in paused now (a pair at the limit within the
    cool-off), for the user admin's column, filter and ordering."""
    return throttling_store().locked_out_expression()


class AddressLockMixin:
    """The lock of a whole client address (see above), over either store."""

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


class AddressThrottlingHandler(AddressLockMixin, AxesDatabaseHandler):
    """Axes' database handler: the counts are AccessAttempt rows."""

    def address_failures(self, address: str) -> int:
        since = timezone.now() - settings.AXES_COOLOFF_TIME
        attempts = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since)
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0

    def locked_out_expression(self):
        since = timezone.now() - settings.AXES_COOLOFF_TIME
        return Exists(
            AccessAttempt.objects.filter(
                username=OuterRef("email"),
                attempt_time__gte=since,
                failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            )
        )


# Forget one pair's failures and take them off its address's count (the address count
# sums the pairs', as the database store's does). KEYS: pair, address. Returns the count.
_FORGET_PAIR = """
local failures = tonumber(redis.call('GET', KEYS[1]) or '0')
redis.call('DEL', KEYS[1])
if failures > 0 and redis.call('EXISTS', KEYS[2]) == 1 then
  if redis.call('DECRBY', KEYS[2], failures) <= 0 then redis.call('DEL', KEYS[2]) end
end
return failures
"""
_clients: dict[str, redis.Redis] = {}

log = logging.getLogger(__name__)


class RedisAttemptsHandler(AxesDatabaseHandler):
    """The counts in Redis (LOGIN_THROTTLE_REDIS_URL), under LOGIN_THROTTLE_KEY_PREFIX:

    - `pair:<hash of the email>:<address>`: failures of that pair;
    - `address:<address>`: failures from that address, all emails together;
    - `user:<hash of the email>`: the addresses the email failed from (to unlock it);
    - `locked`: a sorted set of the locked-out emails, scored by when their lock ends.

    Each failure is counted and each key's expiry set to the cool-off in one MULTI/EXEC:
    as with the database store, the cool-off runs from the last failure. Successful
    log-ins are still logged in the database (AccessLog) by axes' database handler, whose
    log-in, log-out and log methods this one inherits."""

    @property
    def redis(self) -> redis.Redis:
        url = settings.LOGIN_THROTTLE_REDIS_URL
        if url not in _clients:
            _clients[url] = redis.Redis.from_url(url, socket_timeout=5)
        return _clients[url]

    @staticmethod
    def _key(*parts: str) -> str:
        return settings.LOGIN_THROTTLE_KEY_PREFIX + ":".join(parts)

    @staticmethod
    def _user_hash(username: str | None) -> str:
        return hashlib.sha256((username or "").encode()).hexdigest()[:32]

    def _pair(self, username: str | None, address: str | None) -> str:
        return self._key("pair", self._user_hash(username), address or "unknown")

    def _address(self, address: str | None) -> str:
        return self._key("address", address or "unknown")

    def _user(self, username: str | None) -> str:
        return self._key("user", self._user_hash(username))

    def get_failures(self, request, credentials: dict | None = None) -> int:
        username = get_client_username(request, credentials)
        return int(self.redis.get(self._pair(username, request.axes_ip_address)) or 0)

    def address_failures(self, address: str) -> int:
        return int(self.redis.get(self._address(address)) or 0)

    def locked_out_expression(self):
        locked = [
            email.decode()
            for email in self.redis.zrangebyscore(self._key("locked"), time.time(), "+inf")
        ]
        if not locked:
            return Value(False, output_field=BooleanField())
        return ExpressionWrapper(Q(email__in=locked), output_field=BooleanField())

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        """Count the failure (pair and address); at the pair's limit, lock it out."""
        if request is None:
            return
        username = get_client_username(request, credentials)
        address = request.axes_ip_address
        if request.axes_locked_out and not settings.AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT:
            request.axes_credentials = credentials
            user_locked_out.send("axes", request=request, username=username, ip_address=address)
            return
        if self.is_whitelisted(request, credentials):
            return
        cooloff = int(settings.AXES_COOLOFF_TIME.total_seconds() * 1000)
        pair, user = self._pair(username, address), self._user(username)
        with self.redis.pipeline(transaction=True) as pipe:
            pipe.incr(pair).pexpire(pair, cooloff)
            pipe.incr(self._address(address)).pexpire(self._address(address), cooloff)
            pipe.sadd(user, address or "unknown").pexpire(user, cooloff)
            failures = pipe.execute()[0]
        request.axes_failures_since_start = failures
        if failures >= get_failure_limit(request, credentials):
            now = time.time()
            locked = self._key("locked")
            with self.redis.pipeline(transaction=True) as pipe:
                pipe.zadd(locked, {username: now + cooloff / 1000})
                pipe.zremrangebyscore(locked, "-inf", now)  # the ended locks
                pipe.pexpire(locked, cooloff)  # no lock in it outlives the last one added
                pipe.execute()
            log.warning("Log-in throttling: %s locked out after %d failures.", address, failures)
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send("axes", request=request, username=username, ip_address=address)

    def _forget(self, username: str | None, addresses) -> int:
        forget = self.redis.register_script(_FORGET_PAIR)
        removed = 0
        for address in addresses:
            if isinstance(address, bytes):
                address = address.decode()
            removed += forget(keys=[self._pair(username, address), self._address(address)])
        return removed

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """After a successful log-in: that pair's failures are forgotten."""
        username = get_client_username(request, credentials)
        return self._forget(username, [request.axes_ip_address])

    def reset_attempts(self, *, ip_address=None, username=None, ip_or_username=False) -> int:
        """Forget the failures of `username` (from `ip_address` only, if given), or with
        no username those counted for the address as a whole."""
        if ip_or_username:
            raise NotImplementedError("The Redis store resets by email, or email and address.")
        if username is None:
            return int(self.redis.delete(self._address(ip_address))) if ip_address else 0
        addresses = [ip_address] if ip_address else self.redis.smembers(self._user(username))
        removed = self._forget(username, addresses)
        if not ip_address:
            self.redis.delete(self._user(username))
            self.redis.zrem(self._key("locked"), username)
        return removed

    def clean_expired_user_attempts(self, request=None, credentials=None) -> int:
        return 0  # Redis expires the counts itself


class RedisThrottlingHandler(AddressLockMixin, RedisAttemptsHandler):
    """The Redis store, plus the lock of a whole client address."""


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
