"""An uploaded file as rows, or one plain message saying why it cannot be read.

Accepted: an .xlsx workbook (sheets named Itinerary and Members; others are ignored) or
a .csv file in UTF-8, with or without a byte-order mark, holding one sheet: its header
row says which. Nothing here touches the database.
"""

import csv
import io
import zipfile
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from itinerary.imports.columns import HEADERS

MAX_BYTES = 1024 * 1024  # 1 MB: thousands of rows; a bigger file is not an itinerary
MAX_ROWS = 500  # per sheet
MAX_LINES = 5 * MAX_ROWS  # blank ones included


class ImportFileError(Exception):
    """The file cannot be read as an import: `message` says why, in plain words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet numbers it: the header is row 1
    values: dict[str, Any]  # by header


def _not_a_spreadsheet() -> ImportFileError:
    return ImportFileError(
        _(
            "This file is not a spreadsheet Exchange can read. Upload the template filled "
            "in (.xlsx), or a .csv file saved as UTF-8."
        )
    )


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header(values) -> list[str]:
    header = ["" if value is None else str(value).strip() for value in values]
    while header and not header[-1]:
        header.pop()
    return header


def _wrong_header(sheet: str, found: list[str]) -> ImportFileError:
    return ImportFileError(
        _(
            "The header row of the %(sheet)s sheet must read exactly: %(expected)s. "
            "It reads: %(found)s."
        )
        % {
            "sheet": sheet,
            "expected": ", ".join(HEADERS[sheet]),
            "found": ", ".join(found) or _("(nothing)"),
        }
    )


def _too_many(sheet: str) -> ImportFileError:
    return ImportFileError(
        _("The %(sheet)s sheet has more than %(max)s rows: split it into several files.")
        % {"sheet": sheet, "max": MAX_ROWS}
    )


def _rows(sheet: str, lines) -> list[Row]:
    """The rows under a checked header, blank rows left out."""
    headers = HEADERS[sheet]
    rows = []
    for number, values in enumerate(lines, start=2):
        if number > MAX_LINES:  # blank rows count too: a sheet is read this far, no further
            raise _too_many(sheet)
        values = list(values)
        if all(_blank(value) for value in values):
            continue
        if any(not _blank(value) for value in values[len(headers) :]):
            raise ImportFileError(
                _(
                    "Row %(row)s of the %(sheet)s sheet has values right of the last "
                    "column, %(last)s: keep to the template's columns."
                )
                % {"row": number, "sheet": sheet, "last": headers[-1]}
            )
        if len(rows) == MAX_ROWS:
            raise _too_many(sheet)
        values += [None] * (len(headers) - len(values))
        rows.append(Row(number=number, values=dict(zip(headers, values, strict=False))))
    return rows


def _read_xlsx(content: bytes) -> dict[str, list[Row]]:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise _not_a_spreadsheet() from error
    try:
        by_name = {sheet.title.strip().casefold(): sheet for sheet in book.worksheets}
        sheets = {}
        for name in HEADERS:
            sheet = by_name.get(name.casefold())
            if sheet is None:
                continue
            lines = sheet.iter_rows(values_only=True)
            header = _header(next(lines, ()))
            if header != list(HEADERS[name]):
                raise _wrong_header(name, header)
            sheets[name] = _rows(name, lines)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise _not_a_spreadsheet() from error
    finally:
        book.close()
    if not sheets:
        raise ImportFileError(
            _("The workbook has no sheet named %(sheets)s.") % {"sheets": _(" or ").join(HEADERS)}
        )
    return sheets


def _read_csv(content: bytes) -> dict[str, list[Row]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("This CSV file is not in UTF-8: save it again as “CSV UTF-8” and upload it.")
        ) from error
    if "\x00" in text:
        raise _not_a_spreadsheet()
    try:
        lines = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise _not_a_spreadsheet() from error
    header = _header(lines[0]) if lines else []
    for name, headers in HEADERS.items():
        if header == list(headers):
            return {name: _rows(name, lines[1:])}
    raise ImportFileError(
        _(
            "The header row of a CSV file must read exactly: %(itinerary)s (an itinerary), "
            "or %(members)s (members). It reads: %(found)s."
        )
        % {
            "itinerary": ", ".join(HEADERS["Itinerary"]),
            "members": ", ".join(HEADERS["Members"]),
            "found": ", ".join(header) or _("(nothing)"),
        }
    )


def read_upload(*, name: str, content: bytes) -> dict[str, list[Row]]:
    """The file's sheets, by name, each a list of rows; or ImportFileError."""
    if len(content) > MAX_BYTES:
        raise ImportFileError(
            _("This file is %(size)s KB; an import takes at most %(max)s KB.")
            % {"size": len(content) // 1024, "max": MAX_BYTES // 1024}
        )
    if not content:
        raise ImportFileError(_("This file is empty."))
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension == "xlsx":
        return _read_xlsx(content)
    if extension == "csv":
        return _read_csv(content)
    raise _not_a_spreadsheet()
