"""From a rule's firing to alerts: the warning level of a strength, the fired periods, and
debouncing them into alerts.

A rule's strength (value ÷ its threshold) maps to the four warning levels of Chinese
emergency management (蓝 IV · 黄 III · 橙 II · 红 I) through :data:`LEVEL_STEPS`
(:func:`level_of`); the periods a rule fires in are a :class:`Fired` tuple of arrays, and
:func:`debounce` picks the alerts among them (:func:`alerts`: the same on a DataFrame).
The rules themselves are in :mod:`workbench.analysis.warning`, which also offers every
name here. Formulas and defaults: docs/early-warning.md.

>>> found = Fired(np.array([0.0, 1, 30]), np.array([5.0, 9, 5]), np.array([1.2, 3.5, 1.2]),
...               level_of(np.array([1.2, 3.5, 1.2])))
>>> found.level.tolist(), found.take(debounce(found.hours, found.level)).hours.tolist()
([4, 1, 4], [0.0, 1.0, 30.0])
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pandas as pd

__all__ = ["LEVELS", "LEVEL_STEPS", "Fired", "alerts", "debounce", "level_of"]

#: Strength (value ÷ threshold) at which each level starts: blue IV, yellow III, orange II, red I.
LEVEL_STEPS: tuple[float, float, float, float] = (1.0, 1.5, 2.0, 3.0)
#: Level number → (slug, colour). 4 = 蓝色 IV (lowest) … 1 = 红色 I (highest).
LEVELS: dict[int, tuple[str, str]] = {4: ("blue", "#2563eb"), 3: ("yellow", "#ca8a04"),
                                      2: ("orange", "#ea580c"), 1: ("red", "#dc2626")}


def level_of(strength: np.ndarray | float, steps: tuple[float, ...] = LEVEL_STEPS) -> np.ndarray:
    """Level number per strength: 4 (blue) from steps[0], … 1 (red) from steps[3]; 0 = none.

    >>> level_of(np.array([0.5, 1.0, 1.6, 2.5, 9.0])).tolist()
    [0, 4, 3, 2, 1]
    """
    s = np.nan_to_num(np.asarray(strength, dtype="float64"), nan=0.0)
    passed = sum((s >= step).astype(int) for step in steps)
    return np.where(passed > 0, 5 - passed, 0)


class Fired(NamedTuple):
    """The periods a rule fires in, as arrays (one entry per period, in time order)."""

    hours: np.ndarray
    value: np.ndarray
    strength: np.ndarray
    level: np.ndarray

    def frame(self) -> pd.DataFrame:
        """The columns ``hours``, ``value``, ``strength``, ``level`` as a DataFrame."""
        return pd.DataFrame(self._asdict())

    def take(self, at: np.ndarray) -> Fired:
        """The periods at positions ``at``."""
        return Fired(*(a[at] for a in self))


def debounce(hours: np.ndarray, level: np.ndarray, *,
             cooldown_hours: float = 12.0) -> np.ndarray:
    """The positions of the alerts among firing periods (in time order): a new alert when
    nothing fired for ``cooldown_hours``, or when the level rises (an escalation).

    Vectorised: a run ends where the gap exceeds the cooldown; within a run a period is an
    alert when its level (1 = red … 4 = blue) is below every earlier one of the run.

    >>> debounce(np.array([0.0, 1, 2, 3, 30]), np.array([4, 4, 3, 3, 4])).tolist()
    [0, 2, 4]
    """
    h = np.asarray(hours, dtype="float64")
    if not len(h):
        return np.zeros(0, dtype=int)
    run = np.cumsum(np.diff(h, prepend=-math.inf) > cooldown_hours)
    key = np.asarray(level, dtype="float64") - 10.0 * run  # a later run is always lower
    before = np.r_[math.inf, np.minimum.accumulate(key)[:-1]]
    return np.flatnonzero(key < before)


def alerts(fired: pd.DataFrame, *, cooldown_hours: float = 12.0) -> pd.DataFrame:
    """Debounce firing periods (:meth:`workbench.analysis.warning.VolumeRule.fire`'s
    rows) into alerts
    (:func:`debounce`): the columns hours, value, strength and level."""
    columns = ("hours", "value", "strength", "level")
    found = Fired(*(fired[c].to_numpy() for c in columns))
    return found.take(debounce(found.hours, found.level, cooldown_hours=cooldown_hours)).frame()
