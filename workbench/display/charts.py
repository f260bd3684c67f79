"""Charts: pure functions from a case (or DataFrames) to altair charts, and one chart widget.

Every chart aggregates in pandas first, so its inline data stays small whatever the case
size (at most :data:`MAX_ROWS` rows), and takes its words from :mod:`workbench.foundation.i18n`.
Charts render offline: the first chart built selects altair's ``jupyter`` renderer with
``offline=True`` (:func:`configure_rendering`; nothing happens at import) and :class:`ChartView` loads vega from vl-convert, never from a CDN.
The reaction chart is built from :func:`reaction_parts` (named datasets, the x range as
params, the title) as a plain Vega-Lite spec (:func:`reaction_chart_of`), so a
:class:`ChartView` draws a phase's first visit in milliseconds and redraws another phase of
the same shape by swapping only those.

>>> import workbench as wb
>>> case = wb.load_case("demo-lumen-2024")
>>> spec = reaction_chart(case.visible_at("plan")).to_dict()
>>> spec["title"]["text"]
'Public reaction: Lumen Tea'
>>> sum(len(rows) for rows in spec["datasets"].values()) <= MAX_ROWS
True
>>> view = ChartView()
>>> view.draw(reaction_parts(case.visible_at("plan")), reaction_chart_of)  # built once
False
>>> view.draw(reaction_parts(case.visible_at("act")), reaction_chart_of)  # data swapped
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import altair as alt
import numpy as np
import pandas as pd

from ..foundation import i18n, vocab
from . import vegalite as vl
from .chart_view import ChartParts, configure_rendering, plain_title, records
from .chart_view import ChartView as ChartView  # re-exported: wb.ChartView lives here

if TYPE_CHECKING:
    from ..core.cases import Case

#: Fonts for every chart text: Chinese first (Debian's fonts-noto-cjk), then the default.
FONT = '"Noto Sans CJK SC", sans-serif'
#: The most rows a chart embeds; reactions are binned into longer periods to stay below.
MAX_ROWS = 1500
#: Hours marked on every reaction chart: the trigger, the first 4 hours, the first day.
REFERENCE_HOURS = (0, 4, 24)
WIDTH = 640
MARKER_STYLES = {"statement": ("#111827", [1, 0]), "action": ("#7c2d12", [6, 3])}


# -- aggregation (pure, pandas) ----------------------------------------------------------
def period_hours(reactions: pd.DataFrame) -> float:
    """The spacing of the reaction rows in hours (1 for hourly data, 24 for daily)."""
    times = pd.Series(reactions["time"].unique()).sort_values()
    if len(times) < 2:
        return 1.0
    return float(times.diff().dropna().min().total_seconds() / 3600) or 1.0


def reaction_series(reactions: pd.DataFrame, *, max_rows: int = MAX_ROWS // 2
                    ) -> tuple[pd.DataFrame, float]:
    """Mentions and negatives per period and platform, binned so at most ``max_rows`` rows.

    Returns the frame (``hours`` = period start since the trigger, ``time``, ``platform``,
    ``mentions``, ``negative``) and the period length in hours. Attention-only reactions
    (no sentiment split) give no ``negative`` column.
    """
    split = "negative" in reactions.columns
    cols = ["hours", "time", "platform", "mentions", *(["negative"] if split else [])]
    if reactions.empty:
        return pd.DataFrame({c: [] for c in cols}), 1.0
    step = period_hours(reactions)
    platforms = max(reactions["platform"].nunique(), 1)
    periods = math.ceil((reactions["hours"].max() - reactions["hours"].min()) / step) + 1
    factor = max(1, math.ceil(periods * platforms / max_rows))
    size = step * factor
    start = reactions["hours"].min()
    frame = (reactions if factor == 1 else
             reactions.assign(hours=start + ((reactions["hours"] - start) // size) * size))
    sums = {"mentions": ("mentions", "sum"), **({"negative": ("negative", "sum")} if split else {})}
    out = (frame.groupby(["hours", "platform"], as_index=False, observed=True)
           .agg(time=("time", "min"), **sums))
    return out[cols], size


def negative_share(series: pd.DataFrame) -> pd.DataFrame:
    """The share of negative mentions per period, all platforms together (NaN when none)."""
    total = (series.groupby("hours", as_index=False)
             .agg(time=("time", "min"), mentions=("mentions", "sum"),
                  negative=("negative", "sum")))
    total["share"] = (total["negative"] / total["mentions"].where(total["mentions"] > 0))
    return total


def brand_markers(events: pd.DataFrame, *, lang: str | None = None,
                  max_rows: int = MAX_ROWS // 5) -> pd.DataFrame:
    """The brand's statements and actions among ``events``: one row per marker, at most
    ``max_rows`` (an even sample over time beyond that, like every other layer)."""
    moves = events[events["brand_side"] & events["kind"].isin(list(MARKER_STYLES))]
    if len(moves) > max_rows:
        moves = moves.iloc[np.unique(np.linspace(0, len(moves) - 1, max_rows).astype(int))]
    lang = lang or i18n.get_language()
    summary = moves["summary_zh"] if lang == "zh" else moves["summary_en"]
    return pd.DataFrame({
        "id": moves["id"].astype(str),
        "hours": moves["hours"].round(2),
        "kind": moves["kind"].astype(str),
        "move": [i18n.t(f"chart_{k}", lang=lang) for k in moves["kind"]],
        "when": [("≈ " if a else "") + _clock(t, p) for t, a, p in
                 zip(moves["time"], moves["approx"], moves["precision"], strict=True)],
        "summary": summary.fillna("").astype(str),
    })


def _clock(time: pd.Timestamp, precision: str) -> str:
    fmt = {"day": "%Y-%m-%d", "hour": "%Y-%m-%d %H:00"}.get(precision, "%Y-%m-%d %H:%M")
    return time.strftime(fmt)


def format_hours(hours: float) -> str:
    """``3.0`` → ``'+3'``, ``-2.25`` → ``'-2.2'``: signed, at most one decimal."""
    value = round(float(hours), 1)
    return f"{value:+g}" if value else "0"


# -- the chart ---------------------------------------------------------------------------
#: One colour per platform slug (tableau20), the same in both languages and every chart.
_PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
            "#ff9da7", "#9c755f", "#bab0ac", "#a0cbe8", "#ffbe7d", "#ff9d9a", "#86bcb6",
            "#8cd17d", "#f1ce63", "#d4a6c8", "#fabfd2", "#d7b5a6", "#79706e", "#499894")


def platform_colour(slug: str) -> str:
    """The fixed colour of a platform slug (unknown slugs share the last colour).

    >>> platform_colour("weibo"), platform_colour("twitter")
    ('#4e79a7', '#b07aa1')
    """
    order = list(vocab.CHANNELS)
    return _PALETTE[order.index(slug) % len(_PALETTE)] if slug in order else _PALETTE[-1]


#: The reaction chart's named datasets: a redraw for another phase replaces only their rows.
REACTION_DATA = ("wb-series", "wb-share", "wb-markers", "wb-refs", "wb-later")


class ReactionShape(NamedTuple):
    """Everything of a reaction chart that is not data, x range or title (see ChartParts)."""

    lang: str
    width: int
    platforms: tuple[tuple[str, str], ...]  # (label, colour) of the platforms present
    kinds: tuple[str, ...]  # the brand-move kinds present
    days: bool  # an x axis in days (a case that runs for weeks), else in hours
    volume: str  # the y title: mentions, or a simulated index
    split: bool = True  # False: attention only, no negative-share panel


def reaction_parts(case: Case | str, *, events: pd.DataFrame | None = None,
                   lang: str | None = None, width: int = WIDTH) -> ChartParts:
    """The reaction chart's data, x range and title for ``case`` (or a phase view): pure
    pandas on the aggregated reactions, no altair object — fast enough for every click.

    :func:`reaction_chart` builds the chart from these parts; a :class:`ChartView` showing
    a reaction chart of the same shape redraws another phase with ``view.draw(parts, ...)``
    by swapping only these (see :mod:`workbench.display.chart_view`).
    """
    if isinstance(case, (str, Path)):  # an id or a folder, as compare() and scorecard() take
        from ..core.cases import load_case
        case = load_case(case)
    lang = lang or i18n.get_language()
    t = _words(lang)
    events = case.events if events is None else events
    series, size = reaction_series(case.reactions)
    split = case.has_sentiment
    present = _platforms(series["platform"])
    labels = {s: i18n.term(vocab.CHANNELS, s, lang=lang) for s in present}
    share = (_closed(negative_share(series).drop(columns="time"), size) if split else
             pd.DataFrame({"hours": [], "share": []}))
    markers = brand_markers(events, lang=lang)
    series = series.assign(
        platform_label=series["platform"].map(labels).astype(object),
        when=series["time"].dt.strftime("%m-%d %H:%M") if len(series) else [],
    ).drop(columns=["time", "platform", *(["negative"] if split else [])])
    series = _closed(series, size, by="platform_label")
    end = _hours(case, case.phase_end) if case.phase_end is not None else None
    lo = min([0.0, *series["hours"], *markers["hours"]]) - 1
    hi = max([26.0, *series["hours"], *markers["hours"], *([end] if end else [])]) + 1
    labels_at, shown_at = [], -math.inf
    for h in REFERENCE_HOURS:  # label a mark only where it does not sit on the previous label
        far = h - shown_at >= 0.06 * (hi - lo)
        labels_at.append("" if not far else t["chart_trigger_mark"] if h == 0 else
                         i18n.t("chart_hour_mark", lang=lang, n=h))
        shown_at = h if far else shown_at
    # above the plot (staggered), so a brand move's line at the same hour never crosses them
    refs = pd.DataFrame({"hours": list(REFERENCE_HOURS), "ypix": [-14, -2, -14], "mark": labels_at})
    last = case.phase in (None, vocab.PHASE_LIST[-1].slug)
    later = pd.DataFrame({"hours": [], "hours2": [], "label": []}) if last or end is None else (
        pd.DataFrame({"hours": [end], "hours2": [hi],
                      "label": [t["chart_later"] if hi - end > 0.15 * (hi - lo) else ""]}))
    days, ticks = _day_ticks(lo, hi)
    volume = t["chart_simulated_index"] if case.reactions_simulated else t["chart_mentions"]
    shape = ReactionShape(lang, width, tuple((labels[s], platform_colour(s)) for s in present),
                          tuple(k for k in MARKER_STYLES if k in set(markers["kind"])),
                          days, volume, split)
    frames = (series, share, markers, refs, later)
    return ChartParts(
        shape, {name: records(f) for name, f in zip(REACTION_DATA, frames, strict=True)},
        params={"wb_lo": lo, "wb_hi": hi, "wb_ticks": ticks},
        title={"text": i18n.t("chart_reaction_title", lang=lang, brand=case.brand(lang)),
               "subtitle": _subtitle(case, size, lang), "anchor": "start",
               "subtitleColor": "#92400e"})


def reaction_chart(case: Case | str, *, events: pd.DataFrame | None = None,
                   lang: str | None = None, width: int = WIDTH) -> alt.VConcatChart:
    """Mentions per period by platform, the negative share, and the brand's moves.
    Attention-only reactions (no sentiment split, ``case.has_sentiment`` False) draw the
    attention panel alone: no negative share, and the subtitle says why.

    ``case`` may be a phase view (``case.visible_at(phase)``): the chart then ends at the
    phase end and greys out what comes later. ``events`` overrides the events whose brand
    moves are marked (e.g. with moves held back). Hour 0 is the trigger; the 4 h and 24 h
    marks are always drawn. Simulated or fictional reactions say so in the subtitle.
    The chart is the altair chart of the spec :func:`reaction_chart_of` writes for the
    :func:`reaction_parts` (a :class:`ChartView` draws the spec itself, without altair).
    """
    return vl.to_altair(reaction_chart_of(reaction_parts(case, events=events, lang=lang,
                                                         width=width)))


def reaction_chart_of(parts: ChartParts) -> dict:
    """The reaction chart of :func:`reaction_parts`, as a Vega-Lite spec (a plain dict: no
    altair, so a click that draws a new shape costs a millisecond): its layers read the
    named datasets :data:`REACTION_DATA`, its x range the params ``wb_lo``/``wb_hi`` (and
    ``wb_ticks``)."""
    configure_rendering()
    shape: ReactionShape = parts.shape
    t = _words(shape.lang)
    series, share, markers, refs, later = REACTION_DATA
    x = _x_axis(shape.days, t)
    platforms = {"domain": [p for p, _ in shape.platforms],
                 "range": [c for _, c in shape.platforms]}
    volume = shape.volume
    lines = vl.layer(
        series, {"type": "line", "interpolate": "step-after", "strokeWidth": 1.6},
        x=x, y=vl.field("mentions:Q", title=volume),
        color=vl.field("platform_label:N", title=t["platform"], scale=platforms),
        tooltip=vl.tooltip(("platform_label:N", t["platform"]), ("when:N", t["chart_time"]),
                           ("mentions:Q", volume)))
    neg = vl.layer(
        share, {"type": "line", "interpolate": "step-after", "color": "#b91c1c"},
        x=x, y=vl.field("share:Q", title=t["chart_negative_share"], axis={"format": "%"},
                        scale={"domain": [0, 1]}),
        tooltip=vl.tooltip(("when:N", t["chart_time"]),
                           ("share:Q", t["chart_negative_share"], ".0%")))
    top = {"layer": [*_later_layers(later, x, label=True), lines,
                     *_reference_layers(refs, x, label=True),
                     *_marker_layers(markers, shape.kinds, x, t, legend=True)],
           "resolve": {"scale": {"color": "independent", "strokeDash": "independent"}},
           "width": shape.width, "height": 220}
    panels = [top]
    if shape.split:
        panels.append({"layer": [*_later_layers(later, x, label=False), neg,
                                 *_reference_layers(refs, x, label=False),
                                 *_marker_layers(markers, shape.kinds, x, t, legend=False)],
                       "width": shape.width, "height": 110})
    return vl.top_level({
        "vconcat": panels, "spacing": 6,
        "params": [{"name": k, "value": v} for k, v in parts.params.items()],
        "title": plain_title(parts.title),
        "datasets": parts.datasets,
        "config": {"font": FONT, "legend": {"orient": "right", "labelLimit": 220},
                   "view": {"stroke": "#e5e7eb"}}})


def _platforms(slugs: Iterable[str]) -> list[str]:
    return sorted(set(slugs), key=lambda s: (list(vocab.CHANNELS).index(s)
                                             if s in vocab.CHANNELS else 99, s))


def _day_ticks(lo: float, hi: float) -> tuple[bool, list[float]]:
    """Whether the x axis is in days (over 10 days), and its ticks then (hours)."""
    days = (hi - lo) / 24
    if days <= 10:
        return False, []
    step = next((d for d in (1, 2, 5, 7, 14, 30, 60, 90) if days / d <= 12), 180)
    return True, [d * 24 for d in range(math.ceil(lo / 24 / step) * step, int(hi / 24) + 1, step)]


def _x_axis(days: bool, t: dict[str, str]) -> dict:
    """Hours since the trigger over ``[wb_lo, wb_hi]``; a case that runs for weeks is
    labelled in days (ticks ``wb_ticks``)."""
    scale = {"domainMin": {"expr": "wb_lo"}, "domainMax": {"expr": "wb_hi"}, "nice": False}
    if not days:
        return vl.field("hours:Q", title=t["chart_hours"], scale=scale)
    return vl.field("hours:Q", title=t["chart_days"], scale=scale,
                    axis={"values": {"expr": "wb_ticks"}, "labelExpr": "datum.value / 24"})


def _closed(frame: pd.DataFrame, size: float, *, by: str | None = None) -> pd.DataFrame:
    """Repeat each series' last row one period later, so a step line draws the last period."""
    if frame.empty:
        return frame
    tail = frame.groupby(by).tail(1) if by else frame.tail(1)
    return pd.concat([frame, tail.assign(hours=tail["hours"] + size)], ignore_index=True)


