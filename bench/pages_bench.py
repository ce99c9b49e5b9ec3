"""Main pages as the data grows: median time and query count of each page, in process,
DEBUG off, beside the admin changelist and a minimal view of the same 25 rows; then the
peak memory of a delegation export of --export-rows rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/exchange \
        .venv/bin/python bench/pages_bench.py [--sizes 10000,40000] [--runs 5] [--export-rows 100000]

A throwaway database `<name>_pages_bench` is made, migrated and loaded with the demo story;
the demo delegation is then copied in bulk (SQL) until the delegations reach each size,
half in the demo's programme (PHSS), half in the other (LMD), each copy with the demo's
report, members, destinations and every itinerary item, and 5 new officials per copy
(40,000 delegations: 200,000 officials); organisations are copied too, to half the
delegations (40,000 delegations: 20,000 organisations), their kinds and countries in turn
from a few. Pages are read as PHSS staff (the admin
changelist as the administrator). The database is dropped at the end (--keep keeps it);
--reuse takes the kept one as it is (migrated to this code first, no new demo).

At each size it also prints EXPLAIN (ANALYZE) of the lists' page queries (the ids each list's
paginator reads, core.pagination), to show which index serves each ordering and filter.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def database_urls(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url)
    name = (parts.path.lstrip("/") or "exchange") + "_pages_bench"
    return (
        urlunsplit(parts._replace(path="/postgres")),
        urlunsplit(parts._replace(path=f"/{name}")),
        name,
    )


def prepare(maintenance_url: str, url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "true"}
    for command in (["migrate", "--noinput", "-v0"], ["load_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def columns(cursor, table: str) -> list[str]:
    cursor.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = %s AND column_name <> 'id' ORDER BY ordinal_position",
        [table],
    )
    return [row[0] for row in cursor.fetchall()]


def copy_rows(cursor, table: str, from_where: str, overrides: dict[str, str]) -> None:
    """INSERT INTO table SELECT its own columns from `s` (and whatever `from_where` joins),
    some of them replaced by SQL expressions."""
    names = columns(cursor, table)
    chosen = ", ".join(overrides.get(name, f's."{name}"') for name in names)
    quoted = ", ".join(f'"{name}"' for name in names)
    cursor.execute(f"INSERT INTO {table} ({quoted}) SELECT {chosen} FROM {from_where}")


def grow(cursor, demo: int, phss: int, lmd: int, target: int, with_children: bool = True) -> None:
    cursor.execute("SELECT count(*), max(id) FROM delegations_delegation")
    count, before = cursor.fetchone()
    first, last = count, target - 1
    if last < first:
        return
    copy_rows(
        cursor,
        "delegations_delegation",
        f"delegations_delegation s, generate_series({first}, {last}) AS g WHERE s.id = {demo}",
        {
            "title": "s.title || ' #' || g",
            "programme_id": f"CASE WHEN g % 2 = 0 THEN {phss} ELSE {lmd} END",
            "start_date": "s.start_date - (g % 4000)",
            "end_date": "s.end_date - (g % 4000)",
            "status": "(ARRAY['draft','planned','confirmed','completed','cancelled'])[1 + g % 5]",
        },
    )
    new = f"delegations_delegation d WHERE d.id > {before}"
    copy_rows(
        cursor,
        "delegations_report",
        f"delegations_report s, {new} AND s.delegation_id = {demo}",
        {"delegation_id": "d.id"},
    )
    if not with_children:
        return
    for table in (
        "delegations_delegation_destinations",
        "delegations_delegationmember",
        "itinerary_itineraryitem",
    ):
        copy_rows(
            cursor,
            table,
            f"{table} s, {new} AND s.delegation_id = {demo}",
            {"delegation_id": "d.id"},
        )
    copy_rows(
        cursor,
        "officials_official",
        f"officials_official s, generate_series(1, ({last} - {first} + 1) * 5) AS g "
        "WHERE s.id = (SELECT min(id) FROM officials_official)",
        {"full_name": "'Bench Official ' || g || ' ' || s.full_name", "user_id": "NULL"},
    )
    cursor.execute("ANALYZE")


ORGANISATION_KINDS = "ARRAY['government','ngo','community','education','private','other']"
ORGANISATION_COUNTRIES = "ARRAY['KE','TZ','MZ','ZA','UG','']"


def grow_organisations(cursor, target: int) -> None:
    """Copy the first organisation until there are `target` organisations: each copy a new
    name, its kind and country taken in turn from a few, no parent."""
    cursor.execute("SELECT count(*) FROM partners_organisation")
    (count,) = cursor.fetchone()
    if target <= count:
        return
    copy_rows(
        cursor,
        "partners_organisation",
        f"partners_organisation s, generate_series({count + 1}, {target}) AS g "
        "WHERE s.id = (SELECT min(id) FROM partners_organisation)",
        {
            "name": "'Bench Organisation ' || g",
            "acronym": "'BO' || g",
            "kind": f"({ORGANISATION_KINDS})[1 + g % 6]",
            "country": f"({ORGANISATION_COUNTRIES})[1 + g % 6]",
            "parent_id": "NULL",
        },
    )
    cursor.execute("ANALYZE partners_organisation")


def measure(pages, runs: int) -> list[tuple[str, float, int]]:
    """(label, median ms, queries) of each page. The runs take turns: each round reads
    every page once, so a burst of load from elsewhere on a shared machine falls on all
    pages alike rather than on the few that were being read at that moment."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for label, run in pages:
        run()  # warm up once
        with CaptureQueriesContext(connection) as queries:
            response = run()
        counts.append(len(queries))  # now: the next requests clear the connection's log
        assert response.status_code == 200, (label, response.status_code)
    times: list[list[float]] = [[] for _ in pages]
    for _ in range(runs):
        for index, (_label, run) in enumerate(pages):
            started = time.perf_counter()
            run()
            times[index].append((time.perf_counter() - started) * 1000)
    return [
        (label, statistics.median(page_times), count)
        for (label, _run), page_times, count in zip(pages, times, counts, strict=True)
    ]


