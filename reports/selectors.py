"""Reads of the delegation report: one queryset with every prefetch the report shows, and
pure functions that arrange the prefetched rows into the report's sections."""

from dataclasses import dataclass, field

from django.db.models import Case, Prefetch, QuerySet, When
from django.utils import timezone

from delegations.enums import MemberRole, ReviewAction
from delegations.models import Delegation, DelegationMember, SupportAssignment
from delegations.selectors import DESTINATION_LINKS, delegations_for_user
from itinerary.selectors import LEGS_PREFETCH, itinerary_entry, itinerary_item_queryset
from learning.enums import HighlightKind
from learning.models import Attachment, FollowUp, Highlight, LearningObjective
from partners.enums import OrganisationKind
from timeline.selectors import delegation_changes_between


def report_delegation_queryset(*, user) -> QuerySet:
    """The scoped delegations, each with everything its report reads, in constant queries."""
    return report_queryset(delegations_for_user(user=user))


def report_queryset(delegations: QuerySet | None = None) -> QuerySet:
    """`delegations` (every one by default: the approved version is stored without a
    user) with everything the report reads, in constant queries."""
    return (
        (Delegation.objects.all() if delegations is None else delegations)
        .select_related(
            "programme",
            "project",
            "requested_by",
            "arranged_by",
            "host_organisation",
            "report",
        )
        .prefetch_related(
            DESTINATION_LINKS,
            *LEGS_PREFETCH,
            "sending_organisations",
            "project__donors",
            Prefetch(
                "members",
                queryset=DelegationMember.objects.select_related("official__organisation").order_by(
                    Case(When(role=MemberRole.HEAD, then=0), default=1), "order", "pk"
                ),
            ),
            Prefetch(
                "support_team",
                queryset=SupportAssignment.objects.select_related(
                    "official__organisation", "leg__place__parent"
                ).order_by("order", "pk"),
            ),
            Prefetch(
                "itinerary_items",
                queryset=itinerary_item_queryset().prefetch_related(
                    "objectives",
                    "organisations__parent",
                    "counterpart_links__official__organisation__parent",
                ),
            ),
            Prefetch(
                "learning_objectives",
                queryset=LearningObjective.objects.select_related("topic").order_by("order", "pk"),
            ),
            Prefetch(
                "highlights",
                queryset=Highlight.objects.select_related(
                    "speaker__organisation", "topic", "item"
                ).order_by("order", "pk"),
            ),
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.select_related(
                    "owner_organisation", "owner_official", "topic", "item", "objective"
                ),
            ),
            Prefetch("attachments", queryset=Attachment.objects.select_related("item")),
        )
    )


# --- The learning chain -------------------------------------------------------------------------


@dataclass
class ObjectiveChain:
    """Objective -> where it was covered -> what was learnt -> what it led to."""

    objective: LearningObjective
    items: list = field(default_factory=list)  # ItineraryEntry: the item and its local times
    lessons: list = field(default_factory=list)
    follow_ups: list = field(default_factory=list)


def learning_chain(delegation) -> list[ObjectiveChain]:
    items = list(delegation.itinerary_items.all())
    lessons = [h for h in delegation.highlights.all() if h.kind == HighlightKind.LESSON]
    follow_ups = list(delegation.follow_ups.all())
    chains = []
    for objective in delegation.learning_objectives.all():
        served = [i for i in items if any(o.pk == objective.pk for o in i.objectives.all())]
        served_pks = {item.pk for item in served}
        chains.append(
            ObjectiveChain(
                objective=objective,
                items=[itinerary_entry(item) for item in served],
                lessons=[
                    lesson
                    for lesson in lessons
                    if (objective.topic_id and lesson.topic_id == objective.topic_id)
                    or (lesson.item_id and lesson.item_id in served_pks)
                ],
                follow_ups=[f for f in follow_ups if f.objective_id == objective.pk],
            )
        )
    return chains


# --- Organisations engaged ----------------------------------------------------------------------


@dataclass
class Engagement:
    organisation: object
    counterparts: list = field(default_factory=list)  # Counterpart links, one per official


@dataclass
class KindGroup:
    label: str
    engagements: list[Engagement]


def organisations_engaged(delegation) -> list[KindGroup]:
    """Organisations met on the itinerary (and those of the counterparts met), grouped by
    kind, each with the counterparts met there: a counterpart goes under their own
    organisation, or under the item's organisations when their own is not recorded."""
    engaged: dict[int, Engagement] = {}

    def engagement(organisation) -> Engagement:
        return engaged.setdefault(organisation.pk, Engagement(organisation))

    seen: set[tuple[int, int]] = set()

    def add(organisation, link) -> None:
        if (organisation.pk, link.official_id) not in seen:
            seen.add((organisation.pk, link.official_id))
            engagement(organisation).counterparts.append(link)

    for item in delegation.itinerary_items.all():
        organisations = list(item.organisations.all())
        for organisation in organisations:
            engagement(organisation)
        for link in item.counterpart_links.all():
            own = link.official.organisation
            for organisation in [own] if own else organisations:
                add(organisation, link)
    order = {value: index for index, value in enumerate(OrganisationKind.values)}
    groups: dict[str, list[Engagement]] = {}
    for found in sorted(
        engaged.values(),
        key=lambda e: (order.get(e.organisation.kind, 99), e.organisation.name.lower()),
    ):
        groups.setdefault(found.organisation.get_kind_display(), []).append(found)
    return [KindGroup(label, engagements) for label, engagements in groups.items()]


def site_visits(delegation) -> list:
    """Items held at a site, with their beneficiary groups (prefetched)."""
    return [item for item in delegation.itinerary_items.all() if item.site_id]


def report_entries(items) -> list:
    """The items with their local times (itinerary.selectors.ItineraryEntry): dated."""
    return [itinerary_entry(item) for item in items]


def beneficiary_groups(delegation) -> list:
    return [g for item in delegation.itinerary_items.all() for g in item.beneficiary_groups.all()]


# --- What changed since the reviewer last saw the report -----------------------------------------


def changes_since_last_review(delegation):
    """For a report submitted again (after being sent back or reopened): everything that
    changed under the delegation since the step before this submission, when the
    reviewers last saw it, read from the history (timeline). None on a first submission
    or when the report is not with the reviewers."""
    report = delegation.report
    if not report.is_submitted:
        return None
    last_two = list(report.events.order_by("-created_at", "-pk")[:2])
    if len(last_two) < 2 or last_two[0].action != ReviewAction.SUBMIT:
        return None
    seen = last_two[1]
    changes = delegation_changes_between(
        delegation=delegation, since=seen.created_at, until=timezone.now()
    )
    return {"since": seen, "changes": changes}
