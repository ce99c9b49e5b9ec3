"""The officials admin saves through official_save and records who did it."""

from django.urls import reverse

from officials.enums import Gender
from officials.models import Official
from tests.factories.partners import OrganisationFactory


def test_official_add_saves_the_official_with_history(admin_client, administrator):
    organisation = OrganisationFactory(name="Kwale County Government")
    data = {
        "honorific": "H.E.",
        "full_name": "Amina Juma",
        "position": "County Commissioner",
        "organisation": organisation.pk,
        "country": "KE",
        "gender": Gender.FEMALE,
        "email": "AMINA@example.org",
    }

    response = admin_client.post(reverse("admin:officials_official_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    official = Official.objects.get()
    assert str(official) == "H.E. Amina Juma"
    assert official.organisation == organisation
    assert official.history.get().history_user == administrator


def test_official_add_refuses_an_invalid_email(admin_client):
    data = {"full_name": "Amina Juma", "gender": Gender.FEMALE, "email": "not-an-email"}

    response = admin_client.post(reverse("admin:officials_official_add"), data)

    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors
    assert not Official.objects.exists()
