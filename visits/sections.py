"""The sections visits adds to the delegation page, with what each one reads.

Each helper of the page owns its own call; a template may read only what its
prefetch names (the page's query count must not grow with rows).
"""

from django.db.models import Prefetch

from delegations.selectors import register_detail_section
from visits.models import (
    Attachment,
    BeneficiaryGroup,
    Counterpart,
    FollowUp,
    Highlight,
    ItineraryItem,
    LearningObjective,
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
        prefetch=(
            Prefetch(
                "itinerary_items",
                queryset=ItineraryItem.objects.select_related(
                    "place", "origin", "destination", "site__place"
                ).prefetch_related(
                    "organisations",
                    "topics",
                    Prefetch(
                        "counterpart_links",
                        queryset=Counterpart.objects.select_related("official__organisation"),
                    ),
                    Prefetch(
                        "beneficiary_groups",
                        queryset=BeneficiaryGroup.objects.prefetch_related("origins"),
                    ),
                ),
            ),
        ),
    )
    register_detail_section(
        "visits/includes/highlights_section.html",
        order=40,
        prefetch=(
            Prefetch(
                "highlights",
                queryset=Highlight.objects.select_related("speaker", "topic", "item"),
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
            Prefetch(
                "attachments",
                queryset=Attachment.objects.select_related("item", "uploaded_by"),
            ),
        ),
    )
