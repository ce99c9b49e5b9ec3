"""Who may read and edit the directory (organisations here, people in officials.rules).

The directory is shared by every programme: anyone working on one (staff or manager),
and administrators, may read it; programme staff and administrators may add and edit
entries. A logged-in user with no programme at all sees none of it (403).
"""

import rules

from partners.enums import ProgrammeRole


@rules.predicate
def is_administrator(user) -> bool:
    return bool(getattr(user, "is_administrator", False))


@rules.predicate
def works_on_a_programme(user) -> bool:
    return user.is_authenticated and user.memberships.exists()


@rules.predicate
def is_staff_of_a_programme(user) -> bool:
    return user.is_authenticated and user.memberships.filter(role=ProgrammeRole.STAFF).exists()


can_read_directory = is_administrator | works_on_a_programme
can_edit_directory = is_administrator | is_staff_of_a_programme

rules.add_perm("partners.list_organisations", can_read_directory)
rules.add_perm("partners.view_organisation_obj", can_read_directory)
rules.add_perm("partners.create_organisation", can_edit_directory)
rules.add_perm("partners.change_organisation_obj", can_edit_directory)
# Places are shared the same way; they sit below partners, so their readers are named here.
rules.add_perm("places.search_places", can_read_directory)
rules.add_perm("places.create_place", can_edit_directory)
