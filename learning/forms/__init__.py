"""Forms of what a visit learned: the delegation page's sections (sections.py) and
attachments (attachments.py)."""
