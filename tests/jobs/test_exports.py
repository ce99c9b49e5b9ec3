"""A delegation list export past EXPORT_INLINE_LIMIT rows: written by the worker (here in
the test's process), followed on its page, downloaded by its asker only."""

import csv
import io

import pytest
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from delegations.enums import PlanningStatus
from jobs.models import ExportJob, ExportStatus
from tests.factories.delegations import DelegationFactory


@pytest.fixture
def three_delegations(programme, other_programme):
    for title in ("Alpha visit", "Bravo visit", "Charlie visit"):
        DelegationFactory(programme=programme, title=title, status=PlanningStatus.PLANNED)
    DelegationFactory(programme=other_programme, title="Hidden visit")


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@override_settings(EXPORT_INLINE_LIMIT=2)
def test_large_csv_export_goes_to_the_worker_and_is_downloaded_from_its_page(
    three_delegations, staff_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.get(reverse("reports:delegations-csv"), {"status": "planned"})

    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:export", args=[job.pk])
    assert (job.status, job.rows_done, job.query) == (ExportStatus.DONE, 3, "status=planned")
    page = staff_client.get(response["Location"]).content.decode()
    assert "Ready" in page
    assert reverse("jobs:export-download", args=[job.pk]) in page
    assert "hx-trigger" not in page  # finished: the page stops asking
    download = staff_client.get(reverse("jobs:export-download", args=[job.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="delegations.csv"'
    rows = list(csv.reader(io.StringIO(body(download).decode("utf-8-sig"))))
    assert sorted(row[0] for row in rows[1:]) == ["Alpha visit", "Bravo visit", "Charlie visit"]


@override_settings(EXPORT_INLINE_LIMIT=2)
def test_large_xlsx_export_is_written_by_the_worker(
    three_delegations, staff_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.get(reverse("reports:delegations-xlsx"))

    job = ExportJob.objects.get()
    download = staff_client.get(reverse("jobs:export-download", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(body(download))).active
    titles = sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert titles == ["Alpha visit", "Bravo visit", "Charlie visit"]


@override_settings(EXPORT_INLINE_LIMIT=3)
def test_export_at_the_limit_is_still_written_in_the_request(three_delegations, staff_client):
    response = staff_client.get(reverse("reports:delegations-csv"))

    assert response.status_code == 200
    assert b"Charlie visit" in body(response)
    assert not ExportJob.objects.exists()


@override_settings(EXPORT_INLINE_LIMIT=2)
def test_queued_export_page_polls_until_the_worker_is_done(three_delegations, staff_client):
    response = staff_client.get(reverse("reports:delegations-csv"))  # not committed: queued

    job = ExportJob.objects.get()
    page = staff_client.get(response["Location"]).content.decode()
    assert job.status == ExportStatus.QUEUED
    assert 'hx-trigger="every 2s"' in page
    assert "Waiting for the worker" in page
    assert staff_client.get(reverse("jobs:export-download", args=[job.pk])).status_code == 404


@override_settings(EXPORT_INLINE_LIMIT=2)
def test_export_of_another_user_is_not_found(
    three_delegations, staff_client, client, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.get(reverse("reports:delegations-csv"))
    job = ExportJob.objects.get()

    client.force_login(manager)
    assert client.get(reverse("jobs:export", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:export-download", args=[job.pk])).status_code == 404


def test_finished_export_without_file_is_refused_by_the_database(staff_user):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        ExportJob.objects.create(user=staff_user, kind="delegations-csv", status=ExportStatus.DONE)
