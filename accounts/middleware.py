"""The interface language: the one remembered on the user's profile, else the browser's.

Django's LocaleMiddleware runs before authentication and so reads only the session
cookie and Accept-Language; this middleware, after authentication, activates the
language a signed-in user chose with the language switch (accounts.views.set_language).
"""

from django.db import DatabaseError
from django.utils import translation


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        try:
            language = getattr(user, "language", "") if user is not None else ""
        except DatabaseError:
            # The database is away (the session or the user cannot be read): the browser's
            # language, and the view answers on its own (/ready/ says 503, not a 500).
            language = ""
        if language and user.is_authenticated:
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
