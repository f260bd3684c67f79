"""Charts of platform attention signals (signals.csv): rank per topic and heat over time.

Pure functions from a case to a chart (:func:`signal_spec`, a Vega-Lite dict the stepper
draws; :func:`signal_chart`, the same as an altair chart). The signals are aggregated first (the
topics that reached the highest ranks, thinned to a coarser grid when needed), so a chart
embeds at most :data:`~workbench.display.charts.MAX_ROWS` rows. Rank 1 is at the top.

>>> import workbench as wb
>>> case = wb.load_case("audi-xiaoman-2022")
>>> spec = signal_chart(case).to_dict()
>>> sum(len(rows) for rows in spec["datasets"].values()) <= MAX_ROWS
True
>>> spec["vconcat"][0]["layer"][-1]["encoding"]["y"]["scale"]["reverse"]
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt
import pandas as pd

from ..analysis.signals import LEAD_HOURS
from ..foundation import i18n, vocab
from . import vegalite as vl
from .chart_view import records
from .charts import FONT, MAX_ROWS, REFERENCE_HOURS, WIDTH, brand_markers, configure_rendering

if TYPE_CHECKING:
    from ..core.cases import Case

#: The most topics drawn on one chart (those that reached the best ranks first).
MAX_TOPICS = 8


def top_topics(signals: pd.DataFrame, *, n: int = MAX_TOPICS) -> list[str]:
    """The ``n`` topics with the best rank (ties: the one that got there first), judged on
    the crisis rows (from :data:`~workbench.analysis.signals.LEAD_HOURS` before the trigger
    on, as the metrics count them): a pre-crisis baseline's stray titles are not chosen."""
    rank = signals[signals["signal"].isin(list(vocab.RANK_SIGNALS))]
    if rank.empty:
        rank = signals
    crisis = rank[rank["hours"] >= -LEAD_HOURS]
    if not crisis.empty:
        rank = crisis
    best = rank.groupby("topic").agg(best=("value", "min"), first=("hours", "min"))
    return best.sort_values(["best", "first"]).index[:n].tolist()


