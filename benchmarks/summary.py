"""Every goal of ``make bench`` in one table: what each benchmark measured, OK or OVER, and
the load average when it was measured.

``make bench`` names a results file in ``$WORKBENCH_BENCH_RESULTS``, empties it, runs the
benchmarks (each adds its headline results with ``_timing.record``) and runs this last.
Run it by hand with the file: ``.venv/bin/python benchmarks/summary.py .bench-results.jsonl``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from _timing import RESULTS_ENV

#: The benchmarks ``make bench`` runs; one that recorded nothing is named as missing.
BENCHES = ("bench_startup.py", "bench_scale.py", "bench_clicks.py", "bench_import.py",
           "bench_sentiment.py", "bench_pacing.py", "bench_large.py")


def read(path: Path) -> list[dict]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def table(rows: list[dict]) -> str:
    """The results as aligned text, one goal a line, in the order they were measured."""
    head = ("goal", "measured", "verdict", "load average (1/5/15 min)", "bench")
    body = [(r["goal"], r["measured"], "OK" if r["ok"] else "OVER",
             f"{r['load']} at {r['at']}", r["bench"]) for r in rows]
    body += [("(nothing recorded: did it run?)", "", "", "", bench)
             for bench in BENCHES if bench not in {r["bench"] for r in rows}]
    widths = [max(len(line[i]) for line in [head, *body]) for i in range(len(head))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True))
                     .rstrip() for line in [head, *body])


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    path = Path(argv[0] if argv else os.environ.get(RESULTS_ENV, ".bench-results.jsonl"))
    rows = read(path)
    over = sum(not r["ok"] for r in rows)
    print(f"\nSummary of make bench ({path.name}): {len(rows) - over} OK, {over} OVER\n")
    print(table(rows))
    return 0  # a benchmark reports; it does not fail the make target


if __name__ == "__main__":
    sys.exit(main())
