"""Permissions of the itinerary (django-rules, autodiscovered)."""

import rules

from partners.rules import can_edit_directory, can_read_directory

# Topics and sites are shared like the directory; what delegations did about them is scoped.
rules.add_perm("itinerary.view_topics", can_read_directory)
# Whoever may add to the directory may add a site or a topic (in place, from the item form).
rules.add_perm("itinerary.create_site", can_edit_directory)
rules.add_perm("itinerary.create_topic", can_edit_directory)
