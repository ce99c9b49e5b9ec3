"""The admin lists' exports (reports.admin: "Export selected / filtered"): for each model,
its file name, header, row and how its queryset is read; written in the request, or by the
worker past EXPORT_INLINE_LIMIT rows (reports.tasks.export_admin_rows)."""

import tempfile

from django.utils.translation import gettext as _

from delegations.models import Delegation
from learning.models import FollowUp
from officials.models import Official
from partners.models import Organisation
from reports.exports.csv import rows_to_csv
from reports.exports.data import with_counts
from reports.exports.xlsx import (
    CHUNK,
    counted,
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
FORMATS = ("csv", "xlsx")


def export_rows(queryset, progress=None):
    """The queryset's rows, in its own order (else by id), read CHUNK at a time."""
    _name, _header, row, prepare = EXPORTS[queryset.model]
    rows = prepare(queryset.order_by(*(queryset.query.order_by or ["pk"])))
    return (row(obj) for obj in counted(rows.iterator(chunk_size=CHUNK), progress))


def export_name(model, file_format: str) -> str:
    return f"{EXPORTS[model][0]}.{file_format}"


def export_workbook(queryset, progress=None):
    """The rows as a one-sheet workbook, in a rewound temporary file."""
    _name, header, _row, _prepare = EXPORTS[queryset.model]
    title = str(queryset.model._meta.verbose_name_plural)
    return rows_workbook(title, header(), export_rows(queryset, progress))


def export_csv_lines(queryset, progress=None):
    _name, header, _row, _prepare = EXPORTS[queryset.model]
    return rows_to_csv(header(), export_rows(queryset, progress))


def export_file(queryset, file_format: str, progress=None):
    """The export as a rewound temporary file (for the worker to store)."""
    if file_format == "xlsx":
        return export_workbook(queryset, progress)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the caller closes it once stored
    for line in export_csv_lines(queryset, progress):
        handle.write(line.encode("utf-8"))
    handle.seek(0)
    return handle
