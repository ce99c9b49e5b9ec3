"""Log-in and log-out (POST only), named `login` and `logout` as DESIGN.md says."""

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
