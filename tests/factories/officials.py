import factory

from officials.enums import Gender
from officials.models import Official
from tests.factories.partners import OrganisationFactory


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    honorific = "Mr"
    full_name = factory.Faker("name")
    position = factory.Faker("job")
    organisation = factory.SubFactory(OrganisationFactory)
    country = "KE"
    gender = Gender.MALE
