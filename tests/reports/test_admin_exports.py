"""Export selected / filtered to XLSX or CSV from the admin lists: the staff pages'
exports (formula-safe, streamed) on delegations, follow-ups, organisations, officials."""

import pytest
from django.urls import reverse

from tests.factories.delegations import DelegationFactory
from tests.factories.learning import FollowUpFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import OrganisationFactory
from tests.security.test_bad_input_markup import csv_cells, streamed, workbook_strings

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example")'

CASES = {
    "delegations_delegation": lambda text: DelegationFactory(title=text),
    "learning_followup": lambda text: FollowUpFactory(description=text),
    "partners_organisation": lambda text: OrganisationFactory(name=text),
    "officials_official": lambda text: OfficialFactory(full_name=text, honorific=""),
}


def export(admin_client, changelist: str, action: str, rows, **extra):
    return admin_client.post(
        reverse(f"admin:{changelist}_changelist"),
        {"action": action, "_selected_action": [row.pk for row in rows], **extra},
    )


@pytest.mark.parametrize("changelist", CASES)
def test_export_selected_to_csv_and_xlsx_has_only_the_selected_rows(admin_client, changelist):
    chosen = CASES[changelist]("Chosen row")
    CASES[changelist]("Left out row")

    csv_response = export(admin_client, changelist, "export_csv", [chosen])
    xlsx_response = export(admin_client, changelist, "export_xlsx", [chosen])

    assert csv_response.streaming and "attachment" in csv_response["Content-Disposition"]
    cells = csv_cells(streamed(csv_response))
    assert "Chosen row" in cells and "Left out row" not in cells
    strings = workbook_strings(streamed(xlsx_response))
    xlsx_response.close()
    assert "Chosen row" in strings and "Left out row" not in strings


@pytest.mark.parametrize("changelist", CASES)
def test_exported_formulas_stay_text(admin_client, changelist):
    row = CASES[changelist](FORMULA)

    cells = csv_cells(streamed(export(admin_client, changelist, "export_csv", [row])))

    assert "'" + FORMULA in cells and FORMULA not in cells


def test_export_filtered_takes_every_row_the_filter_finds(admin_client):
    DelegationFactory(title="Hosted in Kenya", host_country="KE")
    DelegationFactory(title="Hosted in Uganda", host_country="UG")
    kenya = DelegationFactory(title="Also Kenya", host_country="KE")

    response = admin_client.post(
        reverse("admin:delegations_delegation_changelist") + "?host_country=KE",
        {"action": "export_csv", "_selected_action": [kenya.pk], "select_across": "1"},
    )

    cells = csv_cells(streamed(response))
    assert {"Hosted in Kenya", "Also Kenya"} <= set(cells)
    assert "Hosted in Uganda" not in cells


def test_export_refuses_people_without_the_admin(client, staff_user):
    client.force_login(staff_user)
    delegation = DelegationFactory()
    response = client.post(
        reverse("admin:delegations_delegation_changelist"),
        {"action": "export_csv", "_selected_action": [delegation.pk]},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
