"""The principles scorecard: data indicators for the five coordination principles and the 5S,
side by side with the student's own 1–5 rating (kept in the student's journal).

No composite score: each indicator is one documented number with its formula, and the
judgement stays with the student. Indicators computed from reaction data are flagged
``simulated`` when that data is simulated or fictional; one that needs a sentiment split
reads "not available — attention only" when the reactions have none. A case with
signals.csv also gets the signal metrics (framework ``signals``, not rated).

>>> card = scorecard("demo-lumen-2024", lang="en")  # in a notebook: wb.scorecard(...)
>>> row = card.set_index("indicator_id").loc["first_response"]
>>> float(row["value"]), row["shown"], row["formula"]
(5.25, '5.2', 'trigger → first brand statement (any channel)')
>>> sorted(set(card["principle"])) == sorted([*vocab.PRINCIPLES, *vocab.FIVE_S])
True
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..core.case_card import badge
from ..core.cases import Case
from ..foundation import i18n, vocab
from . import metrics, signals
from .comparison import as_cases, case_metrics, sentiment_kind

#: (indicator id, principle slug, zh label, en label, zh formula, en formula, unit)
_SPECS: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    ("dominant_posture_share", "shared-goal", "主导姿态占比", "Dominant-posture share",
     "最常用 SCCT 姿态的策略编码数 ÷ 品牌全部策略编码数",
     "codes in the brand's most-used SCCT posture ÷ all the brand's strategy codes", "share"),
    ("reversals", "shared-goal", "重建后又否认/淡化的举动数", "Deny/diminish moves after rebuilding",
     "首个重建型举动之后，含否认型或淡化型编码的品牌举动数",
     "brand moves with a deny or diminish code after the first move with a rebuild code",
     "count"),
    ("statements", "information-sharing", "品牌声明数", "Brand statements",
     "类型为“声明”且行动方属品牌方的事件数",
     "events with kind = statement and a brand-side actor", "count"),
    ("update_span", "information-sharing", "声明跨度（小时）", "Statement span (h)",
     "最后一份品牌声明的小时数 − 第一份品牌声明的小时数",
     "hours of the last brand statement − hours of the first", "hours"),
    ("brand_actors", "clear-responsibility", "品牌方行动角色数", "Brand-side roles acting",
     "品牌举动中不同品牌方行动方（高管、公关、客服…）的个数",
     "number of distinct brand-side actors (executive, PR, customer service…) among brand moves",
     "count"),
    ("executive_hours", "clear-responsibility", "高管首次发声（小时）", "First executive statement (h)",
     "触发 → 第一份行动方为高管的品牌声明（无则为空）",
     "trigger → first brand statement by an executive (empty if none)", "hours"),
    ("first_response", "fast-response", "首次回应（小时）", "First response (h)",
     "触发 → 第一份品牌声明（任一渠道）", "trigger → first brand statement (any channel)", "hours"),
    ("responded_before_peak", "fast-response", "峰值前已回应", "Responded before the peak",
     "首次回应小时数 < 提及量峰值时段开始的小时数",
     "first-response hours < hours of the start of the peak-mentions period", "bool"),
    ("statement_channels", "effective-communication", "声明使用的渠道数", "Channels of statements",
     "品牌声明使用的不同渠道数", "number of distinct channels of brand statements", "count"),
    ("negative_share_change", "effective-communication", "负面占比变化（峰值→末期）",
     "Negative share change (peak → end)",
     "末期负面占比 − 峰值负面占比（负面占比 = Σ负面 ÷ Σ提及，跨平台合计）",
     "negative share at the last period − at the peak (share = Σnegative ÷ Σmentions over "
     "platforms)", "delta"),
    ("first_apology", "shouldering", "首次道歉/自责（小时）", "First apology / mortification (h)",
     "触发 → 第一个含“道歉”或“认错自责”编码的品牌举动（无则为空）",
     "trigger → first brand move coded apology or mortification (empty if none)", "hours"),
    ("rebuild_share", "shouldering", "重建型占比", "Rebuild share",
     "重建型编码数（道歉、补偿、纠正行动、自责）÷ 品牌全部策略编码数",
     "rebuild codes (apology, compensation, corrective action, mortification) ÷ all the "
     "brand's codes", "share"),
    ("deny_diminish_codes", "sincerity", "否认/淡化编码数", "Deny/diminish codes",
     "品牌举动中否认型（攻击指控者、否认、替罪羊）与淡化型（借口、合理化）编码的个数",
     "count of the brand's deny (attack the accuser, denial, scapegoat) and diminish (excuse, "
     "justification) codes", "count"),
    ("within_4h", "speed", "4 小时内回应", "Responded within 4 h",
     "首次回应小时数 ≤ 4（坊间“黄金 4 小时”之说，出处未经证实）",
     "first-response hours ≤ 4 (the popular 'golden 4 hours'; origin unverified)", "bool"),
    ("lead_over_outside", "speed", "领先外部声音（小时）", "Lead over outside voices (h)",
     "触发之后第一个外部事件（非触发事件、非品牌方）的小时数 − 首次回应小时数；为正表示品牌先发声",
     "hours of the first outside event after the trigger (not the trigger, not brand-side) − "
     "first-response hours; positive = the brand spoke first", "hours"),
    ("phases_with_moves", "system", "有品牌举动的阶段数", "Phases with brand moves",
     "六个协同阶段中至少有一个品牌举动的阶段数（满分 6）",
     "number of the six coordination phases with at least one brand move (of 6)", "count"),
    ("brand_channels", "system", "品牌使用的渠道数", "Channels used by the brand",
     "品牌举动使用的不同渠道数", "number of distinct channels of brand moves", "count"),
    ("authority_events", "standard", "权威第三方事件数", "Authoritative third-party events",
     "类型为“第三方”或“结果”、行动方为监管机构/法院/警方/媒体的事件数（是否证实品牌说法需逐条阅读）",
     "events of kind third-party or outcome by a regulator, court, police or the media (read "
     "each: it may confirm or contradict the brand)", "count"),
)
FROM_REACTIONS = frozenset({"responded_before_peak", "negative_share_change"})
#: Indicators that need the sentiment split (not available when reactions are attention only).
FROM_SENTIMENT = frozenset({"negative_share_change"})
#: Signal indicators (framework ``signals``, shown when the case has signals.csv): the
#: metrics of :mod:`workbench.analysis.signals`, labelled as in ``wb.compare``.
SIGNAL_UNITS: dict[str, str] = {
    "list_entry_hours": "hours", "best_rank": "rank", "best_rank_hours": "hours",
    "peak_heat": "heat", "hours_on_list": "hours", "distinct_titles": "count",
    "responded_before_list_peak": "bool"}
COLUMNS = ("framework", "principle", "principle_label", "indicator_id", "indicator", "formula",
           "value", "unit", "shown", "approx", "simulated", "rating", "note")


@dataclass(frozen=True)
class _Value:
    value: float
    approx: bool = False


def _reversals(ev: pd.DataFrame) -> float:
    moves = metrics.brand_moves(ev)
    posture = [{vocab.STRATEGIES[c].posture for c in metrics.codes(s) if c in vocab.STRATEGIES}
               for s in moves.get("strategy", [])]
    first = next((i for i, p in enumerate(posture) if "rebuild" in p), None)
    if first is None:
        return 0.0
    return float(sum(1 for p in posture[first + 1:] if p & set(metrics.DENY_DIMINISH)))


def _indicators(case: Case) -> dict[str, _Value]:
    ev = case.events
    row = case_metrics(case)
    mix = row["posture_mix"]
    counts = metrics.strategy_counts(ev)
    statements = metrics.brand_statements(ev)
    moves = metrics.brand_moves(ev)
    first = metrics.first_response(ev)
    last = metrics.first_of(statements.tail(1))  # statements come in time order
    executive = metrics.first_of(statements[statements["actor"] == "executive"])
    outside = metrics.first_of(metrics.outside_voices(ev))
    apology = metrics.first_apology(ev)
    before = row["responded_before_peak"]
    change = row["negative_share_end"] - row["negative_share_peak"]
    return {
        "dominant_posture_share": _Value(max(mix.values()) if mix else math.nan),
        "reversals": _Value(_reversals(ev)),
        "statements": _Value(float(len(statements))),
        "update_span": _Value(last.hours - first.hours, first.approx or last.approx),
        "brand_actors": _Value(float(moves["actor"].nunique())),
        "executive_hours": _Value(executive.hours, executive.approx),
        "first_response": _Value(first.hours, first.approx),
        "responded_before_peak": _Value(math.nan if before is pd.NA else float(before),
                                        first.approx),
        "statement_channels": _Value(float(statements["channel"].nunique())),
        "negative_share_change": _Value(change),
        "first_apology": _Value(apology.hours, apology.approx),
        "rebuild_share": _Value(mix.get("rebuild", math.nan) if mix else math.nan),
        "deny_diminish_codes": _Value(float(sum(
            n for c, n in counts.items() if vocab.STRATEGIES[c].posture in metrics.DENY_DIMINISH))),
        "within_4h": _Value(float(row["within_4h"]), first.approx),
        "lead_over_outside": _Value(outside.hours - first.hours, outside.approx or first.approx),
        "phases_with_moves": _Value(float(moves["phase"].nunique())),
        "brand_channels": _Value(float(moves["channel"].nunique())),
        "authority_events": _Value(float(len(metrics.authority_events(ev)))),
    }


def shown(value: float, unit: str, *, approx: bool = False, lang: str | None = None) -> str:
    """An indicator value as text: hours to 1 decimal, shares as %, yes/no, ``—`` if missing.

    >>> shown(0.5, "share"), shown(-0.25, "delta"), shown(1.0, "bool", lang="en")
    ('50%', '−25 pp', 'yes')
    >>> shown(27.75, "hours", approx=True), shown(float("nan"), "hours")
    ('≈27.8', '—')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if unit in ("rank", "heat"):
        text = f"{value:,.0f}"
    elif unit == "share":
        text = f"{value:.0%}"
    elif unit == "delta":
        text = f"{value * 100:+.0f} pp".replace("-", "−")
    elif unit == "bool":
        text = i18n.t("sc_yes" if value else "sc_no", lang=lang)
    elif unit == "hours":
        text = f"{value:.1f}"
    else:
        text = f"{value:g}"
    return ("≈" + text) if approx else text


