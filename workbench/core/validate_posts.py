"""Check a case's posts (posts.parquet or posts.csv) with whole-column operations.

A posts file can hold millions of rows, so nothing here runs per row in Python: typed
Parquet columns skip work (tz-aware times are only converted, dictionary-encoded platform
and sentiment columns are checked on their few categories), other text columns are checked
once per distinct value (:mod:`workbench.core.distinct`), and ids in one pyarrow pass.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from ..foundation import i18n, vocab
from ..foundation.problems import Problem, did_you_mean, one_of
from . import derived, distinct
from .posts import Posts
from .posts_disk import stays_on_disk
from .validate_table import MAX_PER_COLUMN, Table, read_table

POST_COLUMNS = ("time", "platform", "text", "id", "author", "sentiment", "sentiment_source",
                "likes", "shares", "comments", "brand")
POST_REQUIRED = ("time", "platform", "text")


def _valid_categories(col: pd.Series, table: dict, *, empty_ok: bool) -> pd.Series | None:
    """A categorical (Parquet dictionary) column whose every value is valid, normalised
    by renaming its few categories; None means: check it row by row as text."""
    if not isinstance(col.dtype, pd.CategoricalDtype) or (not empty_ok and col.hasnans):
        return None
    cats = pd.Series(col.cat.categories.astype(str)).str.strip().str.lower()
    if not cats.isin(list(table)).all() or cats.duplicated().any():
        return None
    return col.cat.rename_categories(cats.tolist())


def _platforms(table: Table) -> pd.Categorical:
    """``Table.choice("platform", CHANNELS)`` computed once per distinct text."""
    codes, texts = distinct.values(table.df["platform"])
    normal = texts.str.lower()
    table.report(distinct.broadcast(normal == "", codes), "platform", i18n.t("vm_missing_value"),
                 one_of(vocab.CHANNELS))
    bad = distinct.broadcast((normal != "") & ~normal.isin(list(vocab.CHANNELS)), codes)
    shown = distinct.broadcast(texts, codes[bad][:MAX_PER_COLUMN + 1])
    table.report(bad, "platform", (i18n.t("vm_unknown_value", value=v) for v in shown),
                 one_of(vocab.CHANNELS), (did_you_mean(v, vocab.CHANNELS) for v in shown))
    return distinct.as_category(normal.where(normal != ""), codes)


def _sentiments(table: Table) -> pd.Categorical:
    """Sentiment labels or scores in [-1, 1] → labels, checked once per distinct text."""
    codes, texts = distinct.values(table.df["sentiment"])
    raw = texts.str.lower()
    score = pd.to_numeric(raw, errors="coerce")
    label = raw.where(raw.isin(list(vocab.SENTIMENTS)))
    bad_text = (raw != "") & label.isna() & (score.isna() | (score.abs() > 1))
    bad = distinct.broadcast(bad_text, codes)
    shown = distinct.broadcast(raw, codes[bad][:MAX_PER_COLUMN + 1])
    table.report(bad, "sentiment", (i18n.t("vm_unknown_sentiment", value=v) for v in shown),
                 i18n.t("vm_sentiment_expected"))
    from_score = pd.cut(score, [-1.01, -0.05, 0.05, 1.01],
                        labels=["negative", "neutral", "positive"]).astype("object")
    return distinct.as_category(label.fillna(pd.Series(from_score, index=raw.index)), codes)


def check_posts(frame: pd.DataFrame, shown: str, tz: str, lines: np.ndarray, *,
                ids_checked: bool = False) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Check a posts table (from CSV or Parquet) with whole-column operations.

    Typed Parquet columns skip work: tz-aware times are only converted, categorical
    platform and sentiment columns are checked on their categories, and ``ids_checked``
    (a fresh derived cache, see :mod:`workbench.core.derived`) skips the id uniqueness check.
    """
    table = Table(frame, lines, shown)
    ok = table.columns_present(POST_COLUMNS, POST_REQUIRED)
    posts = None
    if ok:
        for name in [c for c in POST_COLUMNS if c in frame and frame[c].dtype == object
                     and pd.api.types.infer_dtype(frame[c], skipna=True) == "mixed"]:
            nested = frame[name].map(lambda v: isinstance(v, list | dict | tuple | set
                                                          | np.ndarray))
            table.report(nested, name, i18n.t("vm_nested"), i18n.t("vm_nested_expected"))
        if pd.api.types.is_datetime64_any_dtype(frame["time"]):
            t = frame["time"]
            times = (t.dt.tz_convert(tz) if t.dt.tz is not None else
                     t.dt.tz_localize(tz, ambiguous="NaT", nonexistent="NaT"))
            table.report(times.isna(), "time", i18n.t("vm_post_time", tz=tz),
                         i18n.t("vm_post_time_expected"))
        else:
            times, _ = table.times("time", tz)
        posts = frame.copy(deep=False)  # copy-on-write: columns are replaced, never edited
        posts["time"] = times
        fast = _valid_categories(frame["platform"], vocab.CHANNELS, empty_ok=False)
        posts["platform"] = _platforms(table) if fast is None else fast
        fast = (_valid_categories(frame["sentiment"], vocab.SENTIMENTS, empty_ok=True)
                if "sentiment" in frame else None)
        if fast is not None:
            posts["sentiment"] = fast
        elif "sentiment" in frame:
            posts["sentiment"] = _sentiments(table)
        for c in ("likes", "shares", "comments"):
            if c in frame and not pd.api.types.is_numeric_dtype(frame[c]):
                posts[c] = pd.to_numeric(frame[c], errors="coerce")
        if "id" in frame and not ids_checked:
            table.unique_ids("id")
    return posts, table.problems


