"""What may leave the team: the one predicate the report's PDF, its exports and its
approved version use (`publishable`), and how a quote names its speaker there.

- An attachment may be published when it is marked so (`may_publish`); the database
  refuses that mark on a file showing identifiable people without their consent (or
  with children, without consent: learning_attachment_published_with_consent).
- A highlight may be published unless it is a quote "not for publication".

The internal report page shows everything to those allowed to read it, each record that
stays inside marked (`withheld_reason`).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from learning.enums import Attribution, HighlightKind
from learning.models import Attachment, Highlight


def publishable(record: Attachment | Highlight) -> bool:
    if isinstance(record, Attachment):
        return record.may_publish
    return record.kind != HighlightKind.QUOTE or record.attribution != (
        Attribution.NOT_FOR_PUBLICATION
    )


def withheld_reason(record: Attachment | Highlight) -> str:
    """Why the record stays inside the team ("" when it may be published)."""
    if publishable(record):
        return ""
    if isinstance(record, Highlight):
        return _("Not for publication")
    if record.people_identifiable and record.consent != "yes":
        return _("Not for publication: no consent recorded")
    return _("Not for publication")


def public_attribution(highlight: Highlight) -> str:
    """How the speaker is named outside the team: by name (and position), by position
    only, or not at all."""
    speaker = highlight.speaker
    if speaker is None or highlight.attribution == Attribution.ANONYMOUS:
        return _("Anonymous") if highlight.kind == HighlightKind.QUOTE else ""
    if highlight.attribution == Attribution.ROLE:
        organisation = speaker.organisation.name if speaker.organisation else ""
        role = ", ".join(part for part in (speaker.position, organisation) if part)
        return role or _("A participant")
    return ", ".join(part for part in (speaker.display_name, speaker.position) if part)


@dataclass
class Publication:
    """Records split into what is published and how many of each kind were left out."""

    published: list = field(default_factory=list)
    withheld: list = field(default_factory=list)


def split_publishable(records) -> Publication:
    split = Publication()
    for record in records:
        (split.published if publishable(record) else split.withheld).append(record)
    return split


def withheld_note(*, photos: int, highlights: int) -> str:
    """The report's note of what it leaves out ("" when nothing)."""
    parts = []
    if photos:
        parts.append(
            ngettext(
                "%(count)d photo without the consent or clearance to be published",
                "%(count)d photos without the consent or clearance to be published",
                photos,
            )
            % {"count": photos}
        )
    if highlights:
        parts.append(
            ngettext(
                "%(count)d quote not for publication",
                "%(count)d quotes not for publication",
                highlights,
            )
            % {"count": highlights}
        )
    if not parts:
        return ""
    return _("Left out of this version: %(what)s.") % {"what": "; ".join(parts)}
