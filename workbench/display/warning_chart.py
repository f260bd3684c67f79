"""The early-warning chart: the series a rule reads, its baseline band, the alerts
coloured by level and the brand's moves (aggregated: at most MAX_ROWS rows).

>>> import workbench as wb
>>> from workbench.analysis.backtest import evaluate, prepare
>>> from workbench.analysis.warning import VolumeRule
>>> prep = prepare(wb.load_case("demo-lumen-2024"))
>>> spec = warning_chart(prep, VolumeRule(), evaluate(prep, VolumeRule())).to_dict()
>>> "layer" in spec
True

A slider move redraws in place: the parts for the new result (:class:`WarningParts`,
which keeps what the rule's parameters do not change), shown with
``ChartView.draw(parts, warning_chart_of)``.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import numpy as np

from ..analysis.backtest import provenance_line
from ..analysis.warning import label, parameters
from ..foundation import i18n
from .chart_view import ChartParts, records
from .charts import FONT, MAX_ROWS, WIDTH, brand_markers, configure_rendering

#: Level number → colour, the same as analysis.warning.LEVELS (display keeps its own copy).
COLOURS = {4: "#2563eb", 3: "#ca8a04", 2: "#ea580c", 1: "#dc2626"}
SLUGS = {4: "blue", 3: "yellow", 2: "orange", 1: "red"}


#: The warning chart's named datasets: a slider move replaces only their rows.
WARNING_DATA = ("wb-ew-series", "wb-ew-alerts", "wb-ew-moves")  # series rows carry the band
#: Band rows kept per parts maker (a cooldown or minimum-count move keeps the band).
KEPT_BANDS = 16


def _plotted(prep: Any, first: Any) -> tuple[np.ndarray, np.ndarray, str, bool]:
    """The plotted series (hours, value), its title key and whether it is a rank."""
    s = prep.series
    if first.name == "hot-search":
        return s.signal_hours, s.rank, "ew_rank", True
    if first.name == "negative-share":
        with np.errstate(invalid="ignore", divide="ignore"):
            return s.hours, s.negative / s.mentions, "chart_negative_share", False
    return s.hours, s.mentions, "ew_series", False


def _nulls(values: np.ndarray) -> list:
    return [None if v != v else v for v in values.tolist()]  # NaN → null, as records()


class WarningParts:
    """The warning chart's parts of one prepared case view, for one back-test at a time:
    ``WarningParts(prep, lang=...)(rule, result)`` is ``warning_parts(prep, rule, result)``.

    What no rule parameter changes is computed once and kept: per plotted series (mentions,
    negative share, rank) the rows shown (no-data periods dropped, thinned to at most
    ``MAX_ROWS // 2``) with their hours, values and rank segments; the level labels; the
    brand's moves. A call then only cuts the rule's band to those rows and lists the alerts.
    The subtitle says the rule's parameters, then where each series it reads comes from
    (:func:`~workbench.analysis.backtest.provenance_line`: observed hot-search signals are
    never called simulated because a case's reactions are).

    >>> import workbench as wb
    >>> from workbench.analysis.backtest import evaluate, prepare
    >>> from workbench.analysis.warning import VolumeRule
    >>> prep = prepare(wb.load_case("demo-lumen-2024"))
    >>> parts = WarningParts(prep, lang="en")
    >>> one, two = (parts(r, evaluate(prep, r)) for r in (VolumeRule(), VolumeRule(threshold=2)))
    >>> one.shape == two.shape, one.datasets["wb-ew-series"] != two.datasets["wb-ew-series"]
    (True, True)
    >>> one.title["subtitle"][-1]
    'Reactions: Fictional'
    """

    def __init__(self, prep: Any, *, lang: str | None = None, width: int = WIDTH,
                 moves: list[dict] | None = None) -> None:
        self.prep, self.lang, self.width = prep, lang or i18n.get_language(), width
        self._moves = moves
        self._labels = {k: i18n.t(f"ew_level_{slug}", lang=self.lang) for k, slug in SLUGS.items()}
        self._series: dict[str, tuple] = {}
        self._bands: dict[bytes, list[dict]] = {}

    @property
    def moves(self) -> list[dict]:
        """The records of the brand's moves (they do not change with the rule)."""
        if self._moves is None:
            self._moves = records(brand_markers(self.prep.events, lang=self.lang))
        return self._moves

    def _base(self, first: Any) -> tuple:
        hours, value, title, is_rank = _plotted(self.prep, first)
        if title not in self._series:
            # a run on the list is one line: off the list (NaN) breaks it, as in the signal chart
            segment = np.cumsum(np.isnan(value)) if is_rank else np.zeros(len(value), int)
            keep = np.flatnonzero(~np.isnan(value))
            rows = MAX_ROWS // 2
            if len(keep) > rows:
                keep = keep[np.unique(np.linspace(0, len(keep) - 1, rows).astype(int))]
            self._series[title] = (title, is_rank, keep, hours[keep].tolist(),
                                   value[keep].tolist(), segment[keep].tolist())
        return self._series[title]

    def rows(self, rule: Any) -> list[dict]:
        """The series rows of ``rule``'s chart: hours, value, band (lo, hi), segment."""
        first = rule.rules[0] if hasattr(rule, "rules") else rule
        title, _, keep, hours, value, segment = self._base(first)
        if first.name != "hot-search" and hasattr(first, "measure"):
            _, lo, hi = first.measure(self.prep.series)
            lo, hi = lo[keep], hi[keep]
        else:
            lo = hi = np.full(len(keep), np.nan)
        key = title.encode() + lo.tobytes() + hi.tobytes()
        if key not in self._bands:
            while len(self._bands) >= KEPT_BANDS:
                self._bands.pop(next(iter(self._bands)))
            self._bands[key] = [
                {"hours": h, "value": v, "lo": a, "hi": b, "segment": g}
                for h, v, a, b, g in zip(hours, value, _nulls(lo), _nulls(hi), segment,
                                         strict=True)]
        return self._bands[key]

    def __call__(self, rule: Any, result: Any) -> ChartParts:
        """The chart's data and title for ``result`` (the back-test of ``rule``)."""
        first = rule.rules[0] if hasattr(rule, "rules") else rule
        title, is_rank = self._base(first)[:2]
        found = result.found
        shown = MAX_ROWS // 5
        alerts = [{"hours": h, "level": self._labels[lv]}
                  for h, lv in zip(found.hours[:shown].tolist(), found.level[:shown].tolist(),
                                   strict=True)]
        return ChartParts((self.lang, self.width, title, is_rank),
                          dict(zip(WARNING_DATA, [self.rows(rule), alerts, self.moves],
                                   strict=True)),
                          title={"text": rule_label(rule, self.lang),
                                 "subtitle": [parameters(rule, self.lang), *self._sources(result)],
                                 "anchor": "start"})

    def _sources(self, result: Any) -> list[str]:
        """The subtitle line on the provenance of what ``result``'s rule read (none if unknown)."""
        provenance = getattr(result, "provenance", ())
        return [provenance_line(provenance, self.lang)] if provenance else []


def rule_label(rule: Any, lang: str | None = None) -> str:
    """A rule's name in the language (:func:`~workbench.analysis.warning.label`), the
    chart's title; its parameters are the subtitle
    (:func:`~workbench.analysis.warning.parameters`; name and parameters in one sentence,
    as the report and the journal say it: :func:`~workbench.analysis.warning.explain`).

    >>> from workbench.analysis.warning import Combined, HotSearchRule, VolumeRule
    >>> rule_label(Combined((VolumeRule(), HotSearchRule()), how="or"), lang="zh")
    '声量超基线 或 热搜上榜与爬升'
    """
    return label(rule, lang)


def warning_parts(prep: Any, rule: Any, result: Any, *, lang: str | None = None,
                  width: int = WIDTH, moves: list[dict] | None = None) -> ChartParts:
    """The warning chart's data and title for one back-test: numpy over the prepared
    series, no altair object (see :class:`~workbench.display.chart_view.ChartParts`).
    ``moves``: the records of ``brand_markers(prep.events)``, when the caller keeps them.
    A view that redraws keeps one :class:`WarningParts` instead.
    """
    return WarningParts(prep, lang=lang, width=width, moves=moves)(rule, result)


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