def read_posts(folder: Path, where, meta, *, frame: pd.DataFrame | None = None,
               ids_checked: bool = False) -> tuple[pd.DataFrame | Posts | None, list[Problem]]:
    """The checked posts of ``folder`` and their problems. ``frame``: the table that was
    just written to posts.parquet, checked in memory instead of read back (a large one
    that stays on disk is still checked on disk, as every later load checks it)."""
    parquet, csv_path = folder / "posts.parquet", folder / "posts.csv"
    if frame is not None and meta is not None and not stays_on_disk(parquet):
        return check_posts(frame, where("posts.parquet"), meta.timezone,
                           np.arange(1, len(frame) + 1),
                           ids_checked=ids_checked or derived.fresh(folder, meta.timezone))
    if parquet.exists():
        if meta is not None and stays_on_disk(parquet):
            from .posts_check import check_on_disk  # it builds on Table: imported when used
            checked = check_on_disk(parquet, where("posts.parquet"), meta.timezone,
                                    ids_checked=derived.fresh(folder, meta.timezone))
            if checked is not None:  # None: a shape only the in-memory check reads
                return checked
        try:
            frame = read_parquet(parquet)
        except Exception as exc:  # pyarrow raises many types for damaged files
            return None, [Problem(where("posts.parquet"), 1, "file",
                                  i18n.t("vm_parquet_unreadable", why=type(exc).__name__),
                                  i18n.t("vm_parquet_expected"))]
        lines = np.arange(1, len(frame) + 1)
        shown = where("posts.parquet")
        if meta is not None:
            return check_posts(frame, shown, meta.timezone, lines,
                               ids_checked=derived.fresh(folder, meta.timezone))
    elif csv_path.exists():
        table, problems = read_table(csv_path, where("posts.csv"))
        if table is None:
            return None, problems
        frame, lines, shown = table.df, table.lines, where("posts.csv")
    else:
        return None, []
    if meta is None:
        return None, []
    return check_posts(frame, shown, meta.timezone, lines)



def read_parquet(path: Path) -> pd.DataFrame:
    """``pd.read_parquet``, with text ``platform`` and ``sentiment`` columns read straight
    into categories (pyarrow's ``read_dictionary``: no per-row strings to hash later), so
    posts written by hand take the same column-wise checks as the importer's."""
    import pyarrow.parquet as pq  # imported when used: only a case with posts needs it

    schema = pq.read_schema(path)
    text = [name for name in ("platform", "sentiment") if name in schema.names
            and (pa.types.is_string(schema.field(name).type)
                 or pa.types.is_large_string(schema.field(name).type))]
    return pd.read_parquet(path, read_dictionary=text or None)
