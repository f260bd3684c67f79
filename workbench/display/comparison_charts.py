"""Charts that compare brands: pure functions from cases or the ``wb.compare`` table to altair.

Every chart aggregates in pandas first (reactions are summed over platforms and binned so
each case adds at most ``max_points`` rows), puts hour 0 at each case's trigger, takes its
words from :mod:`workbench.foundation.i18n` and uses the Chinese font first. Reaction data that is
simulated or fictional says so in the panel label and the subtitle.

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

import math
from collections.abc import Sequence

import altair as alt
import pandas as pd

from ..analysis import metrics
from ..core.cases import Case
from ..foundation import i18n, vocab
from .charts import FONT, configure_rendering

#: A colour per SCCT posture (and for moves without a strategy code).
POSTURE_COLOURS = {"deny": "#b91c1c", "diminish": "#d97706", "rebuild": "#047857",
                   "bolster": "#2563eb", "none": "#6b7280"}
#: The first-time metrics drawn on the response-lag chart.
LAG_METRICS = ("first_response_hours", "first_apology_hours", "first_corrective_action_hours")
LAG_TICKS = (-168, -72, -24, -4, 0, 1, 2, 4, 8, 12, 24, 48, 72, 168, 336, 720, 2160)
WIDTH = 300
ROW_HEIGHT = 80


def _style(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    configure_rendering()  # every comparison chart passes here: render offline, never via a CDN
    return chart.configure(font=FONT).configure_view(stroke="#e5e7eb")


def short_brand(brand: str, *, limit: int = 18) -> str:
    """A brand name short enough for an axis: a trailing parenthetical dropped, then cut.

    >>> short_brand("杜嘉班纳（Dolce & Gabbana）"), short_brand("A" * 30, limit=5)
    ('杜嘉班纳', 'AAAA…')
    """
    text = str(brand).strip()
    for open_, close in (("（", "）"), ("(", ")")):
        if text.endswith(close) and open_ in text and text.index(open_) > 0:
            text = text[: text.rindex(open_)].strip()
            break
    return text if len(text) <= limit else text[: limit - 1] + "…"


def brand_labels(frame: pd.DataFrame) -> list[str]:
    """One short, unique label per row of a frame with ``brand`` and ``case`` columns.

    >>> brand_labels(pd.DataFrame({"brand": ["A", "A", "B"], "case": ["a-1", "a-2", "b-1"]}))
    ['A (a-1)', 'A (a-2)', 'B']
    """
    short = [short_brand(b) for b in frame["brand"]]
    return [f"{b} ({c})" if short.count(b) > 1 else b
            for b, c in zip(short, frame["case"], strict=True)]


def _case_labels(cases: Sequence[Case], lang: str) -> list[str]:
    return brand_labels(pd.DataFrame({"brand": [c.brand(lang) for c in cases],
                                      "case": [c.id for c in cases]}))


def binned_totals(reactions: pd.DataFrame, *, hours: tuple[float, float] | None = None,
                  max_points: int = 200) -> tuple[pd.DataFrame, float]:
    """Mentions and negative share per period (all platforms), within ``hours`` and binned
    into longer periods so there are at most ``max_points`` rows. Returns (frame, bin hours).

    >>> t = pd.date_range("2024-01-01", periods=6, freq="h", tz="UTC")
    >>> r = pd.DataFrame({"time": t, "platform": "x", "mentions": [1, 2, 3, 4, 5, 6],
    ...                   "negative": [1, 0, 3, 0, 5, 0], "neutral": 0, "positive": 0,
    ...                   "hours": [0.0, 1, 2, 3, 4, 5]})
    >>> frame, size = binned_totals(r, max_points=3)
    >>> size, frame["mentions"].tolist(), frame["negative_share"].round(2).tolist()
    (2.0, [3, 7, 11], [0.33, 0.43, 0.45])
    """
    totals = metrics.period_totals(reactions)
    cols = ["hours", "mentions", "negative", "negative_share"]
    if totals.empty:
        return pd.DataFrame({c: [] for c in cols}), 1.0
    if hours is not None:
        totals = totals[(totals["hours"] >= hours[0]) & (totals["hours"] <= hours[1])]
        if totals.empty:
            return pd.DataFrame({c: [] for c in cols}), 1.0
    step = metrics.period_length(reactions)
    step_h = step.total_seconds() / 3600 if step is not None else 1.0
    span = totals["hours"].max() - totals["hours"].min()
    factor = max(1, math.ceil((span / step_h + 1) / max_points))
    size = step_h * factor
    start = totals["hours"].min()
    binned = totals.assign(hours=start + ((totals["hours"] - start) // size) * size)
    if "negative" not in binned:  # attention only: no split, so no negative share (NaN)
        binned = binned.assign(negative=math.nan)
    out = binned.groupby("hours", as_index=False)[["mentions", "negative"]].sum(min_count=1)
    out["negative_share"] = out["negative"] / out["mentions"].where(out["mentions"] > 0)
    return out[cols].astype({"negative_share": "float64"}), size


def _move_posture(strategy: object) -> str:
    found = [vocab.STRATEGIES[c].posture for c in metrics.codes(strategy)
             if c in vocab.STRATEGIES]
    return found[0] if found else "none"


def moves_frame(cases: Sequence[Case], *, lang: str | None = None,
                hours: tuple[float, float] | None = None) -> pd.DataFrame:
    """The brand's moves of each case: label, hours, posture (of the first code), text."""
    lang = lang or i18n.get_language()
    rows = []
    for case, label in zip(cases, _case_labels(cases, lang), strict=True):
        moves = metrics.brand_moves(case.events)
        if hours is not None:
            moves = moves[(moves["hours"] >= hours[0]) & (moves["hours"] <= hours[1])]
        summary = moves["summary_zh" if lang == "zh" else "summary_en"]
        for (_, m), text in zip(moves.iterrows(), summary, strict=True):
            posture = _move_posture(m.get("strategy"))
            rows.append({
                "label": label, "hours": round(float(m["hours"]), 2),
                "posture": posture,
                "posture_label": (i18n.t("cc_no_code", lang=lang) if posture == "none"
                                  else i18n.term(vocab.POSTURES, posture, lang=lang)),
                "when": ("≈" if m["approx"] else "") + f"{m['hours']:+.1f} h",
                "what": str(text)[:160],
            })
    return pd.DataFrame(rows, columns=["label", "hours", "posture", "posture_label", "when",
                                       "what"])


