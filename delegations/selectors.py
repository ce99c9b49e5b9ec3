"""Reads on delegations that pages share, and the scope every page filters by."""

from dataclasses import dataclass

from django.db.models import Case, Prefetch, QuerySet, When

from delegations.enums import MemberRole
from delegations.models import Delegation, DelegationMember, SupportAssignment
from partners.selectors import programmes_for_user


def delegations_for_user(*, user) -> QuerySet:
    """The delegations a user may see at all; anything else answers 404."""
    qs = Delegation.objects.select_related("programme", "report")
    if not user.is_authenticated:
        return qs.none()
    if user.is_administrator:
        return qs
    return qs.filter(programme__in=programmes_for_user(user=user))


# The delegation page is the home of a visit, and higher apps (visits: the itinerary,
# objectives, highlights, follow-ups, attachments) add sections to it without this app
# importing them: each section names its template, its place on the page, and the
# prefetches its template reads, so the page's query count does not grow with rows.
@dataclass(frozen=True, order=True)
class DetailSection:
    order: int
    template_name: str
    prefetch: tuple = ()


DETAIL_SECTIONS: list[DetailSection] = []


def register_detail_section(template_name: str, *, order: int, prefetch=()) -> None:
    section = DetailSection(order, template_name, tuple(prefetch))
    if all(existing.template_name != template_name for existing in DETAIL_SECTIONS):
        DETAIL_SECTIONS.append(section)
        DETAIL_SECTIONS.sort()


def detail_section_templates() -> list[str]:
    return [section.template_name for section in DETAIL_SECTIONS]


def delegation_detail_queryset(*, user) -> QuerySet:
    """The scoped delegations, with everything every section of the page reads."""
    lookups = [lookup for section in DETAIL_SECTIONS for lookup in section.prefetch]
    return (
        delegations_for_user(user=user)
        .select_related(
            "sending_organisation",
            "requested_by",
            "arranged_by",
            "host_organisation",
            "last_edited_by",
            "report__submitted_by",
        )
        .prefetch_related("destinations__parent", *dict.fromkeys(lookups))
    )


register_detail_section(
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
            queryset=SupportAssignment.objects.select_related("official__organisation"),
        ),
    ),
)
