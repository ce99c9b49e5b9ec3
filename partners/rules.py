"""Who may read and edit the directory (organisations here, people in officials.rules).

The directory is shared by every programme: anyone working on one (staff or manager),
and administrators, may read it and add entries. Notes and contact details are
need-to-know (partners.involvement): administrators, and the programmes whose delegations
involve the entry; only those programmes' staff (and administrators) edit it. A
sensitive entry's notes and contact details are for administrators only. A logged-in
user with no programme at all sees none of it (403).
"""

from collections.abc import Callable

import rules

from partners.enums import ProgrammeRole
from partners.involvement import Involvement, involved_anywhere, involves, organisation_involvement


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


def need_to_know(
    involvement: Involvement, is_sensitive: Callable[[object], bool]
) -> tuple[rules.Predicate, rules.Predicate]:
    """(who reads an entry's contact details and notes, who edits the entry)."""

    @rules.predicate
    def in_an_involved_programme(user, entry) -> bool:
        return involves(involvement, entry, user)

    @rules.predicate
    def staff_of_an_involved_programme(user, entry) -> bool:
        return involves(involvement, entry, user, roles=(ProgrammeRole.STAFF,))

    @rules.predicate
    def involved_nowhere(user, entry) -> bool:
        return not involved_anywhere(involvement, entry)

    @rules.predicate
    def sensitive(user, entry) -> bool:
        return is_sensitive(entry)

    can_read_private = is_administrator | (
        ~sensitive & works_on_a_programme & (involved_nowhere | in_an_involved_programme)
    )
    can_edit = is_administrator | (
        is_staff_of_a_programme & (involved_nowhere | staff_of_an_involved_programme)
    )
    return can_read_private, can_edit


can_read_organisation_notes, can_edit_organisation = need_to_know(
    organisation_involvement, lambda organisation: organisation.sensitive
)

rules.add_perm("partners.list_organisations", can_read_directory)
rules.add_perm("partners.view_organisation_obj", can_read_directory)
rules.add_perm("partners.view_organisation_notes", can_read_organisation_notes)
rules.add_perm("partners.create_organisation", can_edit_directory)
rules.add_perm("partners.change_organisation_obj", can_edit_organisation)
# Projects belong to programmes: staff add and edit their programmes' projects (the form
# offers only those), everyone working on a programme lists its projects.
rules.add_perm("partners.list_projects", can_read_directory)
rules.add_perm("partners.create_project", can_edit_directory)


@rules.predicate
def is_staff_of_the_projects_programme(user, project) -> bool:
    return (
        user.is_authenticated
        and user.memberships.filter(
            role=ProgrammeRole.STAFF, programme=project.programme_id
        ).exists()
    )


rules.add_perm("partners.change_project_obj", is_administrator | is_staff_of_the_projects_programme)
# Places are shared the same way; they sit below partners, so their readers are named here.
rules.add_perm("places.search_places", can_read_directory)
rules.add_perm("places.create_place", can_edit_directory)
