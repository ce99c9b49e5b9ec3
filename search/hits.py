"""How each kind of result reads on the page: a marked title, a link to the record's
page (or the anchor of its section), a line of facts and, when the match is in a longer
text, a marked snippet of it. Reads only what the selectors select and prefetch."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.dates import local_date
from itinerary.selectors import item_start_zone
from search.text import SNIPPET_CHARS, has_match, mark

TITLE_CHARS = 200


@dataclass
class Hit:
    title: SafeString
    url: str = ""
    facts: list[str] = field(default_factory=list)
    snippet: SafeString | str = ""
    links: list[tuple[str, str]] = field(default_factory=list)


def _snippet(words, *texts: str) -> SafeString | str:
    """A marked extract of the first text that holds a match."""
    for text in texts:
        if text and has_match(text, words):
            return mark(text, words, limit=SNIPPET_CHARS)
    return ""


def _dates(start, end) -> str:
    if start == end:
        return local_date(start, "j M Y")
    return f"{local_date(start, 'j M Y')} – {local_date(end, 'j M Y')}"


def _delegation_anchor(delegation_id: int, anchor: str) -> str:
    return f"{reverse('delegations:detail', args=[delegation_id])}#{anchor}"


def delegation_hit(delegation, words) -> Hit:
    return Hit(
        title=mark(delegation.title, words),
        url=reverse("delegations:detail", args=[delegation.pk]),
        facts=[
            delegation.programme.code,
            _dates(delegation.start_date, delegation.end_date),
            delegation.get_status_display(),
        ],
        snippet=_snippet(words, delegation.purpose, delegation.background),
    )


def official_hit(official, words) -> Hit:
    facts = [official.position] if official.position else []
    if official.organisation:
        facts.append(str(official.organisation))
    return Hit(
        title=mark(official.display_name, words),
        url=reverse("officials:detail", args=[official.pk]),
        facts=facts,
        snippet="",  # notes are need-to-know: never searched, never shown here
    )


def organisation_hit(organisation, words) -> Hit:
    facts = [organisation.get_kind_display()]
    if organisation.country:
        facts.append(str(organisation.country.name))
    if organisation.parent:
        facts.append(_("part of %(parent)s") % {"parent": organisation.parent.name})
    return Hit(
        title=mark(str(organisation), words),
        url=reverse("partners:organisation-detail", args=[organisation.pk]),
        facts=facts,
        snippet="",  # notes are need-to-know: never searched, never shown here
    )


def _item_day(item) -> str:
    """The local day the item starts on, where it starts (itinerary.selectors)."""
    return local_date(timezone.localtime(item.starts_at, item_start_zone(item)), "j M Y")


def _item_url(item) -> str:
    return f"{reverse('itinerary:itinerary', args=[item.delegation_id])}#item-{item.pk}"


def item_hit(item, words) -> Hit:
    return Hit(
        title=mark(item.title, words),
        url=_item_url(item),
        facts=[item.get_kind_display(), _item_day(item), item.delegation.title],
        snippet=_snippet(words, item.summary, item.outcome),
    )


def highlight_hit(highlight, words) -> Hit:
    facts = [highlight.get_kind_display()]
    if highlight.speaker:
        facts.append(str(highlight.speaker))
    facts.append(highlight.delegation.title)
    return Hit(
        title=mark(highlight.text, words, limit=TITLE_CHARS),
        url=_delegation_anchor(highlight.delegation_id, f"highlight-{highlight.pk}"),
        facts=facts,
    )


def follow_up_hit(follow_up, words) -> Hit:
    facts = [follow_up.get_status_display()]
    owner = follow_up.owner_organisation or follow_up.owner_official
    if owner:
        facts.append(str(owner))
    if follow_up.due_date:
        facts.append(_("due %(date)s") % {"date": local_date(follow_up.due_date, "j M Y")})
    facts.append(follow_up.delegation.title)
    return Hit(
        title=mark(follow_up.description, words, limit=TITLE_CHARS),
        url=_delegation_anchor(follow_up.delegation_id, f"follow-up-{follow_up.pk}"),
        facts=facts,
    )


def site_hit(site, words) -> Hit:
    """A site has no page of its own: it links to its latest visit in scope (the item on
    the itinerary), else to the organisation that runs it."""
    visits = site.visits_in_scope
    if visits:
        url = _item_url(visits[0])
    elif site.organisation:
        url = reverse("partners:organisation-detail", args=[site.organisation_id])
    else:
        url = ""
    facts = [site.get_kind_display(), str(site.place)]
    if site.organisation:
        facts.append(str(site.organisation))
    return Hit(
        title=mark(site.name, words),
        url=url,
        facts=facts,
        snippet=_snippet(words, site.description),
        links=[(f"{item.delegation.title}, {_item_day(item)}", _item_url(item)) for item in visits],
    )


def place_hit(place, words) -> Hit:
    """A place has no page of its own: it links the latest delegations (in scope) that
    had it as a destination, and the latest itinerary items held there."""
    return Hit(
        title=mark(str(place), words),
        facts=[place.get_kind_display(), str(place.country.name)],
        links=[
            (delegation.title, reverse("delegations:detail", args=[delegation.pk]))
            for delegation in place.delegations_in_scope
        ]
        + [(f"{item.title}, {_item_day(item)}", _item_url(item)) for item in place.items_in_scope],
    )


PRESENTERS = {
    "delegations": delegation_hit,
    "officials": official_hit,
    "organisations": organisation_hit,
    "items": item_hit,
    "highlights": highlight_hit,
    "follow_ups": follow_up_hit,
    "sites": site_hit,
    "places": place_hit,
}


def hits(kind_key: str, objects, words) -> list[Hit]:
    present = PRESENTERS[kind_key]
    found = [present(obj, words) for obj in objects]
    for hit in found:  # a match in a position, a place or an owner shows too
        hit.facts = [mark(fact, words) for fact in hit.facts]
    return found
