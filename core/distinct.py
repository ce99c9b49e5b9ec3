"""The distinct values of an indexed column, read without scanning the table.

`SELECT DISTINCT country FROM officials` reads every row: its cost grows with the table,
though the filters it feeds offer a few dozen countries. `distinct_values` reads them as a
"loose index scan": the smallest value, then the smallest above it, and so on, each step
one probe of an index that starts with the column (or with `group` then the column). The
cost follows the number of distinct values, not of rows. A recursive CTE, so PostgreSQL and
SQLite alike (`make run`).
"""

from django.db import connection
from django.db.models import Model


def distinct_values(model: type[Model], column: str, *, group: str = "", within=()) -> set:
    """The distinct non-empty values of `column` (a column name) in `model`'s table; with
    `group` (a column name), only in rows whose `group` is one of `within` (e.g. programme
    ids; an index on (group, column) serves it)."""
    quote = connection.ops.quote_name
    table, column = quote(model._meta.db_table), quote(column)
    if not group:
        sql = f"""
            WITH RECURSIVE walk (value) AS (
                SELECT MIN({column}) FROM {table} WHERE {column} > %s
              UNION ALL
                SELECT (SELECT MIN({column}) FROM {table} WHERE {column} > walk.value)
                FROM walk WHERE walk.value IS NOT NULL
            )
            SELECT value FROM walk WHERE value IS NOT NULL
        """
        return _read(sql, [""])
    within = list(within)
    if not within:
        return set()
    group = quote(group)
    groups = " UNION ALL ".join(["SELECT %s AS grp"] * len(within))
    sql = f"""
        WITH RECURSIVE walk (grp, value) AS (
            SELECT g.grp, (SELECT MIN(t.{column}) FROM {table} t
                           WHERE t.{group} = g.grp AND t.{column} > %s)
            FROM ({groups}) g
          UNION ALL
            SELECT walk.grp, (SELECT MIN(t.{column}) FROM {table} t
                              WHERE t.{group} = walk.grp AND t.{column} > walk.value)
            FROM walk WHERE walk.value IS NOT NULL
        )
        SELECT DISTINCT value FROM walk WHERE value IS NOT NULL
    """
    return _read(sql, ["", *within])


def _read(sql: str, params: list) -> set:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {value for (value,) in cursor.fetchall()}
