"""Export selected / filtered to XLSX or CSV: actions this layer adds to the admins of
delegations, follow-ups, organisations and officials (all below it), reusing the
exports of the staff pages (reports.exports: formula-safe cells, streamed rows).

Written here on top of those exports rather than with django-import-export: the
columns, the formula-safety and the streaming already exist and are tested; a second
export library would define the same tables twice. Select rows, or tick "select all"
after filtering to export the whole filtered list."""

from django.contrib import admin
from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdminMixin
from delegations.models import Delegation
from learning.models import FollowUp
from officials.models import Official
from partners.models import Organisation
from reports.exports.csv import rows_to_csv
from reports.exports.data import with_counts
from reports.exports.xlsx import (
    CHUNK,
    delegation_header,
    delegation_row,
    follow_up_header,
    follow_up_row,
    official_header,
    official_row,
    organisation_header,
    organisation_row,
    rows_workbook,
)
from reports.models import VersionRedaction
from reports.views.exports import CSV, XLSX

# model: (file name, header, row, how the queryset is read)
EXPORTS = {
    Delegation: ("delegations", delegation_header, delegation_row, with_counts),
    FollowUp: (
        "follow-ups",
        lambda: (_("Delegation"), *follow_up_header()),
        follow_up_row,
        lambda qs: qs.select_related(
            "delegation", "item", "topic", "owner_organisation", "owner_official"
        ),
    ),
    Organisation: (
        "organisations",
        organisation_header,
        organisation_row,
        lambda qs: qs.select_related("place__parent", "parent"),
    ),
    Official: (
        "officials",
        official_header,
        official_row,
        lambda qs: qs.select_related("organisation"),
    ),
}


def export_rows(queryset):
    _name, _header, row, prepare = EXPORTS[queryset.model]
    rows = prepare(queryset.order_by(*(queryset.query.order_by or ["pk"])))
    return (row(obj) for obj in rows.iterator(chunk_size=CHUNK))


@admin.action(description=_("Export selected to XLSX"), permissions=["view"])
def export_xlsx(modeladmin, request, queryset):
    name, header, _row, _prepare = EXPORTS[queryset.model]
    return FileResponse(
        rows_workbook(
            str(queryset.model._meta.verbose_name_plural), header(), export_rows(queryset)
        ),
        as_attachment=True,
        filename=f"{name}.xlsx",
        content_type=XLSX,
    )


@admin.action(description=_("Export selected to CSV"), permissions=["view"])
def export_csv(modeladmin, request, queryset):
    name, header, _row, _prepare = EXPORTS[queryset.model]
    response = StreamingHttpResponse(rows_to_csv(header(), export_rows(queryset)), content_type=CSV)
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
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
