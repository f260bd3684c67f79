"""Hot-search snapshots → signals.csv rows on a fixed grid (the one rule for every source).

A hot-search archive is a series of snapshots ``{"timestamp": unix seconds, "hotwords":
[{"word", "rank", "hot_value"}, ...]}`` of a platform's list (``hotwords: null`` when
the scraper failed that minute). :func:`derive` keeps the titles that contain one of the
keywords (or equal one of the extra titles) inside a window and writes one row per grid
time × title × signal (``hot-search-rank``, ``hot-search-heat``), sorted by time:

- the grid runs every ``step`` minutes on the clock of ``tz`` (:00, :10, …);
- at each grid point the snapshot of that minute is used; if it is missing or null, the
  latest valid snapshot of the previous ``step - 1`` minutes stands in; if there is none
  either, the point is a gap with no rows (gaps are counted in the summary);
- a title absent from the list at a grid point has no row there;
- each title's first minute on the list is kept exactly: one extra, off-grid pair of rows;
- heat rows are written only when the snapshot gives a heat above 0.

``scripts/observed/derive_hot_search.py`` (the bundled cases) and ``workbench signals``
(:func:`workbench.io.signal_sources.build_signals`) both use these functions.

>>> snaps = [{"timestamp": 1653181140, "hotwords": [{"word": "奥迪小满广告抄袭",
...           "rank": 3, "hot_value": 900}]},
...          {"timestamp": 1653181200, "hotwords": None}]
>>> spec = HotSearchSpec(start="2022-05-22T08:59", end="2022-05-22T09:10",
...                      keywords=("奥迪",), step=10)
>>> rows, stats = derive(snaps, spec)
>>> [(r.time, r.signal, r.value) for r in rows]
[('2022-05-22T08:59:00+08:00', 'hot-search-rank', 3), ('2022-05-22T08:59:00+08:00', 'hot-search-heat', 900), ('2022-05-22T09:00:00+08:00', 'hot-search-rank', 3), ('2022-05-22T09:00:00+08:00', 'hot-search-heat', 900)]
>>> stats["gap_points"], stats["null_snapshots"]
(0, 1)
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from ..foundation.files import write_atomic

RANK, HEAT = "hot-search-rank", "hot-search-heat"
COLUMNS = ("time", "platform", "signal", "topic", "value")


@dataclass(frozen=True)
class HotSearchSpec:
    """What to keep: window (local, inclusive start, exclusive end), filter, grid, zone.

    ``case_id`` only names the result in summaries.
    """

    start: str
    end: str
    keywords: tuple[str, ...]
    titles: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    step: int = 10
    tz: str = "Asia/Shanghai"
    platform: str = "weibo"
    case_id: str = ""

    def bounds(self) -> tuple[datetime, datetime]:
        """The window as aware datetimes in the spec's time zone (an offset in the text
        wins over ``tz``)."""
        zone = ZoneInfo(self.tz)
        out = []
        for text in (self.start, self.end):
            when = datetime.fromisoformat(text)
            out.append(when.replace(tzinfo=zone) if when.tzinfo is None
                       else when.astimezone(zone))
        return out[0], out[1]

    def days(self) -> list[date]:
        """The UTC days (archive files) that cover the window."""
        first, last = (t.astimezone(timezone.utc).date() for t in self.bounds())
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]

    def matches(self, word: str) -> bool:
        """True when a title belongs to the case.

        >>> HotSearchSpec("2022-01-01T00:00", "2022-01-02T00:00",
        ...               keywords=("钟薛高",), exclude=("代言",)).matches("钟薛高回应")
        True
        """
        if word in self.exclude:
            return False
        return word in self.titles or any(k in word for k in self.keywords)


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


Minutes = dict[datetime, list[tuple[str, int, int]]]


def minute_of(timestamp: float, zone: ZoneInfo) -> datetime:
    """A unix timestamp as the local minute it falls in.

    >>> minute_of(1653181144, ZoneInfo("Asia/Shanghai")).isoformat()
    '2022-05-22T08:59:00+08:00'
    """
    return datetime.fromtimestamp(timestamp, zone).replace(second=0, microsecond=0)


def by_minute(snapshots: Iterable[dict], spec: HotSearchSpec) -> tuple[Minutes, int]:
    """Valid snapshots in the window, keyed by local minute, filtered to the case's titles.

    Returns the mapping (minute -> [(title, rank, heat)], possibly empty lists) and the
    number of null snapshots in the window. A minute with two snapshots keeps the first.
    """
    zone = ZoneInfo(spec.tz)
    start, end = spec.bounds()
    minutes: Minutes = {}
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


def topic_stats(minutes: Minutes) -> dict[str, TopicStats]:
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


def grid(spec: HotSearchSpec) -> list[datetime]:
    """The grid points of the window: every ``step`` minutes on the clock."""
    start, end = spec.bounds()
    first = start + timedelta(minutes=-(start.hour * 60 + start.minute) % spec.step)
    return [first + timedelta(minutes=n * spec.step)
            for n in range(int((end - first).total_seconds() // 60 // spec.step) + 1)
            if first + timedelta(minutes=n * spec.step) < end]


def stand_in(minutes: Minutes, point: datetime, step: int) -> datetime | None:
    """The snapshot minute used for a grid point: itself, else the latest valid one before."""
    for back in range(step):
        candidate = point - timedelta(minutes=back)
        if candidate in minutes:
            return candidate
    return None


def _pair(when: datetime, word: str, rank: int, heat: int, platform: str) -> list[Row]:
    stamp = when.isoformat()
    rows = [Row(stamp, platform, RANK, word, rank)]
    if heat > 0:
        rows.append(Row(stamp, platform, HEAT, word, heat))
    return rows


def sort_rows(rows: list[Row]) -> list[Row]:
    """Rows in file order: time, rank before heat, best rank / highest heat first."""
    return sorted(rows, key=lambda r: (r.time, r.signal != RANK,
                                       r.value if r.signal == RANK else -r.value, r.topic))


def derive(snapshots: Iterable[dict], spec: HotSearchSpec) -> tuple[list[Row], dict]:
    """The signal rows (sorted by time) and a summary of what was read."""
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
            rows.extend(_pair(point, word, rank, heat, spec.platform))
    for word, st in stats.items():
        if st.first not in on_grid:
            rank, heat = st.ranks[st.first]
            rows.extend(_pair(st.first, word, rank, heat, spec.platform))
    rows = sort_rows(rows)
    summary = {"case": spec.case_id, "snapshots": len(minutes), "null_snapshots": nulls,
               "grid_points": len(points), "gap_points": gaps, "rows": len(rows),
               "topics": stats}
    return rows, summary


def csv_text(rows: Sequence[Row]) -> str:
    """Rows as signals.csv text (UTF-8, LF, the header first)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(r.as_list() for r in rows)
    return text.getvalue()


def write_csv(rows: Sequence[Row], path: str | Path) -> Path:
    """Write rows as signals.csv, atomically; return the path."""
    return write_atomic(path, csv_text(rows))


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
