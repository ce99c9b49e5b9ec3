"""Reads that the itinerary pages share, with what they prefetch.

An item happens in the local time of where it is: its place (the site's place for a
site visit), and for travel the origin's zone at departure and the destination's at
arrival. Days are grouped by the LOCAL date an item starts on.
"""

from collections.abc import Mapping
from dataclasses import replace

from django.db.models import F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery

from core.ids import read_id
from core.pagination import SectionPage, paginate
from core.sections import SectionRegistry
from delegations.models import Delegation
from delegations.selectors import delegations_for_user
from itinerary.models import Counterpart, ItineraryItem, Topic
from itinerary.selectors import itinerary_entry
from learning.models import FollowUp, Highlight, LearningObjective
from partners.models import Organisation
from partners.selectors import delegation_scope_q


def objectives_of_delegation(delegation: Delegation) -> QuerySet:
    return LearningObjective.objects.filter(delegation=delegation).order_by("order", "pk")


TOPIC_ROWS_PER_PAGE = 25


class SubqueryCount(Subquery):
    """How many distinct rows a queryset (usually filtered on an OuterRef) holds."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _counted)"
    output_field = IntegerField()

    def __init__(self, queryset: QuerySet, **extra):
        super().__init__(queryset.order_by().values("pk").distinct(), **extra)


def topic_delegations_q(*, topic) -> Q:
    """Delegations whose learning objectives name the topic or whose itinerary covered it."""
    return Q(learning_objectives__topic=topic) | Q(itinerary_items__topics=topic)


def topics_with_counts(*, user) -> QuerySet:
    """Every topic, each with how many delegations, items, highlights and follow-ups of
    the user's scope are about it."""
    in_scope = delegation_scope_q(user=user)
    topic = OuterRef("pk")
    return Topic.objects.annotate(
        delegation_count=SubqueryCount(
            Delegation.objects.filter(delegation_scope_q(user=user, path="")).filter(
                topic_delegations_q(topic=topic)
            )
        ),
        item_count=SubqueryCount(ItineraryItem.objects.filter(in_scope, topics=topic)),
        highlight_count=SubqueryCount(Highlight.objects.filter(in_scope, topic=topic)),
        follow_up_count=SubqueryCount(FollowUp.objects.filter(in_scope, topic=topic)),
    ).order_by("name", "pk")


def topic_lookup_q(value: str) -> Q:
    """A topic named in a URL by its slug or its primary key (the slug wins a tie)."""
    lookup = Q(slug=value)
    pk = read_id(value)
    if pk is not None:
        lookup |= Q(pk=pk)
    return lookup


def topic_by_pk_or_slug(value: str) -> Topic | None:
    matches = {topic.slug == value: topic for topic in Topic.objects.filter(topic_lookup_q(value))}
    return matches.get(True) or matches.get(False)


def topic_page(rows: QuerySet, params: Mapping | None, param: str, anchor: str) -> SectionPage:
    """One page of TOPIC_ROWS_PER_PAGE rows of a topic page's list (core.pagination)."""
    return paginate(rows, params=params, param=param, per_page=TOPIC_ROWS_PER_PAGE, anchor=anchor)


def topic_delegations(topic: Topic, *, user, params: Mapping | None = None) -> dict:
    """The delegations in scope that set out to learn about the topic or covered it, each
    with its objectives on it, newest first: the page `?delegations_page=` asks for."""
    delegations = (
        delegations_for_user(user=user)
        .filter(pk__in=Delegation.objects.filter(topic_delegations_q(topic=topic)).values("pk"))
        .prefetch_related(
            Prefetch(
                "learning_objectives",
                queryset=LearningObjective.objects.filter(topic=topic).order_by("order", "pk"),
                to_attr="topic_objectives",
            )
        )
        .order_by("-start_date", "title", "pk")
    )
    return {
        "delegations": topic_page(delegations, params, "delegations_page", "delegations-heading")
    }


def topic_items(topic: Topic, *, user, params: Mapping | None = None) -> dict:
    """The itinerary items in scope that covered the topic (in local time), with the
    organisations and people met, newest first: the page `?items_page=` asks for."""
    items = topic_page(
        ItineraryItem.objects.filter(delegation_scope_q(user=user), topics=topic)
        .select_related(
            "delegation",
            "place__parent",
            "origin__parent",
            "destination__parent",
            "site__place__parent",
        )
        .prefetch_related(
            Prefetch("organisations", queryset=Organisation.objects.order_by("name", "pk")),
            Prefetch(
                "counterpart_links",
                queryset=Counterpart.objects.select_related("official__organisation").order_by(
                    "pk"
                ),
            ),
        )
        .order_by("-starts_at", "pk"),
        params,
        "items_page",
        "items-heading",
    )
    return {"entries": replace(items, rows=[itinerary_entry(item) for item in items.rows])}


def topic_highlights(topic: Topic, *, user, params: Mapping | None = None) -> dict:
    """The lessons and quotes in scope recorded on the topic, newest delegation first: the
    page `?highlights_page=` asks for."""
    highlights = (
        Highlight.objects.filter(delegation_scope_q(user=user), topic=topic)
        .select_related("delegation", "item", "speaker__organisation")
        .order_by(
            "-delegation__start_date",
            F("item__starts_at").desc(nulls_last=True),
            "order",
            "pk",
        )
    )
    return {"highlights": topic_page(highlights, params, "highlights_page", "highlights-heading")}


def topic_follow_ups(topic: Topic, *, user, params: Mapping | None = None) -> dict:
    """The follow-ups in scope the topic led to, newest delegation first: the page
    `?follow_ups_page=` asks for."""
    follow_ups = (
        FollowUp.objects.filter(delegation_scope_q(user=user), topic=topic)
        .select_related("delegation", "item", "owner_organisation", "owner_official")
        .order_by("-delegation__start_date", "-created_at", "pk")
    )
    return {"follow_ups": topic_page(follow_ups, params, "follow_ups_page", "followups-heading")}


# A topic's page (core.sections): in its main column the lessons and quotes, then where it
# was covered; aside, the delegations, then the follow-ups. Each list is a page at a time,
# with its own page parameter; an app above visits may add a section of its own.
topic_sections = SectionRegistry("learning:topic-detail")

topic_sections.register(
    "learning/includes/topic_highlights_section.html",
    order=10,
    context=topic_highlights,
    paged=True,
    region="main",
)

topic_sections.register(
    "learning/includes/topic_items_section.html",
    order=20,
    context=topic_items,
    paged=True,
    region="main",
)

topic_sections.register(
    "learning/includes/topic_delegations_section.html",
    order=30,
    context=topic_delegations,
    paged=True,
    region="aside",
)

topic_sections.register(
    "learning/includes/topic_followups_section.html",
    order=40,
    context=topic_follow_ups,
    paged=True,
    region="aside",
)
