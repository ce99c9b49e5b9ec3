"""The breadcrumbs of every page of a delegation (templates/includes/breadcrumbs.html)."""

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from delegations.models import Delegation

TITLE_LENGTH = 60  # delegation titles are long: the trail shows their first words


def delegation_crumbs(delegation: Delegation, *more: tuple[str, str]) -> list[tuple[str, str]]:
    """Delegations > the delegation's title > `more` (label, url) pairs; the last crumb
    is the current page. Without `more`, the delegation's own page is the current one."""
    title = Truncator(delegation.title).chars(TITLE_LENGTH)
    url = reverse("delegations:detail", args=[delegation.pk]) if more else ""
    return [(_("Delegations"), reverse("delegations:list")), (title, url), *more]
