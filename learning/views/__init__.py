"""Pages of what a visit learned: the delegation page's in-place sections (sections.py),
attachments (attachments.py) and the topic pages (topics.py)."""
