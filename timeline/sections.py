"""The sections the timeline adds (core.sections):

- the delegation page, last on it: who changed what and when, under the whole delegation
  (and in the directory entries it names). Its tag (timeline.templatetags) reads the
  history tables itself, in a constant number of queries. The page renders only its
  heading and a link to the whole history; the section then fetches itself
  (timeline:history-section, htmx, `deferred`) as soon as the page has loaded, and again
  after an in-place edit elsewhere on the page;
- an organisation's and a person's page: that entry's own change history (who, what,
  when, old -> new), the edits of the shared directory made visible.
"""

from django.utils.translation import gettext_lazy as _

from delegations.selectors import delegation_sections
from officials.selectors import official_sections
from partners.selectors import organisation_sections
from timeline.selectors import Timeline, entry_timeline

ENTRY_HISTORY = "timeline/includes/entry_history_section.html"


def entry_history(entry, *, user) -> Timeline:
    return entry_timeline(entry=entry)


def register() -> None:
    delegation_sections.register(
        "timeline/includes/history_section.html",
        order=90,
        name="history",
        url_name="timeline:history-section",
        anchor="history",
        title=_("Change history"),
        # Its reads (a query per history table and per name it shows, some twenty) come
        # after the page, from its own URL: the page's query count stays under 25.
        deferred=True,
    )
    organisation_sections.register(ENTRY_HISTORY, order=90, context=entry_history, region="aside")
    official_sections.register(ENTRY_HISTORY, order=90, context=entry_history, region="aside")
