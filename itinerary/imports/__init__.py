"""Import an itinerary and members from a spreadsheet (XLSX, or one CSV a sheet).

`columns` says what the file holds (the exact headers, the template), `reading` turns an
upload into rows or a plain message, `planning` resolves every row against what is
stored (what is new, every error by row and column) without writing, and `saving`
writes a plan in one transaction through the itinerary's, the team's and the
directory's services. The views (`views`) show the plan and save it once confirmed.
"""
