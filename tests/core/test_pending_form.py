"""Without JavaScript, an autocomplete's Create button keeps the whole form the user was
filling (core.pending): the create page returns to it with everything typed and the new
entry picked. Tokens restore once, on their own page, and expire."""

import re
import time
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from core import pending
from partners.models import Organisation
from tests.factories.partners import OrganisationFactory, ProjectFactory

NEW = reverse("delegations:create")
CREATE_ORGANISATION = reverse("partners:organisation-create")


def typed_delegation(programme) -> dict:
    """A delegation form half filled: a host organisation searched for, not found."""
    return {
        "title": "Study visit on local government",
        "programme": programme.pk,
        "purpose": "Learn how counties budget with citizens.",
        "background": "Third visit of the series.",
        "sending_countries": ["MZ", "TZ"],
        "host_country": "US",
        "start_date": "2024-05-06",
        "end_date": "2024-05-10",
        "host_organisation": "",
        "host_organisation__search": "Santa Rosa County",
    }


def keep(client, data, *, field="host_organisation", create=CREATE_ORGANISATION, came_from=NEW):
    """What the Create button does: post the whole form to its formaction."""
    return client.post(
        reverse("core:pending-form"),
        data | {pending.BUTTON: f"{field} {create}"},
        HTTP_REFERER=f"http://testserver{came_from}",
    )


def field_value(html: str, name: str) -> str:
    """The value of the page's own input `name` (after the navigation's forms)."""
    html = html[html.index("<main") :]
    found = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', html) or re.search(
        rf'<input[^>]*value="([^"]*)"[^>]*name="{name}"', html
    )
    return unescape(found.group(1)) if found else ""


def textarea(html: str, name: str) -> str:
    found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>\s*(.*?)</textarea>', html, re.S)
    return unescape(found.group(1)) if found else ""


