"""How fast global search is on a big directory, with and without its indexes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/exchange python bench/search_bench.py

Creates a throwaway database next to DATABASE_URL's (named <name>_search_bench), migrates
it, fills it in bulk with generate_series SQL (100,000 officials, 10,000 organisations,
a few real names from the seed story among them), then runs a set of typo, accent,
word-order and acronym searches through the page's own code (search.selectors) N times
each: first with the search migration's trigram and full-text GIN indexes, then with
them dropped. It prints the median time of each side by side and EXPLAIN (ANALYZE) of
the officials query with the indexes (look for "Bitmap Index Scan on search_...").
The throwaway database is dropped at the end unless --keep is given. With --in-place
the bench runs in DATABASE_URL's own database instead, inside one transaction that is
rolled back: the rows and the dropped indexes all come back as they were.
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = [
    "Elungatta",  # a typo: John Elungata
    "Antonio Mapure",  # no accent typed: António Domingos Mapure
    "mapure antónio domingos",  # another word order
    "Wanjru Njoroge",  # a letter missing
    "Fatima",  # Fátima
    "NCTC",  # an acronym
    "Natonal Polise Service",  # two typos in an organisation's name
    "Kenya Police Service National",  # a stray word, another order
]

FIRST_NAMES = [
    "António", "João", "José", "Amina", "Wanjiru", "Achieng", "Fátima", "Hélder", "Inês",
    "Mohamed", "Abdi", "Noor", "Grace", "Ferdinand", "Lídia", "Célia", "Zainabu", "Otieno",
    "Kamau", "Njeri",
]  # fmt: skip
SYLLABLES = (
    ["Ma", "Ki", "Wa", "Ngu", "Ela", "Mu", "Ba", "Sa", "Lu", "Ca",
     "Do", "Fe", "Go", "Ha", "Ja", "Ko", "Le", "Mo", "Nu", "Pa"],
    ["pu", "ru", "nga", "lu", "mbe", "ta", "ko", "si", "we", "go"],
    ["re", "ta", "ni", "ro", "de", "ya", "mo", "la", "ka", "ba"],
)  # fmt: skip
POSITIONS = [
    "Regional Coordinator", "Provincial Director of Justice", "Assistant Director of Immigration",
    "County Commissioner", "Programme Officer", "Chief of Mission", "Youth Leader",
    "Deputy Inspector General", "Permanent Secretary", "Field Assistant",
]  # fmt: skip
ORG_WORDS = (
    ["National", "County", "Regional", "Provincial", "Coastal", "Northern", "Southern",
     "Eastern", "Western", "Central", "United", "Federal", "Municipal", "Rural", "Urban",
     "Lakeside", "Highland", "Youth", "Women's", "Community"],
    ["Police", "Health", "Education", "Immigration", "Border", "Justice", "Finance", "Water",
     "Agriculture", "Peace", "Security", "Trade", "Transport", "Labour", "Sports", "Gender",
     "Lands", "Fisheries", "Tourism", "Energy"],
    ["Service", "Centre", "Department", "Council", "Authority", "Commission", "Agency",
     "Office", "Board", "Directorate", "Institute", "Network", "Forum", "Association", "Trust",
     "Foundation", "Bureau", "Secretariat", "Committee", "Unit", "Programme", "Project",
     "Society", "Initiative", "Alliance"],
)  # fmt: skip


def sql_array(values: list[str]) -> str:
    return "ARRAY[" + ", ".join("'" + value.replace("'", "''") + "'" for value in values) + "]"


def pick(array: str, expression: str) -> str:
    """The element of a SQL array chosen by an integer expression (1-based, wrapping)."""
    return f"({array})[1 + ({expression}) % array_length({array}, 1)]"


ORGANISATIONS_SQL = f"""
INSERT INTO partners_organisation
    (created_at, updated_at, version, name, acronym, kind, country, website, notes)
SELECT now(), now(), 1, name,
       CASE WHEN i % 3 = 0 THEN search_initials(name) ELSE '' END,
       'government', {pick(sql_array(["KE", "MZ", "TZ", "UG", "SO"]), "i / 7")}, '', ''
FROM (
    SELECT i, {pick(sql_array(ORG_WORDS[0]), "i")} || ' ' || {pick(sql_array(ORG_WORDS[1]), "i / 20")}
              || ' ' || {pick(sql_array(ORG_WORDS[2]), "i / 400")} AS name
    FROM generate_series(0, __ORGANISATIONS__ - 2) AS i
) AS generated;
INSERT INTO partners_organisation
    (created_at, updated_at, version, name, acronym, kind, country, website, notes)
VALUES (now(), now(), 1, 'National Counter Terrorism Centre', 'NCTC', 'government', 'KE', '', '');
"""

OFFICIALS_SQL = f"""
INSERT INTO officials_official
    (created_at, updated_at, version, rank, honorific, full_name, position, country, gender,
     email, phone, notes, organisation_id)
SELECT now(), now(), 1, '', '',
       {pick(sql_array(FIRST_NAMES), "i * 7")} || ' ' || {pick(sql_array(FIRST_NAMES), "i / 20 * 3 + 1")}
       || ' ' || {pick(sql_array(SYLLABLES[0]), "i / 3")} || {pick(sql_array(SYLLABLES[1]), "i / 11")}
       || {pick(sql_array(SYLLABLES[2]), "i / 13")},
       {pick(sql_array(POSITIONS), "i / 5")},
       {pick(sql_array(["KE", "MZ", "TZ", "UG", "SO"]), "i")}, 'not_recorded', '', '', '',
       organisations.ids[1 + (i * 31) % array_length(organisations.ids, 1)]
FROM generate_series(0, __OFFICIALS__ - 4) AS i,
     (SELECT array_agg(id ORDER BY id) AS ids FROM partners_organisation) AS organisations;
