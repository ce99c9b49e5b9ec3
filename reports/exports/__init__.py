"""File exports of delegations: iCalendar itineraries, XLSX workbooks and CSV tables."""