def _posture_scale(lang: str) -> alt.Scale:
    keys = [*vocab.POSTURES, "none"]
    labels = [i18n.term(vocab.POSTURES, k, lang=lang) for k in vocab.POSTURES]
    return alt.Scale(domain=[*labels, i18n.t("cc_no_code", lang=lang)],
                     range=[POSTURE_COLOURS[k] for k in keys])


def aligned_chart(cases: Sequence[Case], *, hours: tuple[float, float] | None = None,
                  lang: str | None = None, max_points: int = 200,
                  width: int = WIDTH) -> alt.HConcatChart:
    """Small multiples, one row per case: mentions (left) and negative share (right) on one
    hours-since-trigger axis, each brand's moves drawn as rules coloured by SCCT posture.

    ``hours=(lo, hi)`` limits the window (default: all data). Reactions are summed over
    platforms and binned to at most ``max_points`` rows per case. A case whose reactions
    are attention only (no sentiment split) has no negative-share line: its row of that
    panel says "not available — attention only".
    """
    lang = lang or i18n.get_language()
    cases = list(cases)
    labels = _case_labels(cases, lang)
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
    x = alt.X("hours:Q", title=i18n.t("cc_hours", lang=lang),
              scale=alt.Scale(domain=[lo, hi], nice=False))
    tips = [alt.Tooltip("label:N", title=i18n.t("cc_brand", lang=lang)),
            alt.Tooltip("posture_label:N", title=i18n.t("cc_posture", lang=lang)),
            alt.Tooltip("when:N", title=i18n.t("cc_when", lang=lang)),
            alt.Tooltip("what:N", title=i18n.t("cc_what", lang=lang))]
    colour = alt.Color("posture_label:N", title=i18n.t("cc_move", lang=lang),
                       scale=_posture_scale(lang))

    def panel(field: str, title: str | list[str], fmt: str | None, *, na: bool = False
              ) -> alt.FacetChart:
        base = alt.Chart()
        line = base.transform_filter("datum.layer == 'r'").mark_line(
            interpolate="step-after", color="#374151").encode(
            x=x, y=alt.Y(f"{field}:Q", title=title, axis=alt.Axis(tickCount=3, **({"format": fmt} if fmt else {}))))
        ref = base.transform_filter("datum.layer == 'ref'").mark_rule(
            color="#9ca3af", strokeDash=[2, 3]).encode(x=x)
        rule = base.transform_filter("datum.layer == 'm'").mark_rule(
            strokeWidth=2, opacity=0.8).encode(x=x, color=colour, tooltip=tips)
        layers = [ref, line, rule]
        if na:  # attention-only rows: say why there is no line
            layers.append(base.transform_filter("datum.layer == 'na'").mark_text(
                align="left", baseline="middle", color="#6b7280", fontSize=11).encode(
                x=alt.value(6), y=alt.value(ROW_HEIGHT / 2), text="what:N"))
        return alt.layer(*layers, data=data).properties(
            width=width, height=ROW_HEIGHT).facet(
            row=alt.Row("label:N", sort=shown, title=None,
                        header=alt.Header(labelAngle=0, labelAlign="left", labelLimit=160,
                                          labelExpr="split(datum.value, ' · ')")),
            spacing=6).resolve_scale(y="independent")

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
    chart = alt.hconcat(panel("mentions", volume, None),
                        panel("negative_share", i18n.t("cc_negative_share", lang=lang), "%",
                              na=bool(attention)))
    # the legend below the panels: two panels and the brands' names already fill a laptop's
    # notebook column (1366 px wide with the file browser open), a legend beside them is cut
    return _style(chart.properties(title=alt.TitleParams(
        i18n.t("cc_aligned_title", lang=lang), subtitle=subtitle, anchor="start",
        subtitleColor="#92400e"))).configure_legend(orient="bottom", direction="horizontal")


