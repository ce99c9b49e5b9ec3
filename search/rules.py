"""Who may search: whoever may read the directory (anyone working on a programme, and
administrators). What each one finds is scoped by the selectors."""

import rules

from partners.rules import can_read_directory

rules.add_perm("search.search", can_read_directory)
