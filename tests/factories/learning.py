import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from learning.enums import AttachmentKind, FollowUpStatus, HighlightKind
from learning.models import Attachment, FollowUp, Highlight, LearningObjective
from tests.factories.accounts import UserFactory
from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import TopicFactory


def png_bytes(size: tuple[int, int] = (4, 3)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


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
    may_publish = True  # no identifiable people (the default): nothing stands in the way
    uploaded_by = factory.SubFactory(UserFactory)
