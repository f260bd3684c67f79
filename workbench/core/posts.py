"""A case's posts: in memory for a class-sized case, on disk (DuckDB) for a large one.

One store, :class:`Posts`, answers what the screens ask of posts — how many, the hourly
reactions, the first and the top posts, filters by platform, keyword, sentiment and time —
whether the posts are a pandas frame or a ``posts.parquet`` that never leaves the disk.

* **In memory** (fewer than :func:`threshold` posts, the class-sized cases): the frame the
  loader checked, exactly as before; every view is a pandas operation on it.
* **On disk** (a ``posts.parquet`` with :func:`threshold` rows or more, counted from the
  Parquet footer without reading the file): the posts stay in the file and every view is a
  query of embedded DuckDB (in-process, no server). Only aggregates and the few posts a
  view shows come into memory, so ten million posts load within ~1.5 GB
  (``benchmarks/bench_large.py``). The file is checked by DuckDB aggregate queries
  (:mod:`workbench.core.posts_check`) that report the same one-line problems as the
  pandas check.

The threshold is :data:`LARGE_POSTS` rows (2,000,000: about 50 MB of Parquet and 1–2 GB in
pandas); the environment variable ``WORKBENCH_LARGE_POSTS`` (a row count) changes it, e.g.
``WORKBENCH_LARGE_POSTS=1`` sends every Parquet posts file through DuckDB (the tests do).
``posts.csv`` is always read into memory (a CSV that large should be imported first).

>>> store = Posts(pd.DataFrame({"time": pd.to_datetime(["2024-05-10T20:00:00+08:00"] * 2),
...                             "platform": ["weibo", "douyin"], "text": ["a", "B!"],
...                             "likes": [3, 9]}))
>>> len(store), store.on_disk, store.where(keyword="b").top(1)["likes"].tolist()
(2, False, [9])
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from ..foundation import i18n
from .posts_disk import Disk, caseless_pattern, connect
from .reactions import exact_hour_sql, hourly, hourly_exact, quarter_sql, reactions_from_posts

COUNTS = ("likes", "shares", "comments")


# -- the store --------------------------------------------------------------------------------
def upto(frame: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    """Rows with ``time <= end``: a slice (no copy) when the times are sorted, as loaded."""
    times = frame["time"]
    if times.is_monotonic_increasing:
        return frame.iloc[: times.searchsorted(end, side="right")]
    return frame[times <= end]


class Posts:
    """A case's posts (optionally filtered): a pandas frame, or a DuckDB query over the file.

    Immutable: :meth:`upto` and :meth:`where` return a new store (on disk: one more
    condition, no query yet). Every view returns a small pandas frame; :meth:`frame` gives
    the posts themselves — from disk, pass ``limit`` unless the filter keeps few posts.
    """

    def __init__(self, frame: pd.DataFrame | None = None, *, disk: Disk | None = None,
                 where: tuple[tuple[str, tuple, bool], ...] = ()):
        if (frame is None) == (disk is None):
            raise ValueError(i18n.t("posts_frame_or_disk"))
        self._frame, self._disk, self._where = frame, disk, where

    # -- what it is ---------------------------------------------------------------------
    @property
    def on_disk(self) -> bool:
        return self._disk is not None

    @property
    def path(self) -> Path | None:
        return None if self._disk is None else self._disk.path

    @property
    def columns(self) -> list[str]:
        return list(self._frame.columns if self._disk is None else self._disk.columns)

    def __len__(self) -> int:
        if self._disk is None:
            return len(self._frame)
        if not self._where:
            return self._disk.rows
        return int(self._query("SELECT count(*) AS n FROM posts")["n"].iloc[0])

    def __repr__(self) -> str:
        where = "on disk (DuckDB)" if self.on_disk else "in memory"
        return f"<Posts: {len(self):,} posts, {where}>"

    # -- filters ------------------------------------------------------------------------
    def upto(self, end: pd.Timestamp) -> Posts:
        """The posts up to ``end`` (the time rules of a phase)."""
        if self._disk is None:
            return Posts(upto(self._frame, end))
        return self._also("time <= ?", end, raw=not self._disk.naive)

    def where(self, *, platform: str | Iterable[str] | None = None, keyword: str | None = None,
              sentiment: str | None = None, start: pd.Timestamp | None = None,
              end: pd.Timestamp | None = None) -> Posts:
        """Posts of a platform (or several), whose text contains ``keyword`` (any case),
        of a sentiment label, from ``start`` and up to ``end`` (inclusive)."""
        platforms = [platform] if isinstance(platform, str) else (
            None if platform is None else list(platform))
        if self._disk is None:
            f = self._frame
            keep = pd.Series(True, index=f.index)
            if platforms is not None:
                keep &= f["platform"].astype(object).isin(platforms).to_numpy()
            if keyword:
                keep &= f["text"].astype("string").str.contains(
                    keyword, case=False, regex=False).fillna(False).to_numpy(dtype=bool)
            if sentiment is not None:
                keep &= (f["sentiment"].astype(object) == sentiment).to_numpy() \
                    if "sentiment" in f else False
            if start is not None:
                keep &= (f["time"] >= start).to_numpy()
            if end is not None:
                keep &= (f["time"] <= end).to_numpy()
            return Posts(f[keep.to_numpy(dtype=bool)])
        # conditions on the file's own columns (raw=True) are filtered inside the Parquet
        # scan: row-group statistics skip whole groups, and the text of a post is only read
        # when its platform (and time) passed
        out, disk = self, self._disk
        if platforms is not None:
            out = out._also(disk.raws("platform", platforms), raw=True)
        if keyword:
            caseless = keyword.lower() == keyword.upper()  # e.g. Chinese: plain substring
            out = out._also("contains(text, ?)" if caseless else "regexp_matches(text, ?)",
                            keyword if caseless else caseless_pattern(keyword), raw=True)
        if sentiment is not None:
            out = (out._also("sentiment = ?", sentiment) if disk.numeric_sentiment else
                   out._also(disk.raws("sentiment", [sentiment]), raw=True))
        if start is not None:
            out = out._also("time >= ?", start, raw=not disk.naive)
        if end is not None:
            out = out._also("time <= ?", end, raw=not disk.naive)
        return out

    # -- views --------------------------------------------------------------------------
    def frame(self, limit: int | None = None) -> pd.DataFrame:
        """The posts as a frame, in time order (from disk: at most ``limit`` of them)."""
        if self._disk is None:
            return self._frame.copy(deep=False) if limit is None else self._frame.head(limit)
        if limit is None:
            return self._posts_frame(self._query("SELECT * FROM posts ORDER BY time, line"))
        return self._rows("time, line", limit)

    def first(self, n: int = 5) -> pd.DataFrame:
        """The ``n`` earliest posts."""
        if self._disk is None:
            return self._frame.sort_values("time", kind="stable").head(n)
        return self.frame(limit=n)

    def top(self, n: int = 10, *, by: str = "engagement") -> pd.DataFrame:
        """The ``n`` posts with the most ``by``: ``likes``, ``shares``, ``comments`` or
        ``engagement`` (their sum); ties in time order."""
        names = COUNTS if by == "engagement" else (by,)
        if by not in (*COUNTS, "engagement"):
            raise ValueError(i18n.t("posts_unknown_measure", value=by, options=i18n.t(
                "list_sep").join(COUNTS)))
        present = [c for c in names if c in self.columns]
        if self._disk is None:
            f = self._frame
            score = (sum(f[c].fillna(0) for c in present) if present
                     else pd.Series(0, index=f.index))
            order = np.argsort(-score.to_numpy(dtype="float64"), kind="stable")
            return f.iloc[order[:n]]
        score = " + ".join(f'coalesce("{c}", 0)' for c in present) or "0"
        return self._rows(f"{score} DESC, time, line", n)

    def reactions(self) -> pd.DataFrame:
        """Hourly reactions per platform counted from these posts (see
        :func:`reactions_from_posts`)."""
        if self._disk is None:
            return reactions_from_posts(self._frame)
        disk = self._disk
        if not self._where and disk.hourly is not None:
            return disk.hourly.copy()
        sql, params = self._sql(quarter_sql("posts", "platform", "sentiment"))
        out = hourly(self._run(sql, params), disk.tz, naive=False)
        if out is None:
            out = hourly_exact(self._run(*self._sql(exact_hour_sql("posts", disk.tz))),
                               disk.tz)
        return out

    def sum_by(self, column: str, measure: str = "mentions") -> pd.DataFrame:
        """Posts (``mentions``) or likes + shares + comments (``engagement``) per value of
        ``column`` (stripped; empty values left out), one row per value."""
        present = [c for c in COUNTS if c in self.columns]
        if self._disk is None:
            key = self._frame[column].astype("string").str.strip()
            keep = (key.notna() & (key != "")).to_numpy(dtype=bool)
            weight = (pd.Series(1, index=self._frame.index) if measure == "mentions" else
                      sum(self._frame[c].fillna(0) for c in present) if present else
                      pd.Series(0, index=self._frame.index))
            frame = pd.DataFrame({column: key[keep].astype(str), measure: weight[keep]})
            return frame.groupby(column, sort=True)[measure].sum().reset_index()
        total = ("count(*)" if measure == "mentions" else
                 "sum(" + (" + ".join(f'coalesce("{c}", 0)' for c in present) or "0") + ")")
        key = f'trim(CAST("{column}" AS VARCHAR))'
        return self._query(f'SELECT {key} AS "{column}", {total} AS "{measure}" FROM posts '
                           f"WHERE {key} <> '' GROUP BY 1 ORDER BY 1")

    def machine_share(self) -> float:
        """The share of posts whose sentiment was scored by a machine (0 when none)."""
        if "sentiment_source" not in self.columns or not len(self):
            return 0.0
        if self._disk is None:
            src = self._frame["sentiment_source"].astype("string")
            return float((src == "machine").mean())
        got = self._query("SELECT avg(CASE WHEN CAST(sentiment_source AS VARCHAR) = "
                          "'machine' THEN 1.0 ELSE 0.0 END) AS share FROM posts")
        return float(got["share"].iloc[0] or 0.0)

    # -- the queries --------------------------------------------------------------------
    def _also(self, condition: str, *values: object, raw: bool = False) -> Posts:
        return Posts(disk=self._disk, where=(*self._where, (condition, values, raw)))

    def _sql(self, body: str) -> tuple[str, list]:
        """``body`` reads ``posts``: the file as posts, filtered by this store's conditions
        (those on raw columns inside the scan, the others on the posts as read)."""
        inner = [(c, v) for c, v, raw in self._where if raw]
        outer = [(c, v) for c, v, raw in self._where if not raw]
        scan = self._disk.select(where=" AND ".join(f"({c})" for c, _ in inner))
        view = f"SELECT * FROM ({scan}) AS raw"
        if outer:
            view += " WHERE " + " AND ".join(f"({c})" for c, _ in outer)
        params = [v for _, values in (*inner, *outer) for v in values]
        return f"WITH posts AS ({view}) {body}", params

    def _rows(self, order: str, n: int) -> pd.DataFrame:
        """The first ``n`` posts in ``order``: their lines first (a narrow top-n), then the
        posts of those lines only."""
        lines = self._query(f"SELECT line FROM posts ORDER BY {order} LIMIT {int(n)}")["line"]
        rows = self._run(f"SELECT * FROM ({self._disk.select(lines)}) ORDER BY {order}", [])
        return self._posts_frame(rows)

    def _query(self, body: str) -> pd.DataFrame:
        return self._run(*self._sql(body))

    def _run(self, sql: str, params: list) -> pd.DataFrame:
        con = connect()
        try:
            return con.execute(sql, [_param(v) for v in params]).df()
        finally:
            con.close()

    def _posts_frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Rows from DuckDB as the in-memory posts look: local times, no ``line``."""
        frame = frame.drop(columns=["line"], errors="ignore")
        frame["time"] = pd.to_datetime(frame["time"], utc=True).dt.tz_convert(
            self._disk.tz).dt.as_unit("us")
        return frame.reset_index(drop=True)


def _param(value: object) -> object:
    """Timestamps go to DuckDB as UTC datetimes (it compares instants)."""
    if isinstance(value, pd.Timestamp):
        stamp = value if value.tzinfo is not None else value.tz_localize("UTC")
        return stamp.tz_convert("UTC").to_pydatetime()
    return value