def _load_journal(case_id: str, student: str | None, journal_dir: str | Path | None,
                  journal: object | None) -> object | None:
    if journal is not None:
        return journal
    if student is None and journal_dir is None:
        return None
    from ..core.journal import Journal  # the journal module is optional for pure use

    return Journal.load(student, case_id, journal_dir=journal_dir)


def scorecard(case: Case | str | Path, *, student: str | None = None,
              journal_dir: str | Path | None = None, journal: object | None = None,
              lang: str | None = None) -> Scorecard:
    """The principles scorecard of one case: one row per data indicator.

    Each of the five coordination principles and each of the 5S has at least one indicator,
    with its ``formula`` (text) and ``value``; ``rating`` (1–5, NA when not rated) and
    ``note`` come from the student's journal when ``student``, ``journal_dir`` or a
    ``journal`` is given (ratings are per principle, repeated on each of its rows).
    """
    (case,) = as_cases(case)
    lang = lang or i18n.get_language()
    values = _indicators(case)
    simulated = case.reactions_simulated and not case.reactions.empty
    journal = _load_journal(case.id, student, journal_dir, journal)
    ratings = journal.ratings if journal is not None else {}
    attention_only = sentiment_kind(case) == "attention-only"
    rows = []
    for ind, slug, zh, en, fzh, fen, unit in _SPECS:
        framework = "principles" if slug in vocab.PRINCIPLES else "5S"
        table = vocab.PRINCIPLES if framework == "principles" else vocab.FIVE_S
        v = values[ind]
        rating = ratings.get(slug, {})
        text = shown(v.value, unit, approx=v.approx, lang=lang)
        if ind in FROM_SENTIMENT and attention_only:
            text = i18n.t("att_not_available", lang=lang)
        rows.append({
            "framework": framework, "principle": slug,
            "principle_label": i18n.term(table, slug, lang=lang), "indicator_id": ind,
            "indicator": zh if lang == "zh" else en, "formula": fzh if lang == "zh" else fen,
            "value": v.value, "unit": unit, "shown": text, "approx": v.approx,
            "simulated": ind in FROM_REACTIONS and simulated and not math.isnan(v.value),
            "rating": rating.get("score"), "note": rating.get("note", ""),
        })
    rows += _signal_rows(case, lang)
    frame = pd.DataFrame(rows, columns=list(COLUMNS)).astype(
        {"value": "float64", "rating": "Int64", "approx": bool, "simulated": bool})
    out = Scorecard(frame)
    out.attrs.update(case=case.id, brand=case.brand(lang), reactions=case.meta.provenance.reactions,
                     signals=case.meta.provenance.signals, lang=lang)
    return out


