"""Permissions on what a visit learned (django-rules, autodiscovered).

A follow-up lives on after the visit: its status may change even once the report is
approved and the delegation locked, by the programme's staff or an administrator
(never by a manager alone). The object is the follow-up's delegation.
"""

import rules

from delegations.rules import is_administrator, is_programme_staff

rules.add_perm("learning.set_followup_status", is_administrator | is_programme_staff)
