"""Admin for the itinerary and what hangs off it; saves go through `visits.services`.

Also re-registers the Delegation admin with what only this layer knows: a change
of dates re-checks the itinerary, and the learning objectives are edited inline.
"""

from visits.admin import attachments, delegation, itinerary, learning  # noqa: F401 - registers
