"""Officials: the database rules, who may not be deleted, and the service."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from officials.enums import Gender, Honorific
from officials.models import Erasure, Official
from officials.services import official_save
from tests.factories.accounts import UserFactory
from tests.factories.delegations import DelegationMemberFactory, SupportAssignmentFactory
from tests.factories.itinerary import CounterpartFactory
from tests.factories.learning import FollowUpFactory, HighlightFactory
from tests.factories.officials import OfficialFactory
from tests.support.constraints import NOT_A_CHOICE, ConstraintCase, new

CONSTRAINT_CASES = [
    ConstraintCase(
        "officials_erasure_quotes_valid",
        Erasure,
        lambda: new(official_id=1, quotes="keep"),
        **NOT_A_CHOICE,
    ),
    ConstraintCase(
        "officials_official_gender_valid",
        Official,
        lambda: new(full_name="Ana Silva", gender="unknown"),
        form_message="Select a valid choice.",
        clean_message="is not a valid choice.",
    ),
    ConstraintCase(
        "officials_official_honorific_valid",
        Official,
        lambda: new(full_name="Ana Silva", honorific="Sir", gender=Gender.FEMALE),
        form_message="Select a valid choice.",
        clean_message="is not a valid choice.",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "use",
    [
        lambda official: DelegationMemberFactory(official=official),
        lambda official: SupportAssignmentFactory(official=official),
        lambda official: CounterpartFactory(official=official),
        lambda official: HighlightFactory(speaker=official, kind="quote"),
        lambda official: FollowUpFactory(owner_official=official),
    ],
    ids=["delegation-member", "support-team", "counterpart", "speaker", "follow-up-owner"],
)
def test_official_in_use_is_protected(use):
    official = OfficialFactory()
    use(official)

    with pytest.raises(ProtectedError):
        official.delete()
    assert Official.objects.filter(pk=official.pk).exists()


@pytest.mark.django_db
def test_official_unused_can_be_deleted():
    official = OfficialFactory()

    official.delete()

    assert not Official.objects.exists()


@pytest.mark.django_db
def test_official_outlives_deleted_user_account():
    official = OfficialFactory(user=UserFactory())

    official.user.delete()

    official.refresh_from_db()
    assert official.user is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("honorific", "expected"),
    [(Honorific.HE, "H.E. Valige Tauabo"), (Honorific.NONE, "Valige Tauabo")],
)
def test_official_display_name(honorific, expected):
    official = OfficialFactory.build(honorific=honorific, full_name="Valige Tauabo")

    assert official.display_name == str(official) == expected


@pytest.mark.django_db
def test_official_save_validates_and_records_history():
    official = official_save(official=Official(full_name="Ana Silva", email="ana@example.org"))

    assert official.gender == Gender.NOT_RECORDED
    assert official.history.count() == 1
    with pytest.raises(ValidationError) as excinfo:
        official_save(official=Official(full_name="No Mail", email="not-an-email"))
    assert list(excinfo.value.message_dict) == ["email"]
    assert Official.objects.count() == 1
