"""CSV tables streamed row by row: UTF-8 with a BOM for Excel, formula-safe cells."""

import csv

from django.utils.translation import gettext as _

from reports.exports.cells import safe_cell_value
from reports.exports.xlsx import (
    CHUNK,
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


def delegations_csv(delegations):
    rows = (delegation_row(d) for d in delegations.iterator(chunk_size=CHUNK))
    return rows_to_csv(delegation_header(), rows)


def follow_ups_csv(follow_ups):
    header = (_("Delegation"), *follow_up_header())
    rows = (follow_up_row(f) for f in follow_ups.iterator(chunk_size=CHUNK))
    return rows_to_csv(header, rows)
