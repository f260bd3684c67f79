"""Charts that compare brands: pure functions from cases or the ``wb.compare`` table to charts.

Every chart aggregates in pandas first (reactions are summed over platforms and binned so
each case adds at most ``max_points`` rows), puts hour 0 at each case's trigger, takes its
words from :mod:`workbench.foundation.i18n` and uses the Chinese font first. Reaction data that is
simulated or fictional says so in the panel label and the subtitle.

The frames they draw are built in :mod:`~workbench.display.comparison_frames` (re-exported
here). Each chart has one builder, ``*_spec``, that writes its Vega-Lite spec as a plain dict (the
board draws those: a first pick of a set of cases builds no altair chart); ``*_chart`` is
that spec as a (validated) altair chart, for notebooks.

>>> import workbench as wb
>>> cases = [wb.load_case("demo-lumen-2024")]
>>> spec = aligned_chart(cases, lang="en").to_dict()
>>> sum(len(rows) for rows in spec["datasets"].values()) <= 1500
True
>>> lag = response_lag_chart(wb.compare(cases), lang="en").to_dict()
>>> sorted(r["x"] for r in lag["datasets"][lag["layer"][-1]["data"]["name"]])
[4, 24]
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from ..core.cases import Case
from ..foundation import i18n, vocab
from . import vegalite as vl
from .chart_view import records
from .charts import FONT, configure_rendering
from .comparison_frames import (  # re-exported: the frames are part of this module's API
    LAG_METRICS,
    brand_labels,
    case_labels,
    channel_frame,
    lag_frame,
    mix_frame,
    moves_frame,
)
from .comparison_frames import binned_totals as binned_totals
from .comparison_frames import short_brand as short_brand

#: A colour per SCCT posture (and for moves without a strategy code).
POSTURE_COLOURS = {"deny": "#b91c1c", "diminish": "#d97706", "rebuild": "#047857",
                   "bolster": "#2563eb", "none": "#6b7280"}
LAG_TICKS = (-168, -72, -24, -4, 0, 1, 2, 4, 8, 12, 24, 48, 72, 168, 336, 720, 2160)
WIDTH = 300
ROW_HEIGHT = 80


def _style(spec: dict, **legend: str) -> dict:
    configure_rendering()  # every comparison chart passes here: render offline, never via a CDN
    config = {"font": FONT, **({"legend": legend} if legend else {}),
              "view": {"stroke": "#e5e7eb"}}
    return vl.top_level({**spec, "config": config})


def _posture_scale(lang: str) -> dict:
    keys = [*vocab.POSTURES, "none"]
    labels = [i18n.term(vocab.POSTURES, k, lang=lang) for k in vocab.POSTURES]
    return {"domain": [*labels, i18n.t("cc_no_code", lang=lang)],
            "range": [POSTURE_COLOURS[k] for k in keys]}


def aligned_chart(cases: Sequence[Case], *, hours: tuple[float, float] | None = None,
                  lang: str | None = None, max_points: int = 200,
                  width: int = WIDTH) -> alt.HConcatChart:
    """:func:`aligned_spec` as an altair chart."""
    return vl.to_altair(aligned_spec(cases, hours=hours, lang=lang, max_points=max_points,
                                     width=width))


def aligned_spec(cases: Sequence[Case], *, hours: tuple[float, float] | None = None,
                 lang: str | None = None, max_points: int = 200,
                 width: int = WIDTH) -> dict:
    """Small multiples, one row per case: mentions (left) and negative share (right) on one
    hours-since-trigger axis, each brand's moves drawn as rules coloured by SCCT posture.

    ``hours=(lo, hi)`` limits the window (default: all data). Reactions are summed over
    platforms and binned to at most ``max_points`` rows per case. A case whose reactions
    are attention only (no sentiment split) has no negative-share line: its row of that
    panel says "not available — attention only".
    """
    lang = lang or i18n.get_language()
    cases = list(cases)
    labels = case_labels(cases, lang)
    rows, sizes, simulated, empty, attention = [], set(), [], [], []
    shown = []
    for case, label in zip(cases, labels, strict=True):
        frame, size = binned_totals(case.reactions, hours=hours, max_points=max_points)
        tag = ""
        if case.reactions_simulated and not case.reactions.empty:
            tag = " · " + i18n.t(f"{case.meta.provenance.reactions}_badge", lang=lang)
            simulated.append(label)
        if case.reactions.empty:
            empty.append(label)
        elif not case.has_sentiment:
            attention.append(label + tag)
        shown.append(label + tag)
        if not frame.empty:
            sizes.add(size)
            rows.append(frame.assign(label=label + tag, layer="r"))
    moves = moves_frame(cases, lang=lang, hours=hours)
    moves["label"] = moves["label"].map(dict(zip(labels, shown, strict=True)))
    refs = pd.DataFrame({"label": [s for s in shown for _ in (0, 24)],
                         "hours": [h for _ in shown for h in (0, 24)], "layer": "ref"})
    na = pd.DataFrame({"label": attention, "layer": "na",
                       "what": i18n.t("att_not_available", lang=lang)})
    data = pd.concat([*rows, moves.assign(layer="m"), refs, na], ignore_index=True)
    # the stacked layers leave each other's columns empty: null, not NaN (JSON has no NaN;
    # a column can be all-NaN floats when every move is still held by a decision)
    for c in ("posture", "posture_label", "when", "what"):
        data[c] = data[c].astype(object).fillna("")
    for c in ("hours", "mentions", "negative", "negative_share"):  # numbers as floats, so
        if c in data:  # altair writes the empty ones as null (an object column kept NaN)
            data[c] = pd.to_numeric(data[c], errors="coerce").astype(float)
    lo = hours[0] if hours else min([0.0, *data["hours"].dropna()])
    hi = hours[1] if hours else max([24.0, *data["hours"].dropna()])
    x = vl.field("hours:Q", title=i18n.t("cc_hours", lang=lang),
                 scale={"domain": [lo, hi], "nice": False})
    tips = vl.tooltip(("label:N", i18n.t("cc_brand", lang=lang)),
                      ("posture_label:N", i18n.t("cc_posture", lang=lang)),
                      ("when:N", i18n.t("cc_when", lang=lang)),
                      ("what:N", i18n.t("cc_what", lang=lang)))
    colour = vl.field("posture_label:N", title=i18n.t("cc_move", lang=lang),
                      scale=_posture_scale(lang))

    def only(layer: str, spec: dict) -> dict:
        return {**spec, "transform": [{"filter": f"datum.layer == '{layer}'"}]}

    def panel(field: str, title: str | list[str], fmt: str | None, *, na: bool = False
              ) -> dict:
        axis = {"tickCount": 3, **({"format": fmt} if fmt else {})}
        line = only("r", vl.layer(None, {"type": "line", "interpolate": "step-after",
                                         "color": "#374151"},
                                  x=x, y=vl.field(f"{field}:Q", title=title, axis=axis)))
        ref = only("ref", vl.layer(None, {"type": "rule", "color": "#9ca3af",
                                          "strokeDash": [2, 3]}, x=x))
        rule = only("m", vl.layer(None, {"type": "rule", "strokeWidth": 2, "opacity": 0.8},
                                  x=x, color=colour, tooltip=tips))
        layers = [ref, line, rule]
        if na:  # attention-only rows: say why there is no line
            layers.append(only("na", vl.layer(
                None, {"type": "text", "align": "left", "baseline": "middle",
                       "color": "#6b7280", "fontSize": 11},
                x={"value": 6}, y={"value": ROW_HEIGHT / 2}, text=vl.field("what:N"))))
        header = {"labelAngle": 0, "labelAlign": "left", "labelLimit": 160,
                  "labelExpr": "split(datum.value, ' · ')"}
        return {"facet": {"row": vl.field("label:N", sort=shown, title=None, header=header)},
                "spec": {"layer": layers, "width": width, "height": ROW_HEIGHT},
                "spacing": 6, "resolve": {"scale": {"y": "independent"}}}

    subtitle = []
    if simulated:
        subtitle.append(i18n.t("cc_not_observed", lang=lang, cases=", ".join(simulated)))
    if empty:
        subtitle.append(i18n.t("cc_no_reactions", lang=lang, cases=", ".join(empty)))
    if attention:
        subtitle.append(i18n.t("att_compare_note", lang=lang, cases=", ".join(
            a.split(" · ")[0] for a in attention)))
    if sizes - {1.0}:
        subtitle.append(" · ".join(i18n.t("cc_period", lang=lang, n=f"{s:g}")
                                   for s in sorted(sizes)))
    # on lines: the axis title runs along one row of the facet, ROW_HEIGHT px, and was cut
    volume = (i18n.t("cc_axis_mentions_or_index", lang=lang).split("\n") if simulated
              else i18n.t("cc_mentions", lang=lang))
    panels = [panel("mentions", volume, None),
              panel("negative_share", i18n.t("cc_negative_share", lang=lang), "%",
                    na=bool(attention))]
    # the legend below the panels: two panels and the brands' names already fill a laptop's
    # notebook column (1366 px wide with the file browser open), a legend beside them is cut
    return _style({"hconcat": panels, "data": {"name": "wb-aligned"},
                   "title": {"text": i18n.t("cc_aligned_title", lang=lang),
                             "subtitle": subtitle, "anchor": "start",
                             "subtitleColor": "#92400e"},
                   "datasets": {"wb-aligned": records(data)}},
                  orient="bottom", direction="horizontal")


def response_lag_chart(table: pd.DataFrame, *, lang: str | None = None,
                       width: int = 2 * WIDTH) -> alt.LayerChart:
    """:func:`response_lag_spec` as an altair chart."""
    return vl.to_altair(response_lag_spec(table, lang=lang, width=width))


def response_lag_spec(table: pd.DataFrame, *, lang: str | None = None,
                      width: int = 2 * WIDTH) -> dict:
    """First statement (bar), first apology and first corrective action (points) per brand,
    on a symlog hours axis with dashed lines at 4 h and 24 h (the golden-time rules)."""
    lang = lang or i18n.get_language()
    data = lag_frame(table, lang=lang)
    order = brand_labels(table)
    first = i18n.t("cmp_first_response_hours", lang=lang)
    names = [i18n.t(f"cmp_{m}", lang=lang) for m in LAG_METRICS]
    lo = min([0.0, *data["hours"]])
    hi = max([30.0, *data["hours"]]) * 1.15
    ticks = [v for v in LAG_TICKS if lo <= v <= hi]
    x = vl.field("hours:Q", title=i18n.t("cc_lag_axis", lang=lang),
                 scale={"type": "symlog", "constant": 1, "domain": [lo, hi], "nice": False},
                 axis={"values": ticks, "grid": True})
    y = vl.field("label:N", sort=order, title=None)
    tips = vl.tooltip(("label:N", i18n.t("cc_brand", lang=lang)),
                      ("metric:N", i18n.t("cc_metric", lang=lang)),
                      ("text:N", i18n.t("cc_hours", lang=lang)))
    metric = i18n.t("cc_metric", lang=lang)
    is_first = [{"filter": f"(datum.metric === {first!r})"}]  # as altair writes alt.datum ==
    bar = {**vl.layer("wb-lag", {"type": "bar", "color": "#e5e7eb", "height": 26},
                      x=x, y=y, tooltip=tips), "transform": is_first}
    label = {**vl.layer("wb-lag", {"type": "text", "align": "left", "dx": 4, "fontSize": 10,
                                   "color": "#111827"},
                        x={"value": 0}, y=y, text=vl.field("text:N")), "transform": is_first}
    points = vl.layer(
        "wb-lag", {"type": "point", "filled": True, "size": 70, "opacity": 0.9},
        x=x, y=y, tooltip=tips,
        yOffset=vl.field("metric:N", sort=names),  # one sub-row of the band per metric
        color=vl.field("metric:N", title=metric,
                       scale={"domain": names, "range": ["#374151", "#047857", "#2563eb"]}),
        shape=vl.field("metric:N", title=metric,
                       scale={"domain": names, "range": ["triangle-right", "circle", "square"]}))
    refs = [{"x": h, "text": i18n.t("cc_h", lang=lang, n=h)} for h in (4, 24)]
    rule_text = vl.layer("wb-lag-refs", {"type": "text", "align": "left", "dx": 3, "dy": -4,
                                         "baseline": "bottom", "color": "#b91c1c",
                                         "fontSize": 10},
                         x=vl.field("x:Q"), y={"value": 0}, text=vl.field("text:N"))
    rules = vl.layer("wb-lag-refs", {"type": "rule", "color": "#b91c1c", "strokeDash": [4, 3]},
                     x=vl.field("x:Q"))
    return _style({"layer": [bar, label, points, rule_text, rules],
                   "width": width, "height": max(60, 40 * len(order)),
                   "title": {"text": i18n.t("cc_lag_title", lang=lang),
                             "subtitle": i18n.t("cc_lag_note", lang=lang), "anchor": "start"},
                   "datasets": {"wb-lag": records(data), "wb-lag-refs": refs}})


def strategy_mix_chart(table: pd.DataFrame, *, lang: str | None = None,
                       width: int = 2 * WIDTH) -> alt.LayerChart:
    """:func:`strategy_mix_spec` as an altair chart."""
    return vl.to_altair(strategy_mix_spec(table, lang=lang, width=width))


def strategy_mix_spec(table: pd.DataFrame, *, lang: str | None = None,
                      width: int = 2 * WIDTH) -> dict:
    """Stacked shares of strategy codes by SCCT posture per brand, with ✓/✗ for the fit."""
    lang = lang or i18n.get_language()
    data = mix_frame(table, lang=lang)
    order = brand_labels(table)
    y = vl.field("label:N", sort=order, title=None)
    share = i18n.t("cc_share", lang=lang)
    bars = vl.layer(
        "wb-mix", {"type": "bar", "height": 16},
        x=vl.field("share:Q", stack="zero", title=share,
                   axis={"format": "%", "values": [0, 0.25, 0.5, 0.75, 1]},
                   scale={"domain": [0, 1.18]}),
        y=y, order=vl.field("order:Q"),
        color=vl.field("posture_label:N", title=i18n.t("cc_posture", lang=lang),
                       scale=_posture_scale(lang)),
        tooltip=vl.tooltip(("label:N", i18n.t("cc_brand", lang=lang)),
                           ("posture_label:N", i18n.t("cc_posture", lang=lang)),
                           ("share:Q", share, ".0%")))
    fits = [{"label": label, "x": 1.03,
             "text": i18n.t("cc_fits", lang=lang) + (" ✓" if f else " ✗")}
            for label, f in zip(order, table["fits_cluster"], strict=True)]
    marks = vl.layer("wb-mix-fits", {"type": "text", "align": "left", "fontSize": 11},
                     x=vl.field("x:Q"), y=y, text=vl.field("text:N"))
    return _style({"layer": [bars, marks], "width": width, "height": max(60, 30 * len(order)),
                   "title": {"text": i18n.t("cc_mix_title", lang=lang), "anchor": "start"},
                   "datasets": {"wb-mix": records(data), "wb-mix-fits": fits}})


def channel_matrix_chart(cases: Sequence[Case], *, lang: str | None = None) -> alt.LayerChart:
    """:func:`channel_matrix_spec` as an altair chart."""
    return vl.to_altair(channel_matrix_spec(cases, lang=lang))


def channel_matrix_spec(cases: Sequence[Case], *, lang: str | None = None) -> dict:
    """A channels × brands matrix: how many brand moves each brand made on each channel."""
    lang = lang or i18n.get_language()
    cases = list(cases)
    data = channel_frame(cases, lang=lang)
    order = [i18n.term(vocab.CHANNELS, c, lang=lang) for c in vocab.CHANNELS]
    x = vl.field("label:N", sort=case_labels(cases, lang), title=None,
                 axis={"labelAngle": 0, "orient": "top", "labelLimit": 140})
    # the axis title level, above the channel names (beside the brands): upright it was
    # squeezed into one 24-px row when a single channel was shown
    y = vl.field("channel_label:N", sort=order, title=i18n.t("cc_channel", lang=lang),
                 axis={"titleAngle": 0, "titleAlign": "right", "titleBaseline": "bottom",
                       "titleX": -6, "titleY": -6})
    moves = i18n.t("cc_moves", lang=lang)
    n_channels = max(1, data["channel"].nunique())
    legend = {"gradientLength": max(40, min(200, 24 * n_channels))}  # no taller than it needs
    rect = vl.layer(None, {"type": "rect", "stroke": "#ffffff"}, x=x, y=y,
                    color=vl.field("moves:Q", title=moves, scale={"scheme": "blues"},
                                   legend=None if data.empty else legend),  # no "NaN" legend
                    tooltip=vl.tooltip(("label:N", i18n.t("cc_brand", lang=lang)),
                                       ("channel_label:N", i18n.t("cc_channel", lang=lang)),
                                       ("moves:Q", moves)))
    dark = float(max(1, data["moves"].max()) * 0.6)  # white text on the darkest cells
    text = vl.layer(None, {"type": "text", "fontSize": 11}, x=x, y=y,
                    text=vl.field("moves:Q"),
                    color={"condition": {"test": f"(datum.moves > {dark!r})", "value": "#ffffff"},
                           "value": "#111827"})
    return _style({"layer": [rect, text], "data": {"name": "wb-channels"},
                   "width": max(120, 110 * len(cases)), "height": 24 * n_channels,
                   "title": {"text": i18n.t("cc_channels_title", lang=lang), "anchor": "start",
                             **({"subtitle": i18n.t("cc_no_moves", lang=lang)} if data.empty
                                else {})},
                   "datasets": {"wb-channels": records(data)}})
