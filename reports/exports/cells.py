"""One cell of an exported table, made safe for spreadsheets."""

from datetime import date, datetime
from decimal import Decimal

# A spreadsheet reads text starting with one of these as a formula (or a DDE command).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell_value(value, *, quote: bool = True):
    """The value to write in a cell: numbers and dates as they are, None as empty, any
    text a spreadsheet would run as a formula prefixed with an apostrophe (CSV).

    With quote=False the text stays as it is: the XLSX writer marks every text cell as a
    string cell instead, which no spreadsheet evaluates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float, Decimal, date, datetime)):
        return value
    text = str(value)
    if quote and text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text
