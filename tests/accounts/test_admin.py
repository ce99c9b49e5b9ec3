"""The user admin (Django's own, with history): adding and finding users."""

from django.urls import reverse

from accounts.models import User


def test_user_add_invites_the_user_with_a_lowercase_email_and_no_password(admin_client):
    data = {
        "email": "Amina.Juma@Example.org",
        "full_name": "Amina Juma",
        # The programme roles inline (partners.admin), none here.
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }

    response = admin_client.post(reverse("admin:accounts_user_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(full_name="Amina Juma")
    assert user.email == "amina.juma@example.org"
    assert not user.has_usable_password()


def test_user_admin_requires_an_administrator(client, staff_user):
    client.force_login(staff_user)

    response = client.get(reverse("admin:accounts_user_changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
