"""CSV tables streamed row by row: UTF-8 with a BOM for Excel, formula-safe cells."""

import csv
import datetime
import tempfile

from django.utils.translation import gettext as _

from reports.exports.cells import safe_cell_value
from reports.exports.data import items_of, legs_for_items
from reports.exports.xlsx import (
    CHUNK,
    counted,
    delegation_header,
    delegation_row,
    follow_up_header,
    follow_up_row,
    itinerary_header,
    itinerary_rows,
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


def local_time(value):
    """A local date and time as the workbook shows it ("2024-05-06 10:00"), no offset."""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value


def itinerary_csv(delegation):
    """A delegation's itinerary, one item a row, leg by leg (the workbook's Itinerary
    sheet): the leg's number in the order of travel and its name in the last columns."""
    items = list(items_of(delegation))
    legs = list(legs_for_items(delegation))
    rows = ([local_time(value) for value in row] for row in itinerary_rows(delegation, items, legs))
    return rows_to_csv(itinerary_header(), rows)


def delegations_csv_file(delegations, progress=None):
    """The same CSV in a temporary file, rewound (for the worker to store)."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the caller closes it once stored
    for line in delegations_csv(delegations, progress=progress):
        handle.write(line.encode("utf-8"))
    handle.seek(0)
    return handle
