"""Template helpers of the visit day."""

from urllib.parse import quote

from django import template

register = template.Library()

OSM = "https://www.openstreetmap.org"


@register.simple_tag
def map_url(item) -> str:
    """Where the item happens on a map (opened only when tapped): the site's point when it
    has one, else a search for the site or the place by name; "" when nothing says."""
    site = item.site
    if site is not None and site.latitude is not None and site.longitude is not None:
        return f"{OSM}/?mlat={site.latitude}&mlon={site.longitude}#map=17/{site.latitude}/{site.longitude}"
    place = site.place if site is not None else item.place or item.destination
    if place is None:
        return ""
    words = f"{site.name}, {place}" if site is not None else str(place)
    return f"{OSM}/search?query={quote(words)}"
