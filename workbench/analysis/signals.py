"""Metrics on platform attention signals (signals.csv; see docs/metrics.md).

Pure functions over ``case.signals`` (and ``case.events`` for the brand's first response).
A list's signals are sampled on a fixed grid and a topic off the list has no row, so
"hours on the list" counts grid points where at least one topic was on it.

>>> import pandas as pd
>>> t = pd.to_datetime(["2022-05-22T09:00", "2022-05-22T09:10", "2022-05-22T09:20",
...                     "2022-05-22T09:20"]).tz_localize("Asia/Shanghai")
>>> s = pd.DataFrame({"time": t, "platform": "weibo",
...                   "signal": ["hot-search-rank"] * 3 + ["hot-search-heat"],
...                   "topic": ["a", "a", "b", "a"], "value": [33.0, 5.0, 1.0, 5e6],
...                   "hours": [9.0, 9 + 1 / 6, 9 + 1 / 3, 9 + 1 / 3]})
>>> m = signal_metrics(s)
>>> m.first_entry_hours, m.best_rank, round(m.best_rank_hours, 2), m.distinct_titles
(9.0, 1, 9.33, 2)
>>> round(m.hours_on_list, 2), m.peak_heat, grid_step(s)
(0.5, 5000000.0, Timedelta('0 days 00:10:00'))
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import pandas as pd

from ..foundation import i18n, vocab
from . import metrics

#: Signal metrics count rows from this many hours before the trigger on. A trigger known
#: only by its date stands for the end of that day, so the crisis can reach the list up to
#: a day "before" hour 0; anything earlier is a precursor (crisis history): the chart shows
#: it, the metrics do not count it (docs/metrics.md).
LEAD_HOURS = 24.0

#: The signal metrics, in the order compare and the scorecard show them.
SIGNAL_METRICS: tuple[str, ...] = (
    "list_entry_hours", "best_rank", "best_rank_hours", "peak_heat", "hours_on_list",
    "distinct_titles", "responded_before_list_peak",
)


@dataclass(frozen=True)
class SignalMetrics:
    """What a case's attention signals show; NaN / None where there are no signals."""

    first_entry_hours: float = math.nan
    best_rank: int | None = None
    best_rank_hours: float = math.nan
    peak_heat: float = math.nan
    peak_heat_hours: float = math.nan
    hours_on_list: float = math.nan
    distinct_titles: int = 0
    responded_before_peak: bool | None = None

    @property
    def found(self) -> bool:
        return not math.isnan(self.first_entry_hours)

    def as_row(self) -> dict:
        """The metrics under the names of :data:`SIGNAL_METRICS` (NA where missing)."""
        return {
            "list_entry_hours": self.first_entry_hours,
            "best_rank": pd.NA if self.best_rank is None else self.best_rank,
            "best_rank_hours": self.best_rank_hours, "peak_heat": self.peak_heat,
            "hours_on_list": self.hours_on_list,
            "distinct_titles": self.distinct_titles if self.found else pd.NA,
            "responded_before_list_peak": pd.NA if self.responded_before_peak is None
            else self.responded_before_peak,
        }

    def to_html(self, *, lang: str | None = None) -> str:
        """The metrics as a small bilingual table (labels as in ``wb.compare``)."""
        from .comparison import format_value  # comparison imports this module

        e = html.escape
        title = f"<div style='font-weight:600'>{e(i18n.t('sig_metrics_title', lang=lang))}</div>"
        if not self.found:
            return (f"<div class='wb-signal-metrics'>{title}"
                    f"<p>{e(i18n.t('sig_metrics_none', lang=lang))}</p></div>")
        rows = "".join(
            f"<tr><th style='text-align:left;padding:2px 8px'>"
            f"{e(i18n.t('cmp_' + k, lang=lang))}</th><td style='text-align:left;padding:2px 8px'>"
            f"{e(format_value(k, v, lang=lang))}</td></tr>" for k, v in self.as_row().items())
        note = (f"<p style='color:#4b5563;font-size:0.85em'>"
                f"{e(i18n.t('sig_metrics_note', lang=lang))}</p>")
        return f"<div class='wb-signal-metrics'>{title}<table>{rows}</table>{note}</div>"

    def _repr_html_(self) -> str:
        return self.to_html()


def ranks(signals: pd.DataFrame) -> pd.DataFrame:
    """The rows that are places on a list (hot-search or trending rank)."""
    return signals[signals["signal"].isin(list(vocab.RANK_SIGNALS))]


def in_crisis(signals: pd.DataFrame, *, lead_hours: float = LEAD_HOURS) -> pd.DataFrame:
    """The rows the metrics count: from ``lead_hours`` before the trigger on."""
    return signals[signals["hours"] >= -lead_hours]


def grid_step(signals: pd.DataFrame) -> pd.Timedelta | None:
    """The sampling grid's step: the most common gap between successive sample times."""
    times = pd.Series(signals["time"].drop_duplicates().sort_values())
    gaps = times.diff().dropna()
    gaps = gaps[gaps > pd.Timedelta(0)]
    return None if gaps.empty else gaps.mode().iloc[0]


def hours_on_list(signals: pd.DataFrame) -> float:
    """Grid points at which at least one topic was on the list × the grid step, in hours.

    A sample off the grid (an exact first minute kept between two grid points) counts
    for the grid point it leads to, so it adds no extra step.
    """
    rank = ranks(signals)
    step = grid_step(rank)
    if rank.empty or step is None:
        return math.nan
    points = rank["time"].dt.ceil(step).nunique()
    return points * step.total_seconds() / 3600


def signal_metrics(signals: pd.DataFrame, events: pd.DataFrame | None = None) -> SignalMetrics:
    """First entry into the list, best rank and when it was reached, peak heat, hours on
    the list, distinct titles, and whether the brand's first response came before the
    peak (the peak heat, or the first time at the best rank when there is no heat).

    Only rows from :data:`LEAD_HOURS` before the trigger on are counted (:func:`in_crisis`):
    an earlier, unrelated appearance of a generic title cannot set the first entry."""
    if signals is None or signals.empty:
        return SignalMetrics()
    signals = in_crisis(signals)
    if signals.empty:
        return SignalMetrics()
    rank = ranks(signals)
    on_list = rank if len(rank) else signals
    first_entry = float(on_list["hours"].min())
    best = best_hours = math.nan
    if len(rank):
        best = float(rank["value"].min())
        best_hours = float(rank.loc[rank["value"] == best, "hours"].min())
    heat = signals[signals["signal"] == "hot-search-heat"]
    peak_heat = peak_hours = math.nan
    if len(heat):
        top = heat["value"].idxmax()
        peak_heat, peak_hours = float(heat.at[top, "value"]), float(heat.at[top, "hours"])
    peak_at = peak_hours if not math.isnan(peak_hours) else best_hours
    before = None
    if events is not None and not math.isnan(peak_at):
        first = metrics.first_response(events)
        before = bool(first.hours < peak_at) if first.found else None
    return SignalMetrics(
        first_entry_hours=first_entry,
        best_rank=None if math.isnan(best) else int(best), best_rank_hours=best_hours,
        peak_heat=peak_heat, peak_heat_hours=peak_hours, hours_on_list=hours_on_list(signals),
        distinct_titles=int(signals["topic"].nunique()), responded_before_peak=before)


def metric_row(signals: pd.DataFrame, events: pd.DataFrame | None = None) -> dict:
    """The signal metrics as a row of :data:`SIGNAL_METRICS` (for ``wb.compare``)."""
    return signal_metrics(signals, events).as_row()
