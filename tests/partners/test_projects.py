"""Projects: staff add them to their programme, with donors, from the staff pages; the
duplicate warning leaves out the organisation a new one is part of."""

from django.urls import reverse

from partners.models import Project
from partners.selectors import organisation_duplicates
from tests.factories.partners import OrganisationFactory, ProjectFactory
from tests.support.queries import assert_constant_queries


def test_staff_add_a_project_with_donors(staff_client, programme, staff_user):
    donors = [OrganisationFactory(name="United States Government", country="US")]

    response = staff_client.post(
        reverse("partners:project-create"),
        {
            "programme": programme.pk,
            "name": "NOAH Phase IV",
            "code": "NOAH-4",
            "donors": [donor.pk for donor in donors],
            "start_date": "2023-01-01",
            "end_date": "2025-12-31",
        },
        follow=True,
    )

    project = Project.objects.get(name="NOAH Phase IV")
    assert (project.programme, list(project.donors.all())) == (programme, donors)
    assert project.history.get().history_user == staff_user
    assert list(project.history.get().donors.values_list("organisation", flat=True)) == [
        donors[0].pk
    ]
    html = response.content.decode()
    assert "NOAH Phase IV" in html and "United States Government" in html


def test_staff_edit_a_project_and_its_donors(staff_client, programme):
    project = ProjectFactory(programme=programme, donors=[OrganisationFactory()])
    donor = OrganisationFactory(name="Kingdom of the Netherlands", country="NL")

    staff_client.post(
        reverse("partners:project-update", args=[project.pk]),
        {
            "programme": programme.pk,
            "name": "Renamed",
            "donors": [donor.pk],
            "version": project.version,
        },
    )

    project.refresh_from_db()
    assert (project.name, list(project.donors.all())) == ("Renamed", [donor])


def test_a_manager_reads_projects_but_does_not_add_them(manager_client, programme):
    ProjectFactory(programme=programme, name="Visible project")

    assert (
        "Visible project" in manager_client.get(reverse("partners:project-list")).content.decode()
    )
    assert manager_client.get(reverse("partners:project-create")).status_code == 403


def test_project_list_queries_do_not_grow(staff_client, programme):
    def add(n):
        for _ in range(n):
            ProjectFactory(programme=programme, donors=[OrganisationFactory()])

    add(1)
    assert_constant_queries(staff_client, reverse("partners:project-list"), add)


def test_a_sub_organisation_is_no_duplicate_of_the_one_it_is_part_of(db):
    county = OrganisationFactory(name="Santa Rosa County", country="US")
    name = "Santa Rosa County Clerk of the Court"

    assert organisation_duplicates(name=name, country="US") == [county]
    assert organisation_duplicates(name=name, country="US", parent=county) == []


def test_the_organisation_form_does_not_warn_for_its_parent(staff_client):
    county = OrganisationFactory(name="Santa Rosa County", country="US")

    response = staff_client.post(
        reverse("partners:organisation-create"),
        {
            "name": "Santa Rosa County Clerk of the Court",
            "kind": "government",
            "country": "US",
            "parent": county.pk,
        },
    )

    assert response.status_code == 302
    assert county.children.get().name == "Santa Rosa County Clerk of the Court"
