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
