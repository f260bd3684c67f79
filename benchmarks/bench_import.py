"""Import benchmark: ``workbench import`` of a million-row CSV against the pyarrow floor.

Run it with ``make bench`` (or ``.venv/bin/python benchmarks/bench_import.py [--posts N]``).
It writes the same synthetic Weibo-style export as ``bench_scale.py`` (~95 MB for a million
rows) to a temp folder and measures, side by side, each in a fresh process so the peak
memory is its own:

* floor  — ``pd.read_csv(engine="pyarrow")`` + parsing the time column with its format +
  ``to_parquet``: the least any importer must do;
* import — ``import_posts`` (guessing columns, time format, zone and platform, checking,
  writing ``posts.parquet`` and its reactions cache, so the first load needs no count).

It prints the ratio (goal ≤ 2×) and peak memory. A benchmark, not a test: numbers vary with
the machine and its load. As in ``bench_scale.py``, ``--repeat`` rounds each run the floor
and the import once, one after the other, so a ratio's two sides see the same load; the goal
is judged on the median of the rounds' ratios, and the load average is printed before and
after.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import fastest, interleaved, load_average, median_ratio, peak_mb, record
from bench_scale import make_export

GOAL = 2.0


def child(kind: str, export: Path, out: Path) -> dict:
    import pandas as pd
    import pyarrow.parquet  # noqa: F401  (to_parquet's lazy import: not the floor's cost)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    result: dict = {}
    if kind == "floor":
        t = time.perf_counter()
        frame = pd.read_csv(export, engine="pyarrow")
        frame["发布时间"] = pd.to_datetime(frame["发布时间"], format="%Y-%m-%d %H:%M:%S")
        frame.to_parquet(out / "posts.parquet", index=False)
        result["rows"] = len(frame)
    else:
        from workbench.io.importer import import_posts
        t = time.perf_counter()  # the package import is not the importer's cost
        done = import_posts(export, case="bench-import", out=out, tz="Asia/Shanghai",
                            provenance="simulated")
        result["rows"] = done.rows_kept
    result["seconds"] = time.perf_counter() - t
    result["peak_mb"] = peak_mb()
    return result


def run_child(kind: str, export: Path, out: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", kind, str(export), str(out)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5, help="rounds (floor, then import)")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "EXPORT", "OUT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]), Path(args.child[2]))))
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="wb-bench-import-"))
    try:
        export = tmp / "export.csv"
        make_export(export, args.posts)
        print(f"export: {args.posts:,} rows, {export.stat().st_size / 2**20:.0f} MB CSV; "
              f"{args.repeat} rounds, each run in a fresh process")
        print(f"load average before: {load_average()}")
        rounds = interleaved({kind: partial(run_child, kind, export, tmp / kind)
                              for kind in ("floor", "import")}, args.repeat)
        print(f"load average after:  {load_average()}\n")
        floor, imp = fastest(rounds["floor"]), fastest(rounds["import"])
        ratio = median_ratio(rounds["import"], rounds["floor"])
        print(f"{'':46} {'best s':>8} {'median s':>9} {'× floor':>8} {'median ×':>9} "
              f"{'peak MB':>8}")
        for name, r, shown in (("floor: read_csv(pyarrow) + times + to_parquet", floor, ""),
                               ("workbench import", imp, f"{ratio:9.2f}")):
            print(f"{name:46} {r['seconds']:8.2f} {r['median_seconds']:9.2f} "
                  f"{r['seconds'] / floor['seconds']:8.2f} {shown:>9} {r['peak_mb']:8.0f}")
        print("× floor: best over best; median ×: the median of the rounds' ratios (a round\n"
              "runs the floor, then the import, so both see the same load); peak MB: the\n"
              "whole process; the import also checks the case and writes its reactions cache")
        assert all(r["rows"] == args.posts for r in rounds["floor"] + rounds["import"])
        print(f"import ratio {ratio:.2f} median (goal ≤ {GOAL:.0f}): "
              f"{'OK' if ratio <= GOAL else 'OVER'}")
        record(f"workbench import ({args.posts:,}-row CSV) ≤ {GOAL:.0f}× floor",
               f"{ratio:.2f}× median",
               ratio <= GOAL)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
