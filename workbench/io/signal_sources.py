"""Build a case's signals.csv from a hot-search archive or a plain CSV (``workbench signals``).

Two sources are read, both filtered by keywords (a title is kept when it contains one)
inside an optional window, with times written in any IANA zone:

- a **hot-search archive** in the daily-snapshot layout ``YYYY/MM/DD.json.gz`` (one file
  per UTC day, a list of ``{timestamp, hotwords: [{word, rank, hot_value}]}``; some
  snapshots have ``hotwords: null``): put on a fixed grid by the rule of
  :mod:`workbench.io.hot_search` (the same code that derived the bundled cases);
- a **plain CSV** (or XLSX) with the columns ``time, topic, rank, heat`` (heat may be
  empty): each row is kept as it is, one rank row and, when heat > 0, one heat row.

Whatever cannot be read is refused with one line ``path:line: column: what; expected
(hint)`` (:class:`~workbench.io.import_read.ImportRefused`).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "ranks.csv").write_text(
...     "time,topic,rank,heat\\n2022-05-22 09:00,奥迪致歉,12,35000\\n"
...     "2022-05-22 09:10,奥迪致歉,3,\\n2022-05-22 09:10,别的话题,1,9000000\\n", "utf-8")
>>> built = build_signals(folder / "ranks.csv", keywords=["奥迪"])
>>> [(r.time, r.signal, r.value) for r in built.rows]
[('2022-05-22T09:00:00+08:00', 'hot-search-rank', 12), ('2022-05-22T09:00:00+08:00', 'hot-search-heat', 35000), ('2022-05-22T09:10:00+08:00', 'hot-search-rank', 3)]
>>> print(built.summary().splitlines()[1])
Titles: 1 found (奥迪致歉)
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from ..foundation import i18n, vocab
from ..foundation.limits import loads_json
from ..foundation.problems import did_you_mean, one_of
from . import hot_search
from .hot_search import HEAT, RANK, HotSearchSpec, Row
from .import_read import ImportRefused, read_source, refuse
from .import_times import parse_times

#: The archive layout: one gzip-compressed JSON list per UTC day.
DAY_FILE = re.compile(r"^(\d{4})/(\d{2})/(\d{2})\.json\.gz$")
#: Column names of a plain CSV (lower case), first the canonical one.
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "time": ("time", "timestamp", "时间"),
    "topic": ("topic", "title", "word", "话题", "标题", "热搜词"),
    "rank": ("rank", "排名", "名次"),
    "heat": ("heat", "hot_value", "热度"),
}
TIME = "%Y-%m-%d %H:%M"


@dataclass
class SignalsBuild:
    """What :func:`build_signals` read and wrote; ``print()`` it for the summary."""

    source: str
    #: What was read: ``archive`` (a folder), ``snapshots`` (a list) or ``table`` (CSV/XLSX).
    kind: str
    rows: list[Row]
    tz: str
    keywords: tuple[str, ...]
    path: Path | None = None
    notes: list[str] = field(default_factory=list)
    #: What the grid read (snapshots, nulls, gaps, per-title figures); None for a table.
    stats: dict | None = None
    #: Rows read from a table (0 for an archive).
    read: int = 0
    #: The grid step of an archive, in minutes.
    step: int = 10

    @property
    def titles(self) -> dict[str, int]:
        """Each title found and its number of rank rows, in order of first appearance."""
        out: dict[str, int] = {}
        for r in self.rows:
            if r.signal == RANK:
                out[r.topic] = out.get(r.topic, 0) + 1
        return out

    def frame(self) -> pd.DataFrame:
        """The rows as a table with the columns of signals.csv."""
        return pd.DataFrame([r.as_list() for r in self.rows], columns=list(hot_search.COLUMNS))

    def describe_kind(self, lang: str | None = None) -> str:
        """What was read, in words (the language of ``lang`` or the current one)."""
        t = lambda key, **kw: i18n.t(key, lang=lang, **kw)  # noqa: E731
        if self.kind == "table":
            return t("sig_build_kind_table", n=self.read)
        text = t(f"sig_build_kind_{self.kind}")
        if self.stats is not None:
            sep = "，" if (lang or i18n.get_language()) == "zh" else ", "
            text += sep + t("sig_build_grid", snapshots=self.stats["snapshots"],
                            nulls=self.stats["null_snapshots"], step=self.step)
        return text

    def lines(self, lang: str | None = None) -> list[tuple[str, str]]:
        """The summary as (heading, text) pairs, in ``lang`` (default: the current language)."""
        t = lambda key, **kw: i18n.t(key, lang=lang, **kw)  # noqa: E731
        titles = self.titles
        shown = "、".join(list(titles)[:8]) if (lang or i18n.get_language()) == "zh" \
            else ", ".join(list(titles)[:8])
        if len(titles) > 8:
            shown += t("sig_build_titles_more", n=len(titles))
        keywords = ", ".join(self.keywords)
        out = [(t("sig_build_read"), t("sig_build_read_text", source=self.source,
                                       kind=self.describe_kind(lang), keywords=keywords)),
               (t("sig_build_titles"), t("sig_build_titles_text", n=len(titles), shown=shown))]
        if self.rows:
            times = [datetime.fromisoformat(r.time) for r in self.rows]
            out.append((t("time"), f"{min(times):{TIME}} → {max(times):{TIME}} ({self.tz})"))
        ranks = sum(1 for r in self.rows if r.signal == RANK)
        out.append((t("imp_rows"), t("sig_build_rows_text", n=len(self.rows), ranks=ranks,
                                     heat=len(self.rows) - ranks)))
        if self.stats is not None and self.stats.get("gap_points"):
            out.append((t("imp_notice"), t("sig_build_gaps", gaps=self.stats["gap_points"],
                                           points=self.stats["grid_points"])))
        out += [(t("imp_notice"), n) for n in self.notes]
        if self.path is not None:
            out.append((t("sig_build_wrote"), t("sig_build_wrote_text", path=self.path)))
        return out

    def summary(self, lang: str | None = None) -> str:
        """The summary, one fact per line (what the CLI prints), in ``lang`` (default: the
        current language, :func:`workbench.set_language`)."""
        sep = "：" if (lang or i18n.get_language()) == "zh" else ": "
        return "\n".join(f"{k}{sep}{v}" for k, v in self.lines(lang))

    __str__ = summary

    def __repr__(self) -> str:
        return f"<SignalsBuild {self.source}: {len(self.titles)} title(s), {len(self.rows)} rows>"


def _zone(tz: str, shown: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise refuse(shown, 1, "tz", i18n.t("sr_unknown_tz", value=tz),
                     i18n.t("vm_expect_timezone")) from None


def _moment(text: str | None, name: str, zone: ZoneInfo, shown: str) -> datetime | None:
    if text is None or str(text).strip() == "":
        return None
    try:
        when = datetime.fromisoformat(str(text).strip())
    except ValueError:
        raise refuse(shown, 1, name, i18n.t("sr_not_a_time", value=text),
                     i18n.t("sr_iso_expected"), i18n.t("sr_iso_hint")) from None
    return when.replace(tzinfo=zone) if when.tzinfo is None else when.astimezone(zone)


# -- the archive ---------------------------------------------------------------------------
def day_files(root: Path) -> list[Path]:
    """The archive's daily files under ``root`` (``YYYY/MM/DD.json.gz``), in date order."""
    found = []
    for path in root.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*.json.gz"):
        rel = path.relative_to(root).as_posix()
        if DAY_FILE.match(rel) and path.is_file() and not path.is_symlink():
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def read_day_file(path: Path, shown: str) -> list[dict]:
    """One daily file, checked: a list of snapshots with a unix ``timestamp`` and
    ``hotwords`` (a list of ``{word, rank, hot_value}``, or null)."""
    try:
        data = loads_json(gzip.decompress(path.read_bytes()).decode("utf-8"))
    except (OSError, EOFError, gzip.BadGzipFile):
        raise refuse(shown, 1, "file", i18n.t("sr_not_gzip"),
                     i18n.t("sr_not_gzip_expected")) from None
    except (UnicodeDecodeError, json.JSONDecodeError, ValueError) as exc:
        raise refuse(shown, 1, "file", i18n.t("sr_not_json", why=type(exc).__name__),
                     i18n.t("sr_snapshots_expected")) from None
    if not isinstance(data, list):
        raise refuse(shown, 1, "file", i18n.t("sr_json_kind", kind=type(data).__name__),
                     i18n.t("sr_snapshots_expected"))
    for n, snap in enumerate(data, 1):
        where = i18n.t("sr_snapshot", n=n)
        if not isinstance(snap, dict) or not isinstance(snap.get("timestamp"), int | float) \
                or isinstance(snap.get("timestamp"), bool):
            raise refuse(shown, 1, "timestamp", i18n.t("sr_no_timestamp", where=where),
                         i18n.t("sr_no_timestamp_expected"))
        words = snap.get("hotwords")
        if words is None:
            continue
        if not isinstance(words, list):
            raise refuse(shown, 1, "hotwords", i18n.t("sr_hotwords", where=where),
                         i18n.t("sr_hotwords_expected"))
        for w in words:
            if not isinstance(w, dict) or not isinstance(w.get("word"), str):
                raise refuse(shown, 1, "word", i18n.t("sr_no_word", where=where),
                             i18n.t("sr_no_word_expected"))
            rank, heat = w.get("rank"), w.get("hot_value") or 0
            if not isinstance(rank, int) or isinstance(rank, bool) or rank < 1:
                raise refuse(shown, 1, "rank", i18n.t("sr_bad_rank", where=where, rank=repr(rank),
                                                      word=w["word"][:40]),
                             i18n.t("sr_bad_rank_expected"))
            if not isinstance(heat, int | float) or heat < 0:
                raise refuse(shown, 1, "hot_value", i18n.t("sr_bad_heat", where=where,
                                                           heat=repr(heat), word=w["word"][:40]),
                             i18n.t("sr_bad_heat_expected"))
    return data


