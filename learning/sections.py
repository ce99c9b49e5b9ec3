"""The sections learning adds to the delegation page (core.sections), with what each one
reads: a template may read only what its prefetch names (the page's query count must not
grow with rows). Each is edited in place, so it also has a name, an anchor, a title and a
URL that answers it alone (learning/views/sections.py re-renders it through htmx).
"""

from django.db.models import Case, Prefetch, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from delegations.selectors import delegation_sections
from learning.enums import AttachmentKind, HighlightKind
from learning.models import Attachment, FollowUp, Highlight, LearningObjective

HIGHLIGHT_ORDER = (
    HighlightKind.QUOTE,
    HighlightKind.KEY_FIGURE,
    HighlightKind.LESSON,
    HighlightKind.RECOMMENDATION,
    HighlightKind.OBSERVATION,
)


def copy_link(delegation, *, user):
    """ "New delegation from this one", for whoever may copy it (None: left out)."""
    if not user.has_perm("delegations.copy_delegation_obj", delegation):
        return None
    return {"url": reverse("learning:delegation-copy", args=[delegation.pk])}


def register() -> None:
    delegation_sections.register("learning/includes/copy_section.html", order=7, context=copy_link)
    delegation_sections.register(
        "learning/includes/objectives_section.html",
        order=20,
        name="objectives",
        url_name="learning:objectives-section",
        anchor="learning-objectives",
        title=_("Learning objectives"),
        prefetch=(
            Prefetch(
                "learning_objectives",
                queryset=LearningObjective.objects.select_related("topic").prefetch_related(
                    "itinerary_items"
                ),
            ),
        ),
    )
    delegation_sections.register(
        "learning/includes/highlights_section.html",
        order=40,
        name="highlights",
        url_name="learning:highlights-section",
        anchor="highlights",
        title=_("Highlights and quotes"),
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
    delegation_sections.register(
        "learning/includes/followups_section.html",
        order=50,
        name="followups",
        url_name="learning:followups-section",
        anchor="follow-ups",
        title=_("Follow-ups"),
        prefetch=(
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.select_related(
                    "owner_organisation", "owner_official", "item", "topic", "objective"
                ),
            ),
        ),
    )
    delegation_sections.register(
        "learning/includes/attachments_section.html",
        order=60,
        name="attachments",
        url_name="learning:attachments-section",
        anchor="attachments",
        title=_("Photos and documents"),
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
