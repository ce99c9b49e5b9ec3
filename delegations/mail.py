"""The review's mail (submitted, approved, sent back, reopened), written for one recipient
at a time in their language by the worker (jobs.mail, registered from delegations.apps)."""

from django.utils.translation import gettext as _

from delegations.enums import ReviewAction

REVIEW_MAIL = "delegations.review"


def review_message(user, *, action: str, title: str, actor: str, comment: str) -> tuple:
    """What happened to the report, who did it and what they said. The title, the name and
    the comment stay as typed; the rest is in the active language (the recipient's)."""
    label = ReviewAction(action).label
    subject = _("[Exchange] Report %(action)s: %(title)s") % {
        "action": str(label).lower(),
        "title": title,
    }
    body = _("%(actor)s: %(action)s.\n\n%(comment)s") % {
        "actor": actor,
        "action": label,
        "comment": comment,
    }
    return subject, body