def lag_frame(table: pd.DataFrame, *, lang: str | None = None) -> pd.DataFrame:
    """The first-time metrics of a ``wb.compare`` table in long form (missing ones dropped)."""
    lang = lang or i18n.get_language()
    rows = []
    for (_, r), label in zip(table.iterrows(), brand_labels(table), strict=True):
        for metric in LAG_METRICS:
            value = r[metric]
            if value is None or pd.isna(value):
                continue
            approx = metric in (r["approx"] or ())
            rows.append({"label": label, "metric": i18n.t(f"cmp_{metric}", lang=lang),
                         "hours": round(float(value), 2),
                         "text": ("≈" if approx else "") + f"{float(value):.1f} h"})
    return pd.DataFrame(rows, columns=["label", "metric", "hours", "text"])


def response_lag_chart(table: pd.DataFrame, *, lang: str | None = None,
                       width: int = 2 * WIDTH) -> alt.LayerChart:
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
    x = alt.X("hours:Q", title=i18n.t("cc_lag_axis", lang=lang),
              scale=alt.Scale(type="symlog", constant=1, domain=[lo, hi], nice=False),
              axis=alt.Axis(values=ticks, grid=True))
    y = alt.Y("label:N", sort=order, title=None)
    tips = [alt.Tooltip("label:N", title=i18n.t("cc_brand", lang=lang)),
            alt.Tooltip("metric:N", title=i18n.t("cc_metric", lang=lang)),
            alt.Tooltip("text:N", title=i18n.t("cc_hours", lang=lang))]
    metric_scale = alt.Scale(domain=names, range=["#374151", "#047857", "#2563eb"])
    base = alt.Chart(data)
    offset = alt.YOffset("metric:N", sort=names)  # one sub-row of the band per metric
    bar = base.transform_filter(alt.datum.metric == first).mark_bar(
        color="#e5e7eb", height=26).encode(x=x, y=y, tooltip=tips)
    label = base.transform_filter(alt.datum.metric == first).mark_text(
        align="left", dx=4, fontSize=10, color="#111827").encode(
        x=alt.value(0), y=y, text="text:N")
    points = base.mark_point(filled=True, size=70, opacity=0.9).encode(
        x=x, y=y, yOffset=offset, tooltip=tips,
        color=alt.Color("metric:N", scale=metric_scale, title=i18n.t("cc_metric", lang=lang)),
        shape=alt.Shape("metric:N", title=i18n.t("cc_metric", lang=lang),
                        scale=alt.Scale(domain=names, range=["triangle-right", "circle",
                                                             "square"])))
    refs = pd.DataFrame({"x": [4, 24], "text": [i18n.t("cc_h", lang=lang, n=4),
                                               i18n.t("cc_h", lang=lang, n=24)]})
    rules = alt.Chart(refs).mark_rule(color="#b91c1c", strokeDash=[4, 3]).encode(x="x:Q")
    rule_text = alt.Chart(refs).mark_text(align="left", dx=3, dy=-4, baseline="bottom",
                                          color="#b91c1c", fontSize=10).encode(
        x="x:Q", y=alt.value(0), text="text:N")
    chart = alt.layer(bar, label, points, rule_text, rules).properties(
        width=width, height=max(60, 40 * len(order)),
        title=alt.TitleParams(i18n.t("cc_lag_title", lang=lang),
                              subtitle=i18n.t("cc_lag_note", lang=lang), anchor="start"))
    return _style(chart)


def mix_frame(table: pd.DataFrame, *, lang: str | None = None) -> pd.DataFrame:
    """Posture shares of a ``wb.compare`` table in long form (brands without codes omitted)."""
    lang = lang or i18n.get_language()
    rows = []
    for (_, r), label in zip(table.iterrows(), brand_labels(table), strict=True):
        for order, (posture, share) in enumerate((r["posture_mix"] or {}).items()):
            if share > 0:
                rows.append({"label": label, "posture": posture, "order": order,
                             "posture_label": i18n.term(vocab.POSTURES, posture, lang=lang),
                             "share": round(float(share), 4)})
    return pd.DataFrame(rows, columns=["label", "posture", "order", "posture_label", "share"])