def read_archive(root: Path, shown: str, start: datetime | None,
                 end: datetime | None) -> list[dict]:
    """The snapshots of the daily files that can hold times in [start, end)."""
    files = day_files(root)
    if not files:
        raise refuse(shown, 1, "archive", i18n.t("sr_no_days"), i18n.t("sr_no_days_expected"),
                     i18n.t("sr_no_days_hint"))
    snaps: list[dict] = []
    for path in files:
        y, m, d = map(int, DAY_FILE.match(path.relative_to(root).as_posix()).groups())
        day = datetime(y, m, d, tzinfo=ZoneInfo("UTC"))
        if (start and day + timedelta(days=1) <= start) or (end and day >= end):
            continue
        snaps.extend(read_day_file(path, f"{shown.rstrip('/')}/{path.relative_to(root)}"))
    return snaps


def from_snapshots(snapshots: Sequence[dict], *, keywords: Sequence[str],
                   titles: Sequence[str] = (), exclude: Sequence[str] = (),
                   tz: str = "Asia/Shanghai", start: datetime | None = None,
                   end: datetime | None = None, step: int = 10, platform: str = "weibo",
                   case_id: str = "") -> tuple[list[Row], dict, HotSearchSpec]:
    """Snapshots already read → grid rows (:func:`workbench.io.hot_search.derive`).

    Without ``start``/``end`` the window runs from the first to the last valid snapshot.
    """
    zone = ZoneInfo(tz)
    times = [hot_search.minute_of(s["timestamp"], zone) for s in snapshots]
    if start is None:
        start = min(times) if times else datetime.now(zone)
    if end is None:
        end = (max(times) if times else start) + timedelta(minutes=1)
    spec = HotSearchSpec(start=start.isoformat(), end=end.isoformat(), keywords=tuple(keywords),
                         titles=tuple(titles), exclude=tuple(exclude), step=step, tz=tz,
                         platform=platform, case_id=case_id)
    rows, summary = hot_search.derive(snapshots, spec)
    return rows, summary, spec