def export_peak(user, rows: int) -> tuple[int, float, float, float]:
    """(rows written, peak traced MiB, seconds, growth of the peak RSS in MiB) of the
    delegation CSV for `user`: timed once as it runs (the process's peak resident size
    before and after), then once more under tracemalloc (which slows it) for the peak."""
    from reports.exports.csv import delegations_csv
    from reports.exports.data import listed_delegations, with_counts

    def write() -> int:
        queryset = with_counts(listed_delegations(user=user, params={}))[:rows]
        return sum(1 for _line in delegations_csv(queryset)) - 1

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    started = time.perf_counter()
    written = write()
    seconds = time.perf_counter() - started
    rss_growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    tracemalloc.start()
    write()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return written, peak / 2**20, seconds, rss_growth


def explain_lists(user, deep_page: int, deep_organisations: int) -> None:
    """EXPLAIN ANALYZE of each list's page of ids (what core.pagination.BoundedPaginator
    reads), its bounded count, and the filters' country walk (core.distinct)."""
    from django.db import connection

    from delegations.filters import DEFAULT_ORDER, SORTS
    from delegations.selectors import delegations_listed_for
    from officials.selectors import officials_for_directory
    from partners.selectors import organisations_for_directory

    scope = delegations_listed_for(user=user)
    ids = {
        "delegation list": scope.order_by(*DEFAULT_ORDER),
        "delegation list, filtered": scope.filter(status="planned").order_by(*DEFAULT_ORDER),
        "delegation list, by title": scope.order_by(*SORTS["title"]),
        "officials list": officials_for_directory(),
        "officials list, one country": officials_for_directory().filter(country="KE"),
        "organisations list": organisations_for_directory(),
        "organisations list, one kind": organisations_for_directory().filter(kind="ngo"),
    }
    queries = {label: queryset.values_list("pk", flat=True)[:25] for label, queryset in ids.items()}
    start = (deep_page - 1) * 25
    queries["delegation list, deep page"] = scope.order_by(*DEFAULT_ORDER).values_list(
        "pk", flat=True
    )[start : start + 25]
    start = (deep_organisations - 1) * 25
    queries["organisations list, deep page"] = organisations_for_directory().values_list(
        "pk", flat=True
    )[start : start + 25]
    with connection.cursor() as cursor:
        for label, queryset in queries.items():
            sql, params = queryset.query.sql_with_params()
            cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) {sql}", params)
            plan = [row[0] for row in cursor.fetchall()]
            nodes = [
                line.strip().lstrip("-> ") for line in plan if "Scan" in line or "Sort" in line
            ]
            print(f"  EXPLAIN {label}: " + " | ".join(nodes[:4]) + f" | {plan[-1].strip()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,40000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--export-rows", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--reuse", action="store_true", help="use the kept database as it is (no migrate)"
    )
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/exchange")
    maintenance, url, name = database_urls(base)
    started = time.perf_counter()
    if not args.reuse:
        prepare(maintenance, url, name)
        print(f"Migrated and loaded the demo into {name} in {time.perf_counter() - started:.0f} s.")
    else:  # the kept database, brought to this code's migrations (indexes included)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": url, "DEBUG": "true"},
            check=True,
        )

    os.environ.update(DATABASE_URL=url, DEBUG="false", DJANGO_SETTINGS_MODULE="exchange.settings")
    os.environ.setdefault("SECRET_KEY", "pages-bench-" + "k" * 40)
    os.environ.update(ALLOWED_HOSTS="testserver", SECURE_SSL_REDIRECT="false")
    # DEBUG off serves the hashed names of collected static files, as in production.
    os.environ["STATIC_ROOT"] = tempfile.mkdtemp(prefix="pages-bench-static-")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=os.environ,
        check=True,
    )
    import django

    django.setup()
    from django.db import connection
    from django.template import engines
    from django.test import Client, RequestFactory

    from accounts.models import User
    from delegations.filters import DEFAULT_ORDER
    from delegations.models import Delegation
    from delegations.selectors import delegations_listed_for
    from partners.models import Programme

    demo = Delegation.objects.order_by("pk").first()
    phss, lmd = (Programme.objects.get(code=code).pk for code in ("PHSS", "LMD"))
    staff = User.objects.get(email="phss.staff@exchange.example")
    admin = User.objects.get(email="admin@exchange.example")
    client, admin_client = Client(), Client()
    client.force_login(staff)
    admin_client.force_login(admin)
    minimal = engines["django"].from_string(
        "<table>{% for d in rows %}<tr><td><a href='/delegations/{{ d.pk }}/'>{{ d.title }}</a>"
        "</td><td>{{ d.programme.code }}</td><td>{{ d.start_date }}</td><td>{{ d.end_date }}"
        "</td><td>{{ d.get_status_display }}</td></tr>{% endfor %}</table>"
    )

    from django.http import HttpResponse

    def minimal_view(request=None):
        """The same 25 rows, the same scope and order, a one-line template."""
        request = request or RequestFactory().get("/")
        user = getattr(request, "user", staff)
        rows = (
            delegations_listed_for(user=user).order_by(*DEFAULT_ORDER).select_related("programme")
        )
        return HttpResponse(minimal.render({"rows": rows[:25]}, request))

    # Mounted beside the project's URLs, so that it goes through the same client, middleware,
    # session and log-in as the list: the fair comparison (issue 13: at most 2.5x).
    import types

    from django.conf import settings
    from django.urls import clear_url_caches, include, path

    urls = types.ModuleType("pages_bench_urls")
    urls.urlpatterns = [
        path("bench/minimal/", minimal_view),
        path("", include("exchange.urls")),
    ]
    sys.modules["pages_bench_urls"] = urls
    settings.ROOT_URLCONF = "pages_bench_urls"
    clear_url_caches()

    pages = [
        ("delegation list", lambda: client.get("/delegations/")),
        ("delegation list, deep page", lambda: client.get(f"/delegations/?page={deep[0]}")),
        ("delegation list, filtered", lambda: client.get("/delegations/?status=planned")),
        ("delegation list, by title", lambda: client.get("/delegations/?sort=title")),
        ("minimal view, same 25 rows", lambda: client.get("/bench/minimal/")),
        ("minimal view, called directly", minimal_view),
        ("admin changelist", lambda: admin_client.get("/admin/delegations/delegation/")),
        ("dashboard", lambda: client.get("/reports/")),
        ("delegation page", lambda: client.get(f"/delegations/{demo.pk}/")),
        # Its Change history section, which the page fetches once loaded (deferred).
        (
            "delegation page: history",
            lambda: client.get(f"/visits/delegations/{demo.pk}/history/latest/"),
        ),
        ("report page", lambda: client.get(f"/reports/delegations/{demo.pk}/report/")),
        ("search 'Nairobi'", lambda: client.get("/search/?q=Nairobi")),
        ("officials list", lambda: client.get("/officials/")),
        ("officials list, deep page", lambda: client.get(f"/officials/?page={deep[1]}")),
        ("organisations list", lambda: client.get("/partners/organisations/")),
        (
            "organisations list, deep page",
            lambda: client.get(f"/partners/organisations/?page={deep[2]}"),
        ),
        ("organisations list, filtered", lambda: client.get("/partners/organisations/?kind=ngo")),
    ]
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        print(
            f"PostgreSQL {cursor.fetchone()[0]}, DEBUG off, {args.runs} runs per page (taking turns), median."
        )
    results = {}
    # Three quarters down the staff member's list (half the rows), the officials', the
    # organisations'.
    deep = [1, 1, 1]
    for size in [int(s) for s in args.sizes.split(",")]:
        deep[0] = max(1, size // 2 // 25 * 3 // 4)
        deep[1] = max(1, size * 5 // 25 * 3 // 4)
        deep[2] = max(1, size // 2 // 25 * 3 // 4)
        started = time.perf_counter()
        with connection.cursor() as cursor:
            grow(cursor, demo.pk, phss, lmd, size)
            grow_organisations(cursor, size // 2)
            # As autovacuum leaves a settled table: statistics, and the visibility map that
            # lets a page be read from an index alone (a deep page's OFFSET in the index).
            cursor.execute("VACUUM ANALYZE")
            cursor.execute(
                "SELECT (SELECT count(*) FROM delegations_delegation),"
                " (SELECT count(*) FROM officials_official),"
                " (SELECT count(*) FROM itinerary_itineraryitem),"
                " (SELECT count(*) FROM partners_organisation)"
            )
            counts = cursor.fetchone()
        print(
            f"\nGrew to {counts[0]:,} delegations, {counts[1]:,} officials, {counts[2]:,} items,"
            f" {counts[3]:,} organisations in {time.perf_counter() - started:.0f} s."
        )
        # The rows were copied in SQL, past the services: count the dashboard's cached
        # figures again, as the worker does (reports.figure_cache), and say how long it took.
        from reports.figure_cache import refresh

        started = time.perf_counter()
        refresh(force=True)
        print(f"Dashboard figures counted again in {time.perf_counter() - started:.1f} s.")
        results[size] = measure(pages, args.runs)
        for label, ms, queries in results[size]:
            print(f"  {label:<32} {ms:9.1f} ms  {queries:3d} queries")
        explain_lists(staff, deep[0], deep[2])

    sizes = sorted(results)
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        print(f"\n{'page':<32} {small:>10,} {large:>10,}  ratio  queries")
        for (label, a, qa), (_label, b, qb) in zip(results[small], results[large], strict=True):
            print(f"{label:<32} {a:8.1f}ms {b:8.1f}ms  {b / a:5.2f}  {qa}/{qb}")
    for size in sizes:  # issue 13: the list at most 2.5x the minimal view of its rows
        times = {label: ms for label, ms, _queries in results[size]}
        ratio = times["delegation list"] / times["minimal view, same 25 rows"]
        print(f"At {size:,}: delegation list / minimal view (through the client) {ratio:.2f}")

    if args.export_rows:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            grow(cursor, demo.pk, phss, lmd, args.export_rows, with_children=False)
        print(
            f"\nGrew to {args.export_rows:,} delegations (no children) in "
            f"{time.perf_counter() - started:.0f} s."
        )
        written, peak, seconds, rss_growth = export_peak(admin, args.export_rows)
        print(
            f"Delegation CSV export: {written:,} rows in {seconds:.1f} s, "
            f"peak traced Python memory {peak:.1f} MiB, "
            f"peak RSS grew by {rss_growth:.1f} MiB during it."
        )

    connection.close()
    if not args.keep:
        import psycopg

        with psycopg.connect(maintenance, autocommit=True) as admin_connection:
            admin_connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
