"""The language switch: Django's own set_language, remembered on the user's profile."""

from django.conf import settings
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts.models import User


@require_POST
def set_language(request):
    """Set the language cookie as Django does (it checks the code and the `next` address),
    and, for a signed-in user, keep the choice on the profile so that it follows them to
    every browser."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        User.objects.filter(pk=request.user.pk).update(language=language)
    return response
