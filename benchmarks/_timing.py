"""What the benchmarks share: interleaved rounds, the median of their ratios, peak memory,
the load average, and the headline results ``make bench`` sums up (``summary.py``).

A ratio's two sides are measured moments apart: :func:`interleaved` runs every measurement
once per round, in turn, so both sides of a ratio see the same machine load, and the goals
are judged on :func:`median_ratio`, the median over rounds of each round's own ratio.

>>> runs = interleaved({"floor": lambda: {"seconds": 1.0, "peak_mb": 5.0},
...                     "tool": lambda: {"seconds": 1.5, "peak_mb": 7.0}}, 3)
>>> median_ratio(runs["tool"], runs["floor"]), fastest(runs["tool"])["peak_mb"]
(1.5, 7.0)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

#: The file ``make bench`` collects headline results in (one JSON object a line).
RESULTS_ENV = "WORKBENCH_BENCH_RESULTS"


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM: reset by exec, unlike ru_maxrss)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


def fastest(runs: list[dict]) -> dict:
    """The fastest of several child runs, with the median time and the peak memory of all."""
    top = dict(min(runs, key=lambda r: r["seconds"]))
    top["median_seconds"] = float(np.median([r["seconds"] for r in runs]))
    top["peak_mb"] = max(r["peak_mb"] for r in runs)
    return top


def interleaved(measures: dict[str, Callable[[], dict]], repeat: int) -> dict[str, list[dict]]:
    """``repeat`` rounds, each running every measurement once in turn (each usually a fresh
    process), so the two sides of a ratio are measured moments apart, under the same load."""
    rounds: dict[str, list[dict]] = {k: [] for k in measures}
    for _ in range(repeat):
        for key, measure in measures.items():
            rounds[key].append(measure())
    return rounds


def median_ratio(runs: list[dict], bases: list[dict]) -> float:
    """The median over rounds of (a run's seconds / the same round's floor seconds)."""
    return float(np.median([r["seconds"] / b["seconds"]
                            for r, b in zip(runs, bases, strict=True)]))


def load_average() -> str:
    """The 1, 5 and 15 minute load averages and the core count, as printed by the bench."""
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg()) + f" ({os.cpu_count()} cores)"
    except OSError:
        return "unknown"


def record(goal: str, measured: str, ok: bool) -> None:
    """Add a headline result to the file ``summary.py`` prints (only under ``make bench``,
    which names it in ``$WORKBENCH_BENCH_RESULTS``), with the bench's name and the load."""
    path = os.environ.get(RESULTS_ENV)
    if not path:
        return
    line = {"bench": Path(sys.argv[0]).name, "goal": goal, "measured": measured,
            "ok": bool(ok), "load": load_average(),
            "at": dt.datetime.now(dt.timezone.utc).strftime("%H:%M UTC")}
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
