from django import template

from reports.services import stored_after_approval_on

register = template.Library()


@register.filter
def stored_after_approval(version):
    """The day an approved version was stored, when that was after its approval
    (reports.services.store_missing_approved_version); None otherwise."""
    return stored_after_approval_on(version)