def _signal_rows(case: Case, lang: str) -> list[dict]:
    """The signal indicators (framework ``signals``) of a case with signals.csv, else none.
    Observed signals carry no simulated flag; they are not rated (no principle)."""
    if not case.has_signals:
        return []
    found = signals.signal_metrics(case.signals, case.events).as_row()
    rows = []
    for ind, unit in SIGNAL_UNITS.items():
        raw = found[ind]
        value = math.nan if raw is None or raw is pd.NA else float(raw)
        rows.append({
            "framework": "signals", "principle": "signals",
            "principle_label": i18n.t("sc_sig_label", lang=lang), "indicator_id": ind,
            "indicator": i18n.t(f"cmp_{ind}", lang=lang),
            "formula": i18n.t(f"sc_sig_formula_{ind}", lang=lang), "value": value,
            "unit": unit, "shown": shown(value, unit, lang=lang), "approx": False,
            "simulated": case.meta.provenance.signals in ("simulated", "fictional")
            and not math.isnan(value), "rating": None, "note": ""})
    return rows


def data_kind(card: pd.DataFrame, framework: str) -> str:
    """What a row's value was computed from, as a provenance (``simulated``, ``fictional``…):
    the case's signals for the signal indicators, its reactions for the others."""
    return str(card.attrs.get("signals" if framework == "signals" else "reactions",
                              "simulated"))


