"""Posts that stay on disk: which files do, the one embedded DuckDB, and the SQL that
reads such a file as posts.

A ``posts.parquet`` of :func:`threshold` rows or more (:data:`LARGE_POSTS`, or
``WORKBENCH_LARGE_POSTS``; counted from the Parquet footer) is never read into pandas:
:class:`Disk` says how to read its columns as posts (what the check,
:mod:`workbench.core.posts_check`, learnt), and every view of the store
(:class:`workbench.core.posts.Posts`) is a query of :func:`connect`'s database.

>>> quote("it's"), threshold() >= 1
("'it''s'", True)
>>> print(mapped_sql("platform", {"微博": "weibo"}))
CASE CAST("platform" AS VARCHAR) WHEN '微博' THEN 'weibo' ELSE NULL END
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

LARGE_POSTS = 2_000_000  #: posts at which a posts.parquet stays on disk (see the module doc)
THRESHOLD_ENV = "WORKBENCH_LARGE_POSTS"
DUCKDB_MEMORY = "1GB"  #: DuckDB's own memory limit (it spills to the temp folder beyond it)


def threshold() -> int:
    """Posts at which a Parquet posts file stays on disk: ``WORKBENCH_LARGE_POSTS`` or 2,000,000."""
    raw = os.environ.get(THRESHOLD_ENV, "").strip()
    return int(raw) if raw.isdigit() else LARGE_POSTS


def parquet_rows(path: Path) -> int | None:
    """The row count from a Parquet file's footer (the file is not read), or None."""
    try:
        import pyarrow.parquet as pq  # imported when used: `workbench validate` never needs it

        return pq.ParquetFile(path).metadata.num_rows
    except Exception:
        return None


def stays_on_disk(path: Path) -> bool:
    """True for a ``posts.parquet`` of :func:`threshold` rows or more."""
    path = Path(path)
    rows = parquet_rows(path) if path.suffix == ".parquet" else None
    return rows is not None and rows >= threshold()


def connect():
    """A cursor (close it after use) of the process's one embedded DuckDB — in memory, no
    server, opened on first use with a memory limit, a temp folder and a thread per core;
    opening a database costs ~0.1 s, a cursor ~1 ms, so every view reuses it."""
    with _OPEN:
        if not _DATABASE:
            import duckdb  # imported on first use: small cases never load it

            try:  # one spill folder per user: a class hub's students share /tmp
                import getpass

                user = getpass.getuser()
            except (KeyError, OSError):
                user = "user"
            spill = Path(tempfile.gettempdir()) / f"workbench-duckdb-{user}"
            _DATABASE.append(duckdb.connect(config={
                "memory_limit": DUCKDB_MEMORY, "threads": os.cpu_count() or 1,
                "temp_directory": str(spill), "preserve_insertion_order": False}))
        return _DATABASE[0].cursor()


_DATABASE: list = []  # the one database of this process (see connect)
_OPEN = threading.Lock()


def quote(text: str) -> str:
    """A SQL string literal."""
    return "'" + str(text).replace("'", "''") + "'"


def caseless_pattern(keyword: str) -> str:
    r"""An RE2 pattern matching ``keyword`` literally in any case, as pandas'
    ``str.contains(case=False, regex=False)`` on pyarrow strings (RE2 too).

    >>> caseless_pattern("a.b")
    '(?i)\\Qa.b\\E'
    """
    return "(?i)\\Q" + keyword.replace("\\E", "\\E\\\\E\\Q") + "\\E"


@dataclass(frozen=True)
class Disk:
    """What the check learnt about an on-disk posts file: how to read its columns as posts.

    ``platforms`` and ``sentiments`` map each raw text of the file to its normal value
    (a channel slug, a label); ``hourly`` are the reactions counted in the check's pass.
    """

    path: Path
    tz: str
    rows: int
    columns: tuple[str, ...]
    naive: bool = False  # times without a zone, read as local times of ``tz``
    platforms: dict = field(default_factory=dict)
    sentiments: dict | None = None  # raw text → label; None: no sentiment column
    numeric_sentiment: bool = False  # scores in [-1, 1] stored as numbers
    text_counts: tuple[str, ...] = ()  # likes/shares/comments stored as text
    hourly: pd.DataFrame | None = field(default=None, repr=False)

    def source(self) -> str:
        """The table expression of the raw file (with each row's 0-based position)."""
        return f"read_parquet({quote(self.path)}, file_row_number=true)"

    def time_sql(self) -> str:
        return f"timezone({quote(self.tz)}, time)" if self.naive else "time"

    def sentiment_sql(self) -> str:
        if self.sentiments is None:
            return "NULL"
        if self.numeric_sentiment:
            return score_label_sql("sentiment")
        return mapped_sql("sentiment", self.sentiments)

    def raws(self, column: str, values: Iterable[str]) -> str:
        """``column`` (platform or sentiment, as written in the file) is one whose normal
        value is in ``values``: a condition on the raw column, pushed into the Parquet scan."""
        mapping = self.platforms if column == "platform" else (self.sentiments or {})
        wanted = set(values)
        raw = sorted(r for r, v in mapping.items() if r is not None and v in wanted)
        return f'"{column}" IN ({", ".join(map(quote, raw))})' if raw else "FALSE"

    def select(self, lines: Iterable[int] | None = None, where: str = "") -> str:
        """The posts as the workbench sees them: normal platform and sentiment, typed counts
        (``lines``: only these rows, found by their position in the file — one equality
        each, which DuckDB serves from the row group holding it; ``where``: a condition on
        the raw columns, filtered inside the scan)."""
        cols = ["file_row_number + 1 AS line"]
        for name in self.columns:  # in the file's order, as pandas reads it
            if name == "time":
                cols.append(f"{self.time_sql()} AS time")
            elif name == "platform":
                cols.append(f"{mapped_sql('platform', self.platforms)} AS platform")
            elif name == "sentiment":
                cols.append(f"{self.sentiment_sql()} AS sentiment")
            elif name in self.text_counts:
                cols.append(f'TRY_CAST("{name}" AS DOUBLE) AS "{name}"')
            elif name != "file_row_number":
                cols.append(f'"{name}"')
        conds = [] if lines is None else [" OR ".join(
            f"file_row_number = {int(n) - 1}" for n in lines) or "FALSE"]
        conds += [where] if where else []
        rows = f" WHERE {' AND '.join(f'({c})' for c in conds)}" if conds else ""
        return f"SELECT {', '.join(cols)} FROM {self.source()}{rows}"


def mapped_sql(column: str, mapping: dict) -> str:
    """A CASE over the distinct raw texts of a column (few: platform, sentiment labels)."""
    whens = " ".join(f"WHEN {quote(raw)} THEN {quote(value)}" for raw, value in mapping.items()
                     if raw is not None and value is not None)
    return f'CASE CAST("{column}" AS VARCHAR) {whens} ELSE NULL END' if whens else "NULL"


def score_label_sql(column: str) -> str:
    """Scores in [-1, 1] as labels, the bins of the pandas check (``pd.cut``); else NULL."""
    s = f'CAST("{column}" AS DOUBLE)'
    return (f"CASE WHEN {s} IS NULL OR isnan({s}) OR {s} < -1 OR {s} > 1 THEN NULL "
            f"WHEN {s} <= -0.05 THEN 'negative' WHEN {s} <= 0.05 THEN 'neutral' "
            f"ELSE 'positive' END")
