"""Early-warning lab benchmark: one slider change on a million-post case (goal ≤ 50 ms).

Run it with ``.venv/bin/python benchmarks/bench_warning.py [--posts N]``. It generates a
synthetic listening export like ``bench_scale.py`` (a million posts over ~10 days), imports
it, builds ``wb.EarlyWarningLab`` once (the hourly series are computed then), and times
slider changes: the rule re-run plus the report (``lab.update(chart=False)``) and the whole
change with the chart spec (``lab.update()``), per rule. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
from bench_scale import complete_case, make_export

STEPS = {"volume": ("volume.threshold", [3, 4, 5, 6]),
         "negative-share": ("negative-share.jump", [0.1, 0.15, 0.2, 0.25]),
         "change-point": ("change-point.min_ratio", [1.5, 2, 2.5, 3])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="wb-bench-warning-"))
    try:
        from workbench.io.importer import import_posts

        make_export(tmp / "export.csv", args.posts)
        result = import_posts(tmp / "export.csv", case="bench-warning", out=tmp / "cases",
                              tz="Asia/Shanghai", provenance="simulated")
        folder = complete_case(result)
        import workbench as wb

        case = wb.load_case(folder)
        t = time.perf_counter()
        lab = wb.EarlyWarningLab(case, journal_dir=tmp / "work", lang="en")
        print(f"{result.rows_kept:,} posts; lab built (series computed once) in "
              f"{time.perf_counter() - t:.2f} s; {len(lab.prepared.series.hours)} periods")
        worst = 0.0
        for rule, (key, values) in STEPS.items():
            lab.rule.value = rule
            report, full = [], []
            for v in values * 3:
                lab.sliders[key].value = v  # the observed callback redraws everything
                t = time.perf_counter()
                lab.update(chart=False)
                report.append(time.perf_counter() - t)
                t = time.perf_counter()
                lab.update()
                full.append(time.perf_counter() - t)
            med_r, med_f = np.median(report) * 1000, np.median(full) * 1000
            worst = max(worst, med_f)
            print(f"{rule:16} rule + report median {med_r:6.1f} ms · with chart spec median "
                  f"{med_f:6.1f} ms (max {max(full) * 1000:6.1f})")
        print(f"slider change, worst median {worst:.1f} ms (goal ≤ 50 ms): "
              f"{'OK' if worst <= 50 else 'OVER'}")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