# -- a plain CSV ---------------------------------------------------------------------------
def _columns(frame: pd.DataFrame, shown: str) -> dict[str, str]:
    lower = {str(c).strip().lower(): c for c in frame.columns}
    found = {}
    for role, names in CSV_COLUMNS.items():
        match = next((lower[n] for n in names if n in lower), None)
        if match is None and role != "heat":
            raise refuse(shown, 1, role, i18n.t("sr_missing_column", value=role),
                         i18n.t("sr_missing_column_expected"),
                         i18n.t("sr_missing_column_hint", names=", ".join(names[1:])))
        if match is not None:
            found[role] = match
    return found


def read_table(path: Path, shown: str, *, zone: ZoneInfo, start: datetime | None,
               end: datetime | None, keep, platform: str) -> tuple[list[Row], int]:
    """Rows of a plain CSV (time, topic, rank, heat); returns them and the rows read."""
    source = read_source(path, shown=shown)
    frame = source.frame
    cols = _columns(frame, shown)
    text = {role: frame[col].astype("string").fillna("").str.strip()
            for role, col in cols.items()}
    parsed = parse_times(frame[cols["time"]])
    times = parsed.localized(str(zone))
    bad = text["time"].ne("") & times.isna() | text["time"].eq("")
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise refuse(shown, source.line(i), "time",
                     i18n.t("sr_not_a_time", value=text["time"].iloc[i][:40]),
                     i18n.t("sr_csv_time_expected"))
    rank = pd.to_numeric(text["rank"], errors="coerce")
    bad = rank.isna() | (rank < 1) | (rank != rank.round())
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise refuse(shown, source.line(i), "rank",
                     i18n.t("sr_not_rank", value=text["rank"].iloc[i][:40]),
                     i18n.t("sr_whole_number"), i18n.t("vm_bad_rank_hint"))
    heat_text = text.get("heat", pd.Series("", index=frame.index))
    heat = pd.to_numeric(heat_text.str.replace(",", "", regex=False), errors="coerce")
    bad = heat_text.ne("") & (heat.isna() | (heat < 0))
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise refuse(shown, source.line(i), "heat",
                     i18n.t("vm_not_positive", value=heat_text.iloc[i][:40]),
                     i18n.t("sr_heat_expected"))
    rows: list[Row] = []
    seen: set[tuple[str, str]] = set()
    for i in range(len(frame)):
        topic = text["topic"].iloc[i]
        when = times.iloc[i].floor("s").to_pydatetime()
        if not topic or not keep(topic) or (start and when < start) or (end and when >= end):
            continue
        stamp = when.isoformat()
        if (stamp, topic) in seen:
            raise refuse(shown, source.line(i), "time",
                         i18n.t("sr_second_row", topic=topic[:40], stamp=stamp),
                         i18n.t("sr_second_row_expected"))
        seen.add((stamp, topic))
        rows.append(Row(stamp, platform, RANK, topic, int(rank.iloc[i])))
        if heat_text.iloc[i] and heat.iloc[i] > 0:
            rows.append(Row(stamp, platform, HEAT, topic, int(heat.iloc[i].round())))
    return hot_search.sort_rows(rows), len(frame)


