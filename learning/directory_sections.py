"""What learning adds to the directory's pages (partners and officials sit below delegations,
the itinerary and learning, so they cannot read them; they keep a `core.sections.SectionRegistry` that
`register()` fills from LearningConfig.ready()).

- An organisation's page: every delegation it hosted, arranged, requested, sent or met,
  with its dates and the itinerary items where it was met; the follow-ups it owns.
- A person's page: the delegations they were a member of (with their role), the support
  teams they were on, the meetings where they were a counterpart, what they said, the
  follow-ups they own.

Only delegations in the viewer's scope, newest first, a page at a time: each list has its
own page parameter in the query string (core.pagination), and each read is a count and one
query for the page whatever the rows and the page number.
"""

from collections import defaultdict
from collections.abc import Mapping

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.pagination import SectionPage, paginate
from delegations.models import Delegation
from delegations.selectors import delegations_for_user
from itinerary.models import ItineraryItem
from itinerary.selectors import itinerary_entry
from learning.models import FollowUp
from officials.selectors import official_sections
from partners.selectors import delegation_scope_q, organisation_sections

ROWS_PER_PAGE = 25
ITEM_PLACES = (
    "place__parent",
    "origin__parent",
    "destination__parent",
    "site__place__parent",
)
# How an organisation took part in a delegation, by the delegation's own fields.
ORGANISATION_ROLES = (
    ("host_organisation", _("Hosted")),
    ("arranged_by", _("Arranged")),
    ("requested_by", _("Requested")),
)
SENT = _("Sent")


def page_of(rows, params, param: str, anchor: str) -> SectionPage:
    return paginate(rows, params=params, param=param, per_page=ROWS_PER_PAGE, anchor=anchor)


def organisation_delegations(organisation, *, user, params: Mapping | None = None) -> dict:
    """The delegations in scope the organisation hosted, arranged, requested, sent or met,
    newest first, each with its roles and the items where it was met (in local time): the
    page `?delegations_page=` asks for."""
    met_on = ItineraryItem.objects.filter(organisations=organisation)
    sent = Delegation.sending_organisations.through.objects.filter(organisation=organisation)
    took_part = Q(pk__in=met_on.values("delegation")) | Q(pk__in=sent.values("delegation"))
    for field, _label in ORGANISATION_ROLES:
        took_part |= Q(**{field: organisation})
    delegations = page_of(
        delegations_for_user(user=user).filter(took_part).order_by("-start_date", "title", "pk"),
        params,
        "delegations_page",
        "delegations-heading",
    )
    sent_ids = set(
        sent.filter(delegation__in=[delegation.pk for delegation in delegations.rows]).values_list(
            "delegation", flat=True
        )
    )
    entries = defaultdict(list)
    items = met_on.filter(delegation__in=[delegation.pk for delegation in delegations.rows])
    for item in items.select_related(*ITEM_PLACES).order_by("starts_at", "pk"):
        entries[item.delegation_id].append(itinerary_entry(item))
    for delegation in delegations.rows:
        delegation.met_entries = entries[delegation.pk]
        delegation.organisation_roles = [
            label
            for field, label in ORGANISATION_ROLES
            if getattr(delegation, f"{field}_id") == organisation.pk
        ]
        delegation.organisation_roles += [SENT] if delegation.pk in sent_ids else []
        delegation.organisation_roles += [_("Met")] if delegation.met_entries else []
    return {"delegations": delegations}


def organisation_follow_ups(organisation, *, user, params: Mapping | None = None) -> dict:
    """The follow-ups in scope the organisation owns, soonest due first: the page
    `?follow_ups_page=` asks for."""
    follow_ups = (
        FollowUp.objects.filter(delegation_scope_q(user=user), owner_organisation=organisation)
        .select_related("delegation", "owner_official", "item", "topic")
        .order_by("due_date", "pk")
    )
    return {"follow_ups": page_of(follow_ups, params, "follow_ups_page", "followups-heading")}


def official_history(official, *, user, params: Mapping | None = None) -> dict | None:
    """What the person did in delegations in scope, newest first, each list the page its
    parameter asks for (delegations_page, support_page, meetings_page, highlights_page,
    owned_page for the follow-ups they own);
    None when nothing."""
    in_scope = delegation_scope_q(user=user)
    by_delegation = ("-delegation__start_date", "delegation__title", "pk")
    links = page_of(
        official.counterpart_links.filter(delegation_scope_q(user=user, path="item__delegation"))
        .select_related("item__delegation", *(f"item__{place}" for place in ITEM_PLACES))
        .order_by("-item__starts_at", "pk"),
        params,
        "meetings_page",
        "met-heading",
    )
    for link in links.rows:
        link.entry = itinerary_entry(link.item)
    history = {
        "memberships": page_of(
            official.delegation_memberships.filter(in_scope)
            .select_related("delegation__programme")
            .order_by(*by_delegation),
            params,
            "delegations_page",
            "delegations-heading",
        ),
        "support_assignments": page_of(
            official.support_assignments.filter(in_scope)
            .select_related("delegation__programme")
            .order_by(*by_delegation),
            params,
            "support_page",
            "support-heading",
        ),
        "counterpart_links": links,
        "highlights": page_of(
            official.highlights.filter(in_scope)
            .select_related("delegation", "item", "topic")
            .order_by("-delegation__start_date", "order", "pk"),
            params,
            "highlights_page",
            "said-heading",
        ),
        "follow_ups": page_of(
            official.follow_ups.filter(in_scope)
            .select_related("delegation", "item", "topic")
            .order_by("due_date", "pk"),
            params,
            "owned_page",
            "owned-heading",
        ),
    }
    return history if any(section.count for section in history.values()) else None


def register() -> None:
    organisation_sections.register(
        "learning/includes/organisation_delegations_section.html",
        order=10,
        context=organisation_delegations,
        paged=True,
        region="main",
    )
    organisation_sections.register(
        "learning/includes/organisation_followups_section.html",
        order=20,
        context=organisation_follow_ups,
        paged=True,
        region="main",
    )
    official_sections.register(
        "learning/includes/official_history_section.html",
        order=10,
        context=official_history,
        paged=True,
    )
