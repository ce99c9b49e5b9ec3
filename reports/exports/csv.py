"""CSV tables streamed row by row: UTF-8 with a BOM for Excel, formula-safe cells."""

import csv
import tempfile

from django.utils.translation import gettext as _

from reports.exports.cells import safe_cell_value
from reports.exports.xlsx import (
    CHUNK,
    counted,
    delegation_header,
    delegation_row,
    follow_up_header,
    follow_up_row,
)

BOM = "\ufeff"


class Echo:
    """A file-like object whose write returns the line, for csv.writer to hand back."""

    def write(self, value: str) -> str:
        return value


def rows_to_csv(header, rows):
    writer = csv.writer(Echo())
    yield BOM + writer.writerow([safe_cell_value(value) for value in header])
    for row in rows:
        yield writer.writerow([safe_cell_value(value) for value in row])


def delegations_csv(delegations, progress=None):
    found = counted(delegations.iterator(chunk_size=CHUNK), progress)
    rows = (delegation_row(d) for d in found)
    return rows_to_csv(delegation_header(), rows)


def follow_ups_csv(follow_ups):
    header = (_("Delegation"), *follow_up_header())
    rows = (follow_up_row(f) for f in follow_ups.iterator(chunk_size=CHUNK))
    return rows_to_csv(header, rows)


def delegations_csv_file(delegations, progress=None):
    """The same CSV in a temporary file, rewound (for the worker to store)."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the caller closes it once stored
    for line in delegations_csv(delegations, progress=progress):
        handle.write(line.encode("utf-8"))
    handle.seek(0)
    return handle
