import factory
from django.contrib.auth.models import Group

from accounts.models import ADMINISTRATORS_GROUP, User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)


class AdministratorFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def administrators_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get_or_create(name=ADMINISTRATORS_GROUP)[0])


class SuperuserFactory(UserFactory):
    is_staff = True
    is_superuser = True
