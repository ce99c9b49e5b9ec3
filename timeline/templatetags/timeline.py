"""The delegation page's change history (timeline.selectors reads it)."""

from django import template

from timeline.selectors import Timeline, delegation_timeline

register = template.Library()


@register.simple_tag
def delegation_timeline_of(delegation) -> Timeline:
    """The latest changes of the delegation and of everything under it."""
    return delegation_timeline(delegation=delegation)
