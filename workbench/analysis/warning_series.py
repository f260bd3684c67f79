"""A case's hourly series for the early-warning rules (:mod:`workbench.analysis.warning`).

:func:`series_of` builds a :class:`Series` once per case view: the reaction totals on a
regular grid (NaN = no data) and the hot-search best rank and top heat per signal period
(NaN rank = off the list). The lab re-runs a rule on every slider move, so what the rules
derive from the series alone (the rolling baselines per window) is kept on it.

>>> import numpy as np
>>> s = Series(hours=np.arange(4.0), mentions=np.array([1.0, 3.0, 5.0, 7.0]),
...            negative=np.zeros(4))
>>> mean, sd, count = s.rolling("mentions", 2)
>>> mean.tolist()[1:], count.tolist()
([1.0, 2.0, 4.0], [0.0, 1.0, 2.0, 2.0])
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import metrics


@dataclass(frozen=True)
class Series:
    """A case's regular series: reaction totals per period (NaN = no data) and the
    hot-search best rank and top heat per signal period (NaN rank = off the list)."""

    hours: np.ndarray
    mentions: np.ndarray
    negative: np.ndarray
    step: float = 1.0
    signal_hours: np.ndarray = field(default_factory=lambda: np.zeros(0))
    rank: np.ndarray = field(default_factory=lambda: np.zeros(0))
    heat: np.ndarray = field(default_factory=lambda: np.zeros(0))
    signal_step: float = 1 / 6
    #: What the rules derive from the series and not from their thresholds (rolling
    #: baselines per window…), kept for the next slider move: the arrays never change.
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    def rolling(self, name: str, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:func:`_rolling` of the series ``name`` over ``n`` periods, computed once."""
        key = ("rolling", name, n)
        if key not in self.memo:
            self.memo[key] = _rolling(getattr(self, name), n)
        return self.memo[key]

    @property
    def has_reactions(self) -> bool:
        return bool(len(self.hours)) and bool(np.isfinite(self.mentions).any())

    @property
    def has_signals(self) -> bool:
        return bool(len(self.signal_hours))


def series_of(reactions: pd.DataFrame, signals: pd.DataFrame | None = None, *,
              zero_fill: bool = False, signals_from: float | None = None) -> Series:
    """The regular series of a case's (visible) reactions and signals, computed once.
    ``zero_fill``: a missing period counts 0 posts (reactions counted from posts).
    ``signals_from``: the hour the list was first watched (the case's declared
    ``signals_window``); the signal grid starts there, off the list until a title
    matches, so a quiet pre-crisis stretch counts as baseline."""
    totals = metrics.period_totals(reactions)
    hours = mentions = negative = np.zeros(0)
    step = 1.0
    if len(totals):
        h = totals["hours"].to_numpy(dtype="float64")
        step = float(np.min(np.diff(h))) if len(h) > 1 else 1.0
        idx = np.rint((h - h[0]) / step).astype(int)
        hours = h[0] + step * np.arange(idx[-1] + 1)
        fill = 0.0 if zero_fill else math.nan
        mentions = np.full(len(hours), fill)
        negative = np.full(len(hours), fill)
        mentions[idx] = totals["mentions"].to_numpy(dtype="float64")
        if "negative" in totals:  # attention only: no split, the negative-share rule is silent
            negative[idx] = totals["negative"].to_numpy(dtype="float64")
        else:
            negative[:] = math.nan
    out = Series(hours, mentions, negative, step)
    if signals is None or signals.empty:
        return out
    sstep = 1 / 6
    times = np.sort(signals["hours"].unique())
    if len(times) > 1:
        gaps = np.diff(times)
        # the mode in whole seconds: a rounded hour (1/6 → 0.1667) would drift the grid
        seconds = np.round(gaps[gaps > 0] * 3600)
        sstep = float(pd.Series(seconds[seconds > 0]).mode().iloc[0]) / 3600
    origin = float(times[0])
    if signals_from is not None and signals_from <= origin:
        origin = float(signals_from)  # the watched window's start, on the sampling grid
    bins = np.floor((signals["hours"].to_numpy() - origin) / sstep + 1e-9).astype(int)
    grid = origin + sstep * np.arange(bins.max() + 1)
    frame = pd.DataFrame({"bin": bins, "signal": signals["signal"].to_numpy(),
                          "value": signals["value"].to_numpy(dtype="float64")})
    rank = frame[frame["signal"].str.endswith("rank")].groupby("bin")["value"].min()
    heat = frame[frame["signal"].str.endswith("heat")].groupby("bin")["value"].max()
    r, ht = np.full(len(grid), math.nan), np.zeros(len(grid))
    r[rank.index.to_numpy()] = rank.to_numpy()
    ht[heat.index.to_numpy()] = heat.to_numpy()
    return Series(hours, mentions, negative, step, grid, r, ht, sstep)


def _rolling(x: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean, standard deviation and count of the previous ``n`` values (NaN skipped)."""
    valid = np.isfinite(x)
    v = np.where(valid, x, 0.0)
    c1 = np.r_[0.0, np.cumsum(v)]
    c2 = np.r_[0.0, np.cumsum(v * v)]
    cn = np.r_[0.0, np.cumsum(valid)]
    i = np.arange(len(x))
    lo = np.maximum(i - n, 0)
    count = cn[i] - cn[lo]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (c1[i] - c1[lo]) / count
        var = (c2[i] - c2[lo]) / count - mean ** 2
    return mean, np.sqrt(np.maximum(var, 0.0)), count
