"""Import benchmark: ``workbench import`` of a million-row CSV against the pyarrow floor.

Run it with ``make bench`` (or ``.venv/bin/python benchmarks/bench_import.py [--posts N]``).
It writes the same synthetic Weibo-style export as ``bench_scale.py`` (~95 MB for a million
rows) to a temp folder and measures, side by side, each in a fresh process so the peak
memory is its own:

* floor  — ``pd.read_csv(engine="pyarrow")`` + parsing the time column with its format +
  ``to_parquet``: the least any importer must do;
* import — ``import_posts`` (guessing columns, time format, zone and platform, checking,
  writing ``posts.parquet`` and loading the case once).

It prints the ratio (goal ≤ 2×) and peak memory. A benchmark, not a test: numbers vary with
the machine and its load; the best of ``--repeat`` runs is reported.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import fastest, make_export, peak_mb


def child(kind: str, export: Path, out: Path) -> dict:
    import pandas as pd
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


def best(kind: str, export: Path, out: Path, repeat: int) -> dict:
    return fastest([run_child(kind, export, out) for _ in range(repeat)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
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
              f"best of {args.repeat} runs, each in a fresh process\n")
        floor = best("floor", export, tmp / "floor", args.repeat)
        imp = best("import", export, tmp / "import", args.repeat)
        print(f"{'':44} {'best s':>8} {'median s':>9} {'× floor':>8} {'peak MB':>8}")
        for name, r in (("floor: read_csv(pyarrow) + times + to_parquet", floor),
                        ("workbench import", imp)):
            print(f"{name:44} {r['seconds']:8.2f} {r['median_seconds']:9.2f} "
                  f"{r['seconds'] / floor['seconds']:8.2f} {r['peak_mb']:8.0f}")
        assert floor["rows"] == imp["rows"] == args.posts
        ratio = imp["seconds"] / floor["seconds"]
        print(f"import ratio {ratio:.2f} (goal ≤ 2): {'OK' if ratio <= 2 else 'OVER'}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