def strategy_mix_chart(table: pd.DataFrame, *, lang: str | None = None,
                       width: int = 2 * WIDTH) -> alt.LayerChart:
    """Stacked shares of strategy codes by SCCT posture per brand, with ✓/✗ for the fit."""
    lang = lang or i18n.get_language()
    data = mix_frame(table, lang=lang)
    order = brand_labels(table)
    y = alt.Y("label:N", sort=order, title=None)
    bars = alt.Chart(data).mark_bar(height=16).encode(
        x=alt.X("share:Q", stack="zero", title=i18n.t("cc_share", lang=lang),
                axis=alt.Axis(format="%", values=[0, 0.25, 0.5, 0.75, 1]),
                scale=alt.Scale(domain=[0, 1.18])),
        y=y, order=alt.Order("order:Q"),
        color=alt.Color("posture_label:N", title=i18n.t("cc_posture", lang=lang),
                        scale=_posture_scale(lang)),
        tooltip=[alt.Tooltip("label:N", title=i18n.t("cc_brand", lang=lang)),
                 alt.Tooltip("posture_label:N", title=i18n.t("cc_posture", lang=lang)),
                 alt.Tooltip("share:Q", format=".0%", title=i18n.t("cc_share", lang=lang))])
    fits = pd.DataFrame({"label": order, "x": 1.03,
                         "text": [i18n.t("cc_fits", lang=lang) + (" ✓" if f else " ✗")
                                  for f in table["fits_cluster"]]})
    marks = alt.Chart(fits).mark_text(align="left", fontSize=11).encode(
        x=alt.X("x:Q"), y=y, text="text:N")
    chart = alt.layer(bars, marks).properties(
        width=width, height=max(60, 30 * len(order)),
        title=alt.TitleParams(i18n.t("cc_mix_title", lang=lang), anchor="start"))
    return _style(chart)


def channel_frame(cases: Sequence[Case], *, lang: str | None = None) -> pd.DataFrame:
    """Number of brand moves per channel and case (only channels some brand used)."""
    lang = lang or i18n.get_language()
    rows = []
    for case, label in zip(cases, _case_labels(cases, lang), strict=True):
        counts = metrics.brand_moves(case.events)["channel"].value_counts()
        rows += [{"label": label, "channel": ch,
                  "channel_label": i18n.term(vocab.CHANNELS, ch, lang=lang), "moves": int(n)}
                 for ch, n in counts.items()]
    return pd.DataFrame(rows, columns=["label", "channel", "channel_label", "moves"])


def channel_matrix_chart(cases: Sequence[Case], *, lang: str | None = None) -> alt.LayerChart:
    """A channels × brands matrix: how many brand moves each brand made on each channel."""
    lang = lang or i18n.get_language()
    cases = list(cases)
    data = channel_frame(cases, lang=lang)
    order = [i18n.term(vocab.CHANNELS, c, lang=lang) for c in vocab.CHANNELS]
    x = alt.X("label:N", sort=_case_labels(cases, lang), title=None,
              axis=alt.Axis(labelAngle=0, orient="top", labelLimit=140))
    y = alt.Y("channel_label:N", sort=order, title=i18n.t("cc_channel", lang=lang))
    base = alt.Chart(data).encode(x=x, y=y)
    rect = base.mark_rect(stroke="#ffffff").encode(
        color=alt.Color("moves:Q", title=i18n.t("cc_moves", lang=lang),
                        scale=alt.Scale(scheme="blues"),
                        legend=None if data.empty else alt.Legend()),  # no "NaN" legend
        tooltip=[alt.Tooltip("label:N", title=i18n.t("cc_brand", lang=lang)),
                 alt.Tooltip("channel_label:N", title=i18n.t("cc_channel", lang=lang)),
                 alt.Tooltip("moves:Q", title=i18n.t("cc_moves", lang=lang))])
    text = base.mark_text(fontSize=11).encode(
        text="moves:Q",
        color=alt.condition(alt.datum.moves > max(1, data["moves"].max()) * 0.6,
                            alt.value("#ffffff"), alt.value("#111827")))
    n_channels = max(1, data["channel"].nunique())
    chart = alt.layer(rect, text).properties(
        width=max(120, 110 * len(cases)), height=24 * n_channels,
        title=alt.TitleParams(i18n.t("cc_channels_title", lang=lang), anchor="start",
                              subtitle=i18n.t("cc_no_moves", lang=lang) if data.empty else alt.Undefined))
    return _style(chart)
