"""Permissions on what hangs off a delegation (django-rules, autodiscovered).

A follow-up lives on after the visit: its status may change even once the report is
approved and the delegation locked, by the programme's staff or an administrator
(never by a manager alone). The object is the follow-up's delegation.
"""

import rules

from delegations.rules import is_administrator, is_programme_staff
from partners.rules import can_read_directory

rules.add_perm("visits.set_followup_status", is_administrator | is_programme_staff)

# Topics are shared like the directory; what delegations did about one is scoped.
rules.add_perm("visits.view_topics", can_read_directory)
