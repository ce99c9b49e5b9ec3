"""Load test: Locust, headless, against two gunicorn nodes (+ a Celery worker) on this
machine, DEBUG off, PostgreSQL and Redis, with the demo data. Loopback only; bounded in
time (--seconds); stops by itself and stops the stack.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/exchange .venv/bin/python bench/load_test.py \
        [--users 16] [--seconds 60] [--think 2,8] [--spawn-rate 1] [--admins 1] [--reuse]

It uses the stack tests' database `<DATABASE_URL's name>_stack` (made fresh, migrated and
loaded with the demo unless --reuse), ports STACK_PORT_BASE+1 and +2 (8141, 8142) and
Redis STACK_REDIS_URL. Prints requests per second, p50 and p95 latency and errors, overall
and per request kind, with each kind's share of the time the nodes spent answering (count
x mean): what dominates, and the time spent inside the nodes' workers (from their access
logs) beside what the client waited. `--think 0,0 --users 2 --admins 0` (one staff member,
one manager, one request at a time each) measures the requests nearly alone.
"""

import argparse
import csv
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.stack.support import (  # noqa: E402 - the repository on the path first
    BIN,
    Stack,
    flush_redis,
    fresh_database,
    manage,
    stack_env,
    stack_query,
)

MEDIA = ROOT / "var" / "load-test-media"
# What the workload provokes on purpose: the edit refused while the report is reviewed.
PROVOKED = ("Forbidden (Permission denied): /delegations/",)
# Each node's access log gives the time spent inside gunicorn's worker (%(M)s, ms): what
# the client waited beyond it was spent queueing for a worker.
ACCESS_LOG = ("--access-logfile", "-", "--access-logformat", "access %(m)s %(U)s %(s)s %(M)s")
ID = re.compile(r"/\d+")
ACCESS_LINE = re.compile(r"access (\w+) (\S+) (\d{3}) (\d+)$")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--spawn-rate", type=float, default=1, help="log-ins per second")
    parser.add_argument("--think", default="2,8", help="seconds between a user's clicks")
    parser.add_argument("--admins", default="1", help="administrators reopening the report")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--reuse", action="store_true", help="keep the stack database as is")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="exchange-load-"))
    env = stack_env(
        work,
        LOGIN_FAILURE_LIMIT="1000",
        LOGIN_ADDRESS_FAILURE_LIMIT="100000",
        MEDIA_ROOT=str(MEDIA),  # the demo's files, kept for --reuse
        EMAIL_URL=f"filemail:///{work / 'mail'}",  # the review mail, one file per sending
    )
    if not args.reuse:
        shutil.rmtree(MEDIA, ignore_errors=True)
        fresh_database()
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_demo")
    flush_redis()
    manage(env, "collectstatic", "--noinput", "-v0")
    delegation = stack_query(
        "SELECT id FROM delegations_delegation WHERE title LIKE %s", "Government of Mozambique%"
    )[0][0]
    stack = Stack(work)
    try:
        stack.worker(env)
        nodes = [stack.gunicorn(f"node-{n}", n, env, args.web_workers, *ACCESS_LOG) for n in (1, 2)]
        prefix = work / "locust"
        command = [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py")]
        command += ["--headless", "--users", str(args.users), "--spawn-rate", str(args.spawn_rate)]
        command += ["--run-time", f"{args.seconds}s", "--stop-timeout", "10", "--host", nodes[0]]
        command += ["--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"]
        locust_env = {
            **env,
            "LOAD_NODES": ",".join(nodes),
            "LOAD_DELEGATION": str(delegation),
            "LOAD_THINK": args.think,
            "LOAD_ADMINS": args.admins,
        }
        subprocess.run(command, env=locust_env, timeout=args.seconds + 120, check=False)
        report(prefix.with_name("locust_stats.csv"), args)
        time.sleep(1)  # the last lines reach the log files
        problems = stack.problems(expected=PROVOKED)
    finally:
        stack.stop()
    server_times([process.output() for process in stack.processes])  # all written now
    print(f"\nErrors or warnings in the stack's logs: {len(problems)}")
    for line in problems[:20]:
        print("  " + line)
    return 0


def server_times(logs: list[str]) -> None:
    """Per kind of request (path with ids as {id}): count, median and p95 of the time the
    nodes' workers spent on it, and its share of their busy time."""
    times: dict[str, list[int]] = {}
    for log in logs:
        for line in log.splitlines():
            found = ACCESS_LINE.search(line)
            if found and not found[2].startswith(("/static/", "/health/")):
                kind = found[1] + " " + ID.sub("/{id}", found[2])
                times.setdefault(kind, []).append(int(found[4]))
    total = sum(sum(values) for values in times.values()) or 1
    print("\nInside the nodes' workers (gunicorn's request time):")
    print(f"{'request':<50} {'count':>6} {'p50 ms':>7} {'p95 ms':>7} {'share':>6}")
    for kind, values in sorted(times.items(), key=lambda item: -sum(item[1])):
        values.sort()
        p50, p95 = values[len(values) // 2], values[min(len(values) - 1, len(values) * 95 // 100)]
        share = sum(values) / total
        print(f"{kind[:50]:<50} {len(values):>6} {p50:>7} {p95:>7} {share:>6.0%}")


def report(stats: Path, args) -> None:
    with stats.open() as handle:
        rows = list(csv.DictReader(handle))
    busy = {
        row["Name"]: int(row["Request Count"]) * float(row["Average Response Time"])
        for row in rows
        if row["Name"] != "Aggregated"
    }
    total = sum(busy.values()) or 1
    print(
        f"\n{args.users} users, {args.seconds} s, think {args.think} s, "
        f"two nodes x {args.web_workers} gunicorn workers"
    )
    print(
        f"{'request':<24} {'count':>6} {'fail':>5} {'req/s':>6} {'mean ms':>8} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'share':>6}"
    )
    for row in rows:
        share = busy.get(row["Name"], total) / total
        print(
            f"{row['Name']:<24} {row['Request Count']:>6} {row['Failure Count']:>5} "
            f"{float(row['Requests/s']):>6.1f} {float(row['Average Response Time']):>8.0f} "
            f"{row['50%']:>7} {row['95%']:>7} {share:>6.0%}"
        )


if __name__ == "__main__":
    sys.exit(main())
