"""Reads on delegations that pages share, and the scope every page filters by."""

from dataclasses import dataclass

from django.db.models import Case, Prefetch, QuerySet, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.distinct import distinct_values
from core.sections import SectionRegistry
from delegations.enums import MemberRole, PlanningStatus
from delegations.models import (
    Delegation,
    DelegationDestination,
    DelegationMember,
    SupportAssignment,
)
from delegations.rules import is_administrator, is_programme_staff
from delegations.services.delegation import ADMIN_REOPEN_TRANSITIONS, next_statuses
from partners.selectors import delegation_scope_q, programmes_for_user


def delegations_for_user(*, user) -> QuerySet:
    """The delegations a user may see at all; anything else answers 404."""
    return Delegation.objects.select_related("programme", "report").filter(
        delegation_scope_q(user=user, path="")
    )


def delegation_countries(*, user) -> tuple[set[str], set[str]]:
    """(sending, host) country codes the user's delegations name: the list's filter choices.
    Three queries (the programmes, then core.distinct for each column), whose cost does not
    grow with the number of delegations."""
    programmes = list(programmes_for_user(user=user).values_list("pk", flat=True))
    within = {"group": "programme_id", "within": programmes}
    sending = set()
    for value in distinct_values(Delegation, "sending_countries", **within):
        sending.update(code for code in value.split(",") if code)
    return sending, distinct_values(Delegation, "host_country", **within)


def delegations_listed_for(*, user) -> QuerySet:
    """`delegations_for_user` as the list reads it: the user's programmes are read first
    and named by id (`programme_id IN (1, 2)` rather than a subquery), so that the database
    reads one programme's delegations in the list's order from the index
    (programme, start date, title, id) and skips a deep page's rows in the index alone."""
    if not user.is_authenticated or user.is_administrator:
        return delegations_for_user(user=user)
    programmes = list(programmes_for_user(user=user).values_list("pk", flat=True))
    return Delegation.objects.select_related("programme", "report").filter(
        programme_id__in=programmes
    )


# The delegation page is the home of a visit, and higher apps (reports: its report; visits:
# the itinerary, objectives, highlights, follow-ups, attachments, history) add sections to it
# without this app importing them (core.sections). Each section names its template, its
# place on the page and the prefetches its template reads, so the page's query count does
# not grow with rows.
delegation_sections = SectionRegistry("delegations:detail")
# The delegation list's tools, beside "New delegation": higher apps add theirs (reports:
# the exports of the list as filtered), each a template that reads the page's context.
delegation_list_tools = SectionRegistry("delegations:list")


# The destinations in the order of travel, read by Delegation.destinations_in_order.
DESTINATION_LINKS = Prefetch(
    "delegationdestination_set",
    queryset=DelegationDestination.objects.select_related("place__parent"),
    to_attr="destination_links",
)


def delegation_detail_queryset(*, user) -> QuerySet:
    """The scoped delegations, with everything every section of the page reads."""
    return (
        delegations_for_user(user=user)
        .select_related(
            "project",
            "requested_by",
            "arranged_by",
            "host_organisation",
            "last_edited_by",
            "report__submitted_by",
        )
        .prefetch_related(
            DESTINATION_LINKS,
            "sending_organisations",
            "project__donors",
            *delegation_sections.prefetch_lookups(),
        )
    )


delegation_sections.register(
    "delegations/includes/team_section.html",
    order=10,
    prefetch=(
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
            ),
        ),
    ),
    anchor="members",
    title=gettext_lazy("Team"),
)


# --- The delegation page: planning actions --------------------------------


@dataclass(frozen=True)
class PlanningAction:
    """A planning status the user may move the delegation to from the page, with how its
    button reads and looks: cancelling warns (red, asks first), a step back is quiet."""

    to_status: str
    label: str
    needs_reason: bool = False
    step_back: bool = False

    @property
    def cancels(self) -> bool:
        return self.to_status == PlanningStatus.CANCELLED

    @property
    def button_label(self) -> str:
        if self.needs_reason:
            return _("Reopen as %(status)s") % {"status": self.label}
        if self.cancels:
            return _("Cancel the visit")
        return _("Mark as %(status)s") % {"status": self.label}

    @property
    def button_class(self) -> str:
        if self.cancels:
            return "btn-outline-danger"
        return "btn-outline-secondary" if self.step_back else "btn-outline-primary"


def planning_actions(*, user, delegation: Delegation) -> list[PlanningAction]:
    """The next planning statuses offered to `user`; the service re-checks each one.

    Programme staff and administrators move the planning; a locked visit (report
    approved) may still be marked completed; reopening is the administrator's, with a
    reason. Managers and anyone else get nothing.
    """
    administrator = is_administrator(user)
    if not (administrator or is_programme_staff(user, delegation)):
        return []
    labels = dict(PlanningStatus.choices)
    order = list(PlanningStatus.values)  # the planning order, not the set's
    actions = [
        PlanningAction(
            status,
            labels[status],
            step_back=status != PlanningStatus.CANCELLED
            and order.index(status) < order.index(delegation.status),
        )
        for status in order
        if status in next_statuses(delegation)
        and (not delegation.locked or status == PlanningStatus.COMPLETED)
    ]
    reopen_to = ADMIN_REOPEN_TRANSITIONS.get(delegation.status)
    if administrator and reopen_to and not delegation.locked:
        actions.append(PlanningAction(reopen_to, labels[reopen_to], needs_reason=True))
    return actions
