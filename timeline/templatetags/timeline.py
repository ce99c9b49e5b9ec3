"""The delegation page's change history (timeline.selectors reads it), and `isolated`."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from timeline.selectors import Timeline, delegation_timeline

register = template.Library()


@register.simple_tag
def delegation_timeline_of(delegation) -> Timeline:
    """The latest changes of the delegation and of everything under it."""
    return delegation_timeline(delegation=delegation)


@register.filter
def isolated(value) -> SafeString:
    """`value` escaped inside a <bdi>: text typed by someone (a name, a reason) keeps its
    own direction inside a translated sentence, e.g. an Arabic reason in "Reason: …"."""
    return format_html("<bdi>{}</bdi>", value)