def selected(html: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"[^>]*selected', select)


def test_the_form_comes_back_as_typed_with_the_new_entry_picked(staff_client, programme):
    kept = keep(staff_client, typed_delegation(programme))

    assert kept.status_code == 302
    assert kept.url.startswith(f"{CREATE_ORGANISATION}?name=Santa+Rosa+County&next=")
    create_page = staff_client.get(kept.url).content.decode()
    assert field_value(create_page, "name") == "Santa Rosa County"
    back = field_value(create_page, "next")
    assert back.startswith(f"{NEW}?restore=")

    saved = staff_client.post(
        CREATE_ORGANISATION,
        {"name": "Santa Rosa County", "kind": "government", "country": "US", "next": back},
    )
    assert saved.status_code == 302 and saved.url == back

    html = staff_client.get(back).content.decode()
    county = Organisation.objects.get(name="Santa Rosa County")
    assert field_value(html, "title") == "Study visit on local government"
    assert textarea(html, "purpose") == "Learn how counties budget with citizens."
    assert textarea(html, "background") == "Third visit of the series."
    assert field_value(html, "start_date") == "2024-05-06"
    assert field_value(html, "end_date") == "2024-05-10"
    assert selected(html, "programme") == [str(programme.pk)]
    assert selected(html, "host_country") == ["US"]
    assert re.search(r'name="sending_countries" value="MZ"[^>]*checked', html)
    assert re.search(r'name="sending_countries" value="TZ"[^>]*checked', html)
    assert field_value(html, "host_organisation") == str(county.pk)
    assert field_value(html, "host_organisation__search") == "Santa Rosa County"
    assert "invalid-feedback" not in html  # not sent yet: no "this field is required"


def test_a_restored_form_saves_with_the_new_entry(staff_client, programme):
    back = field_value(
        staff_client.get(keep(staff_client, typed_delegation(programme)).url).content.decode(),
        "next",
    )
    staff_client.post(
        CREATE_ORGANISATION,
        {"name": "Santa Rosa County", "kind": "government", "country": "US", "next": back},
    )
    html = staff_client.get(back).content.decode()
    data = typed_delegation(programme) | {
        "host_organisation": field_value(html, "host_organisation"),
        "submission_token": field_value(html, "submission_token"),
    }

    response = staff_client.post(NEW, data)

    assert response.status_code == 302
    delegation = programme.delegations.get(title="Study visit on local government")
    assert delegation.host_organisation.name == "Santa Rosa County"


def test_a_multiple_autocomplete_gets_one_more_box_ticked(staff_client, programme):
    donor = OrganisationFactory(name="Kingdom of the Netherlands", country="NL")
    project = ProjectFactory(programme=programme, name="NOAH Phase IV", donors=[donor])
    edit = reverse("partners:project-update", args=[project.pk])
    typed = {
        "programme": programme.pk,
        "name": "NOAH Phase IV (renamed)",
        "code": "NOAH-4",
        "donors": [donor.pk],
        "donors__pick": "",
        "donors__pick__search": "United States Government",
        "version": project.version,
    }

    kept = keep(staff_client, typed, field="donors__pick", came_from=edit)
    back = field_value(staff_client.get(kept.url).content.decode(), "next")
    staff_client.post(
        CREATE_ORGANISATION,
        {"name": "United States Government", "kind": "government", "country": "US", "next": back},
    )
    html = staff_client.get(back).content.decode()

    usg = Organisation.objects.get(name="United States Government")
    assert field_value(html, "name") == "NOAH Phase IV (renamed)"
    assert re.search(rf'name="donors" value="{donor.pk}"[^>]*checked', html)
    assert re.search(rf'name="donors" value="{usg.pk}"[^>]*checked', html)


def test_cancelling_the_create_page_still_restores_the_form(staff_client, programme):
    back = field_value(
        staff_client.get(keep(staff_client, typed_delegation(programme)).url).content.decode(),
        "next",
    )

    html = staff_client.get(back).content.decode()

    assert field_value(html, "title") == "Study visit on local government"
    assert field_value(html, "host_organisation") == ""


def test_a_token_restores_once_and_only_on_its_page(staff_client, programme):
    back = field_value(
        staff_client.get(keep(staff_client, typed_delegation(programme)).url).content.decode(),
        "next",
    )
    token = back.split("restore=")[1]
    elsewhere = reverse("partners:project-create") + f"?restore={token}"

    assert "Study visit" not in staff_client.get(elsewhere).content.decode()
    assert "Study visit" in staff_client.get(back).content.decode()
    assert "Study visit" not in staff_client.get(back).content.decode()


def test_a_kept_form_expires(staff_client, programme):
    back = field_value(
        staff_client.get(keep(staff_client, typed_delegation(programme)).url).content.decode(),
        "next",
    )
    session = staff_client.session
    for entry in session[pending.SESSION_KEY].values():
        entry["at"] = time.time() - pending.MAX_AGE - 1
    session.save()

    assert "Study visit" not in staff_client.get(back).content.decode()


def test_a_session_keeps_the_newest_forms_only(staff_client, programme):
    for number in range(pending.MAX_KEPT + 2):
        keep(staff_client, typed_delegation(programme) | {"title": f"Draft {number}"})

    kept = staff_client.session[pending.SESSION_KEY]
    assert len(kept) == pending.MAX_KEPT
    assert sorted(entry["data"]["title"][0] for entry in kept.values()) == [
        f"Draft {number}" for number in range(2, pending.MAX_KEPT + 2)
    ]
    assert all(
        "csrfmiddlewaretoken" not in entry["data"] and pending.BUTTON not in entry["data"]
        for entry in kept.values()
    )


@pytest.mark.parametrize(
    "create",
    ["https://evil.example/partners/organisations/new/", "/delegations/new/", "", "x", "/\x00"],
)
def test_only_a_create_page_of_this_site_is_opened(staff_client, programme, create):
    response = keep(staff_client, typed_delegation(programme), create=create)

    assert response.status_code == 400
    assert pending.SESSION_KEY not in staff_client.session


def test_without_a_page_to_return_to_the_create_page_opens_alone(staff_client, programme):
    response = staff_client.post(
        reverse("core:pending-form"),
        typed_delegation(programme) | {pending.BUTTON: f"host_organisation {CREATE_ORGANISATION}"},
        HTTP_REFERER="https://evil.example/delegations/new/",
    )

    assert response.url == f"{CREATE_ORGANISATION}?name=Santa+Rosa+County"
    assert pending.SESSION_KEY not in staff_client.session


def test_keeping_a_form_needs_a_login_and_a_post(staff_client):
    url = reverse("core:pending-form")

    assert "login" in Client().post(url, {pending.BUTTON: f"x {CREATE_ORGANISATION}"})["Location"]
    assert staff_client.get(url).status_code == 405


def test_a_filter_form_keeps_the_plain_link(staff_client):
    html = staff_client.get(reverse("officials:list"), {"organisation__search": "Hague"})
    html = html.content.decode()

    assert f'<a class="small autocomplete-create-link" href="{CREATE_ORGANISATION}' in html
    assert "core:pending-form" not in html and reverse("core:pending-form") not in html
