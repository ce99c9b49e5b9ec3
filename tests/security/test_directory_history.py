"""Finding 10: the shared directory's edits are visible.

Staff of any programme may edit any organisation or official (intended). Each entry's
page shows its own change history (who, what, when, old -> new), and a delegation's
history shows the edits of the directory entries that appear in it.
"""

import pytest
from django.test import Client
from django.urls import reverse

from partners.enums import ProgrammeRole
from tests.factories.accounts import UserFactory
from tests.factories.delegations import DelegationFactory, DelegationMemberFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import OrganisationFactory, ProgrammeMembershipFactory
from tests.support.html_forms import form_fields
from tests.support.queries import assert_constant_queries


@pytest.fixture
def lmd_staff(other_programme):
    user = UserFactory(email="lmd.staff@example.org", full_name="Lmd Staff")
    ProgrammeMembershipFactory(user=user, programme=other_programme, role=ProgrammeRole.STAFF)
    return user


@pytest.fixture
def lmd_client(lmd_staff):
    """Another programme's staff, in a browser of their own (staff_client is `client`)."""
    client = Client()
    client.force_login(lmd_staff)
    return client


@pytest.fixture
def official(db):
    return OfficialFactory(full_name="Amina Yusuf", position="Director")


def edit(client, url_name: str, pk: int, **changes):
    url = reverse(url_name, args=[pk])
    data = form_fields(client.get(url).content.decode(), containing="version")
    response = client.post(url, {**data, **changes})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def history_text(html: str) -> str:
    start = (
        html.index('id="entry-history"')
        if 'id="entry-history"' in html
        else html.index('id="history"')
    )
    return " ".join(html[start:].split())


def test_an_officials_page_shows_its_own_change_history(lmd_client, official, staff_client):
    edit(
        lmd_client, "officials:update", official.pk, full_name="Amina Y. Hassan", position="Deputy"
    )

    html = staff_client.get(reverse("officials:detail", args=[official.pk])).content.decode()

    text = history_text(html)
    assert "Change history" in html
    assert "Lmd Staff" in text  # who
    assert "Full name:</span>" in text
    assert "Amina Yusuf</del>" in text and "Amina Y. Hassan</ins>" in text
    assert "Director</del>" in text and "Deputy</ins>" in text  # each field, old -> new
    assert "<time datetime=" in text  # when


def test_an_organisations_page_shows_its_own_change_history(lmd_client, staff_client):
    organisation = OrganisationFactory(name="Kenya Police Service", acronym="KPS")
    edit(
        lmd_client, "partners:organisation-update", organisation.pk, name="National Police Service"
    )

    html = staff_client.get(
        reverse("partners:organisation-detail", args=[organisation.pk])
    ).content.decode()

    text = history_text(html)
    assert "Lmd Staff" in text
    assert "Kenya Police Service</del>" in text and "National Police Service</ins>" in text


def test_a_delegation_history_shows_edits_of_the_people_who_appear_in_it(
    lmd_client, lmd_staff, programme, official, staff_client
):
    delegation = DelegationFactory(programme=programme, title="Cabo Delgado to Kenya")
    DelegationMemberFactory(delegation=delegation, official=official)
    # Need-to-know (issue 17): a person a delegation involves is edited by the staff of
    # that delegation's programme; the editor works on both programmes.
    ProgrammeMembershipFactory(user=lmd_staff, programme=programme, role=ProgrammeRole.STAFF)
    elsewhere = OfficialFactory(full_name="Somebody Else")
    edit(lmd_client, "officials:update", official.pk, full_name="Amina Y. Hassan")
    edit(lmd_client, "officials:update", elsewhere.pk, full_name="Somebody Renamed")

    for url_name in ("timeline:history-section", "timeline:delegation-history"):
        html = staff_client.get(reverse(url_name, args=[delegation.pk])).content.decode()
        text = " ".join(html.split())
        assert "Lmd Staff" in text, url_name
        assert "Official:</span>" in text, url_name
        assert "Amina Yusuf</del>" in text and "Amina Y. Hassan</ins>" in text, url_name
        assert "Somebody Renamed" not in text, url_name  # not in this delegation


def test_an_entry_page_does_not_query_more_as_its_history_grows(official, staff_client, lmd_staff):
    def add_rows(n):
        for number in range(n):
            official.full_name = f"Amina {number}"
            official._history_user = lmd_staff
            official.save()

    assert_constant_queries(staff_client, reverse("officials:detail", args=[official.pk]), add_rows)
