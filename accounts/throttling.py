"""Log-in throttling (django-axes) keyed on the email address as the user typed it.

Email addresses log in case-insensitively (accounts.backends), so the lockout must
count "Staff@Example.org" and "staff@example.org" as the same person.
"""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render


def username_from_request(request, credentials: dict | None) -> str:
    field = str(settings.AXES_USERNAME_FORM_FIELD)
    username = ""
    if credentials:
        # Django's log-in form passes its field name lazily (User.USERNAME_FIELD).
        typed = {str(key): value for key, value in credentials.items()}
        username = typed.get(field) or typed.get("email") or ""
    if not username and request is not None and hasattr(request, "POST"):
        username = request.POST.get(field, "")
    return str(username).strip().casefold()


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """The page a locked-out visitor sees (site log-in and admin alike): 429, and when to
    come back."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/locked_out.html", context, status=429)