# -- the public function -------------------------------------------------------------------
def build_signals(source: str | Path | Iterable[dict], *, keywords: Sequence[str],
                  titles: Sequence[str] = (), exclude: Sequence[str] = (),
                  tz: str = "Asia/Shanghai", start: str | None = None, end: str | None = None,
                  step: int = 10, platform: str = "weibo", out: str | Path | None = None,
                  case_id: str = "") -> SignalsBuild:
    """Build signals.csv rows from ``source`` and write them to ``out`` when given.

    ``source``: a hot-search archive folder (``YYYY/MM/DD.json.gz``), a plain CSV/XLSX file
    (``time, topic, rank, heat``), or snapshots already read (a list of dicts, e.g. out of
    a git directory). A title is kept when it contains one of ``keywords`` or equals one
    of ``titles``, unless it is in ``exclude``. ``start``/``end`` (ISO 8601, read in ``tz``
    unless they carry an offset) bound the window: start inclusive, end exclusive.
    ``step`` is the grid of an archive, in minutes. ``out``: a case folder (→
    ``out/signals.csv``) or a ``.csv`` path, written atomically.
    """
    keywords = tuple(k.strip() for k in keywords if k and k.strip())
    shown = "snapshots" if not isinstance(source, str | Path) else str(source)
    zone = _zone(tz, shown)
    if not keywords and not titles:
        raise refuse(shown, 1, "keywords", i18n.t("sr_no_keyword"),
                     i18n.t("sr_no_keyword_expected"), i18n.t("sr_no_keyword_hint"))
    if platform not in vocab.CHANNELS:
        raise refuse(shown, 1, "platform", i18n.t("sr_unknown_platform", value=platform),
                     one_of(vocab.CHANNELS), did_you_mean(platform, vocab.CHANNELS))
    if not 1 <= int(step) <= 1440:
        raise refuse(shown, 1, "step", i18n.t("sr_step", step=step), i18n.t("sr_step_expected"))
    lo, hi = _moment(start, "start", zone, shown), _moment(end, "end", zone, shown)
    if lo and hi and lo >= hi:
        raise refuse(shown, 1, "end", i18n.t("sr_end_before", end=end, start=start),
                     i18n.t("sr_end_before_expected"))
    spec_args = {"keywords": keywords, "titles": tuple(titles), "exclude": tuple(exclude)}
    keep = HotSearchSpec("", "", **spec_args).matches
    notes: list[str] = []
    read = 0
    stats = None
    if isinstance(source, str | Path) and Path(source).is_file():
        rows, read = read_table(Path(source), shown, zone=zone, start=lo, end=hi, keep=keep,
                                platform=platform)
        kind = "table"
    else:
        if isinstance(source, str | Path):
            if not Path(source).is_dir():
                raise refuse(shown, 1, "file", i18n.t("sr_not_found"),
                             i18n.t("sr_not_found_expected"), i18n.t("ir_check_path"))
            snaps = read_archive(Path(source), shown, lo, hi)
            kind = "archive"
        else:
            snaps, kind = list(source), "snapshots"
        rows, stats, _ = from_snapshots(snaps, tz=tz, start=lo, end=hi, step=int(step),
                                        platform=platform, case_id=case_id, **spec_args)
    if not rows:
        raise refuse(shown, 1, "keywords",
                     i18n.t("sr_no_title_window" if lo or hi else "sr_no_title",
                            words=" / ".join(keywords) or "-"),
                     i18n.t("sr_no_title_expected"), i18n.t("sr_no_title_hint"))
    built = SignalsBuild(source=shown, kind=kind, rows=rows, tz=tz, keywords=keywords,
                         notes=notes, stats=stats, read=read, step=int(step))
    if out is not None:
        target = Path(out)
        target = target if target.suffix.lower() == ".csv" else target / "signals.csv"
        built.path = hot_search.write_csv(rows, target)
    return built


__all__ = ["ImportRefused", "SignalsBuild", "build_signals"]
