"""Reports' background jobs: large exports (the delegation list, the admin lists), written
to the storage; the approved report's stored version; the dashboard's figures."""

import json

from celery import shared_task
from django.apps import apps
from django.core.exceptions import FieldError, ValidationError
from django.core.files import File
from django.http import QueryDict
from django.utils import timezone

from jobs.models import ExportJob, ExportStatus
from reports.exports.csv import delegations_csv_file
from reports.exports.data import listed_delegations, with_counts
from reports.exports.tables import export_file
from reports.exports.xlsx import delegations_workbook

EXPORT_KINDS = ("delegations-csv", "delegations-xlsx", "admin-csv", "admin-xlsx")


def run_export(job: ExportJob, write) -> None:
    """`write(progress)` returns the file; the job's page follows it; any error leaves the
    job failed (and a TaskFailure)."""
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING)

    def progress(rows: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(rows_done=rows)

    try:
        with write(progress) as written:
            job.file.save(job.file_name, File(written), save=False)
    except Exception:
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportStatus.FAILED, finished_at=timezone.now()
        )
        raise
    ExportJob.objects.filter(pk=job.pk).update(
        file=job.file.name, status=ExportStatus.DONE, finished_at=timezone.now()
    )


@shared_task
def export_delegations(job_id: str) -> None:
    """Write the delegations the asking user's list shows with the job's filters, telling
    the job's page how far it got; any error leaves the job failed (and a TaskFailure)."""
    job = ExportJob.objects.select_related("user").get(pk=job_id)

    def write(progress):
        delegations = with_counts(listed_delegations(user=job.user, params=QueryDict(job.query)))
        if job.kind == "delegations-xlsx":
            return delegations_workbook(delegations, progress=progress)
        return delegations_csv_file(delegations, progress=progress)

    run_export(job, write)


@shared_task
def export_admin_rows(job_id: str) -> None:
    """An admin list's "Export selected / filtered" past EXPORT_INLINE_LIMIT rows
    (reports.admin): the rows the administrator chose (their ids, kept on the job), in
    the list's order, written as the request would have written them."""
    job = ExportJob.objects.get(pk=job_id)
    query = json.loads(job.query)
    model = apps.get_model(query["model"])
    file_format = job.kind.removeprefix("admin-")

    def write(progress):
        rows = model._default_manager.filter(pk__in=query["ids"])
        try:
            ordered = rows.order_by(*query["order"])
            str(ordered.query)  # an order the list made by annotation: by id instead
        except FieldError:
            ordered = rows.order_by("pk")
        return export_file(ordered, file_format, progress)

    run_export(job, write)


@shared_task
def store_approved_version_job(delegation_id: int) -> None:
    """The approved report, rendered and stored by the worker once the approval has
    committed (reports.services.store_approved_version); until then the report page
    renders live. Idempotent: a retried job finds the version stored. A report reopened
    before the job ran is no longer what was approved: nothing is stored, and the log says
    so (the next approval stores its own version)."""
    import logging

    from delegations.models import Delegation
    from reports.services import store_approved_version

    try:
        # Rendered outside the report's lock (reports.services): a reopening posted while
        # it renders does not wait for it, and then nothing is stored.
        store_approved_version(Delegation.objects.get(pk=delegation_id))
    except ValidationError:
        logging.getLogger(__name__).info(
            "Approved version of delegation %s not stored: the report is no longer approved.",
            delegation_id,
        )


def queue_approved_version(delegation) -> None:
    """The approval hook: with a worker, hand the rendering to it after the approval
    commits, so no request waits for a PDF. Without one (`make run`, the tests: tasks run
    eagerly, in the request anyway), store it in the approval's own transaction, so the
    approval and its version commit or roll back together."""
    from django.conf import settings

    from jobs.services import enqueue_on_commit
    from reports.services import store_approved_version

    if settings.CELERY_TASK_ALWAYS_EAGER:
        store_approved_version(delegation)
    else:
        enqueue_on_commit(store_approved_version_job, delegation.pk)


@shared_task
def refresh_programme_figures(programme_ids: list[int] | None = None, force: bool = False) -> None:
    """Count the dashboard's figures of these programmes again (every programme when
    None) and store them in the cache (reports.figure_cache). Queued once a write of
    counted rows commits; idempotent, and a burst of writes is counted once. It may also
    be scheduled (Celery beat, cron) with force=True."""
    from reports.figure_cache import refresh

    refresh(programme_ids, force=force)


@shared_task
def prepare_report_pdf(delegation_id: int, language: str) -> None:
    """Lay out the report's live PDF in `language` into the cache (reports.pdf_cache), so
    that the PDF link finds it ready; nothing to do when it is there already, or when the
    report is approved (its stored version is what is served). It clears the ask first:
    a change committed from now on asks again, and is laid out by the next job."""
    from django.core.cache import cache
    from django.utils import translation

    from reports.pdf_cache import preparing_key
    from reports.rendering import live_report_pdf
    from reports.selectors import report_queryset

    cache.delete(preparing_key(delegation_id, language))
    delegation = report_queryset().filter(pk=delegation_id).first()
    if delegation is None or delegation.report.is_approved:
        return
    with translation.override(language):
        live_report_pdf(delegation)  # read from the cache when it is there
