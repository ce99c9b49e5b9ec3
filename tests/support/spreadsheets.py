"""Import files built in memory: an XLSX workbook or a CSV sheet, with the template's
headers unless a test gives others."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from itinerary.imports.columns import HEADERS, ITINERARY, MEMBERS, XLSX_TYPE


def xlsx_bytes(*, itinerary=(), members=(), headers=None) -> bytes:
    headers = {**HEADERS, **(headers or {})}
    book = Workbook()
    sheet = book.active
    sheet.title = ITINERARY
    for row in (headers[ITINERARY], *itinerary):
        sheet.append(list(row))
    sheet = book.create_sheet(MEMBERS)
    for row in (headers[MEMBERS], *members):
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_upload(name="visit.xlsx", **sheets) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(**sheets), XLSX_TYPE)


def csv_bytes(header, rows, *, bom=False) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in (header, *rows):
        writer.writerow(row)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def csv_upload(header, rows, *, bom=False, name="sheet.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, csv_bytes(header, rows, bom=bom), "text/csv")


def item_row(**values) -> list:
    """An itinerary row: a meeting in Nairobi on 23 July 2019, 09:00-10:00."""
    row = {
        "Date": "2019-07-23",
        "Start": "09:00",
        "End": "10:00",
        "Kind": "Meeting",
        "Title": "Briefing on border management",
        "Place": "Nairobi",
        "Organisations": "",
        "Counterparts": "",
        "Summary": "",
        "Outcome": "",
        **values,
    }
    return [row[name] for name in HEADERS[ITINERARY]]


def member_row(**values) -> list:
    row = {
        "Name": "Amina Okello",
        "Role": "Member",
        "Position": "Commissioner",
        "Organisation": "",
        "Sex": "Female",
        "Country": "Uganda",
        **values,
    }
    return [row[name] for name in HEADERS[MEMBERS]]
