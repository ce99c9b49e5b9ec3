import datetime

import factory

from delegations.enums import MemberRole, ReviewAction, SupportRole
from delegations.models import (
    Delegation,
    DelegationDestination,
    DelegationMember,
    Leg,
    Report,
    ReviewEvent,
    SupportAssignment,
)
from tests.factories.accounts import UserFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import ProgrammeFactory
from tests.factories.places import PlaceFactory


class DelegationFactory(factory.django.DjangoModelFactory):
    """A delegation with its report, as `delegations.services.delegation_create` makes it."""

    class Meta:
        model = Delegation
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Exchange visit {n}")
    programme = factory.SubFactory(ProgrammeFactory)
    sending_countries = ["MZ"]
    host_country = "KE"
    start_date = datetime.date(2019, 7, 22)
    end_date = datetime.date(2019, 7, 26)
    report = factory.RelatedFactory("tests.factories.delegations.ReportFactory", "delegation")

    @factory.post_generation
    def sending_organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.sending_organisations.set(extracted)

    @factory.post_generation
    def destinations(self, create, extracted, **kwargs):
        """Destinations in the order given: the order of travel."""
        if create and extracted:
            for order, place in enumerate(extracted):
                DelegationDestination.objects.create(delegation=self, place=place, order=order)


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    delegation = factory.SubFactory(DelegationFactory, report=None)


class DelegationMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DelegationMember

    delegation = factory.SubFactory(DelegationFactory)
    official = factory.SubFactory(OfficialFactory)
    role = MemberRole.MEMBER
    position = factory.SelfAttribute("official.position")


class SupportAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportAssignment

    delegation = factory.SubFactory(DelegationFactory)
    official = factory.SubFactory(OfficialFactory)
    role = SupportRole.FIELD_SUPPORT


class ReviewEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewEvent

    report = factory.SubFactory(ReportFactory)
    actor = factory.SubFactory(UserFactory)
    action = ReviewAction.SUBMIT
    from_status = "draft"
    to_status = "submitted"


class LegFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Leg

    delegation = factory.SubFactory(DelegationFactory)
    place = factory.SubFactory(PlaceFactory)
    start_date = factory.SelfAttribute("delegation.start_date")
    end_date = factory.SelfAttribute("delegation.end_date")
