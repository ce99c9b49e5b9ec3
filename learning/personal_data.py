"""What learning holds of a person, for the directory's need-to-know, erasure and subject
access (officials.involvement, officials.erasure, officials.subject_access): the quotes
and other highlights they are the speaker of, the follow-ups they own, and the photos and
documents of the delegations and meetings they took part in (they may appear in them)."""

from django.db.models import Q

from core.retention import register_retention_task
from learning.enums import Attribution
from learning.models import Attachment, FollowUp, Highlight
from learning.services.attachments import attachment_files_unreferenced_remove
from officials.erasure import ErasureContext, register_erasure_step
from officials.involvement import register_official_involvement
from officials.models import QuoteHandling
from officials.subject_access import (
    SubjectAccess,
    history_rows,
    register_subject_access_part,
    row_values,
)
from partners.involvement import organisation_involvement


def erase_quotes(context: ErasureContext) -> None:
    """Their highlights lose the speaker and become anonymous, or go, history and all."""
    official_id = context.official.pk
    spoken = Highlight.objects.filter(speaker_id=official_id)
    if context.quotes == QuoteHandling.DELETE:
        ids = list(spoken.values_list("pk", flat=True))
        ids += Highlight.history.filter(speaker_id=official_id).values_list("id", flat=True)
        Highlight.objects.filter(pk__in=ids).delete()
        Highlight.history.filter(id__in=ids).delete()
        return
    anonymous = {"speaker_id": None, "attribution": Attribution.ANONYMOUS}
    spoken.update(**anonymous)
    Highlight.history.filter(speaker_id=official_id).update(**anonymous)


def learning_of(access: SubjectAccess) -> None:
    official = access.official
    spoken = Highlight.objects.filter(speaker=official).select_related("delegation")
    access.add(
        "highlights_spoken",
        [dict(row_values(row), delegation_title=row.delegation.title) for row in spoken],
    )
    access.add("highlights_history", history_rows(Highlight, official, column="speaker_id"))
    owned = FollowUp.objects.filter(owner_official=official).select_related("delegation")
    access.add(
        "follow_ups_owned",
        [dict(row_values(row), delegation_title=row.delegation.title) for row in owned],
    )
    access.add("follow_ups_history", history_rows(FollowUp, official, column="owner_official_id"))
    took_part = Q(item__counterpart_links__official=official) | Q(
        delegation__members__official=official
    )
    attachments = Attachment.objects.filter(took_part).distinct().order_by("pk")
    rows = []
    for attachment in attachments:
        rows.append(row_values(attachment))
        access.add_file(attachment.file.name, attachment.file)
    access.add("attachments_of_their_delegations_and_meetings", rows)


def register() -> None:
    register_retention_task("unreferenced_files", attachment_files_unreferenced_remove)
    register_official_involvement("highlights__delegation__programme")
    register_official_involvement("follow_ups__delegation__programme")
    organisation_involvement.register("follow_ups__delegation__programme")
    register_erasure_step(erase_quotes)
    register_subject_access_part(learning_of)
