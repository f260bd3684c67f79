"""The early-warning chart: the series a rule reads, its baseline band, the alerts
coloured by level and the brand's moves (aggregated: at most MAX_ROWS rows).

>>> import workbench as wb
>>> from workbench.analysis.backtest import evaluate, prepare
>>> from workbench.analysis.warning import VolumeRule
>>> prep = prepare(wb.load_case("demo-lumen-2024"))
>>> spec = warning_chart(prep, VolumeRule(), evaluate(prep, VolumeRule())).to_dict()
>>> "layer" in spec
True

A slider move redraws in place: :func:`warning_parts` for the new result, shown with
``ChartView.draw(parts, warning_chart_of)``.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from ..foundation import i18n
from .chart_view import ChartParts, records
from .charts import FONT, MAX_ROWS, WIDTH, brand_markers, configure_rendering

#: Level number → colour, the same as analysis.warning.LEVELS (display keeps its own copy).
COLOURS = {4: "#2563eb", 3: "#ca8a04", 2: "#ea580c", 1: "#dc2626"}
SLUGS = {4: "blue", 3: "yellow", 2: "orange", 1: "red"}


def _frame(prep: Any, rule: Any) -> tuple[pd.DataFrame, str, bool]:
    """The plotted series (hours, value, lo, hi), its title and whether it is a rank."""
    s = prep.series
    first = rule.rules[0] if hasattr(rule, "rules") else rule
    if first.name == "hot-search":
        frame = pd.DataFrame({"hours": s.signal_hours, "value": s.rank, "lo": np.nan,
                              "hi": np.nan})
        return frame, "ew_rank", True
    lo = hi = np.full(len(s.hours), np.nan)
    if hasattr(first, "measure"):
        _, lo, hi = first.measure(s)
    value = s.mentions
    if first.name == "negative-share":
        with np.errstate(invalid="ignore", divide="ignore"):
            value = s.negative / s.mentions
    frame = pd.DataFrame({"hours": s.hours, "value": value, "lo": lo, "hi": hi})
    return frame, "chart_negative_share" if first.name == "negative-share" else "ew_series", False


def _thin(frame: pd.DataFrame, rows: int) -> pd.DataFrame:
    if len(frame) <= rows:
        return frame
    return frame.iloc[np.unique(np.linspace(0, len(frame) - 1, rows).astype(int))]


#: The warning chart's named datasets: a slider move replaces only their rows.
WARNING_DATA = ("wb-ew-series", "wb-ew-alerts", "wb-ew-moves")  # series rows carry the band


def warning_parts(prep: Any, rule: Any, result: Any, *, lang: str | None = None,
                  width: int = WIDTH, moves: list[dict] | None = None) -> ChartParts:
    """The warning chart's data and title for one back-test: numpy and small pandas over
    the prepared series, no altair object (see :class:`~workbench.display.chart_view.ChartParts`).
    ``moves``: the records of ``brand_markers(prep.events)``, when the caller keeps them.
    """
    lang = lang or i18n.get_language()
    frame, title, is_rank = _frame(prep, rule)
    # a run on the list is one line: off the list (NaN) breaks it, as in the signal chart
    frame["segment"] = frame["value"].isna().cumsum() if is_rank else 0
    frame = _thin(frame.dropna(subset=["value"]), MAX_ROWS // 2)
    found = result.alerts.head(MAX_ROWS // 5)
    levels = pd.DataFrame({
        "hours": found["hours"].to_numpy(),
        "level": [i18n.t(f"ew_level_{SLUGS[int(v)]}", lang=lang) for v in found["level"]]})
    if moves is None:
        moves = records(brand_markers(prep.events, lang=lang))
    rows = [records(f) for f in (frame, levels)]
    subtitle = [i18n.t("simulated_badge", lang=lang)] if prep.simulated else []
    return ChartParts((lang, width, title, is_rank),
                      dict(zip(WARNING_DATA, [*rows, moves], strict=True)),
                      title={"text": result.rule, "subtitle": subtitle, "anchor": "start"})


def warning_chart(prep: Any, rule: Any, result: Any, *, lang: str | None = None,
                  width: int = WIDTH) -> alt.LayerChart:
    """Series, baseline band, alerts by level and brand moves for one back-test."""
    return warning_chart_of(warning_parts(prep, rule, result, lang=lang, width=width))


def warning_chart_of(parts: ChartParts) -> alt.LayerChart:
    """The warning chart of :func:`warning_parts` (its layers read :data:`WARNING_DATA`)."""
    configure_rendering()
    lang, width, title, is_rank = parts.shape
    series, alert_rows, move_rows = (alt.NamedData(n) for n in WARNING_DATA)
    x = alt.X("hours:Q", title=i18n.t("chart_hours", lang=lang))
    y = alt.Y("value:Q", title=i18n.t(title, lang=lang),
              scale=alt.Scale(reverse=True, domainMin=1) if is_rank else alt.Scale())
    line = alt.Chart(series).mark_line(color="#374151").encode(x=x, y=y, detail="segment:N")
    band = alt.Chart(series).transform_filter("isValid(datum.lo) && isValid(datum.hi)").mark_area(
        opacity=0.18, color="#6b7280").encode(
        x=x, y="lo:Q", y2="hi:Q",
        tooltip=[alt.Tooltip("hi:Q", title=i18n.t("ew_band", lang=lang), format=".2f")])
    order = [i18n.t(f"ew_level_{SLUGS[k]}", lang=lang) for k in (4, 3, 2, 1)]
    marks = alt.Chart(alert_rows).mark_rule(strokeWidth=3).encode(
        x=x, color=alt.Color("level:N", title=i18n.t("ew_level", lang=lang), sort=order,
                             scale=alt.Scale(domain=order, range=[COLOURS[k] for k in (4, 3, 2, 1)])),
        tooltip=[alt.Tooltip("level:N"), alt.Tooltip("hours:Q", format=".1f")])
    brand = alt.Chart(move_rows).mark_rule(color="#111827", strokeDash=[4, 3]).encode(
        x=x, tooltip=[alt.Tooltip("move:N", title=i18n.t("chart_brand_move", lang=lang)),
                      alt.Tooltip("summary:N", title=i18n.t("chart_summary", lang=lang))])
    return (alt.layer(band, line, brand, marks).properties(
        width=width, height=260, title=alt.TitleParams(**parts.title), datasets=parts.datasets)
        .configure(font=FONT))
