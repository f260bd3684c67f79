"""The pandas frames the comparison charts draw (:mod:`~workbench.display.comparison_charts`):
short brand labels, binned reaction totals, the brands' moves, the first-time metrics, the
strategy mix and the channels, each in long form — small, whatever the cases' size.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from ..analysis import metrics
from ..core.cases import Case
from ..foundation import i18n, vocab

#: The first-time metrics drawn on the response-lag chart.
LAG_METRICS = ("first_response_hours", "first_apology_hours", "first_corrective_action_hours")


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


def case_labels(cases: Sequence[Case], lang: str) -> list[str]:
    """One short, unique brand label per case (:func:`brand_labels` of their brands)."""
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
    for case, label in zip(cases, case_labels(cases, lang), strict=True):
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


def channel_frame(cases: Sequence[Case], *, lang: str | None = None) -> pd.DataFrame:
    """Number of brand moves per channel and case (only channels some brand used)."""
    lang = lang or i18n.get_language()
    rows = []
    for case, label in zip(cases, case_labels(cases, lang), strict=True):
        counts = metrics.brand_moves(case.events)["channel"].value_counts()
        rows += [{"label": label, "channel": ch,
                  "channel_label": i18n.term(vocab.CHANNELS, ch, lang=lang), "moves": int(n)}
                 for ch, n in counts.items()]
    return pd.DataFrame(rows, columns=["label", "channel", "channel_label", "moves"])
