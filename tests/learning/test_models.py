"""Learning's records (objectives, highlights, follow-ups, attachments): their table of
database rules (run, with every app's table, by tests/test_constraints.py), non-negative
columns, the topics they PROTECT, the items they outlive, their names, overdue follow-ups."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.utils import timezone

from itinerary.models import BeneficiaryGroup
from learning.enums import AttachmentKind, Attribution, Consent, FollowUpStatus, HighlightKind
from learning.models import Attachment, FollowUp, Highlight, LearningObjective
from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import BeneficiaryGroupFactory, ItineraryItemFactory, TopicFactory
from tests.factories.learning import (
    AttachmentFactory,
    FollowUpFactory,
    HighlightFactory,
    LearningObjectiveFactory,
)
from tests.support.constraints import (
    NOT_A_CHOICE,
    ConstraintCase,
    Violation,
    assert_database_refuses_negative,
    check_non_negative_columns,
    new,
)


def _same_objective_twice() -> Violation:
    existing = LearningObjectiveFactory(description="How county action plans are drafted")
    return new(delegation=existing.delegation, description=existing.description)


def _attachment(**values) -> Violation:
    return new(
        delegation=DelegationFactory(),
        file="attachments/1/photo.png",
        kind=AttachmentKind.PHOTO,
        uploaded_by=AttachmentFactory.uploaded_by.get_factory()(),
        **values,
    )


CONSTRAINT_CASES = [
    ConstraintCase(
        "learning_objective_unique_description", LearningObjective, _same_objective_twice
    ),
    ConstraintCase(
        "learning_highlight_quote_has_speaker",
        Highlight,
        lambda: new(
            delegation=DelegationFactory(),
            kind=HighlightKind.QUOTE,
            text="We listen.",
            attribution=Attribution.NAMED,
        ),
    ),
    ConstraintCase(
        "learning_highlight_quote_has_speaker",
        Highlight,
        lambda: new(
            delegation=DelegationFactory(),
            kind=HighlightKind.QUOTE,
            text="We listen.",
            attribution=Attribution.ROLE,
        ),
        label="by-role",
    ),
    ConstraintCase(
        "learning_highlight_text_not_blank",
        Highlight,
        lambda: new(delegation=DelegationFactory(), kind=HighlightKind.LESSON, text=""),
        form_message="This field is required.",
        clean_message="This field cannot be blank.",
    ),
    ConstraintCase(
        "learning_highlight_kind_valid",
        Highlight,
        lambda: new(delegation=DelegationFactory(), kind="gossip", text="Heard it"),
        **NOT_A_CHOICE,
    ),
    ConstraintCase(
        "learning_followup_description_not_blank",
        FollowUp,
        lambda: new(delegation=DelegationFactory(), description="", status="proposed"),
        form_message="This field is required.",
        clean_message="This field cannot be blank.",
    ),
    ConstraintCase(
        "learning_followup_status_valid",
        FollowUp,
        lambda: new(delegation=DelegationFactory(), description="Share the plan", status="later"),
        **NOT_A_CHOICE,
    ),
    ConstraintCase(
        "learning_highlight_attribution_valid",
        Highlight,
        lambda: new(
            delegation=DelegationFactory(),
            kind=HighlightKind.LESSON,
            text="Listen",
            attribution="whispered",
        ),
        **NOT_A_CHOICE,
    ),
    ConstraintCase(
        "learning_attachment_consent_valid",
        Attachment,
        lambda: _attachment(consent="maybe"),
        **NOT_A_CHOICE,
    ),
    ConstraintCase(
        "learning_attachment_published_with_consent",
        Attachment,
        lambda: _attachment(people_identifiable=True, consent=Consent.NO, may_publish=True),
        label="identifiable-without-consent",
    ),
    ConstraintCase(
        "learning_attachment_published_with_consent",
        Attachment,
        lambda: _attachment(
            people_identifiable=True,
            children_present=True,
            consent=Consent.NOT_NEEDED,
            may_publish=True,
        ),
        label="children-consent-not-needed",
    ),
    ConstraintCase(
        "learning_attachment_kind_valid",
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

# One row of each of learning's models with a non-negative column (the other apps' in
# tests/itinerary/test_models.py); tests/test_constraints.py checks they name every one.
ROW_FACTORIES = {
    LearningObjective: LearningObjectiveFactory,
    Highlight: HighlightFactory,
    FollowUp: FollowUpFactory,
    Attachment: AttachmentFactory,
}


@pytest.mark.django_db
@check_non_negative_columns(ROW_FACTORIES)
def test_non_negative_column_refuses_negative_at_database(model, field):
    row = ROW_FACTORIES[model]()

    assert_database_refuses_negative(model, row, field)


# --- PROTECT and the rest ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make", "use"),
    [
        (TopicFactory, lambda topic: LearningObjectiveFactory(topic=topic)),
        (TopicFactory, lambda topic: HighlightFactory(topic=topic)),
        (TopicFactory, lambda topic: FollowUpFactory(topic=topic)),
    ],
    ids=["topic-by-objective", "topic-by-highlight", "topic-by-follow-up"],
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
def test_str_of_learning_records():
    long_text = "x" * 100

    assert str(LearningObjectiveFactory.build(description="Plans")) == "Plans"
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


@pytest.mark.django_db
def test_an_anonymous_quote_needs_no_speaker():
    quote = HighlightFactory(
        kind=HighlightKind.QUOTE, speaker=None, attribution=Attribution.ANONYMOUS
    )

    quote.full_clean()
    assert quote.public_attribution == "Anonymous"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "allowed"),
    [
        ({"people_identifiable": False}, True),
        ({"people_identifiable": True, "consent": Consent.YES}, True),
        ({"people_identifiable": True, "consent": Consent.NOT_NEEDED}, True),
        ({"people_identifiable": True, "children_present": True, "consent": Consent.YES}, True),
        ({"people_identifiable": True, "consent": Consent.NOT_RECORDED}, False),
        ({"children_present": True, "consent": Consent.NOT_NEEDED}, False),
    ],
)
def test_may_publish_only_with_consent_where_people_can_be_recognised(fields, allowed):
    attachment = AttachmentFactory.build(
        delegation=DelegationFactory(),
        uploaded_by=AttachmentFactory.uploaded_by.get_factory()(),
        may_publish=True,
        **fields,
    )
    if allowed:
        attachment.full_clean()
    else:
        with pytest.raises(ValidationError):
            attachment.full_clean()
