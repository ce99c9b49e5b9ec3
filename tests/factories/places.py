import factory

from places.enums import PlaceKind
from places.models import Place


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    name = factory.Sequence(lambda n: f"Town {n}")
    kind = PlaceKind.CITY
    country = "KE"
    timezone = "Africa/Nairobi"
