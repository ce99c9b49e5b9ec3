"""Admin for the itinerary and what hangs off it; saves go through `visits.services`.

Also re-registers the Delegation admin with what only this layer knows: the learning
objectives are edited inline, and the delegation links to the records of its visit.
"""

from visits.admin import attachments, delegation, itinerary, learning  # noqa: F401 - registers
