import datetime

import factory

from itinerary.enums import BeneficiaryCategory, CounterpartRole, ItemKind, SiteKind
from itinerary.models import BeneficiaryGroup, Counterpart, ItineraryItem, Site, Topic
from tests.factories.delegations import DelegationFactory
from tests.factories.officials import OfficialFactory
from tests.factories.places import PlaceFactory

NAIROBI_MORNING = datetime.datetime(2019, 7, 22, 6, 0, tzinfo=datetime.UTC)  # 09:00 in Nairobi


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    name = factory.Sequence(lambda n: f"Site {n}")
    kind = SiteKind.SCHOOL
    place = factory.SubFactory(PlaceFactory)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class ItineraryItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ItineraryItem

    delegation = factory.SubFactory(DelegationFactory)
    kind = ItemKind.MEETING
    title = factory.Sequence(lambda n: f"Meeting {n}")
    starts_at = NAIROBI_MORNING
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1))
    place = factory.SubFactory(PlaceFactory)


class CounterpartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Counterpart

    item = factory.SubFactory(ItineraryItemFactory)
    official = factory.SubFactory(OfficialFactory)
    role = CounterpartRole.PARTICIPANT


class BeneficiaryGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BeneficiaryGroup

    item = factory.SubFactory(ItineraryItemFactory)
    category = BeneficiaryCategory.PROGRAMME_BENEFICIARIES
    female = 5
    male = 7
    other = 0
    total = 12
    youth = 6
