"""Data derived from a case's posts, cached on disk beside them (``.reactions-cache.parquet``).

Hourly reactions are counted from the posts (:func:`reactions_from_posts`, one
``bincount`` over integer codes); the count is written once and read back while the
posts file is unchanged. The cache is keyed by the posts file's
size, modification time and identity (a hash of its ``stat``), the case time zone and
:data:`VERSION`; any change to the posts makes it stale, and a stale or unreadable cache
is simply recomputed. A cache that exists and is fresh also means the posts passed the
loader once, so their ids need no second uniqueness check. Writes are atomic and skipped
silently where the folder is read-only (an installed package).

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "posts.csv").write_text("time,platform,text\\n", encoding="utf-8")
>>> frame = pd.DataFrame({"time": pd.to_datetime(["2024-05-10T20:00:00+08:00"]),
...                       "platform": ["weibo"], "mentions": [3]})
>>> save(folder, "Asia/Shanghai", frame)
>>> fresh(folder, "Asia/Shanghai"), fresh(folder, "UTC")
(True, False)
>>> load(folder, "Asia/Shanghai")["mentions"].tolist()
[3]
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

CACHE_NAME = ".reactions-cache.parquet"
VERSION = "2"  # 2: posts without sentiment give attention-only reactions
_KEY = b"workbench.cache_key"
SENTIMENT_LABELS = ("negative", "neutral", "positive")
_MAX_BINS = 2**25  # hours × platforms × 4 counted densely; a longer span is hashed instead


def posts_file(folder: Path) -> Path | None:
    """The posts file a case reads (posts.parquet before posts.csv), or None."""
    for name in ("posts.parquet", "posts.csv"):
        if (folder / name).is_file():
            return folder / name
    return None


def cache_key(folder: Path, tz: str) -> str | None:
    """A hash of the posts file's stat (size, mtime, inode, device), the zone and VERSION."""
    path = posts_file(folder)
    if path is None:
        return None
    st = path.stat()
    raw = f"{VERSION}|{path.name}|{tz}|{st.st_size}|{st.st_mtime_ns}|{st.st_ino}|{st.st_dev}"
    return hashlib.sha1(raw.encode()).hexdigest()


def fresh(folder: Path, tz: str) -> bool:
    """True when the cache matches the posts file as it is now (reads the footer only)."""
    path = Path(folder) / CACHE_NAME
    try:
        import pyarrow.parquet as pq  # imported when used: only a case with posts needs it

        meta = pq.read_schema(path).metadata or {}
    except (OSError, pa.ArrowException):
        return False
    key = cache_key(Path(folder), tz)
    return key is not None and meta.get(_KEY) == key.encode()


def load(folder: Path, tz: str) -> pd.DataFrame | None:
    """The cached derived reactions, or None when missing or stale."""
    folder = Path(folder)
    if not fresh(folder, tz):
        return None
    try:
        frame = pd.read_parquet(folder / CACHE_NAME)
    except (OSError, pa.ArrowException, ValueError):
        return None
    frame["time"] = frame["time"].dt.tz_convert(tz)
    return frame


def save(folder: Path, tz: str, reactions: pd.DataFrame) -> None:
    """Write the cache atomically (temp file + ``os.replace``); never raises on I/O."""
    folder = Path(folder)
    key = cache_key(folder, tz)
    if key is None:
        return
    tmp = None
    try:
        table = pa.Table.from_pandas(reactions, preserve_index=False)
        table = table.replace_schema_metadata({**(table.schema.metadata or {}),
                                               _KEY: key.encode()})
        fd, tmp = tempfile.mkstemp(prefix=".reactions-", suffix=".tmp", dir=folder)
        os.close(fd)
        os.chmod(tmp, 0o644)
        import pyarrow.parquet as pq

        pq.write_table(table, tmp)
        os.replace(tmp, folder / CACHE_NAME)
    except (OSError, pa.ArrowException):
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)


