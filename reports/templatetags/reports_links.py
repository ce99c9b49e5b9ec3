from django import template
from django.urls import reverse

from reports.views.exports import feed_token

register = template.Library()


@register.simple_tag(takes_context=True)
def itinerary_feed_url(context, delegation) -> str:
    """The absolute, secret URL a phone's calendar subscribes to (no log-in there)."""
    path = reverse("reports:itinerary-feed", args=[feed_token(delegation)])
    return context["request"].build_absolute_uri(path)
