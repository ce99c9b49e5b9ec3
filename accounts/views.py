""" "Forgot your password?" and the set-password link: Django's password-reset views, with
our email form and log-in-like throttling. The same link, with another mail, invites a
new user (accounts.services.user_send_invitation)."""

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from accounts.forms import EmailPasswordResetForm
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