def _words(lang: str) -> dict[str, str]:
    keys = [k for k in i18n.STRINGS if k.startswith("chart_")] + ["platform"]
    return {k: i18n.t(k, lang=lang) for k in keys}


def _hours(case: Case, when: pd.Timestamp) -> float:
    return float((when - case.trigger).total_seconds() / 3600)


def _subtitle(case: Case, size: float, lang: str) -> list[str]:
    lines = []
    provenance = case.meta.provenance.reactions
    if case.reactions_simulated and not case.reactions.empty:
        lines.append(i18n.t("chart_not_observed", lang=lang,
                            badge=i18n.t(f"{provenance}_badge", lang=lang)))
    if case.machine_scored:
        lines.append(i18n.t("chart_machine", lang=lang))
    if not case.reactions.empty and not case.has_sentiment:
        lines.append(i18n.t("att_chart_note", lang=lang))
    if case.reactions.empty:
        lines.append(i18n.t("chart_no_reactions", lang=lang))
    elif size != 1:
        lines.append(i18n.t("chart_period", lang=lang, n=f"{size:g}"))
    if case.phase not in (None, vocab.PHASE_LIST[-1].slug) and case.phase_end is not None:
        n = vocab.PHASES[case.phase].number
        lines.append(i18n.t("chart_until", lang=lang, n=n, hours=i18n.t(
            "chart_hour_mark", lang=lang, n=format_hours(_hours(case, case.phase_end)))))
    return lines


