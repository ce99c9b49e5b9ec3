from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from accounts.logins import login_key
from accounts.mail import in_language_of


class LoginAddressField(forms.EmailField):
    """An email address as log-ins compare it (accounts.logins): "ＡＤＭＩＮ@…" is "admin@…"."""

    def to_python(self, value):
        return login_key(super().to_python(value))


class EmailAuthenticationForm(AuthenticationForm):
    """The log-in form: an email address, not a username."""

    username = LoginAddressField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "That email address and password do not match an active account. "
            "Both are case-sensitive except the email address."
        ),
    }


class EmailPasswordResetForm(PasswordResetForm):
    """ "Forgot your password?": any active account with this address (case aside) gets
    the link, one invited but never logged in included (its password is not usable yet).
    The page answers the same whether the address exists or not."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def get_users(self, email):
        return get_user_model()._default_manager.filter(email__iexact=email, is_active=True)

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        """The link in the account's language, not in the language of the page it was
        asked from."""
        with in_language_of(context["user"]):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)
