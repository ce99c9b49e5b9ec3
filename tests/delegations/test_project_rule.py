"""A delegation's project belongs to the delegation's programme, and the database holds it
(delegations.0013: a composite foreign key onto the project's (id, programme)). Writes that
go around the form and the services fail there; the services keep their clear message."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from delegations.models import Delegation
from partners.models import Project
from partners.services import project_save
from tests.factories.delegations import DelegationFactory
from tests.factories.partners import ProjectFactory

RULE = "delegations_delegation_project_in_programme"


@pytest.fixture
def funded(programme):
    """A delegation of `programme` with a project of the same programme."""
    return DelegationFactory(programme=programme, project=ProjectFactory(programme=programme))


def refused_by_database(write) -> str:
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        write()
    return str(refused.value)


def test_a_queryset_update_to_another_programmes_project_fails_at_the_database(
    funded, other_programme
):
    theirs = ProjectFactory(programme=other_programme)

    message = refused_by_database(
        lambda: Delegation.objects.filter(pk=funded.pk).update(project=theirs)
    )

    assert RULE in message
    funded.refresh_from_db()
    assert funded.project.programme == funded.programme


def test_a_raw_save_moving_the_delegation_away_from_its_projects_programme_fails(
    funded, other_programme
):
    funded.programme = other_programme

    assert RULE in refused_by_database(lambda: funded.save())


def test_a_raw_create_with_another_programmes_project_fails(programme, other_programme):
    theirs = ProjectFactory(programme=other_programme)

    assert RULE in refused_by_database(
        lambda: DelegationFactory(programme=programme, project=theirs)
    )


def test_a_projects_programme_cannot_move_away_from_its_delegations(funded, other_programme):
    message = refused_by_database(
        lambda: Project.objects.filter(pk=funded.project_id).update(programme=other_programme)
    )

    assert RULE in message


def test_a_delegation_without_project_is_not_checked(programme, other_programme):
    delegation = DelegationFactory(programme=programme)

    Delegation.objects.filter(pk=delegation.pk).update(programme=other_programme)

    delegation.refresh_from_db()
    assert (delegation.programme, delegation.project) == (other_programme, None)


def test_project_and_delegations_move_together_when_the_rule_is_deferred(funded, other_programme):
    """The key is deferrable: one transaction moves a project and its delegations."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SET CONSTRAINTS {RULE} DEFERRED")
        Project.objects.filter(pk=funded.project_id).update(programme=other_programme)
        Delegation.objects.filter(pk=funded.pk).update(programme=other_programme)
        with connection.cursor() as cursor:
            cursor.execute(f"SET CONSTRAINTS {RULE} IMMEDIATE")  # checks what was deferred

    funded.refresh_from_db()
    assert funded.programme == funded.project.programme == other_programme


def test_a_deferred_check_still_fails_when_only_the_project_moved(funded, other_programme):
    def move_project_only():
        with connection.cursor() as cursor:
            cursor.execute(f"SET CONSTRAINTS {RULE} DEFERRED")
        Project.objects.filter(pk=funded.project_id).update(programme=other_programme)
        with connection.cursor() as cursor:
            cursor.execute(f"SET CONSTRAINTS {RULE} IMMEDIATE")

    assert RULE in refused_by_database(move_project_only)


# --- The services keep their message ------------------------------------------------------------


def test_project_save_refuses_a_programme_change_while_delegations_use_it(funded, other_programme):
    project = Project.objects.get(pk=funded.project_id)
    project.programme = other_programme

    with pytest.raises(ValidationError) as refused:
        project_save(project=project)

    assert refused.value.message_dict["programme"] == [
        f"1 delegation of {funded.programme.code} belongs to this project: it stays in its "
        "programme while it has delegations."
    ]
    assert Project.objects.get(pk=project.pk).programme == funded.programme


def test_project_save_moves_a_project_without_delegations(programme, other_programme):
    project = ProjectFactory(programme=programme)
    project.programme = other_programme

    project_save(project=project)

    assert Project.objects.get(pk=project.pk).programme == other_programme


def test_the_project_form_shows_the_refusal_by_the_programme_field(
    staff_client, staff_user, funded, other_programme
):
    other_programme.memberships.create(user=staff_user, role="staff")
    project = funded.project

    response = staff_client.post(
        reverse("partners:project-update", args=[project.pk]),
        {
            "programme": other_programme.pk,
            "name": project.name,
            "code": project.code,
            "version": project.version,
        },
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["programme"] == [
        f"1 delegation of {funded.programme.code} belongs to this project: it stays in its "
        "programme while it has delegations."
    ]
    assert 'value="' + project.name + '"' in response.content.decode()
    project.refresh_from_db()
    assert project.programme == funded.programme
