"""Who may read and edit the people directory: the same as for organisations
(partners.rules). Contact details (email, phone) are for the same readers."""

import rules

from partners.rules import can_edit_directory, can_read_directory

rules.add_perm("officials.list_officials", can_read_directory)
rules.add_perm("officials.view_official_obj", can_read_directory)
rules.add_perm("officials.view_official_contact", can_read_directory)
rules.add_perm("officials.create_official", can_edit_directory)
rules.add_perm("officials.change_official_obj", can_edit_directory)
