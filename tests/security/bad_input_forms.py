"""What the bad-input tests of forms and ids share: a small world of the staff user's
delegation and two others (same programme, other programme), the data a valid form
posts, and a snapshot of every stored row to prove a refusal changed nothing."""

import re
from dataclasses import dataclass

from delegations.models import Delegation, DelegationMember, Leg, Report, SupportAssignment
from itinerary.enums import ItemKind
from itinerary.models import BeneficiaryGroup, Counterpart, ItineraryItem
from learning.models import Attachment, FollowUp, Highlight, LearningObjective
from officials.models import Official
from partners.models import Programme, Project
from places.models import Place
from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import (
    BeneficiaryGroupFactory,
    CounterpartFactory,
    ItineraryItemFactory,
)
from tests.factories.learning import LearningObjectiveFactory
from tests.factories.places import PlaceFactory

HUGE_PK = "99999999999999999999"
# Digits that are not ASCII: "²".isdigit() is true but int("²") fails; int("٣") is 3.
NOT_ASCII_DIGITS = ("²", "٣", "１")
STORED = (
    Programme,
    Project,
    Place,
    Official,
    Delegation,
    DelegationMember,
    SupportAssignment,
    Leg,
    Report,
    ItineraryItem,
    Counterpart,
    BeneficiaryGroup,
    LearningObjective,
    Highlight,
    FollowUp,
    Attachment,
)


def stored() -> dict[str, list[dict]]:
    """Every row a user edits, as the database holds it."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in STORED}


@dataclass
class FormWorld:
    nairobi: Place
    mine: Delegation  # the staff user's (programme PHSS), 22-26 July 2019
    item: ItineraryItem
    objective: LearningObjective
    sibling: Delegation  # same programme, another delegation
    theirs: Delegation  # another programme's
    foreign: dict  # rows of `sibling` and `theirs`, by name


def build_form_world(*, programme, other_programme) -> FormWorld:
    """The staff user's delegation with an item and an objective, and rows of two others."""
    nairobi = PlaceFactory(name="Nairobi", timezone="Africa/Nairobi")
    mine = DelegationFactory(programme=programme, title="Cabo Delgado to Kenya")
    mine.destinations.add(nairobi)
    item = ItineraryItemFactory(delegation=mine, place=nairobi, title="Courtesy call")
    objective = LearningObjectiveFactory(delegation=mine)
    sibling = DelegationFactory(programme=programme, title="Sibling")
    theirs = DelegationFactory(programme=other_programme, title="Theirs")
    foreign = {}
    for label, delegation in (("sibling", sibling), ("theirs", theirs)):
        other_item = ItineraryItemFactory(delegation=delegation, place=nairobi)
        foreign[f"{label}-item"] = other_item
        foreign[f"{label}-objective"] = LearningObjectiveFactory(delegation=delegation)
        foreign[f"{label}-counterpart"] = CounterpartFactory(item=other_item)
        foreign[f"{label}-group"] = BeneficiaryGroupFactory(item=other_item, description="Theirs")
    return FormWorld(nairobi, mine, item, objective, sibling, theirs, foreign)


def field_error(body: str, field: str) -> str:
    match = re.search(rf'id="error_\d+_id_{field}"[^>]*>\s*<strong>([^<]*)</strong>', body)
    assert match, f"no error next to {field}"
    return match.group(1)


def delegation_data(programme, **overrides) -> dict:
    return {
        "title": "Typed title",
        "programme": programme.pk,
        "purpose": "Typed purpose",
        "background": "",
        "sending_countries": ["MZ"],
        "host_country": "KE",
        "start_date": "2019-07-22",
        "end_date": "2019-07-26",
    } | overrides


def item_data(world: FormWorld, **overrides) -> dict:
    data = {
        "kind": ItemKind.MEETING,
        "title": "Typed item title",
        "place": world.nairobi.pk,
        "starts_at_0": "2019-07-23",
        "starts_at_1": "09:00",
        "ends_at_0": "2019-07-23",
        "ends_at_1": "10:30",
        "summary": "",
        "outcome": "",
    }
    for prefix in ("counterparts", "groups"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data | overrides


def refused(response, before, field: str, typed: str) -> str:
    """The page again (no 500, no redirect), with the error on `field`, `typed` kept, and
    nothing stored changed; the error's text."""
    assert response.status_code == 200
    body = response.content.decode()
    assert typed in body
    assert stored() == before
    return field_error(body, field)
