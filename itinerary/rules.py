"""Permissions of the itinerary (django-rules, autodiscovered)."""

import rules

from partners.rules import can_read_directory

# Topics and sites are shared like the directory; what delegations did about them is scoped.
rules.add_perm("itinerary.view_topics", can_read_directory)
