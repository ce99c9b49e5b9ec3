"""The itinerary and what hangs off it: its table of database rules (run, with every
app's table, by tests/test_constraints.py), non-negative columns, PROTECT."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from delegations.models import Delegation, DelegationMember, Report, SupportAssignment
from itinerary.enums import BeneficiaryCategory, CounterpartRole, ItemKind, SiteKind
from itinerary.models import BeneficiaryGroup, Counterpart, ItineraryItem, Site, Topic
from learning.enums import AttachmentKind, FollowUpStatus, HighlightKind
from learning.models import Attachment, FollowUp, Highlight, LearningObjective
from partners.models import Programme
from tests.factories.delegations import (
    DelegationFactory,
    DelegationMemberFactory,
    SupportAssignmentFactory,
)
from tests.factories.itinerary import (
    NAIROBI_MORNING,
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
from tests.factories.partners import ProgrammeFactory
from tests.factories.places import PlaceFactory
from tests.support.constraints import (
    ConstraintCase,
    Violation,
    domain_models,
    new,
)

NOT_A_CHOICE = {"form_message": "Select a valid choice.", "clean_message": "is not a valid choice."}
HOUR = datetime.timedelta(hours=1)


def _site(**values) -> Violation:
    fields = {
        "name": "Kenya School of Government",
        "kind": SiteKind.SCHOOL,
        "place": PlaceFactory(),
    }
    return new(**(fields | values))


def _same_site_name() -> Violation:
    existing = SiteFactory(name="Kenya School of Government")
    return _site(name="KENYA SCHOOL OF GOVERNMENT", place=existing.place)


def _same_topic_slug() -> Violation:
    TopicFactory(name="Community policing", slug="community-policing")
    return new(name="Policing with communities", slug="community-policing")


def _same_topic_name() -> Violation:
    TopicFactory(name="Community policing", slug="community-policing")
    return new(name="COMMUNITY POLICING", slug="community-policing-2")


def _item(**values) -> Violation:
    fields = {
        "delegation": DelegationFactory(),
        "kind": ItemKind.MEETING,
        "title": "Courtesy call on the County Commissioner",
        "starts_at": NAIROBI_MORNING,
        "ends_at": NAIROBI_MORNING + HOUR,
        "place": PlaceFactory(),
    }
    return new(**(fields | values))


def _same_item_twice() -> Violation:
    existing = ItineraryItemFactory(title="Briefing at IOM Kenya")
    return _item(delegation=existing.delegation, title=existing.title, starts_at=existing.starts_at)


def _same_counterpart_twice() -> Violation:
    existing = CounterpartFactory()
    return new(item=existing.item, official=existing.official, role=CounterpartRole.HOST)


def _group(**values) -> Violation:
    fields = {
        "item": ItineraryItemFactory(),
        "category": BeneficiaryCategory.YOUTH_LEADERS,
        "female": None,
        "male": None,
        "other": None,
        "total": None,
        "youth": None,
    }
    return new(**(fields | values))


def _same_objective_twice() -> Violation:
    existing = LearningObjectiveFactory(description="How county action plans are drafted")
    return new(delegation=existing.delegation, description=existing.description)


CONSTRAINT_CASES = [
    ConstraintCase("visits_site_unique_name_place", Site, _same_site_name),
    ConstraintCase(
        "visits_site_coordinates_valid",
        Site,
        lambda: _site(latitude=Decimal("95"), longitude=Decimal("39.66")),
        label="latitude-out-of-range",
    ),
    ConstraintCase(
        "visits_site_coordinates_valid",
        Site,
        lambda: _site(latitude=Decimal("-4.04"), longitude=Decimal("-181")),
        label="longitude-out-of-range",
    ),
    ConstraintCase(
        "visits_site_coordinates_valid",
        Site,
        lambda: _site(latitude=Decimal("-4.04"), longitude=None),
        label="latitude-only",
    ),
    ConstraintCase(
        "visits_site_coordinates_valid",
        Site,
        lambda: _site(latitude=None, longitude=Decimal("39.66")),
        label="longitude-only",
    ),
    ConstraintCase("visits_site_kind_valid", Site, lambda: _site(kind="stadium"), **NOT_A_CHOICE),
    ConstraintCase("visits_topic_unique_slug", Topic, _same_topic_slug),
    ConstraintCase("visits_topic_unique_name", Topic, _same_topic_name),
    ConstraintCase(
        "visits_item_ends_after_start",
        ItineraryItem,
        lambda: _item(ends_at=NAIROBI_MORNING),
    ),
    ConstraintCase(
        "visits_item_site_visit_has_site",
        ItineraryItem,
        lambda: _item(kind=ItemKind.SITE_VISIT, site=None),
    ),
    ConstraintCase(
        "visits_item_travel_has_route",
        ItineraryItem,
        lambda: _item(kind=ItemKind.TRAVEL, origin=PlaceFactory(), destination=None),
    ),
    ConstraintCase("visits_item_has_place", ItineraryItem, lambda: _item(place=None)),
    ConstraintCase("visits_item_natural_key", ItineraryItem, _same_item_twice),
    ConstraintCase(
        "visits_item_kind_valid", ItineraryItem, lambda: _item(kind="party"), **NOT_A_CHOICE
    ),
    ConstraintCase("visits_counterpart_unique_official", Counterpart, _same_counterpart_twice),
    ConstraintCase(
        "visits_counterpart_role_valid",
        Counterpart,
        lambda: new(item=ItineraryItemFactory(), official=OfficialFactory(), role="chair"),
        **NOT_A_CHOICE,
    ),
    ConstraintCase(
        "visits_beneficiaries_total_covers_counts",
        BeneficiaryGroup,
        lambda: _group(female=5, male=5, total=8),
    ),
    ConstraintCase(
        "visits_beneficiaries_total_matches_counts",
        BeneficiaryGroup,
        lambda: _group(female=1, male=1, other=1, total=5),
    ),
    ConstraintCase(
        "visits_beneficiaries_youth_within_total",
        BeneficiaryGroup,
        lambda: _group(total=3, youth=4),
    ),
    ConstraintCase(
        "visits_beneficiaries_category_valid",
        BeneficiaryGroup,
        lambda: _group(category="tourists"),
        **NOT_A_CHOICE,
    ),
    ConstraintCase("visits_objective_unique_description", LearningObjective, _same_objective_twice),
    ConstraintCase(
        "visits_highlight_quote_has_speaker",
        Highlight,
        lambda: new(delegation=DelegationFactory(), kind=HighlightKind.QUOTE, text="We listen."),
    ),
    ConstraintCase(
        "visits_highlight_text_not_blank",
        Highlight,
        lambda: new(delegation=DelegationFactory(), kind=HighlightKind.LESSON, text=""),
        form_message="This field is required.",
        clean_message="This field cannot be blank.",
    ),
    ConstraintCase(
        "visits_highlight_kind_valid",
        Highlight,
        lambda: new(delegation=DelegationFactory(), kind="gossip", text="Heard it"),
        **NOT_A_CHOICE,
    ),
    ConstraintCase(
        "visits_followup_description_not_blank",
        FollowUp,
        lambda: new(delegation=DelegationFactory(), description="", status="proposed"),
        form_message="This field is required.",
        clean_message="This field cannot be blank.",
    ),
    ConstraintCase(
        "visits_followup_status_valid",
        FollowUp,
        lambda: new(delegation=DelegationFactory(), description="Share the plan", status="later"),
        **NOT_A_CHOICE,
    ),
    ConstraintCase(
        "visits_attachment_kind_valid",
        Attachment,
        lambda: new(
            delegation=DelegationFactory(),
            file="attachments/1/photo.png",
            kind="video",
            uploaded_by=AttachmentFactory.uploaded_by.get_factory()(),
        ),
        **NOT_A_CHOICE,
    ),
]


# --- Non-negative columns ------------------------------------------------------------

ROW_FACTORIES = {
    Programme: ProgrammeFactory,
    Delegation: DelegationFactory,
    Report: lambda: DelegationFactory().report,
    DelegationMember: DelegationMemberFactory,
    SupportAssignment: SupportAssignmentFactory,
    ItineraryItem: ItineraryItemFactory,
    BeneficiaryGroup: lambda: BeneficiaryGroupFactory(
        female=None, male=None, other=None, total=None, youth=None
    ),
    LearningObjective: LearningObjectiveFactory,
    Highlight: HighlightFactory,
    FollowUp: FollowUpFactory,
    Attachment: AttachmentFactory,
}
# A negative total also breaks "total covers counts", which PostgreSQL may name instead.
ALSO_BROKEN = {(BeneficiaryGroup, "total"): {"visits_beneficiaries_total_covers_counts"}}
NON_NEGATIVE_COLUMNS = [
    (model, field)
    for model in domain_models()
    for field in model._meta.concrete_fields
    if field.db_check(connection) is not None
]


def test_every_non_negative_column_has_a_row_factory():
    assert {model for model, _field in NON_NEGATIVE_COLUMNS} == set(ROW_FACTORIES)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "field"),
    NON_NEGATIVE_COLUMNS,
    ids=[f"{model._meta.label}.{field.name}" for model, field in NON_NEGATIVE_COLUMNS],
)
def test_non_negative_column_refuses_negative_at_database(model, field):
    row = ROW_FACTORIES[model]()

    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        model.objects.filter(pk=row.pk).update(**{field.attname: -1})

    column_check = f"{model._meta.db_table}_{field.column}_check"
    allowed = {column_check} | ALSO_BROKEN.get((model, field.name), set())
    assert excinfo.value.__cause__.diag.constraint_name in allowed


@pytest.mark.django_db
@pytest.mark.parametrize("count", ["female", "male", "other", "total", "youth"])
def test_negative_count_is_a_form_error(count):
    _instance, values = _group(**{count: -1})
    case = ConstraintCase(
        "visits_beneficiaries_category_valid",  # any of the model's: only the message matters
        BeneficiaryGroup,
        lambda: (None, values),
        form_message="Ensure this value is greater than or equal to 0.",
    )

    case.assert_form_rejects()
    case.assert_full_clean_rejects()


# --- PROTECT and the rest ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["place", "origin", "destination"])
def test_place_used_by_item_is_protected(role):
    place = PlaceFactory()
    values = {"kind": ItemKind.TRAVEL, "origin": PlaceFactory(), "destination": PlaceFactory()}
    ItineraryItemFactory(**(values | {role: place}))

    with pytest.raises(ProtectedError):
        place.delete()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "use"),
    [
        (SiteFactory, lambda site: ItineraryItemFactory(kind=ItemKind.SITE_VISIT, site=site)),
        (lambda: PlaceFactory(), lambda place: SiteFactory(place=place)),
        (TopicFactory, lambda topic: LearningObjectiveFactory(topic=topic)),
        (TopicFactory, lambda topic: HighlightFactory(topic=topic)),
        (TopicFactory, lambda topic: FollowUpFactory(topic=topic)),
    ],
    ids=[
        "site-by-item",
        "place-by-site",
        "topic-by-objective",
        "topic-by-highlight",
        "topic-by-follow-up",
    ],
)
def test_used_reference_is_protected(make, use):
    used = make()
    use(used)

    with pytest.raises(ProtectedError):
        used.delete()


@pytest.mark.django_db
def test_deleting_item_keeps_highlights_and_follow_ups():
    item = ItineraryItemFactory()
    highlight = HighlightFactory(delegation=item.delegation, item=item)
    follow_up = FollowUpFactory(delegation=item.delegation, item=item)
    BeneficiaryGroupFactory(item=item)

    item.delete()

    highlight.refresh_from_db()
    follow_up.refresh_from_db()
    assert highlight.item is None and follow_up.item is None
    assert not BeneficiaryGroup.objects.exists()


@pytest.mark.django_db
def test_site_with_coordinates_or_without_is_valid():
    SiteFactory.build(
        place=PlaceFactory(), latitude=Decimal("-4.04"), longitude=Decimal("39.66")
    ).full_clean()
    SiteFactory.build(place=PlaceFactory()).full_clean()


@pytest.mark.django_db
def test_str_of_visit_objects():
    item = ItineraryItemFactory(title="Briefing at IOM Kenya")
    long_text = "x" * 100

    assert str(item) == "Briefing at IOM Kenya"
    assert str(SiteFactory.build(name="Likoni school")) == "Likoni school"
    assert str(TopicFactory.build(name="Border management")) == "Border management"
    assert str(LearningObjectiveFactory.build(description="Plans")) == "Plans"
    assert str(BeneficiaryGroupFactory.build(item=item)) == (
        "Programme beneficiaries – Briefing at IOM Kenya"
    )
    assert str(CounterpartFactory.build(official=OfficialFactory(full_name="Ali Omar"))) == (
        "Mr Ali Omar (Participant)"
    )
    assert str(HighlightFactory.build(text="Short")) == "Lesson: Short"
    assert str(HighlightFactory.build(text=long_text)) == f"Lesson: {'x' * 77}…"
    assert str(FollowUpFactory.build(description="Short")) == "Short"
    assert str(FollowUpFactory.build(description=long_text)) == f"{'x' * 77}…"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("caption", "original_name", "expected"),
    [("Delegation at Likoni", "photo.png", "Delegation at Likoni"), ("", "photo.png", "photo.png")],
)
def test_attachment_str(caption, original_name, expected):
    attachment = AttachmentFactory(caption=caption, original_name=original_name)

    assert str(attachment) == expected


@pytest.mark.django_db
def test_attachment_file_name_is_generated():
    attachment = AttachmentFactory(kind=AttachmentKind.PHOTO)

    assert attachment.file.name.startswith(f"attachments/{attachment.delegation_id}/")
    assert attachment.file.name.endswith(".png")
    assert "photo" not in attachment.file.name
    assert str(AttachmentFactory.build(caption="", original_name="", file="a/b.pdf")) == "a/b.pdf"


DAY = datetime.date(2024, 6, 15)


@pytest.mark.parametrize(
    ("due_date", "status", "expected"),
    [
        (DAY - datetime.timedelta(days=1), FollowUpStatus.PROPOSED, True),
        (DAY - datetime.timedelta(days=1), FollowUpStatus.AGREED, True),
        (DAY - datetime.timedelta(days=1), FollowUpStatus.IN_PROGRESS, True),
        (DAY - datetime.timedelta(days=1), FollowUpStatus.DONE, False),
        (DAY - datetime.timedelta(days=1), FollowUpStatus.DROPPED, False),
        (DAY, FollowUpStatus.PROPOSED, False),  # due today: not late yet
        (None, FollowUpStatus.PROPOSED, False),  # no date, never late
    ],
)
def test_follow_up_is_overdue_on(due_date, status, expected):
    assert FollowUp(due_date=due_date, status=status).is_overdue_on(DAY) is expected


def test_follow_up_is_overdue_today():
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)

    assert FollowUp(due_date=yesterday, status="agreed").is_overdue
    assert not FollowUp(due_date=today, status="agreed").is_overdue
    assert not FollowUp(due_date=yesterday, status="done").is_overdue


def test_follow_up_status_badge_class():
    assert FollowUp(status="in_progress").status_badge_class == "text-bg-primary"
    assert FollowUp(status="dropped").status_badge_class == "text-bg-light border"
