import factory

from partners.enums import OrganisationKind, ProgrammeRole
from partners.models import Organisation, Programme, ProgrammeMembership, Project
from tests.factories.accounts import UserFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.GOVERNMENT
    country = "KE"


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    code = factory.Sequence(lambda n: f"PRG{n}")
    name = factory.Sequence(lambda n: f"Programme {n}")
    lead_organisation = factory.SubFactory(OrganisationFactory)
    countries = ["KE"]


class ProgrammeMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeMembership

    user = factory.SubFactory(UserFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    role = ProgrammeRole.STAFF


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Project {n}")
    code = factory.Sequence(lambda n: f"P-{n}")

    @factory.post_generation
    def donors(self, create, extracted, **kwargs):
        if create and extracted:
            self.donors.set(extracted)