def indicator_html(card: pd.DataFrame, principle: str, *, lang: str | None = None) -> str:
    """The indicators of one principle as a small HTML list (values, formulas, badges)."""
    e = html.escape
    items = []
    for _, r in card[card["principle"] == principle].iterrows():
        kind = data_kind(card, r["framework"])
        mark = (" " + badge(kind) + badge(kind, i18n.t("illustrative_badge", lang=lang))
                if r["simulated"] else "")
        items.append(f"<li><b>{e(r['indicator'])}</b>: <code>{e(r['shown'])}</code>{mark}"
                     f"<div style='color:#6b7280;font-size:0.85em'>{e(r['formula'])}</div></li>")
    return f"<ul style='margin:2px 0;padding-left:1.2em'>{''.join(items)}</ul>"


def scorecard_html(card: pd.DataFrame, *, lang: str | None = None) -> str:
    """The scorecard as an HTML table: principle, indicators (formula, value), the rating."""
    e = html.escape
    cell = "vertical-align:top;padding:4px 8px;text-align:left"
    rows = []
    for framework in ("principles", "5S", "signals"):
        sub = card[card["framework"] == framework]
        if sub.empty:
            continue
        title = i18n.t("sc_framework_" + framework.lower(), lang=lang)
        rows.append(f"<tr><th colspan='3' style='text-align:left;background:#f3f4f6;"
                    f"padding:4px 8px'>{e(title)}</th></tr>")
        for slug in dict.fromkeys(sub["principle"]):
            first = sub[sub["principle"] == slug].iloc[0]
            rating = first["rating"]
            stars = ("" if framework == "signals" else i18n.t("sc_unrated", lang=lang)
                     if rating is pd.NA else "★" * int(rating) + "☆" * (5 - int(rating)))
            note = f"<div>{e(str(first['note']))}</div>" if first["note"] else ""
            rows.append(
                f"<tr><td style='{cell}'><b>{e(first['principle_label'])}</b></td>"
                f"<td style='{cell}'>{indicator_html(card, slug, lang=lang)}</td>"
                f"<td style='{cell}'>{e(stars)}{note}</td></tr>")
    head = "".join(f"<th style='text-align:left;padding:4px 8px'>{e(i18n.t(k, lang=lang))}</th>"
                   for k in ("sc_principle", "sc_indicator", "sc_rating"))
    brand = card.attrs.get("brand", "")
    return (f"<div class='wb-scorecard'><div style='font-weight:600'>"
            f"{e(i18n.t('sc_title', lang=lang, brand=brand))}</div>"
            f"<p style='color:#4b5563;font-size:0.9em'>{e(i18n.t('sc_intro', lang=lang))}</p>"
            f"<table style='border-collapse:collapse'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>")


class Scorecard(pd.DataFrame):
    """The DataFrame ``wb.scorecard`` returns, shown as a grouped table."""

    @property
    def _constructor(self) -> Callable[..., pd.DataFrame]:
        return pd.DataFrame

    def _repr_html_(self) -> str | None:
        if not set(COLUMNS) <= set(self.columns):
            return pd.DataFrame._repr_html_(self)
        return scorecard_html(self, lang=self.attrs.get("lang"))
