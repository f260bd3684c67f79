"""Derive a case's ``signals.csv`` from the Weibo hot-search archive.

The source is ``kfstorm/weibo-hotwords-archive``: one file per UTC day,
``YYYY/MM/DD.json.gz``, holding a list of minute snapshots
``{"timestamp": unix seconds, "hotwords": [{"word", "rank", "hot_value"}, ...]}``
of Weibo's real-time hot-search list (top 50). A file runs 00:00-23:59 UTC, i.e.
08:00 China Standard Time to 07:59 the next morning. Some snapshots have
``"hotwords": null`` (the scraper failed that minute).

For each case in ``CASES`` the script keeps the titles that contain one of the
case's keywords (or equal one of its extra titles) inside the case's window and
writes one row per grid time x title x signal (``hot-search-rank``,
``hot-search-heat``) in long format, sorted by time. On each grid point (every
``step`` minutes, on the clock: :00, :10, ...) the snapshot of that minute is used;
if that snapshot is missing or null, the latest valid snapshot of the previous
``step - 1`` minutes stands in; if there is none either, the grid point is a gap and
has no rows (gaps are counted in the summary). A title absent from the list at a
grid point has no row there. Each title's first minute on the list is kept exactly:
when it is not a grid point, one extra pair of rows at that minute is written.
Heat rows are written only when the archive gives a heat value above 0.

Run (the archive fetched as a bare git directory)::

    python scripts/observed/derive_hot_search.py /path/to/weibo-hotwords-archive.git
    python scripts/observed/derive_hot_search.py GIT_DIR --case audi-xiaoman-2022 --out cases

The grid rule itself lives in the package (``workbench.io.hot_search``, the same code
``workbench signals`` runs); this script only reads the archive's days out of the git
directory and holds the bundled cases' parameters.

>>> spec = HotSearchCase("x", start="2022-05-22T08:59", end="2022-05-22T09:10",
...                      keywords=("奥迪",), step=10)
>>> spec.case_id, [d.isoformat() for d in spec.days()]
('x', ['2022-05-22'])
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from workbench.io.hot_search import (  # noqa: F401  (re-exported for tests and readers)
    HEAT,
    RANK,
    HotSearchSpec,
    Row,
    TopicStats,
    derive,
    describe,
    grid,
    write_csv,
)
from workbench.io.signal_sources import build_signals

#: The archive commit the bundled files were derived from (2023-10-31).
COMMIT = "4fd732bf955e7f238d5ec5b083fbd10507ad12ba"
PLATFORM = "weibo"
MAX_ROWS = 6000


def HotSearchCase(case_id: str, **params: object) -> HotSearchSpec:
    """One bundled case's parameters (window in China time, filter, grid step)."""
    return HotSearchSpec(case_id=case_id, platform=PLATFORM, **params)


#: The bundled cases. Windows are China time; see scripts/observed/README.md.
CASES: tuple[HotSearchSpec, ...] = (
    HotSearchCase("chicecream-2022", start="2022-06-30T08:00", end="2022-07-09T08:00",
                  keywords=("钟薛高",),
                  titles=("不会化的雪糕你敢吃吗", "消费者发现很多雪糕烤不化")),
    # 30 days of pre-crisis baseline before the trigger (21 May, end of day), same filter.
    HotSearchCase("audi-xiaoman-2022", start="2022-04-21T08:00", end="2022-05-26T08:00",
                  keywords=("奥迪", "北大满哥")),
    # 30 days of pre-crisis baseline before the first title (10 Sep 15:21), same filter.
    HotSearchCase("huaxizi-2023", start="2023-08-11T08:00", end="2023-09-21T08:00",
                  keywords=("李佳琦", "花西子", "蜂花", "79元", "眉笔"), step=30),
    # 30 days of pre-crisis baseline before the first title (1 Oct 13:50), same filter.
    HotSearchCase("haitian-2022", start="2022-09-01T08:00", end="2022-10-12T08:00",
                  keywords=("海天", "双标", "调味品", "千禾", "科技与狠活")),
)


def read_day(git_dir: Path, day: date, *, commit: str = COMMIT) -> list[dict]:
    """One archive file (a UTC day) read from the fetched git directory; [] when absent."""
    path = f"{day:%Y/%m/%d}.json.gz"
    done = subprocess.run(["git", "--git-dir", str(git_dir), "show", f"{commit}:{path}"],
                          capture_output=True, check=False)
    if done.returncode != 0:
        print(f"{path}: not in the archive at {commit[:8]}; skipped", file=sys.stderr)
        return []
    return json.loads(gzip.decompress(done.stdout))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("git_dir", type=Path, help="the fetched archive's git directory")
    parser.add_argument("--case", action="append", help="case id (default: every case)")
    parser.add_argument("--out", type=Path, default=Path("cases"), help="cases folder")
    parser.add_argument("--commit", default=COMMIT)
    args = parser.parse_args(argv)
    chosen = [c for c in CASES if not args.case or c.case_id in args.case]
    if not chosen:
        print(f"--case: no such case; expected one of {[c.case_id for c in CASES]}",
              file=sys.stderr)
        return 2
    for spec in chosen:
        snapshots = [s for day in spec.days()
                     for s in read_day(args.git_dir, day, commit=args.commit)]
        built = build_signals(snapshots, keywords=spec.keywords, titles=spec.titles,
                              exclude=spec.exclude, tz=spec.tz, start=spec.start,
                              end=spec.end, step=spec.step, platform=spec.platform,
                              case_id=spec.case_id)
        if len(built.rows) > MAX_ROWS:
            print(f"{spec.case_id}: {len(built.rows)} rows > {MAX_ROWS}; widen the grid step",
                  file=sys.stderr)
            return 1
        write_csv(built.rows, args.out / spec.case_id / "signals.csv")
        print(describe(built.stats, spec.step))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
