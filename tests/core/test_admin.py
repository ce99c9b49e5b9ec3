"""Every model's admin, for an administrator: list, search, add, change, history, queries.

The app test modules (tests/<app>/test_admin.py) cover what each admin adds: saves
through services, actions, locks. `management_data` is shared with them.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from accounts.models import User
from delegations.models import (
    ApprovedRendition,
    ApprovedVersion,
    Delegation,
    DelegationMember,
    Leg,
    Report,
    ReviewEvent,
    SupportAssignment,
)
from itinerary.models import BeneficiaryGroup, Counterpart, ItineraryItem, Site, Topic
from learning.models import Attachment, FollowUp, Highlight, LearningObjective
from officials.models import Erasure, Official
from partners.models import Organisation, Programme, ProgrammeMembership, Project
from places.models import Place
from tests.factories.accounts import UserFactory
from tests.factories.delegations import (
    DelegationFactory,
    DelegationMemberFactory,
    LegFactory,
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
from tests.factories.partners import (
    OrganisationFactory,
    ProgrammeFactory,
    ProgrammeMembershipFactory,
    ProjectFactory,
)
from tests.factories.places import PlaceFactory
from tests.support.admin import admin_url, change_url

PROJECT_APPS = (
    "accounts",
    "places",
    "partners",
    "officials",
    "delegations",
    "itinerary",
    "learning",
)


def _attachment(word: str) -> Attachment:
    delegation = DelegationFactory()
    return AttachmentFactory(
        delegation=delegation,
        item=ItineraryItemFactory(delegation=delegation),
        caption=f"{word} photo",
    )


def _approved_version(word: str) -> ApprovedVersion:
    report = DelegationFactory(title=f"{word} delegation").report
    event = ReviewEventFactory(report=report)
    version = ApprovedVersion.objects.create(
        report=report,
        review_event=event,
        number=1,
        approved_by=event.actor,
        approved_at=event.created_at,
    )
    version.renditions.create(
        language="en",
        html="reports/v1.html",
        pdf="reports/v1.pdf",
        html_sha256="a" * 64,
        pdf_sha256="b" * 64,
    )
    return version


@dataclass(frozen=True)
class Case:
    model: type[Model]
    # Builds a row whose searchable text holds `word`, with the relations a list shows.
    make: Callable[[str], Model]
    # A field of the add form; None where rows come only from services (no add page).
    add_field: str | None


CASES = [
    Case(User, lambda w: UserFactory(full_name=f"{w} Tester"), "email"),
    Case(Place, lambda w: PlaceFactory(name=w, parent=PlaceFactory()), "timezone"),
    Case(
        Organisation,
        lambda w: OrganisationFactory(
            name=f"{w} County Government",
            place=PlaceFactory(parent=PlaceFactory()),
            parent=OrganisationFactory(),
        ),
        "acronym",
    ),
    Case(Programme, lambda w: ProgrammeFactory(name=f"{w} programme"), "code"),
    Case(
        Project,
        lambda w: ProjectFactory(name=f"{w} project", donors=[OrganisationFactory()]),
        "name",
    ),
    Case(
        ProgrammeMembership,
        lambda w: ProgrammeMembershipFactory(user=UserFactory(full_name=f"{w} Tester")),
        "role",
    ),
    Case(
        Official,
        lambda w: OfficialFactory(full_name=f"{w} Official", user=UserFactory()),
        "full_name",
    ),
    Case(Delegation, lambda w: DelegationFactory(title=f"{w} delegation"), "sending_countries"),
    Case(
        DelegationMember,
        lambda w: DelegationMemberFactory(official=OfficialFactory(full_name=f"{w} Official")),
        "position",
    ),
    Case(
        SupportAssignment,
        lambda w: SupportAssignmentFactory(official=OfficialFactory(full_name=f"{w} Official")),
        "role",
    ),
    Case(
        Leg,
        lambda w: LegFactory(place=PlaceFactory(name=w, parent=PlaceFactory())),
        "place",
    ),
    Case(Report, lambda w: DelegationFactory(title=f"{w} delegation").report, None),
    Case(
        ReviewEvent,
        lambda w: ReviewEventFactory(report=DelegationFactory(title=f"{w} delegation").report),
        None,
    ),
    Case(ApprovedVersion, lambda w: _approved_version(w), None),
    Case(ApprovedRendition, lambda w: _approved_version(w).renditions.get(), None),
    Case(
        Erasure,
        lambda w: Erasure.objects.create(
            official_id=OfficialFactory().pk,
            erased_by=UserFactory(full_name=f"{w} Tester"),
            quotes="anonymise",
        ),
        None,
    ),
    Case(
        Site,
        lambda w: SiteFactory(
            name=f"{w} resource centre",
            place=PlaceFactory(parent=PlaceFactory()),
            organisation=OrganisationFactory(),
        ),
        "latitude",
    ),
    Case(Topic, lambda w: TopicFactory(name=f"{w} policing"), "slug"),
    Case(
        ItineraryItem,
        lambda w: ItineraryItemFactory(title=f"{w} courtesy call", site=SiteFactory()),
        "starts_at_0",
    ),
    Case(
        Counterpart,
        lambda w: CounterpartFactory(official=OfficialFactory(full_name=f"{w} Official")),
        "position",
    ),
    Case(
        BeneficiaryGroup,
        lambda w: BeneficiaryGroupFactory(description=f"{w} youth leaders"),
        "youth",
    ),
    Case(
        LearningObjective,
        lambda w: LearningObjectiveFactory(description=f"How {w} runs community policing"),
        "description",
    ),
    Case(
        Highlight,
        lambda w: HighlightFactory(
            text=f"{w} shows what works", speaker=OfficialFactory(), topic=TopicFactory()
        ),
        "text",
    ),
    Case(
        FollowUp,
        lambda w: FollowUpFactory(
            description=f"Visit {w} again",
            owner_organisation=OrganisationFactory(),
            owner_official=OfficialFactory(),
        ),
        "due_date",
    ),
    Case(Attachment, _attachment, "file"),
]
WITH_HISTORY = [case for case in CASES if hasattr(case.model, "history")]


def case_id(case: Case) -> str:
    return case.model.__name__


def test_every_project_model_has_an_admin():
    # A many-to-many's own through model (the destinations in their order) is edited on
    # its owner's admin.
    throughs = {
        field.remote_field.through
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
        for field in model._meta.many_to_many
    }
    models = [
        model
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical")
        and (model not in throughs or admin.site.is_registered(model))
    ]
    assert {model for model in models if not admin.site.is_registered(model)} == set()
    assert {case.model for case in CASES} == set(models)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_changelist_lists_the_object_for_an_administrator(admin_client, case):
    obj = case.make("Zanzibar")

    response = admin_client.get(admin_url(case.model, "changelist"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Zanzibar" in content
    assert change_url(obj) in content


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_changelist_search_finds_only_the_matching_row(admin_client, case):
    match, other = case.make("Zanzibar"), case.make("Quelimane")

    response = admin_client.get(admin_url(case.model, "changelist"), {"q": "zanzibar"})

    content = response.content.decode()
    assert response.status_code == 200
    assert change_url(match) in content
    assert change_url(other) not in content
    assert "Quelimane" not in content


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_add_page_shows_the_form_or_refuses_service_only_rows(admin_client, case):
    response = admin_client.get(admin_url(case.model, "add"))

    if case.add_field is None:
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        assert f'name="{case.add_field}"' in response.content.decode()


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_change_page_shows_the_object(admin_client, case):
    obj = case.make("Zanzibar")

    response = admin_client.get(change_url(obj))

    assert response.status_code == 200
    assert escape(str(obj)) in response.content.decode()


@pytest.mark.parametrize("case", WITH_HISTORY, ids=case_id)
def test_history_page_shows_the_object(admin_client, case):
    obj = case.make("Zanzibar")

    response = admin_client.get(admin_url(case.model, "history", obj.pk))

    assert response.status_code == 200
    assert escape(str(obj)) in response.content.decode()


# accounts.admin.UserAdmin is Django's own (plus history): it keeps simple_history's revert.
@pytest.mark.parametrize("case", [c for c in WITH_HISTORY if c.model is not User], ids=case_id)
def test_history_revert_is_refused(admin_client, case):
    obj = case.make("Zanzibar")
    version = obj.history.earliest()
    url = reverse(
        f"admin:{case.model._meta.app_label}_{case.model._meta.model_name}_simple_history",
        args=[obj.pk, version.history_id],
    )

    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {}).status_code == 403


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_changelist_queries_do_not_grow_with_rows(admin_client, case):
    url = admin_url(case.model, "changelist")
    case.make("Zanzibar")
    admin_client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as one_row:
        admin_client.get(url)
    case.make("Quelimane")
    case.make("Beira")

    with CaptureQueriesContext(connection) as three_rows:
        response = admin_client.get(url)

    assert response.context["cl"].result_count >= 3
    assert len(three_rows) == len(one_row), [q["sql"] for q in three_rows]


def _autocomplete_fields() -> list[tuple[type[Model], str]]:
    fields = []
    for model, model_admin in admin.site._registry.items():
        owners = [model_admin, *(inline(model, admin.site) for inline in model_admin.inlines)]
        fields += [(owner.model, name) for owner in owners for name in owner.autocomplete_fields]
    return sorted(set(fields), key=lambda pair: (pair[0].__name__, pair[1]))


@pytest.mark.parametrize(
    ("model", "field"), _autocomplete_fields(), ids=lambda value: getattr(value, "__name__", value)
)
def test_autocomplete_answers_for_every_autocomplete_field(admin_client, model, field):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": model._meta.app_label,
            "model_name": model._meta.model_name,
            "field_name": field,
            "term": "",
        },
    )

    assert response.status_code == 200
    assert "results" in response.json()
