"""Drill polling benchmark: what a team view pays to poll the class's pacing file.

Run it with ``make bench`` (or ``.venv/bin/python benchmarks/bench_pacing.py [--polls N]``).
A team room polls ``read_pacing`` every ~2 s (workbench/core/pacing.py). Measured side by
side in one process: an unchanged file (goal ≤ 3× a bare ``os.stat``), and a file changed
before every poll (goal ≤ 3× ``os.stat`` + ``json.loads(read_text())``, the floor of reading
it at all). A benchmark, not a test: the numbers vary with the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from _timing import record

from workbench.core.pacing import Pacing, read_pacing

GOAL = 3.0


def best(fn, polls: int, repeat: int = 5) -> float:
    """The best per-call time of ``fn`` over ``repeat`` runs of ``polls`` calls (seconds)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(polls):
            fn()
        times.append((time.perf_counter() - start) / polls)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polls", type=int, default=2000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        drill = Pacing.load(folder, "demo-lumen-2024", session="bench")
        drill.open_phase("coordinate")
        for i in range(20):
            drill.release(f"e{i}")
        path = drill.path
        floor_stat = best(lambda: os.stat(path), args.polls)
        poll = best(lambda: read_pacing(path), args.polls)
        floor_read = best(lambda: (os.stat(path), json.loads(Path(path).read_text("utf-8"))),
                          args.polls // 4)
        step = {"n": 0}

        def touch_then_poll() -> None:  # the file changed since the last poll
            step["n"] += 1
            os.utime(path, ns=(step["n"], step["n"]))
            read_pacing(path)

        def touch_then_read() -> None:
            step["n"] += 1
            os.utime(path, ns=(step["n"], step["n"]))
            os.stat(path)
            json.loads(Path(path).read_text("utf-8"))

        changed = best(touch_then_poll, args.polls // 4)
        floor_changed = best(touch_then_read, args.polls // 4)
    r1, r2 = poll / floor_stat, changed / floor_changed
    print(f"pacing poll, unchanged: {poll * 1e6:.1f} µs vs os.stat {floor_stat * 1e6:.1f} µs "
          f"= {r1:.2f}× (goal ≤ {GOAL}×) {'ok' if r1 <= GOAL else 'OVER'}")
    print(f"pacing poll, changed: {changed * 1e6:.1f} µs vs stat + json read "
          f"{floor_changed * 1e6:.1f} µs = {r2:.2f}× (goal ≤ {GOAL}×) "
          f"{'ok' if r2 <= GOAL else 'OVER'}; bare read {floor_read * 1e6:.1f} µs")
    record(f"pacing poll, unchanged ≤ {GOAL}× os.stat", f"{r1:.2f}×", r1 <= GOAL)
    record(f"pacing poll, changed ≤ {GOAL}× stat + read", f"{r2:.2f}×", r2 <= GOAL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
