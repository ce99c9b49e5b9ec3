"""Everything recorded appears in the report, HTML and PDF.

The text fields come from the models themselves: every user-editable text field of a
delegation and of everything under it gets a distinct marker, and each marker must be
found in the report page's text and in the PDF's text. A text field added later without
a place in the report fails here, unless it is listed in NOT_IN_REPORT with its reason.
"""

import datetime

import pytest
from django.db import models
from django.urls import reverse

from delegations.enums import MemberRole
from delegations.models import Delegation, DelegationMember, Report, SupportAssignment
from itinerary.enums import ItemKind
from itinerary.models import BeneficiaryGroup, Counterpart, ItineraryItem
from learning.enums import AttachmentKind, HighlightKind
from learning.models import Attachment, FollowUp, Highlight, LearningObjective
from tests.factories.delegations import DelegationFactory
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
from tests.factories.places import PlaceFactory
from tests.security.matrix import text_of

# The delegation and everything under it that people write.
REPORTED_MODELS = (
    Delegation,
    DelegationMember,
    SupportAssignment,
    Report,
    ItineraryItem,
    Counterpart,
    BeneficiaryGroup,
    LearningObjective,
    Highlight,
    FollowUp,
    Attachment,
)

# The one list of text fields left out of the report on purpose, each with its reason.
NOT_IN_REPORT = {
    ("Attachment", "content_type"): "the file's media type, read from the upload: "
    "bookkeeping for serving the file, not something a person wrote",
}


def text_fields(model) -> list[str]:
    """The user-editable free-text fields of a model (choices are not free text)."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and field.editable
        and not field.choices
    ]


FIELDS = [
    (model, name)
    for model in REPORTED_MODELS
    for name in text_fields(model)
    if (model.__name__, name) not in NOT_IN_REPORT
]


def marker(model, name) -> str:
    """Distinct, one word, no prefix of another: survives PDF text extraction."""
    return f"Mk{FIELDS.index((model, name)):02d}q"


def markers_for(model) -> dict[str, str]:
    return {name: marker(m, name) for m, name in FIELDS if m is model}


def test_the_exclusions_name_real_fields():
    for model_name, name in NOT_IN_REPORT:
        model = next(m for m in REPORTED_MODELS if m.__name__ == model_name)
        assert name in text_fields(model), (model_name, name)


@pytest.fixture
def recorded(programme, staff_user):
    """One delegation with every text field of everything under it filled with a marker."""
    delegation = DelegationFactory(programme=programme, **markers_for(Delegation))
    Report.objects.filter(delegation=delegation).update(**markers_for(Report))
    DelegationMember.objects.create(
        delegation=delegation,
        official=OfficialFactory(),
        role=MemberRole.HEAD,
        **markers_for(DelegationMember),
    )
    SupportAssignment.objects.create(
        delegation=delegation, official=OfficialFactory(), role="logistics"
    )
    item = ItineraryItemFactory(
        delegation=delegation, kind=ItemKind.BRIEFING, **markers_for(ItineraryItem)
    )
    item.topics.add(TopicFactory(name="Topic of the briefing"))
    CounterpartFactory(item=item, **markers_for(Counterpart))
    BeneficiaryGroupFactory(item=item, **markers_for(BeneficiaryGroup))
    objective = LearningObjectiveFactory(delegation=delegation, **markers_for(LearningObjective))
    objective.itinerary_items.add(item)
    HighlightFactory(
        delegation=delegation,
        kind=HighlightKind.QUOTE,
        speaker=OfficialFactory(),
        **markers_for(Highlight),
    )
    FollowUpFactory(delegation=delegation, **markers_for(FollowUp))
    fields = markers_for(Attachment)
    AttachmentFactory(delegation=delegation, uploaded_by=staff_user, **fields)
    AttachmentFactory(
        delegation=delegation, uploaded_by=staff_user, kind=AttachmentKind.AGENDA, **fields
    )
    return delegation


@pytest.fixture
def report_texts(recorded, staff_client):
    page = staff_client.get(reverse("reports:report", args=[recorded.pk]))
    pdf = staff_client.get(reverse("reports:report-pdf", args=[recorded.pk]))
    return {
        "html": " ".join(text_of(page).split()),
        "pdf": " ".join(text_of(pdf).split()),
    }


@pytest.mark.parametrize("form", ["html", "pdf"])
def test_every_recorded_text_is_in_the_report(report_texts, form):
    text = report_texts[form]
    missing = [
        f"{model.__name__}.{name}" for model, name in FIELDS if marker(model, name) not in text
    ]
    assert missing == []


@pytest.mark.parametrize("form", ["html", "pdf"])
def test_items_of_every_kind_print_summary_outcome_topics_and_objectives(
    programme, staff_client, form
):
    """The reported loss: only site visits printed their summary; now every kind does."""
    delegation = DelegationFactory(programme=programme, start_date=datetime.date(2019, 7, 20))
    objective = LearningObjectiveFactory(delegation=delegation, description="Objective served")
    topic = TopicFactory(name="Topic served")
    place, other = PlaceFactory(), PlaceFactory()
    for index, kind in enumerate(ItemKind.values):
        where = {"place": place}
        if kind == ItemKind.TRAVEL:
            where = {"place": None, "origin": place, "destination": other}
        elif kind == ItemKind.SITE_VISIT:
            where = {"site": SiteFactory(place=place)}
        item = ItineraryItemFactory(
            delegation=delegation,
            kind=kind,
            title=f"Item {kind}",
            starts_at=NAIROBI_MORNING + datetime.timedelta(hours=index),
            summary=f"Summ{index:02d}x",
            outcome=f"Outc{index:02d}x",
            **where,
        )
        item.topics.add(topic)
        objective.itinerary_items.add(item)
    url = "reports:report" if form == "html" else "reports:report-pdf"
    text = " ".join(text_of(staff_client.get(reverse(url, args=[delegation.pk]))).split())

    for index in range(len(ItemKind.values)):
        assert f"Summ{index:02d}x" in text
        assert f"Outc{index:02d}x" in text
    assert text.count("Topic served") >= len(ItemKind.values)
    assert text.count("Objective served") >= len(ItemKind.values)
