"""Benchmark: the demo delegation's report as a PDF.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/exchange DEBUG=true \
        .venv/bin/python bench/report_pdf_bench.py [--runs 15]

Reads the demo delegation (`manage.py load_demo` first) through the report's own
queryset, `--runs` times each after one warm-up run (fonts and stylesheets loaded), and
prints the median wall time and the median CPU time of this process (the fairer figure
on a shared machine: other processes stretch the wall time) of:

- laid out: reports.rendering.render_report_pdf, WeasyPrint every time (what the worker
  does once per content, and a request whose PDF nobody prepared);
- served: reports.rendering.live_report_pdf with the PDF in the cache (what the PDF link
  costs once the worker laid it out, reports.pdf_cache): the report's queries, its HTML,
  the key's SHA-256, the cache read;
- plain text: the same report's text as plain paragraphs (no stylesheet, no tables, no
  lists of facts, no page margins), laid out by the same WeasyPrint set-up: the floor
  under any print design of this much text on this machine.

WeasyPrint warnings are counted too (the target is none). Last, a yardstick of the
machine's speed per core (a plain Python loop of 20 million additions): machines of one
kind differ by twice or more, so figures of different sessions compare through it.
"""

import argparse
import html
import logging
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exchange.settings")
    import django

    django.setup()
    from delegations.models import Delegation
    from demo.story.visit import DELEGATION_TITLE
    from reports.pdf import render_pdf
    from reports.rendering import (
        PDF_BASE_URL,
        live_report_pdf,
        render_report_pdf,
        report_pdf_html,
    )
    from reports.selectors import report_queryset

    warnings: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            warnings.append(record)

    logger = logging.getLogger("weasyprint")
    logger.addHandler(Collect(level=logging.WARNING))
    logger.setLevel(logging.WARNING)

    pk = Delegation.objects.get(title=DELEGATION_TITLE).pk

    def plain_text(delegation) -> bytes:
        """The report's text, one paragraph per block, in the report's font and size."""
        body = report_pdf_html(delegation).split("<body", 1)[1]
        blocks = re.sub(r"<(?:p|div|h\d|li|tr|dt|dd|section|figcaption)\b[^>]*>", "\n", body)
        text = html.unescape(re.sub(r"<[^>]+>", "", blocks))
        paragraphs = "".join(
            f"<p>{html.escape(line.strip())}</p>" for line in text.splitlines() if line.strip()
        )
        page = (
            "<html><body style=\"font-family: 'DejaVu Sans'; font-size: 9.5pt\">"
            f"{paragraphs}</body></html>"
        )
        return render_pdf(page, delegation=delegation, base_url=PDF_BASE_URL, static_url="/s/")

    def timed(make) -> tuple[float, float, int]:
        wall, cpu = time.perf_counter(), time.process_time()
        pdf = make(report_queryset().get(pk=pk))
        return time.perf_counter() - wall, time.process_time() - cpu, len(pdf)

    for name, make in (
        ("laid out", render_report_pdf),
        ("served", live_report_pdf),
        ("plain text (the floor)", plain_text),
    ):
        timed(make)  # warm-up: fonts, stylesheets, templates; for "served", the cache
        runs = [timed(make) for _ in range(args.runs)]
        walls, cpus = [r[0] for r in runs], [r[1] for r in runs]
        print(f"demo report PDF, {name}, {args.runs} runs, {runs[-1][2]:,} bytes")
        print(f"  wall: median {statistics.median(walls):.3f} s (min {min(walls):.3f} s)")
        print(f"  CPU:  median {statistics.median(cpus):.3f} s (min {min(cpus):.3f} s)")
    print(f"WeasyPrint warnings: {len(warnings)}")
    print(f"yardstick (20 million additions in Python): {yardstick():.2f} s CPU")


def yardstick() -> float:
    """The machine's speed per core: the median CPU time of a fixed pure-Python loop."""
    times = []
    for _ in range(3):
        start, total = time.process_time(), 0
        for number in range(20_000_000):
            total += number
        times.append(time.process_time() - start)
    return statistics.median(times)


if __name__ == "__main__":
    main()