def _later_layers(later: str, x: dict, *, label: bool) -> list[dict]:
    """The grey band after the phase end (no rows at the last phase: nothing drawn)."""
    rect = vl.layer(later, {"type": "rect", "color": "#9ca3af", "opacity": 0.15},
                    x=x, x2={"field": "hours2"})
    if not label:
        return [rect]
    text = vl.layer(later, {"type": "text", "align": "left", "baseline": "bottom", "dx": 4,
                            "dy": -4, "fontSize": 11, "color": "#6b7280"},
                    x=x, y={"value": 220}, text=vl.field("label:N"))
    return [rect, text]


def _reference_layers(refs: str, x: dict, *, label: bool) -> list[dict]:
    rule = vl.layer(refs, {"type": "rule", "color": "#6b7280", "strokeDash": [2, 3],
                           "strokeWidth": 1}, x=x)
    if not label:
        return [rule]
    text = vl.layer(refs, {"type": "text", "align": "left", "baseline": "bottom", "dx": 3,
                           "fontSize": 10, "color": "#4b5563"},
                    x=x, y=vl.field("ypix:Q", scale=None), text=vl.field("mark:N"))
    return [rule, text]


def _marker_layers(markers: str, kinds: tuple[str, ...], x: dict, t: dict[str, str], *,
                   legend: bool) -> list[dict]:
    if not kinds:
        return []
    domain = [t[f"chart_{k}"] for k in kinds]
    title = t["chart_brand_move"] if legend else None
    colour = vl.field("move:N", title=title, legend={} if legend else None,
                      scale={"domain": domain, "range": [MARKER_STYLES[k][0] for k in kinds]})
    dash = vl.field("move:N", title=title, legend={} if legend else None,
                    scale={"domain": domain, "range": [MARKER_STYLES[k][1] for k in kinds]})
    return [vl.layer(markers, {"type": "rule", "strokeWidth": 2, "opacity": 0.85},
                     x=x, color=colour, strokeDash=dash,
                     tooltip=vl.tooltip(("move:N", t["chart_brand_move"]),
                                        ("when:N", t["chart_time"]),
                                        ("summary:N", t["chart_summary"])))]
