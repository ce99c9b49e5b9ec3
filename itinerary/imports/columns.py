"""What an import file holds: two sheets and their exact header rows, and the template.

The headers are data, not labels: a file typed in any language uses these English
names, so they are not translated (the template's example rows are).
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

ITINERARY = "Itinerary"
MEMBERS = "Members"

HEADERS: dict[str, tuple[str, ...]] = {
    ITINERARY: (
        "Date",
        "Start",
        "End",
        "Kind",
        "Title",
        "Place",
        "Organisations",
        "Counterparts",
        "Summary",
        "Outcome",
    ),
    MEMBERS: ("Name", "Role", "Position", "Organisation", "Sex", "Country"),
}

EXAMPLES: dict[str, tuple] = {
    ITINERARY: (
        "2026-05-11",
        "09:00",
        "10:30",
        "Courtesy call",
        "Courtesy call on the Mayor",
        "The Hague, Netherlands",
        "Municipality of The Hague; IOM Netherlands",
        "Jan de Vries, Mayor, Municipality of The Hague",
        "Welcome and programme overview.",
        "",
    ),
    MEMBERS: (
        "Amina Okello",
        "Head of delegation",
        "Commissioner for Refugees",
        "Office of the Prime Minister",
        "Female",
        "Uganda",
    ),
}

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _fill(sheet: Worksheet, name: str) -> None:
    sheet.append(HEADERS[name])
    sheet.append(EXAMPLES[name])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, header in zip(sheet.iter_cols(min_row=1, max_row=1), HEADERS[name], strict=True):
        sheet.column_dimensions[column[0].column_letter].width = max(14, len(header) + 4)
    sheet.freeze_panes = "A2"


def template_workbook() -> bytes:
    """The template: the two sheets, their header rows and one example row each."""
    book = Workbook()
    itinerary = book.active
    itinerary.title = ITINERARY
    _fill(itinerary, ITINERARY)
    _fill(book.create_sheet(MEMBERS), MEMBERS)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