def signal_series(signals: pd.DataFrame, signal: str, *, topics: list[str],
                  max_rows: int = MAX_ROWS // 3) -> pd.DataFrame:
    """One signal for ``topics``: ``hours``, ``topic``, ``value``, thinned to ≤ ``max_rows``
    rows by keeping the best value (lowest rank, highest heat) per coarser time bin."""
    rows = signals[(signals["signal"] == signal) & signals["topic"].isin(topics)]
    rows = rows.loc[:, ["hours", "topic", "value"]]
    if len(rows) <= max_rows:
        return rows.reset_index(drop=True)
    span = float(rows["hours"].max() - rows["hours"].min()) or 1.0
    width = span * len(topics) / max_rows * 1.5
    binned = rows.assign(hours=(rows["hours"] // width) * width)
    pick = "min" if signal in vocab.RANK_SIGNALS else "max"
    return binned.groupby(["hours", "topic"], as_index=False)["value"].agg(pick)


def runs(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` with ``segment``: one id per contiguous run of a topic on the list, so a
    line never joins across the hours a title was off the list. A run breaks where the
    gap to the topic's previous sample exceeds 1.5 × the series' grid step (the most
    common gap between sample times).

    >>> r = pd.DataFrame({"hours": [0.0, 1.0, 2.0, 5.0, 6.0], "topic": "a",
    ...                   "value": [3.0, 2, 1, 4, 5]})
    >>> runs(r)["segment"].tolist()
    ['a#0', 'a#0', 'a#0', 'a#1', 'a#1']
    """
    if rows.empty:
        return rows.assign(segment=pd.Series(dtype="object"))
    times = pd.Series(sorted(rows["hours"].unique()))
    gaps = times.diff().dropna()
    gaps = gaps[gaps > 0]
    step = float(gaps.round(6).mode().iloc[0]) if len(gaps) else 1.0
    rows = rows.sort_values(["topic", "hours"])
    jump = rows.groupby("topic")["hours"].diff() > step * 1.5
    run = jump.astype(int).groupby(rows["topic"]).cumsum()
    return rows.assign(segment=rows["topic"].astype(str) + "#" + run.astype(str))


def source_label(case: Case, *, lang: str | None = None) -> str:
    """What the signals are, e.g. "observed · Weibo hot-search archive"."""
    kind = case.meta.provenance.signals
    platforms = set(case.signals["platform"])
    if kind == "observed" and platforms == {"weibo"}:
        return i18n.t("sig_observed_weibo", lang=lang)
    return i18n.t(f"{kind}_badge", lang=lang)


def signal_chart(case: Case, *, events: pd.DataFrame | None = None, lang: str | None = None,
                 width: int = WIDTH) -> alt.VConcatChart:
    """:func:`signal_spec` as an altair chart."""
    return vl.to_altair(signal_spec(case, events=events, lang=lang, width=width))


def signal_spec(case: Case, *, events: pd.DataFrame | None = None, lang: str | None = None,
                width: int = WIDTH) -> dict:
    """Rank over time per topic (rank 1 at the top), heat over time, the brand's moves as
    markers and the reference hours. ``case`` may be a phase view: it then ends at the
    phase end, like the reaction chart. A Vega-Lite spec written as a dict (no altair: the
    stepper draws a phase's first visit in milliseconds)."""
    configure_rendering()
    lang = lang or i18n.get_language()
    events = case.events if events is None else events
    signals = case.signals
    topics = top_topics(signals)
    rank_signal = next((s for s in vocab.RANK_SIGNALS if (signals["signal"] == s).any()),
                       vocab.RANK_SIGNALS[0])
    ranks = runs(signal_series(signals, rank_signal, topics=topics))
    heat = runs(signal_series(signals, "hot-search-heat", topics=topics))
    markers = brand_markers(events, lang=lang)
    # the plotted titles set the axis: an unplotted early title (a month of baseline) does not
    hours = [0.0, *ranks["hours"], *heat["hours"], *markers["hours"]]
    lo, hi = min(hours) - 1, max([*hours, 26.0]) + 1
    hour_title = i18n.t("chart_hours", lang=lang)
    topic = i18n.t("sig_topic", lang=lang)
    x = vl.field("hours:Q", title=hour_title, scale={"domain": [lo, hi], "nice": False})
    colour = vl.field("topic:N", title=topic, sort=topics, scale={"scheme": "tableau10"},
                      legend={"labelLimit": 260})
    refs = vl.layer("wb-sig-refs", {"type": "rule", "color": "#6b7280", "strokeDash": [2, 3]},
                    x=x)
    moves = vl.layer("wb-sig-moves", {"type": "rule", "strokeWidth": 2, "opacity": 0.8,
                                      "color": "#111827"},
                     x=x, tooltip=vl.tooltip(("move:N", i18n.t("chart_brand_move", lang=lang)),
                                             ("when:N", i18n.t("chart_time", lang=lang)),
                                             ("summary:N", i18n.t("chart_summary", lang=lang))))
    rank_title = i18n.term(vocab.SIGNALS, rank_signal, lang=lang)
    rank_line = vl.layer(
        "wb-sig-ranks", {"type": "line", "point": {"size": 12}},
        x=x, y=vl.field("value:Q", title=rank_title, scale={"reverse": True, "domainMin": 1}),
        color=colour, detail=vl.field("segment:N"),
        tooltip=vl.tooltip(("topic:N", topic), ("value:Q", rank_title),
                           ("hours:Q", hour_title, ".1f")))
    heat_title = i18n.term(vocab.SIGNALS, "hot-search-heat", lang=lang)
    heat_line = vl.layer(
        "wb-sig-heat", {"type": "line"}, x=x, y=vl.field("value:Q", title=heat_title),
        color=colour, detail=vl.field("segment:N"),
        tooltip=vl.tooltip(("topic:N", topic), ("value:Q", heat_title, ",.0f")))
    panels = [{"layer": [refs, moves, rank_line], "width": width, "height": 220}]
    datasets = {"wb-sig-refs": [{"hours": h} for h in REFERENCE_HOURS],
                "wb-sig-moves": records(markers), "wb-sig-ranks": records(ranks)}
    if len(heat):
        panels.append({"layer": [refs, moves, heat_line], "width": width, "height": 120})
        datasets["wb-sig-heat"] = records(heat)
    subtitle = [source_label(case, lang=lang), i18n.t("sig_attention_only", lang=lang)]
    return vl.top_level({
        "vconcat": panels, "spacing": 6,
        "title": {"text": i18n.t("sig_title", lang=lang, brand=case.brand(lang)),
                  "subtitle": subtitle, "anchor": "start", "subtitleColor": "#047857"},
        "datasets": datasets,
        "config": {"font": FONT, "view": {"stroke": "#e5e7eb"}}})
