"""The links a site or a place shows under its result: the latest records in the user's
scope that point at it (LINKS_SHOWN of each kind).

A capital city is the destination of most delegations, so "the latest three of them" must
not read them all: on PostgreSQL each shown parent gets its own `ORDER BY ... LIMIT 3`
(the parts of one UNION ALL query), which walks an index in that order and stops after
three rows in scope (`delegations_list_order_idx`, `itinerary_item_place_start_idx`,
`itinerary_item_site_start_idx`). A second query reads those rows whole. Two queries per
link list, whatever the number of parents shown or rows pointing at them. Elsewhere
(SQLite, the demo) a window numbers each parent's rows instead.
"""

from django.db.models import F, IntegerField, QuerySet, Value, Window
from django.db.models.functions import RowNumber

from delegations.filters import DEFAULT_ORDER as DELEGATION_ORDER
from delegations.selectors import delegations_for_user
from itinerary.models import ItineraryItem
from partners.selectors import delegation_scope_q

LINKS_SHOWN = 3
ITEM_ORDER = ("-starts_at", "-pk")

POSTGRESQL = "postgresql"  # the engine names (search.selectors.search_engine)


def _latest_ids(rows: QuerySet, lookup: str, parent_ids: list[int], order, engine: str):
    """(parent id, row id) of the first LINKS_SHOWN of `rows` in `order` for each parent."""
    if engine == POSTGRESQL:
        parts = [
            rows.filter(**{lookup: parent_id})
            .order_by(*order)
            .annotate(search_parent=Value(parent_id, output_field=IntegerField()))
            .values_list("search_parent", "pk")[:LINKS_SHOWN]
            for parent_id in parent_ids
        ]
        return list(parts[0].union(*parts[1:], all=True))
    numbered = (
        rows.filter(**{f"{lookup}__in": parent_ids})
        .annotate(
            search_parent=F(lookup),
            search_number=Window(RowNumber(), partition_by=F(lookup), order_by=order),
        )
        .filter(search_number__lte=LINKS_SHOWN)
    )
    return list(numbered.values_list("search_parent", "pk"))


def _attach(parents: list, attribute: str, rows: QuerySet, lookup: str, order, engine: str):
    """Set `parent.<attribute>` to the parent's latest rows (a list, maybe empty)."""
    for parent in parents:
        setattr(parent, attribute, [])
    if not parents:
        return
    pairs = _latest_ids(rows, lookup, [parent.pk for parent in parents], order, engine)
    if not pairs:
        return
    by_id = {parent.pk: parent for parent in parents}
    parents_of: dict[int, list[int]] = {}
    for parent_id, pk in pairs:
        parents_of.setdefault(pk, []).append(parent_id)
    for row in rows.filter(pk__in=list(parents_of)).order_by(*order):
        for parent_id in parents_of[row.pk]:
            getattr(by_id[parent_id], attribute).append(row)


def items_in_scope(user) -> QuerySet:
    """Itinerary items of the delegations the user may see, with what a result reads."""
    return ItineraryItem.objects.filter(delegation_scope_q(user=user)).select_related(
        "delegation", "place", "origin", "site__place"
    )


def site_links(sites: list, *, user, engine: str) -> None:
    """`site.visits_in_scope`: the latest itinerary items (in scope) at each site."""
    _attach(sites, "visits_in_scope", items_in_scope(user), "site", ITEM_ORDER, engine)


def place_links(places: list, *, user, engine: str) -> None:
    """`place.delegations_in_scope`, `place.items_in_scope`: the latest delegations (in
    scope) that had each place as a destination, and the latest items held there."""
    delegations = delegations_for_user(user=user)
    _attach(places, "delegations_in_scope", delegations, "destinations", DELEGATION_ORDER, engine)
    _attach(places, "items_in_scope", items_in_scope(user), "place", ITEM_ORDER, engine)
