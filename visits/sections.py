"""The sections visits adds to the delegation page, with what each one reads.

Each helper of the page owns its own call; a template may read only what its
prefetch names (the page's query count must not grow with rows).
"""

from django.db.models import Case, Prefetch, When

from delegations.selectors import register_detail_section
from visits.enums import AttachmentKind, HighlightKind
from visits.models import (
    Attachment,
    FollowUp,
    Highlight,
    LearningObjective,
)
from visits.selectors import itinerary_prefetch

HIGHLIGHT_ORDER = (
    HighlightKind.QUOTE,
    HighlightKind.KEY_FIGURE,
    HighlightKind.LESSON,
    HighlightKind.RECOMMENDATION,
    HighlightKind.OBSERVATION,
)


def register() -> None:
    register_detail_section(
        "visits/includes/objectives_section.html",
        order=20,
        prefetch=(
            Prefetch(
                "learning_objectives",
                queryset=LearningObjective.objects.select_related("topic").prefetch_related(
                    "itinerary_items"
                ),
            ),
        ),
    )
    register_detail_section(
        "visits/includes/itinerary_section.html",
        order=30,
        # The same prefetch as the itinerary page (visits.selectors), parents of places
        # included: a place names its parent ("Mombasa, Mombasa County").
        prefetch=itinerary_prefetch(),
    )
    register_detail_section(
        "visits/includes/highlights_section.html",
        order=40,
        prefetch=(
            Prefetch(
                "highlights",
                # Quotes first, then key figures, lessons, recommendations, observations:
                # the section groups them by kind in this order.
                queryset=Highlight.objects.select_related("speaker", "topic", "item").order_by(
                    Case(
                        *(When(kind=kind, then=rank) for rank, kind in enumerate(HIGHLIGHT_ORDER)),
                        default=len(HIGHLIGHT_ORDER),
                    ),
                    "order",
                    "pk",
                ),
            ),
        ),
    )
    register_detail_section(
        "visits/includes/followups_section.html",
        order=50,
        prefetch=(
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.select_related(
                    "owner_organisation", "owner_official", "item", "topic", "objective"
                ),
            ),
        ),
    )
    register_detail_section(
        "visits/includes/attachments_section.html",
        order=60,
        prefetch=(
            # Photos (a grid of thumbnails) and documents (a list) are read apart.
            Prefetch(
                "attachments",
                queryset=Attachment.objects.select_related("item").filter(
                    kind=AttachmentKind.PHOTO
                ),
                to_attr="attachment_photos",
            ),
            Prefetch(
                "attachments",
                queryset=Attachment.objects.select_related("item")
                .exclude(kind=AttachmentKind.PHOTO)
                .order_by("kind", "created_at", "pk"),
                to_attr="attachment_documents",
            ),
        ),
    )
    # Last on the page: who changed what and when, under the whole delegation. Its tag
    # (visits.history) reads the history tables itself, in a constant number of queries.
    register_detail_section("visits/includes/history_section.html", order=90)