INSERT INTO officials_official
    (created_at, updated_at, version, rank, honorific, full_name, position, country, gender,
     email, phone, notes)
VALUES (now(), now(), 1, '', 'Mr', 'John Elungata', 'Regional Coordinator', 'KE', 'male', '', '', ''),
       (now(), now(), 1, '', 'Mr', 'António Domingos Mapure', 'Provincial Permanent Secretary',
        'MZ', 'male', '', '', ''),
       (now(), now(), 1, '', 'Ms', 'Wanjiru Njoroge', 'County Commissioner', 'KE', 'female', '', '', '');
"""


def database_urls(url: str, in_place: bool) -> tuple[str, str, str]:
    """(maintenance URL, bench URL, bench database name)."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "postgres"
    bench_name = name if in_place else f"{name}_search_bench"
    return (
        urlunsplit(parts._replace(path="/postgres")),
        urlunsplit(parts._replace(path=f"/{bench_name}")),
        bench_name,
    )


def recreate_database(maintenance_url: str, name: str, *, drop_only: bool = False) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        if not drop_only:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def median_ms(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def bench(args) -> None:
    from django.db import connection, transaction

    from accounts.models import User
    from search.selectors import KINDS_BY_KEY, search_groups, search_kind
    from search.text import parse_query

    administrator = User(email="bench@example.org", is_superuser=True)

    def searches() -> dict[str, Callable]:
        return {
            text: partial(search_groups, query=parse_query(text), user=administrator)
            for text in QUERIES
        }

    def explain(text: str, key: str) -> str:
        queryset = search_kind(kind=KINDS_BY_KEY[key], query=parse_query(text), user=administrator)
        sql, params = queryset[:10].query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}", params)
            lines = [row[0] for row in cursor.fetchall()]
        # The conditions repeat the indexed expressions in full: cut them to a readable width.
        return "\n".join(line if len(line) <= 150 else f"{line[:149]}…" for line in lines)

    with transaction.atomic():
        with connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute(ORGANISATIONS_SQL.replace("__ORGANISATIONS__", str(args.organisations)))
            cursor.execute(OFFICIALS_SQL.replace("__OFFICIALS__", str(args.officials)))
            cursor.execute("ANALYZE partners_organisation; ANALYZE officials_official")
            cursor.execute("SELECT count(*) FROM officials_official")
            officials = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM partners_organisation")
            organisations = cursor.fetchone()[0]
            print(
                f"Generated {officials:,} officials and {organisations:,} organisations "
                f"in {time.perf_counter() - started:.1f} s (generate_series SQL)."
            )
            cursor.execute("SHOW server_version")
            print(f"PostgreSQL {cursor.fetchone()[0]}; {args.runs} runs per query, median.\n")

        hits = {
            text: {group.kind.key: group.total for group in run() if group.total}
            for text, run in searches().items()
        }
        for run in searches().values():  # warm the caches once
            run()
        with_indexes = {text: median_ms(run, args.runs) for text, run in searches().items()}
        plans = [explain("Elungatta", "officials"), explain("NCTC", "organisations")]

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE indexname LIKE %s "
                "AND tablename IN ('officials_official', 'partners_organisation')",
                ["search\\_%"],
            )
            dropped = [row[0] for row in cursor.fetchall()]
            for name in dropped:
                cursor.execute(f'DROP INDEX "{name}"')
        without_indexes = {text: median_ms(run, args.runs) for text, run in searches().items()}
        plain_plan = explain("Elungatta", "officials")
        transaction.set_rollback(True)  # the rows and the indexes: as they were

    width = max(map(len, QUERIES)) + 2
    print(f"{'query':<{width}} {'indexed':>10} {'no index':>10} {'speed-up':>9}  results")
    for text in QUERIES:
        indexed, plain = with_indexes[text], without_indexes[text]
        found = ", ".join(f"{key} {total}" for key, total in hits[text].items()) or "none"
        print(
            f"{text!r:<{width}} {indexed:>8.1f}ms {plain:>8.1f}ms {plain / indexed:>8.1f}x  {found}"
        )
    print(
        f"{'median of the medians':<{width}} "
        f"{statistics.median(with_indexes.values()):>8.1f}ms "
        f"{statistics.median(without_indexes.values()):>8.1f}ms"
    )
    print(f"\nIndexes dropped for the second column: {', '.join(sorted(dropped))}")
    print("\nEXPLAIN ANALYZE, officials, 'Elungatta', with the indexes:\n" + plans[0])
    print("\nEXPLAIN ANALYZE, organisations, 'NCTC', with the indexes:\n" + plans[1])
    print("\nEXPLAIN ANALYZE, officials, 'Elungatta', without them:\n" + plain_plan)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--officials", type=int, default=100_000)
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15, help="runs per query and side")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway database")
    parser.add_argument(
        "--in-place",
        action="store_true",
        help="use DATABASE_URL's database, in a transaction rolled back at the end",
    )
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a postgres:// URL: the bench measures PostgreSQL search.")
    maintenance_url, bench_url, bench_name = database_urls(url, args.in_place)
    if not args.in_place:
        print(f"Creating the throwaway database {bench_name}...")
        recreate_database(maintenance_url, bench_name)
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exchange.settings")
    os.environ.setdefault("SECRET_KEY", "search-bench-only-not-a-real-secret-key-0123456789")

    import django
    from django.core.management import call_command

    django.setup()
    try:
        call_command("migrate", verbosity=0, interactive=False)
        bench(args)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.in_place and not args.keep:
            recreate_database(maintenance_url, bench_name, drop_only=True)
            print(f"\nDropped {bench_name}.")


if __name__ == "__main__":
    main()
