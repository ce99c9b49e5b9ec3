import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories.accounts import UserFactory
from tests.factories.delegations import DelegationFactory
from tests.factories.officials import OfficialFactory
from tests.factories.places import PlaceFactory
from visits.enums import (
    AttachmentKind,
    BeneficiaryCategory,
    CounterpartRole,
    FollowUpStatus,
    HighlightKind,
    ItemKind,
    SiteKind,
)
from visits.models import (
    Attachment,
    BeneficiaryGroup,
    Counterpart,
    FollowUp,
    Highlight,
    ItineraryItem,
    LearningObjective,
    Site,
    Topic,
)

NAIROBI_MORNING = datetime.datetime(2019, 7, 22, 6, 0, tzinfo=datetime.UTC)  # 09:00 in Nairobi


def png_bytes(size: tuple[int, int] = (4, 3)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


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


class LearningObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningObjective

    delegation = factory.SubFactory(DelegationFactory)
    topic = factory.SubFactory(TopicFactory)
    description = factory.Sequence(lambda n: f"Learn thing {n}")


class HighlightFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Highlight

    delegation = factory.SubFactory(DelegationFactory)
    kind = HighlightKind.LESSON
    text = factory.Faker("sentence")


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    delegation = factory.SubFactory(DelegationFactory)
    description = factory.Faker("sentence")
    status = FollowUpStatus.PROPOSED


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    delegation = factory.SubFactory(DelegationFactory)
    file = factory.LazyFunction(lambda: SimpleUploadedFile("photo.png", png_bytes(), "image/png"))
    original_name = "photo.png"
    content_type = "image/png"
    kind = AttachmentKind.PHOTO
    caption = "A photo"
    credit = "Photo: IOM"
    uploaded_by = factory.SubFactory(UserFactory)
