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

The pure functions work on snapshot lists:

>>> snaps = [{"timestamp": 1653181140, "hotwords": [{"word": "奥迪小满广告抄袭",
...           "rank": 3, "hot_value": 900}]},
...          {"timestamp": 1653181200, "hotwords": None}]
>>> spec = HotSearchCase("x", start="2022-05-22T08:59", end="2022-05-22T09:10",
...                      keywords=("奥迪",), step=10)
>>> rows, stats = derive(snaps, spec)
>>> [(r.time, r.signal, r.value) for r in rows]
[('2022-05-22T08:59:00+08:00', 'hot-search-rank', 3), ('2022-05-22T08:59:00+08:00', 'hot-search-heat', 900), ('2022-05-22T09:00:00+08:00', 'hot-search-rank', 3), ('2022-05-22T09:00:00+08:00', 'hot-search-heat', 900)]
>>> stats["gap_points"], stats["null_snapshots"]
(0, 1)
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from workbench.foundation.files import write_atomic

#: The archive commit the bundled files were derived from (2023-10-31).
COMMIT = "4fd732bf955e7f238d5ec5b083fbd10507ad12ba"
PLATFORM = "weibo"
RANK, HEAT = "hot-search-rank", "hot-search-heat"
COLUMNS = ("time", "platform", "signal", "topic", "value")
MAX_ROWS = 6000


@dataclass(frozen=True)
class HotSearchCase:
    """One case's parameters: window (local, inclusive start, exclusive end), filter, grid."""

    case_id: str
    start: str
    end: str
    keywords: tuple[str, ...]
    titles: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    step: int = 10
    tz: str = "Asia/Shanghai"

    def bounds(self) -> tuple[datetime, datetime]:
        """The window as aware datetimes in the case's time zone."""
        zone = ZoneInfo(self.tz)
        return (datetime.fromisoformat(self.start).replace(tzinfo=zone),
                datetime.fromisoformat(self.end).replace(tzinfo=zone))

    def days(self) -> list[date]:
        """The UTC days (archive files) that cover the window."""
        first, last = (t.astimezone(timezone.utc).date() for t in self.bounds())
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]

    def matches(self, word: str) -> bool:
        """True when a title belongs to the case.

        >>> HotSearchCase("x", "2022-01-01T00:00", "2022-01-02T00:00",
        ...               keywords=("钟薛高",), exclude=("代言",)).matches("钟薛高回应")
        True
        """
        if word in self.exclude:
            return False
        return word in self.titles or any(k in word for k in self.keywords)


#: The bundled cases. Windows are China time; see scripts/observed/README.md.
CASES: tuple[HotSearchCase, ...] = (
    HotSearchCase("chicecream-2022", start="2022-06-30T08:00", end="2022-07-09T08:00",
                  keywords=("钟薛高",),
                  titles=("不会化的雪糕你敢吃吗", "消费者发现很多雪糕烤不化")),
    HotSearchCase("audi-xiaoman-2022", start="2022-05-21T08:00", end="2022-05-26T08:00",
                  keywords=("奥迪", "北大满哥")),
    HotSearchCase("huaxizi-2023", start="2023-09-10T08:00", end="2023-09-21T08:00",
                  keywords=("李佳琦", "花西子", "蜂花", "79元", "眉笔"), step=30),
)


@dataclass(frozen=True)
class Row:
    """One signals.csv row."""

    time: str
    platform: str
    signal: str
    topic: str
    value: int

    def as_list(self) -> list[str]:
        return [self.time, self.platform, self.signal, self.topic, str(self.value)]


@dataclass
class TopicStats:
    """Per-title figures read off the minute snapshots (not the grid)."""

    first: datetime
    last: datetime
    minutes: int = 0
    best_rank: int = 99
    best_at: datetime | None = None
    peak_heat: int = 0
    peak_at: datetime | None = None
    ranks: dict[datetime, tuple[int, int]] = field(default_factory=dict)


def minute_of(timestamp: float, zone: ZoneInfo) -> datetime:
    """A unix timestamp as the local minute it falls in.

    >>> minute_of(1653181144, ZoneInfo("Asia/Shanghai")).isoformat()
    '2022-05-22T08:59:00+08:00'
    """
    return datetime.fromtimestamp(timestamp, zone).replace(second=0, microsecond=0)


def by_minute(snapshots: Iterable[dict], spec: HotSearchCase
              ) -> tuple[dict[datetime, list[tuple[str, int, int]]], int]:
    """Valid snapshots in the window, keyed by local minute, filtered to the case's titles.

    Returns the mapping (minute -> [(title, rank, heat)], possibly empty lists) and the
    number of null snapshots in the window. A minute with two snapshots keeps the first.
    """
    zone = ZoneInfo(spec.tz)
    start, end = spec.bounds()
    minutes: dict[datetime, list[tuple[str, int, int]]] = {}
    nulls = 0
    for snap in snapshots:
        minute = minute_of(snap["timestamp"], zone)
        if not start <= minute < end or minute in minutes:
            continue
        words = snap.get("hotwords")
        if words is None:
            nulls += 1
            continue
        minutes[minute] = [(w["word"], int(w["rank"]), int(w.get("hot_value") or 0))
                           for w in words if spec.matches(w["word"])]
    return minutes, nulls


