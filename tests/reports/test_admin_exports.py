"""Export selected / filtered to XLSX or CSV from the admin lists: the staff pages'
exports (formula-safe, streamed) on delegations, follow-ups, organisations, officials."""

import csv
import io

import pytest
from django.test import override_settings
from django.urls import reverse

from jobs.models import ExportJob, ExportStatus
from tests.factories.accounts import AdministratorFactory
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


# --- past EXPORT_INLINE_LIMIT rows: the worker writes it, as the staff pages' exports -------


@override_settings(EXPORT_INLINE_LIMIT=2)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_large_admin_export_goes_to_the_worker_and_its_progress_page(
    admin_client, administrator, file_format, django_capture_on_commit_callbacks
):
    kenya = [DelegationFactory(title=f"Kenya visit {n}", host_country="KE") for n in (1, 2, 3)]
    DelegationFactory(title="Hosted in Uganda", host_country="UG")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:delegations_delegation_changelist") + "?host_country=KE",
            {
                "action": f"export_{file_format}",
                "_selected_action": [kenya[0].pk],
                "select_across": "1",
            },
        )

    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:export", args=[job.pk])
    assert (job.user, job.status, job.rows_done) == (administrator, ExportStatus.DONE, 3)
    assert job.file_name == f"delegations.{file_format}"
    page = admin_client.get(response["Location"]).content.decode()
    assert "Ready" in page and reverse("jobs:export-download", args=[job.pk]) in page
    download = streamed(admin_client.get(reverse("jobs:export-download", args=[job.pk])))
    found = csv_cells(download) if file_format == "csv" else workbook_strings(download)
    assert {"Kenya visit 1", "Kenya visit 2", "Kenya visit 3"} <= set(found)
    assert "Hosted in Uganda" not in found


@override_settings(EXPORT_INLINE_LIMIT=2)
def test_a_large_admin_export_keeps_the_list_order_and_formula_safety(
    admin_client, django_capture_on_commit_callbacks
):
    rows = [OrganisationFactory(name=name) for name in ("Charlie", FORMULA, "Alpha")]

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:partners_organisation_changelist") + "?o=1",  # by name
            {"action": "export_csv", "_selected_action": [row.pk for row in rows]},
        )

    job = ExportJob.objects.get()
    lines = list(
        csv.reader(
            io.StringIO(
                streamed(admin_client.get(reverse("jobs:export-download", args=[job.pk]))).decode(
                    "utf-8-sig"
                )
            )
        )
    )
    names = [line[0] for line in lines[1:]]
    assert names == sorted(names) and set(names) == {"Alpha", "Charlie", "'" + FORMULA}


@override_settings(EXPORT_INLINE_LIMIT=3)
def test_an_admin_export_at_the_limit_is_still_written_in_the_request(admin_client):
    rows = [OrganisationFactory(name=f"Org {n}") for n in range(3)]

    response = export(admin_client, "partners_organisation", "export_csv", rows)

    assert response.streaming
    assert "Org 2" in csv_cells(streamed(response))
    assert not ExportJob.objects.exists()


@override_settings(EXPORT_INLINE_LIMIT=1)
def test_the_admin_export_page_is_its_askers_only(
    admin_client, client, django_capture_on_commit_callbacks
):
    rows = [OrganisationFactory() for _n in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        export(admin_client, "partners_organisation", "export_xlsx", rows)
    job = ExportJob.objects.get()
    other = AdministratorFactory(email="other.admin@example.org")
    client.force_login(other)

    assert client.get(reverse("jobs:export", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:export-download", args=[job.pk])).status_code == 404
