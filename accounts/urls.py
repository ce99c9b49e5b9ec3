"""Log-in and log-out (POST only), named `login` and `logout`: stable URL names
(docs/architecture.md, "Stable URL names")."""

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts.forms import EmailAuthenticationForm

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=EmailAuthenticationForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
