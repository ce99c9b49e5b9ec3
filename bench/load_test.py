"""Load test: Locust, headless, against two gunicorn nodes (+ a Celery worker) on this
machine, DEBUG off, PostgreSQL and Redis, with the demo data. Loopback only; bounded in
time (--seconds); stops by itself and stops the stack.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/exchange .venv/bin/python bench/load_test.py \
        [--users 16] [--seconds 60] [--reuse]

It uses the stack tests' database `<DATABASE_URL's name>_stack` (made fresh, migrated and
loaded with the demo unless --reuse), ports STACK_PORT_BASE+1 and +2 (8141, 8142) and
Redis STACK_REDIS_URL. Prints requests per second, p50 and p95 latency and errors, overall
and per request kind.
"""

import argparse
import csv
import subprocess
import sys
import tempfile
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--spawn-rate", type=float, default=4)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--reuse", action="store_true", help="keep the stack database as is")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="exchange-load-"))
    env = stack_env(work, LOGIN_FAILURE_LIMIT="1000", LOGIN_ADDRESS_FAILURE_LIMIT="100000")
    if not args.reuse:
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
        nodes = [stack.gunicorn(f"node-{n}", n, env, workers=args.web_workers) for n in (1, 2)]
        prefix = work / "locust"
        command = [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py")]
        command += ["--headless", "--users", str(args.users), "--spawn-rate", str(args.spawn_rate)]
        command += ["--run-time", f"{args.seconds}s", "--stop-timeout", "10", "--host", nodes[0]]
        command += ["--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"]
        locust_env = {**env, "LOAD_NODES": ",".join(nodes), "LOAD_DELEGATION": str(delegation)}
        subprocess.run(command, env=locust_env, timeout=args.seconds + 120, check=False)
        report(prefix.with_name("locust_stats.csv"), args)
        problems = stack.problems()
    finally:
        stack.stop()
    print(f"\nErrors or warnings in the stack's logs: {len(problems)}")
    for line in problems[:20]:
        print("  " + line)
    return 0


def report(stats: Path, args) -> None:
    with stats.open() as handle:
        rows = list(csv.DictReader(handle))
    print(
        f"\n{args.users} users, {args.seconds} s, two nodes x {args.web_workers} gunicorn workers"
    )
    print(f"{'request':<28} {'count':>7} {'fail':>5} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7}")
    for row in rows:
        print(
            f"{row['Name']:<28} {row['Request Count']:>7} {row['Failure Count']:>5} "
            f"{float(row['Requests/s']):>7.1f} {row['50%']:>7} {row['95%']:>7}"
        )


if __name__ == "__main__":
    sys.exit(main())
