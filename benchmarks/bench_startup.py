"""Start-up benchmark: ``workbench validate`` against bare ``import pandas, yaml, pydantic, pyarrow``.

Run it with ``make bench`` (or ``.venv/bin/python benchmarks/bench_startup.py [--repeat N]``).
Each command runs in a fresh process, ``--repeat`` times, alternating the two so that a busy
machine slows both alike; the best wall time of each is compared. Goal: validate ≤ 1.5× the
floor (docs/architecture.md: the lower floors never load altair, ipywidgets or vl-convert).
A benchmark, not a test: the numbers vary with the machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from _timing import record

ROOT = Path(__file__).resolve().parents[1]
FLOOR = [sys.executable, "-c", "import pandas, yaml, pydantic, pyarrow"]
VALIDATE = [sys.executable, "-m", "workbench", "validate", str(ROOT / "cases" / "demo-lumen-2024")]
GOAL = 1.5


#: As a user's machine runs them: with bytecode. PYTHONDONTWRITEBYTECODE (set on some build
#: machines, this one among them) would make every run compile the workbench from source,
#: while pandas and the rest come compiled from pip; the warm-up run below writes it once.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=ENV)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs of each command (best is kept)")
    args = parser.parse_args(argv)
    wall(FLOOR), wall(VALIDATE)  # warm the file cache and the bytecode
    floor, validate = [], []
    for _ in range(args.repeat):
        floor.append(wall(FLOOR))
        validate.append(wall(VALIDATE))
    ratio = min(validate) / min(floor)
    print(f"start-up: floor (import pandas, yaml, pydantic, pyarrow) {min(floor):.3f} s; "
          f"workbench validate cases/demo-lumen-2024 {min(validate):.3f} s; "
          f"ratio {ratio:.2f}× (goal ≤ {GOAL}×) {'ok' if ratio <= GOAL else 'OVER'}")
    record(f"start-up (workbench validate) ≤ {GOAL}× floor", f"{ratio:.2f}×", ratio <= GOAL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
