""" "Forgot your password?" and the set-password link: Django's password-reset views, with
our email form and log-in-like throttling. The same link, with another mail, invites a
new user (accounts.services.user_send_invitation). And the language switch: Django's own
set_language, remembered on the user's profile."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts.forms import EmailPasswordResetForm
from accounts.models import User
from accounts.throttling import password_reset_allowed, password_reset_throttled_response


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Asks for an address and mails a single-use, expiring link when an active account
    has it; the answer is the same page either way, so it tells nobody who has one."""

    form_class = EmailPasswordResetForm
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        if not password_reset_allowed(self.request, form.cleaned_data["email"]):
            return password_reset_throttled_response(self.request)
        return super().form_valid(form)


class SetPasswordView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")


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
