"""learning.services: objectives, highlights and follow-ups, tied to their delegation (and
its items and objectives), refused once it is locked, but a follow-up's status moves on."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from delegations.services import ConflictError
from learning.enums import FollowUpStatus, HighlightKind
from learning.models import FollowUp, Highlight, LearningObjective
from learning.services import followup_create, followup_set_status, highlight_add, objective_add
from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import ItineraryItemFactory, TopicFactory
from tests.factories.learning import FollowUpFactory, LearningObjectiveFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import OrganisationFactory

LOCKED = "This delegation's report is approved: it is locked until an administrator reopens it."


@pytest.fixture
def delegation(programme):
    return DelegationFactory(programme=programme)


@pytest.fixture
def item(delegation):
    return ItineraryItemFactory(delegation=delegation, title="Briefing")


def _latest_history(obj):
    return obj.history.order_by("-history_id").first()


# --- objectives, highlights and follow-ups --------------------------------------------------


def test_objective_add(delegation, staff_user):
    topic = TopicFactory(name="Community policing")

    objective = objective_add(
        delegation=delegation,
        actor=staff_user,
        description="How chiefs work with police",
        topic=topic,
    )

    assert LearningObjective.objects.get().topic == topic
    assert _latest_history(objective).history_user == staff_user
    with pytest.raises(ValidationError, match="already has this objective"):
        objective_add(
            delegation=delegation, actor=staff_user, description="How chiefs work with police"
        )


def test_highlight_add_with_item_of_the_delegation(item, staff_user):
    speaker = OfficialFactory()

    highlight = highlight_add(
        delegation=item.delegation,
        actor=staff_user,
        item=item,
        kind=HighlightKind.QUOTE,
        text="Security is everybody's business.",
        speaker=speaker,
    )

    assert (highlight.item, highlight.speaker) == (item, speaker)
    assert _latest_history(highlight).history_user == staff_user


def test_highlight_add_quote_needs_a_speaker(delegation, staff_user):
    with pytest.raises(ValidationError) as excinfo:
        highlight_add(delegation=delegation, actor=staff_user, kind=HighlightKind.QUOTE, text="Hm.")

    assert excinfo.value.messages == ["A quote needs a speaker, unless it is anonymous."]
    assert not Highlight.objects.exists()


def test_followup_create_links_item_and_objective(item, staff_user):
    objective = LearningObjectiveFactory(delegation=item.delegation)

    follow_up = followup_create(
        delegation=item.delegation,
        actor=staff_user,
        item=item,
        objective=objective,
        description="Share the county action plan template",
        owner_organisation=OrganisationFactory(),
        due_date=datetime.date(2019, 9, 30),
    )

    fresh = FollowUp.objects.get(pk=follow_up.pk)
    assert (fresh.item, fresh.objective, fresh.status) == (item, objective, FollowUpStatus.PROPOSED)
    assert _latest_history(fresh).history_user == staff_user


OTHER_DELEGATION_WRITES = {
    "highlight-item": lambda d, actor: highlight_add(
        delegation=d, actor=actor, item=ItineraryItemFactory(), kind="lesson", text="x"
    ),
    "follow-up-item": lambda d, actor: followup_create(
        delegation=d, actor=actor, item=ItineraryItemFactory(), description="x"
    ),
    "follow-up-objective": lambda d, actor: followup_create(
        delegation=d, actor=actor, objective=LearningObjectiveFactory(), description="x"
    ),
}


@pytest.mark.parametrize(
    "write", OTHER_DELEGATION_WRITES.values(), ids=OTHER_DELEGATION_WRITES.keys()
)
def test_links_to_another_delegation_are_refused(delegation, staff_user, write):
    with pytest.raises(ValidationError) as excinfo:
        write(delegation, staff_user)

    assert excinfo.value.messages == ["Choose one from this delegation."]
    assert not Highlight.objects.exists()
    assert not FollowUp.objects.exists()


LOCKED_WRITES = {
    "objective": lambda d, item, actor: objective_add(delegation=d, actor=actor, description="x"),
    "highlight": lambda d, item, actor: highlight_add(
        delegation=d, actor=actor, kind="lesson", text="x"
    ),
    "follow-up": lambda d, item, actor: followup_create(delegation=d, actor=actor, description="x"),
}


@pytest.mark.parametrize("write", LOCKED_WRITES.values(), ids=LOCKED_WRITES.keys())
def test_writes_refused_on_locked_delegation(item, staff_user, write):
    delegation = item.delegation
    delegation.locked = True
    counts = [model.objects.count() for model in (LearningObjective, Highlight, FollowUp)]

    with pytest.raises(ValidationError) as excinfo:
        write(delegation, item, staff_user)

    assert excinfo.value.messages == [LOCKED]
    assert counts == [model.objects.count() for model in (LearningObjective, Highlight, FollowUp)]


def test_followup_set_status_moves_even_when_locked(staff_user, manager):
    follow_up = FollowUpFactory(delegation__locked=True)

    followup_set_status(follow_up=follow_up, actor=staff_user, status=FollowUpStatus.AGREED)
    same = followup_set_status(
        follow_up=follow_up, actor=manager, status=FollowUpStatus.AGREED, expected_version=2
    )

    fresh = FollowUp.objects.get(pk=follow_up.pk)
    assert (fresh.status, fresh.version, same.version) == (FollowUpStatus.AGREED, 2, 2)
    assert _latest_history(fresh).history_user == staff_user


def test_followup_set_status_refuses_unknown_status(staff_user):
    follow_up = FollowUpFactory()

    with pytest.raises(ValidationError) as excinfo:
        followup_set_status(follow_up=follow_up, actor=staff_user, status="someday")

    assert excinfo.value.message_dict == {"status": ["Choose a valid status."]}
    assert FollowUp.objects.get(pk=follow_up.pk).status == FollowUpStatus.PROPOSED


def test_followup_set_status_refuses_stale_version(staff_user):
    follow_up = FollowUpFactory()
    followup_set_status(follow_up=follow_up, actor=staff_user, status=FollowUpStatus.IN_PROGRESS)

    with pytest.raises(ConflictError):
        followup_set_status(
            follow_up=follow_up, actor=staff_user, status=FollowUpStatus.DROPPED, expected_version=1
        )

    assert FollowUp.objects.get(pk=follow_up.pk).status == FollowUpStatus.IN_PROGRESS
