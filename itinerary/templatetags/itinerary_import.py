"""The import preview's cell errors, shown in the cell they are about."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def cell_errors(row, column: str) -> str:
    messages = row.errors.get(column, ())
    if not messages:
        return ""
    return format_html(
        '<span class="d-block text-danger fw-semibold">{}</span>',
        format_html_join(" ", "{}", ((message,) for message in messages)),
    )
