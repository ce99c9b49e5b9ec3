"""Log-in and log-out (POST only), named `login` and `logout`: stable URL names
(docs/architecture.md, "Stable URL names"); "Forgot your password?" and the set-password
link (Django's names: `password_reset`, `password_reset_done`, `password_reset_confirm`,
`password_reset_complete`)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts.forms import EmailAuthenticationForm
from accounts.views import SetPasswordView, ThrottledPasswordResetView

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=EmailAuthenticationForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/reset/", ThrottledPasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/set/<uidb64>/<token>/",
        SetPasswordView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/set/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
