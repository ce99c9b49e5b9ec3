"""Who changed what under which delegation (timeline.authors), read in bulk for a list."""

import types

from django.db import connection

from itinerary.services import item_update
from tests.factories.itinerary import ItineraryItemFactory
from timeline import authors


def test_the_bulk_read_answers_the_same_in_parts_as_sqlite_needs(programme, manager, monkeypatch):
    """SQLite refuses a compound SELECT of more than 500 terms, so there the parts are read
    in several queries; the answer is the same as PostgreSQL's one query."""
    items = [ItineraryItemFactory(delegation__programme=programme) for _ in range(5)]
    for item in items[::2]:
        item_update(item=item, actor=manager, data={"title": "Retitled"})
    cycles = {item.delegation_id: None for item in items}
    changed = {item.delegation_id for item in items[::2]}
    assert authors.delegations_changed_by(manager.pk, cycles) == changed

    monkeypatch.setattr(authors, "SQLITE_COMPOUND_TERMS", 2)
    monkeypatch.setattr(
        authors, "connection", types.SimpleNamespace(vendor="sqlite", features=connection.features)
    )
    assert authors.delegations_changed_by(manager.pk, cycles) == changed
