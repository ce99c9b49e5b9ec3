"""Query-count checks: a page makes the same number of queries at 1 row and at many."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client, url: str) -> int:
    """How many queries one GET of `url` makes (the page must answer 200)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(captured)


def assert_constant_queries(client, url: str, add_rows, *, more: int = 4) -> None:
    """GET `url`, add `more` rows with `add_rows(n)`, GET again: same query count."""
    before = queries_for(client, url)
    add_rows(more)
    after = queries_for(client, url)
    assert after == before, f"{url}: {before} queries with few rows, {after} with more"