def reactions_from_posts(posts: pd.DataFrame) -> pd.DataFrame:
    """Hourly reactions per platform (period start, local time) counted from posts.
    Posts with no sentiment at all (no column, or every cell empty) give attention-only
    reactions: ``mentions`` without the sentiment split, never a split of zeros.

    Counted on integer codes, a whole column at a time: each post's local hour (floored
    with its own UTC offset, so DST is safe), platform code and sentiment code make one
    bin, and one ``bincount`` counts them all (a million posts in a fraction of a second).

    >>> posts = pd.DataFrame({"time": pd.to_datetime(["2024-05-10T08:10+08:00",
    ...     "2024-05-10T08:50+08:00", "2024-05-10T10:00+08:00"]).tz_convert("Asia/Shanghai"),
    ...     "platform": ["weibo", "weibo", "douyin"], "sentiment": ["negative", None, "positive"]})
    >>> reactions_from_posts(posts).to_dict("list")["mentions"]
    [2, 1]
    """
    times = posts["time"]
    hour_len = {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}[times.dt.unit] * 3600
    keep = ~times.isna().to_numpy()
    pcodes, platforms = _codes(posts["platform"])
    keep &= pcodes >= 0
    everyone = bool(keep.all())

    def kept(values: np.ndarray) -> np.ndarray:  # no copy when every post counts
        return values if everyone else values[keep]

    tz = times.dt.tz
    utc = kept(np.asarray(times.array.asi8))
    wall = utc if tz is None else kept(np.asarray(times.dt.tz_localize(None).array.asi8))
    hour = (wall // hour_len) * hour_len - (wall - utc)  # UTC instant of the local hour start
    scodes = kept(_sentiment_codes(posts["sentiment"]) if "sentiment" in posts
                  else np.full(len(posts), 3, dtype=np.int8))
    width = max(len(platforms), 1)
    pcodes = kept(pcodes)
    lo = int(hour.min()) if len(hour) else 0
    steps = hour - lo
    dense = len(hour) == 0 or (not (steps % hour_len).any()
                               and (int(steps.max()) // hour_len + 1) * width * 4 <= _MAX_BINS)
    if dense:  # hour starts one hour apart (every zone but a few half-hour DST ones)
        bins = (steps // hour_len * width + pcodes) * 4 + scodes
        span = int(steps.max()) // hour_len + 1 if len(hour) else 0
        counts = np.bincount(bins, minlength=span * width * 4).reshape(-1, 4)
        keys = np.flatnonzero(counts.any(axis=1))
        counts, starts, platform = counts[keys], lo + keys // width * hour_len, keys % width
    else:
        groups, keys = pd.factorize(hour * width + pcodes)
        counts = np.bincount(groups * 4 + scodes, minlength=len(keys) * 4).reshape(-1, 4)
        keys = np.asarray(keys, dtype="int64")
        starts, platform = keys // width, keys % width
    start = pd.Series(pd.to_datetime(starts, unit=times.dt.unit, utc=True))
    start = start.dt.tz_convert(tz) if tz is not None else start.dt.tz_localize(None)
    out = pd.DataFrame({
        "time": start.dt.as_unit("us"),
        "platform": pd.Series(np.asarray(platforms, dtype=object)[platform], dtype=str),
        "mentions": counts.sum(axis=1)})
    if len(scodes) and (scodes == 3).all():  # no post has a sentiment: attention only
        return out.astype({"mentions": "int64"})
    for n, label in enumerate(SENTIMENT_LABELS):
        out[label] = counts[:, n]
    return out.astype({c: "int64" for c in ("mentions", *SENTIMENT_LABELS)})


def _codes(col: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes (-1: missing) and the distinct values; a categorical's own codes."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        return (np.asarray(col.cat.codes, dtype=np.int64),
                np.asarray(col.cat.categories, dtype=object))
    codes, uniques = pd.factorize(col)
    return np.asarray(codes, dtype=np.int64), np.asarray(uniques, dtype=object)


def _sentiment_codes(col: pd.Series) -> np.ndarray:
    """0, 1, 2 for negative, neutral, positive; 3 for anything else (unlabelled)."""
    codes, values = _codes(col)
    lookup = np.array([SENTIMENT_LABELS.index(v) if v in SENTIMENT_LABELS else 3
                       for v in values] + [3], dtype=np.int8)
    return lookup[codes]  # code -1 (missing) takes the last entry
