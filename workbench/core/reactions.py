"""Hourly reactions counted from posts: in pandas (a frame; :func:`reactions_from_posts`
lives in :mod:`workbench.core.derived` beside its cache) or from DuckDB's counts.

A reactions row is one local hour (its start, in the case zone) and one platform, with
``mentions`` and the ``negative``/``neutral``/``positive`` counts. The local hour is
floored with each post's own UTC offset, so a DST change is safe. For posts that stay on
disk (:mod:`workbench.core.posts`), DuckDB counts posts per 15-minute step of UTC time
(:func:`quarter_sql`); every UTC offset in use is a multiple of 15 minutes, so each step
lies in one local hour and :func:`hourly` sums the steps into hours in pandas.

>>> posts = pd.DataFrame({"time": pd.to_datetime(["2024-05-10T20:10:00+08:00",
...                                               "2024-05-10T20:50:00+08:00"]),
...                       "platform": ["weibo", "weibo"], "sentiment": ["negative", None]})
>>> reactions_from_posts(posts)[["platform", "mentions", "negative"]].values.tolist()
[['weibo', 2, 1]]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .derived import reactions_from_posts

__all__ = ["count_hours", "exact_hour_sql", "hourly", "hourly_exact", "quarter_sql",
           "reactions_from_posts"]

LABELS = ("negative", "neutral", "positive")
QUARTER_US = 15 * 60 * 10**6  # every UTC offset in use is a multiple of 15 minutes
HOUR_US = 3600 * 10**6


def _reaction_frame(start: pd.Series, platforms: np.ndarray, counts: np.ndarray) -> pd.DataFrame:
    out = pd.DataFrame({"time": start.dt.as_unit("us"),
                        "platform": pd.Series(platforms, dtype=str),
                        "mentions": counts.sum(axis=1)})
    if len(counts) and not counts[:, :3].any():  # no post has a sentiment: attention only
        return out.astype({"mentions": "int64"})
    for n, label in enumerate(LABELS):
        out[label] = counts[:, n]
    return out.astype({c: "int64" for c in ("mentions", *LABELS)})


def quarter_sql(source: str, platform: str, sentiment: str, where: str = "") -> str:
    """Posts counted per 15-minute step of ``time`` (its epoch: UTC, or wall time when the
    times have no zone), raw platform and sentiment — the one pass hourly reactions need."""
    return (f"SELECT epoch_us(time) // {QUARTER_US} AS q, {platform} AS p, {sentiment} AS s, "
            f"count(*) AS n FROM {source} {where} GROUP BY ALL")


def hourly(quarters: pd.DataFrame, tz: str, *, naive: bool) -> pd.DataFrame | None:
    """Hourly reactions from per-quarter-hour counts (columns q, p, s, n; p and s normal).

    The local hour of a quarter is floored with its own UTC offset, as
    :func:`reactions_from_posts` does per post. None when some offset of the zone is not a
    multiple of 15 minutes or changes inside a quarter (the caller counts per post then).
    """
    q = quarters[quarters["q"].notna() & quarters["p"].notna()]
    start = q["q"].to_numpy(dtype="int64") * QUARTER_US
    if naive:
        wall = start
        local = pd.DatetimeIndex(pd.to_datetime(wall, unit="us")).tz_localize(
            tz, ambiguous="NaT", nonexistent="NaT")
        utc = local.as_unit("us").asi8
        if local.isna().any():  # reported by the check; never counted
            keep = ~local.isna()
            q, wall, utc = q[keep], wall[keep], utc[keep]
    else:
        utc = start
        zone = pd.DatetimeIndex(pd.to_datetime(utc, unit="us", utc=True)).tz_convert(tz)
        wall = zone.tz_localize(None).as_unit("us").asi8
        later = pd.DatetimeIndex(pd.to_datetime(utc + QUARTER_US - 1, unit="us", utc=True))
        later_wall = later.tz_convert(tz).tz_localize(None).as_unit("us").asi8
        if ((later_wall - (utc + QUARTER_US - 1)) != (wall - utc)).any():
            return None
    if ((wall - utc) % QUARTER_US).any():
        return None
    hour = (wall // HOUR_US) * HOUR_US - (wall - utc)
    return count_hours(hour, q["p"], q["s"], q["n"], tz)


def count_hours(hour: np.ndarray, platform: pd.Series, sentiment: pd.Series, n: pd.Series,
                tz: str) -> pd.DataFrame:
    """Sum counts per (UTC hour start, platform) and label, as reactions (local times)."""
    scode = pd.Categorical(sentiment, categories=list(LABELS)).codes.astype("int64")
    frame = pd.DataFrame({"hour": np.asarray(hour, dtype="int64"),
                          "p": platform.to_numpy(dtype=object),
                          "s": np.where(scode < 0, 3, scode), "n": n.to_numpy(dtype="int64")})
    table = (frame.groupby(["hour", "p", "s"])["n"].sum().unstack("s", fill_value=0)
             .reindex(columns=range(4), fill_value=0))
    keys = table.index.to_frame(index=False)
    start = pd.Series(pd.to_datetime(keys["hour"].to_numpy(), unit="us", utc=True))
    return _reaction_frame(start.dt.tz_convert(tz), keys["p"].to_numpy(dtype=object),
                           table.to_numpy(dtype="int64"))


def exact_hour_sql(source: str, tz: str, where: str = "") -> str:
    """Per-post local hours in SQL over the posts view (slower than :func:`quarter_sql`),
    for zones :func:`hourly` cannot serve."""
    zone = "'" + tz.replace("'", "''") + "'"
    wall = f"epoch_us(timezone({zone}, time))"
    return (f"SELECT ({wall} // {HOUR_US}) * {HOUR_US} - ({wall} - epoch_us(time)) AS hour, "
            f"platform AS p, sentiment AS s, count(*) AS n FROM {source} {where} GROUP BY ALL")


def hourly_exact(counts: pd.DataFrame, tz: str) -> pd.DataFrame:
    """Hourly reactions from :func:`exact_hour_sql`'s counts (hour, p, s, n)."""
    q = counts[counts["hour"].notna() & counts["p"].notna()]
    return count_hours(q["hour"].to_numpy("int64"), q["p"], q["s"], q["n"], tz)
