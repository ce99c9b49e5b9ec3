"""Who changed a delegation, or anything under it, since a moment: the evidence four eyes
reads (delegations.four_eyes), taken from the history tables the timeline reads.

A row of the delegation or of its report counts when its author is the one it names as
last editor: the review steps and the lock (approve, send back, reopen) save those rows
too, in the reviewer's name, without changing their content.
"""

from datetime import datetime

from django.db.models import F, IntegerField, Value

from delegations.models import Delegation, Report
from timeline.sources import SOURCES

# The rows of these models are saved by review steps too: only an edit names its editor.
EDITED_BY_THEIR_AUTHOR = (Delegation, Report)


def change_authors(delegation_pk: int, since: datetime | None) -> set[int]:
    """Ids of the users whose changes under the delegation the history holds since
    `since` (everything when None): one query over every history table."""
    parts = []
    for source in SOURCES:
        rows = source.model.history.filter(source.scope(delegation_pk), history_user__isnull=False)
        if since is not None:
            rows = rows.filter(history_date__gt=since)
        if source.model in EDITED_BY_THEIR_AUTHOR:
            rows = rows.filter(history_user_id=F("last_edited_by_id"))
        parts.append(
            rows.order_by().values_list("history_user_id", Value(0, output_field=IntegerField()))
        )
    first, *rest = parts
    return {user_id for user_id, _ in first.union(*rest)}
