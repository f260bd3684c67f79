"""Data derived from a case's posts, cached on disk beside them (``.reactions-cache.parquet``).

Hourly reactions counted from a million posts take a moment; the count is written once
and read back while the posts file is unchanged. The cache is keyed by the posts file's
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

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

CACHE_NAME = ".reactions-cache.parquet"
VERSION = "2"  # 2: posts without sentiment give attention-only reactions
_KEY = b"workbench.cache_key"


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
        pq.write_table(table, tmp)
        os.replace(tmp, folder / CACHE_NAME)
    except (OSError, pa.ArrowException):
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
