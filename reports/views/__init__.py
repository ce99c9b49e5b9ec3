"""The report as people see it (report.py), its review and the dashboard (review.py),
and what people take away (exports.py)."""