def topic_stats(minutes: dict[datetime, list[tuple[str, int, int]]]) -> dict[str, TopicStats]:
    """First and last minute, minutes on the list, best rank and peak heat per title."""
    stats: dict[str, TopicStats] = {}
    for minute in sorted(minutes):
        for word, rank, heat in minutes[minute]:
            st = stats.setdefault(word, TopicStats(first=minute, last=minute))
            st.last, st.minutes = minute, st.minutes + 1
            st.ranks[minute] = (rank, heat)
            if rank < st.best_rank:
                st.best_rank, st.best_at = rank, minute
            if heat > st.peak_heat:
                st.peak_heat, st.peak_at = heat, minute
    return stats


def grid(spec: HotSearchCase) -> list[datetime]:
    """The grid points of the window: every ``step`` minutes on the clock."""
    start, end = spec.bounds()
    first = start + timedelta(minutes=-(start.hour * 60 + start.minute) % spec.step)
    return [first + timedelta(minutes=n * spec.step)
            for n in range(int((end - first).total_seconds() // 60 // spec.step) + 1)
            if first + timedelta(minutes=n * spec.step) < end]


def stand_in(minutes: dict, point: datetime, step: int) -> datetime | None:
    """The snapshot minute used for a grid point: itself, else the latest valid one before."""
    for back in range(step):
        candidate = point - timedelta(minutes=back)
        if candidate in minutes:
            return candidate
    return None


def _pair(when: datetime, word: str, rank: int, heat: int) -> list[Row]:
    stamp = when.isoformat()
    rows = [Row(stamp, PLATFORM, RANK, word, rank)]
    if heat > 0:
        rows.append(Row(stamp, PLATFORM, HEAT, word, heat))
    return rows


def derive(snapshots: Iterable[dict], spec: HotSearchCase) -> tuple[list[Row], dict]:
    """The case's signal rows (sorted by time) and a summary of what was read."""
    minutes, nulls = by_minute(snapshots, spec)
    stats = topic_stats(minutes)
    rows: list[Row] = []
    gaps = 0
    points = grid(spec)
    on_grid = set(points)
    for point in points:
        used = stand_in(minutes, point, spec.step)
        if used is None:
            gaps += 1
            continue
        for word, rank, heat in sorted(minutes[used], key=lambda w: w[1]):
            rows.extend(_pair(point, word, rank, heat))
    for word, st in stats.items():
        if st.first not in on_grid:
            rank, heat = st.ranks[st.first]
            rows.extend(_pair(st.first, word, rank, heat))
    rows.sort(key=lambda r: (r.time, r.signal != RANK,
                             r.value if r.signal == RANK else -r.value, r.topic))
    summary = {"case": spec.case_id, "snapshots": len(minutes), "null_snapshots": nulls,
               "grid_points": len(points), "gap_points": gaps, "rows": len(rows),
               "topics": stats}
    return rows, summary


def read_day(git_dir: Path, day: date, *, commit: str = COMMIT) -> list[dict]:
    """One archive file (a UTC day) read from the fetched git directory; [] when absent."""
    path = f"{day:%Y/%m/%d}.json.gz"
    done = subprocess.run(["git", "--git-dir", str(git_dir), "show", f"{commit}:{path}"],
                          capture_output=True, check=False)
    if done.returncode != 0:
        print(f"{path}: not in the archive at {commit[:8]}; skipped", file=sys.stderr)
        return []
    return json.loads(gzip.decompress(done.stdout))


def write_csv(rows: Sequence[Row], path: Path) -> None:
    """Write rows as UTF-8 CSV, atomically (the package's ``write_atomic``)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(r.as_list() for r in rows)
    write_atomic(path, text.getvalue())


def describe(summary: dict, step: int) -> str:
    """A plain-text summary: per title first entry, best rank, peak heat, minutes on list."""
    lines = [f"{summary['case']}: {summary['rows']} rows; {summary['snapshots']} minute "
             f"snapshots, {summary['null_snapshots']} null; {summary['grid_points']} grid "
             f"points every {step} min, {summary['gap_points']} gaps"]
    for word, st in sorted(summary["topics"].items(), key=lambda kv: kv[1].first):
        lines.append(f"  {st.first:%m-%d %H:%M} → {st.last:%m-%d %H:%M}  "
                     f"{st.minutes:5d} min  best {st.best_rank:2d} at {st.best_at:%m-%d %H:%M}"
                     f"  peak heat {st.peak_heat:>10,}  {word}")
    return "\n".join(lines)


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
        rows, summary = derive(snapshots, spec)
        if len(rows) > MAX_ROWS:
            print(f"{spec.case_id}: {len(rows)} rows > {MAX_ROWS}; widen the grid step",
                  file=sys.stderr)
            return 1
        write_csv(rows, args.out / spec.case_id / "signals.csv")
        print(describe(summary, spec.step))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
