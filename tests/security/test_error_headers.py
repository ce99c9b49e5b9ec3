"""Finding 9: the security headers on every error status.

Each error the application can answer with (a bad Host, a refused CSRF token, a
permission refused, a page not found with DEBUG on and off, a method not allowed, a
request too large, a locked-out log-in, a server error), over TLS, carries the CSP, the
frame, sniffing and referrer headers, and HSTS.
"""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.core.test_security_headers import assert_security_headers
from tests.factories.delegations import DelegationFactory

HSTS = "max-age=31536000; includeSubDomains"


@pytest.fixture
def delegation(programme):
    return DelegationFactory(programme=programme, title="Headers visit")


def bad_host(client, **_):
    return client.get(reverse("login"), HTTP_HOST="attacker.example", secure=True)


def bad_host_post(client, **_):
    return client.post(
        reverse("login"), {"username": "x"}, HTTP_HOST="attacker.example", secure=True
    )


def csrf_refused(client, **_):
    return Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x"}, secure=True)


def forbidden(client, manager, delegation, **_):
    client.force_login(manager)
    return client.post(reverse("reports:itinerary-feed-renew", args=[delegation.pk]), secure=True)


def not_found(client, staff_user, **_):
    client.force_login(staff_user)
    return client.get("/no-such-page/", secure=True)


def not_found_debug(client, staff_user, settings, **_):
    settings.DEBUG = True
    return not_found(client, staff_user)


def not_allowed(client, staff_user, delegation, **_):
    client.force_login(staff_user)
    return client.get(reverse("reports:itinerary-feed-renew", args=[delegation.pk]), secure=True)


def too_large(client, staff_user, delegation, **_):
    client.force_login(staff_user)
    return client.post(
        reverse("learning:highlight-create", args=[delegation.pk]),
        {"text": "a" * (3 * 1024 * 1024)},
        secure=True,
    )


def locked_out(client, **_):
    for _attempt in range(5):
        response = client.post(
            reverse("login"), {"username": "someone@example.org", "password": "wrong"}, secure=True
        )
    return response


def server_error(client, settings, **_):
    settings.ROOT_URLCONF = "tests.core.urls_fault"
    client.raise_request_exception = False
    return client.get("/fault/", secure=True)


CASES = {
    "400-bad-host": (bad_host, 400),
    "400-bad-host-post": (bad_host_post, 400),
    "403-csrf": (csrf_refused, 403),
    "403-permission": (forbidden, 403),
    "404": (not_found, 404),
    "404-debug": (not_found_debug, 404),
    "405": (not_allowed, 405),
    "413": (too_large, 413),
    "429-locked-out": (locked_out, 429),
    "500": (server_error, 500),
}


@pytest.mark.parametrize("name", CASES)
@override_settings(
    SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=False
)
def test_every_error_status_carries_the_security_headers(
    name, client, staff_user, manager, delegation, settings
):
    make, status = CASES[name]
    response = make(
        client, staff_user=staff_user, manager=manager, delegation=delegation, settings=settings
    )
    assert response.status_code == status
    assert_security_headers(response)
    assert response["Strict-Transport-Security"] == HSTS
