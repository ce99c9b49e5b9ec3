"""The section the timeline adds to the delegation page (core.sections), last on it: who
changed what and when, under the whole delegation. Its tag (timeline.templatetags) reads
the history tables itself, in a constant number of queries; the section reloads itself
(timeline:history-section) after an in-place edit elsewhere on the page."""

from django.utils.translation import gettext_lazy as _

from delegations.selectors import delegation_sections


def register() -> None:
    delegation_sections.register(
        "timeline/includes/history_section.html",
        order=90,
        name="history",
        url_name="timeline:history-section",
        anchor="history",
        title=_("Change history"),
    )
