"""Who may read and edit the people directory (partners.rules, partners.involvement):
everyone working on a programme reads names, positions and organisations; email, phone
and notes are for administrators and the programmes whose delegations involve the
person (administrators only when the person, or their organisation, is sensitive); those
programmes' staff and administrators edit the entry."""

import rules

from officials.involvement import official_involvement
from partners.rules import can_edit_directory, can_read_directory, need_to_know

can_read_contact, can_edit_official = need_to_know(
    official_involvement, lambda official: official.is_sensitive
)

rules.add_perm("officials.list_officials", can_read_directory)
rules.add_perm("officials.view_official_obj", can_read_directory)
rules.add_perm("officials.view_official_contact", can_read_contact)
rules.add_perm("officials.create_official", can_edit_directory)
rules.add_perm("officials.change_official_obj", can_edit_official)
