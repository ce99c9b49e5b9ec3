"""Export selected / filtered to XLSX or CSV: actions this layer adds to the admins of
delegations, follow-ups, organisations and officials (all below it), reusing the
exports of the staff pages (reports.exports: formula-safe cells, streamed rows).

Written here on top of those exports rather than with django-import-export: the
columns, the formula-safety and the streaming already exist and are tested; a second
export library would define the same tables twice. Select rows, or tick "select all"
after filtering to export the whole filtered list. Past EXPORT_INLINE_LIMIT rows (2,000, as
the staff pages' list exports) the worker writes the file and the administrator follows it
on the export's progress page (jobs)."""

import json

from django.conf import settings
from django.contrib import admin
from django.http import FileResponse, HttpResponseRedirect, StreamingHttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdminMixin
from jobs.services import export_job_create
from reports.exports.tables import EXPORTS, export_csv_lines, export_name, export_workbook
from reports.models import VersionRedaction
from reports.tasks import export_admin_rows
from reports.views.exports import CSV, XLSX


def to_the_worker(request, queryset, file_format: str):
    """Past EXPORT_INLINE_LIMIT rows (as the staff pages' exports): the rows' ids and
    order go to a job (reports.tasks.export_admin_rows) and the administrator to its
    progress page (jobs), which offers the file when ready. None when small enough."""
    limit = settings.EXPORT_INLINE_LIMIT
    # Looks at no more than one row past the limit (no count of everything).
    if len(queryset.values_list("pk", flat=True)[: limit + 1]) <= limit:
        return None
    query = {
        "model": queryset.model._meta.label_lower,
        "order": [f for f in queryset.query.order_by if isinstance(f, str)] or ["pk"],
        "ids": list(queryset.values_list("pk", flat=True)),
    }
    job = export_job_create(
        user=request.user,
        kind=f"admin-{file_format}",
        query=json.dumps(query),
        file_name=export_name(queryset.model, file_format),
        task=export_admin_rows,
    )
    return HttpResponseRedirect(reverse("jobs:export", args=[job.pk]))


@admin.action(description=_("Export selected to XLSX"), permissions=["view"])
def export_xlsx(modeladmin, request, queryset):
    return to_the_worker(request, queryset, "xlsx") or FileResponse(
        export_workbook(queryset),
        as_attachment=True,
        filename=export_name(queryset.model, "xlsx"),
        content_type=XLSX,
    )


@admin.action(description=_("Export selected to CSV"), permissions=["view"])
def export_csv(modeladmin, request, queryset):
    job_page = to_the_worker(request, queryset, "csv")
    if job_page is not None:
        return job_page
    response = StreamingHttpResponse(export_csv_lines(queryset), content_type=CSV)
    response["Content-Disposition"] = f'attachment; filename="{export_name(queryset.model, "csv")}"'
    return response


for model in EXPORTS:
    model_admin = admin.site.get_model_admin(model)
    model_admin.actions = [*(model_admin.actions or ()), export_xlsx, export_csv]


@admin.register(VersionRedaction)
class VersionRedactionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Approved versions re-rendered or withdrawn by an erasure: which, why, when, hashes."""

    list_display = ("__str__", "erasure", "action", "done_at", "previous_pdf_sha256", "pdf_sha256")
    list_select_related = ("report__delegation", "erasure")
    list_filter = ("action",)
