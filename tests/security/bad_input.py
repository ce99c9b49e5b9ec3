"""The world the bad-input tests share: one delegation with a row of every kind a user
edits, each free-text field (every CharField and TextField without choices) holding
the text under test."""

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Model

from accounts.models import User
from delegations.enums import MemberRole, ReviewAction
from delegations.models import Delegation, Report
from itinerary.enums import ItemKind
from learning.enums import HighlightKind
from partners.models import Programme
from tests.factories.delegations import (
    DelegationFactory,
    DelegationMemberFactory,
    ReviewEventFactory,
    SupportAssignmentFactory,
)
from tests.factories.itinerary import (
    BeneficiaryGroupFactory,
    CounterpartFactory,
    ItineraryItemFactory,
    SiteFactory,
    TopicFactory,
)
from tests.factories.learning import (
    AttachmentFactory,
    FollowUpFactory,
    HighlightFactory,
    LearningObjectiveFactory,
)
from tests.factories.officials import OfficialFactory
from tests.factories.partners import OrganisationFactory
from tests.factories.places import PlaceFactory

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
MARKUP = SCRIPT + IMG
# What the markup looks like escaped by Django's autoescape.
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
ESCAPED_IMG = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"

# Fields that are no free text even though they are CharFields.
NOT_FREE_TEXT = {"password", "timezone", "content_type"}


def free_text_fields(model: type[Model]) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, (models.CharField, models.TextField))
        and not isinstance(f, (models.EmailField, models.URLField, models.SlugField))
        and not f.choices
        and f.name not in NOT_FREE_TEXT
    ]


def markup_text(n: int, max_length: int | None) -> str:
    """The whole payload where it fits, else the script tag alone; numbered (unique names)."""
    for text in (f"{MARKUP} {n}", f"{SCRIPT}{n}"):
        if max_length is None or len(text) <= max_length:
            return text
    raise AssertionError(f"no payload fits in {max_length} characters")


@dataclass
class World:
    programme: Programme
    delegation: Delegation
    objects: list[Model] = field(default_factory=list)
    texts: dict[tuple[str, str], str] = field(default_factory=dict)

    def of(self, model: type[Model]) -> list[Model]:
        return [obj for obj in self.objects if isinstance(obj, model)]


def build_world(
    *, programme: Programme, users: list[User], text: Callable[[int, int | None], str]
) -> World:
    """Every user-edited model once (twice where pages show two), its free text from `text`."""
    origin = PlaceFactory(timezone="Africa/Maputo", country="MZ")
    place = PlaceFactory(timezone="Africa/Nairobi")
    organisation = OrganisationFactory(country="MZ")
    host = OrganisationFactory(country="KE", place=place)
    official = OfficialFactory(organisation=organisation)
    counterpart_official = OfficialFactory(organisation=host)
    delegation = DelegationFactory(
        programme=programme,
        sending_organisations=[organisation],
        host_organisation=host,
        requested_by=organisation,
        arranged_by=host,
        last_edited_by=users[0],
    )
    delegation.destinations.add(place)
    report = Report.objects.get(delegation=delegation)
    report.last_edited_by = users[0]
    report.save()
    topic = TopicFactory()
    site = SiteFactory(place=place, organisation=host)
    item = ItineraryItemFactory(
        delegation=delegation, kind=ItemKind.SITE_VISIT, site=site, place=place
    )
    travel = ItineraryItemFactory(
        delegation=delegation,
        kind=ItemKind.TRAVEL,
        place=None,
        origin=origin,
        destination=place,
        starts_at=datetime.datetime(2019, 7, 22, 4, 0, tzinfo=datetime.UTC),
    )
    item.organisations.add(host)
    item.topics.add(topic)
    objective = LearningObjectiveFactory(delegation=delegation, topic=topic)
    item.objectives.add(objective)
    group = BeneficiaryGroupFactory(item=item)
    group.origins.add(place)
    objects = [
        *users,
        programme,
        origin,
        place,
        organisation,
        host,
        official,
        counterpart_official,
        delegation,
        report,
        topic,
        site,
        item,
        travel,
        objective,
        group,
        DelegationMemberFactory(delegation=delegation, official=official, role=MemberRole.HEAD),
        SupportAssignmentFactory(delegation=delegation, official=counterpart_official),
        ReviewEventFactory(report=report, actor=users[0], action=ReviewAction.SUBMIT),
        CounterpartFactory(item=item, official=counterpart_official),
        HighlightFactory(
            delegation=delegation,
            item=item,
            kind=HighlightKind.QUOTE,
            speaker=counterpart_official,
            topic=topic,
        ),
        FollowUpFactory(
            delegation=delegation,
            item=item,
            topic=topic,
            objective=objective,
            owner_organisation=host,
            owner_official=official,
            due_date=datetime.date(2019, 9, 1),
        ),
        AttachmentFactory(delegation=delegation, item=item, uploaded_by=users[0]),
    ]
    world = World(programme=programme, delegation=delegation, objects=objects)
    n = 0
    for obj in objects:
        changed = []
        for model_field in free_text_fields(type(obj)):
            n += 1
            value = text(n, model_field.max_length)
            setattr(obj, model_field.attname, value)
            world.texts[(type(obj).__name__, model_field.name)] = value
            changed.append(model_field.attname)
        obj.save(update_fields=changed)
    return world


def pdf_text(content: bytes) -> str:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())
