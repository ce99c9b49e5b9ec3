"""Admin for what a visit learned; saves go through `learning.services`.

Also re-registers the Delegation admin with what only this layer knows: a change of
dates re-checks the itinerary, and the learning objectives are edited inline.
"""

from learning.admin import attachments, delegation, directory, records  # noqa: F401 - registers
