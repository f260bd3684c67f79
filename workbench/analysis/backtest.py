"""Back-test an early-warning rule on a case: ``wb.backtest(case, rule)``.

The alerts (time, level, rule, value), the lead time before each reference moment (the
trigger, the first media report, the brand's first response, the attention peak), the
false alarms on the pre-crisis baseline (per 30 days) and whether the crisis was missed.
With ``student=`` or ``phase=`` it reads only what the reveal rule shows
(:mod:`workbench.core.progress`): data up to the phase end, no held-back brand move.
``result.provenance`` says where each series the rule reads comes from (:func:`reads`:
hot-search reads the signals, every other rule the reactions); the report, the lab's
chart and the saved rule label it with the case card's badge words (:func:`provenance_line`).

>>> import workbench as wb
>>> result = backtest(wb.load_case("chicecream-2022"), "hot-search")
>>> result.missed, result.lead["trigger"] > 0
(False, True)
>>> result.provenance, provenance_line(result.provenance, "en")
((('signals', 'observed'),), 'Signals: Observed')
"""

from __future__ import annotations

import functools
import html
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..core import progress as reveal_rule
from ..core.case_card import badge, series_text
from ..core.cases import Case
from ..foundation import i18n, vocab
from . import metrics
from .warning import LEVELS, Combined, Fired, debounce, describe, explain, label, make_rule
from .warning_series import Series, series_of

#: Hours before the trigger that still count as the crisis (an onset is rarely exact).
GUARD_HOURS = 24.0
REFERENCES = ("trigger", "media", "response", "peak")
#: The journal answer id that keeps a student's chosen rule and its one-line justification.
WARNING_ID = "early-warning"
#: Provenance kinds that are not observed data: the report adds a note for each.
NOT_OBSERVED = ("simulated", "fictional")
_NOTES = {("reactions", "simulated"): "ew_simulated_note",
          ("reactions", "fictional"): "ew_reactions_fictional_note",
          ("signals", "simulated"): "ew_signals_simulated_note",
          ("signals", "fictional"): "ew_signals_fictional_note"}


@dataclass(frozen=True)
class Prepared:
    """What a back-test needs, computed once per case view: the series and the moments.
    ``events``: those a chart of the series marks — from :data:`GUARD_HOURS` before the
    trigger to the series' last hour (crisis history and a far aftermath left out).
    ``simulated``: the case's reactions are simulated or fictional; ``provenance``: the
    declared provenance of each series (``{"reactions": ..., "signals": ...}``)."""

    case_id: str
    trigger: pd.Timestamp
    series: Series
    references: dict[str, float]
    phase: str | None = None
    hidden: tuple[str, ...] = ()
    simulated: bool = False
    events: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    provenance: dict[str, str] = field(default_factory=dict)


def reads(rule: Any) -> tuple[str, ...]:
    """The series ``rule`` reads, in its rules' order: ``signals`` for the hot-search rule,
    ``reactions`` for every other one (volume, negative share, change point).

    >>> from .warning import ChangePointRule, HotSearchRule, VolumeRule
    >>> reads(HotSearchRule()), reads(Combined((VolumeRule(), HotSearchRule()), how="or"))
    (('signals',), ('reactions', 'signals'))
    >>> reads(Combined((ChangePointRule(), VolumeRule()), how="and"))
    ('reactions',)
    """
    names = [r.name for r in rule.rules] if isinstance(rule, Combined) else [rule.name]
    return tuple(dict.fromkeys("signals" if n == "hot-search" else "reactions" for n in names))


def provenance_line(provenance: tuple[tuple[str, str], ...], lang: str | None = None) -> str:
    """What a back-test read, per series, in the case card's words (plain text).

    >>> provenance_line((("reactions", "simulated"), ("signals", "observed")), "zh")
    '公众反应：模拟数据 · 热搜信号：实测数据'
    """
    return " · ".join(series_text(series, kind, lang=lang) for series, kind in provenance)


def prepare(case: Case, *, student: str | None = None, phase: str | None = None,
            journal_dir: str | Path | None = None, reveal: str = "after-answer") -> Prepared:
    """The series and reference moments of ``case`` as the reveal rule shows them."""
    shown = case
    if student is not None or phase is not None:
        state = reveal_rule.Progress()
        if student is not None:
            from ..core.journal import Journal

            state = reveal_rule.Progress.of(Journal.load(student, case.id,
                                                         journal_dir=journal_dir))
        shown = (reveal_rule.view(case, phase, state, reveal=reveal) if phase is not None
                 else reveal_rule.everything(case, state, reveal=reveal))
    window = case.signals_window
    s = series_of(shown.reactions, shown.signals, zero_fill=shown.has_posts,
                  signals_from=window[0] if window else None)
    ev = shown.events
    ev = ev[ev["hours"] >= -GUARD_HOURS]  # crisis history (an apology years before) is not it
    refs = {"trigger": 0.0,
            "media": metrics.first_of(ev[ev["actor"] == "media"]).hours,
            "response": metrics.first_response(ev).hours, "peak": _peak(s)}
    end = _data_end(s)  # the chart's events: none after the data (a verdict years later)
    p = case.meta.provenance
    return Prepared(case.id, case.trigger, s, refs, shown.phase, tuple(shown.hidden),
                    case.reactions_simulated, ev if math.isnan(end) else ev[ev["hours"] <= end],
                    {"reactions": p.reactions, "signals": p.signals})


def _data_end(s: Series) -> float:
    """The last hour of the series a rule reads (reactions or signals; NaN without data)."""
    ends = [float(np.nanmax(h)) for h in (s.hours, s.signal_hours) if len(h)]
    return max(ends) if ends else math.nan


def _peak(s: Series) -> float:
    if s.has_reactions:
        return float(s.hours[int(pd.Series(s.mentions).fillna(-1).idxmax())])
    if s.has_signals and (s.heat > 0).any():
        return float(s.signal_hours[int(s.heat.argmax())])
    return math.nan


@dataclass(frozen=True)
class Backtest:
    """One rule on one case: ``alerts`` (hours, time, level, rule, value), ``lead``
    (reference → hours of warning; negative = late; NaN = no reference), ``false_alarms``
    on ``baseline_hours`` of pre-crisis data, ``missed`` (no alert before the peak).
    ``found``: the alerts as arrays (what the lab reads; ``alerts`` is made when asked).
    ``rule``: the rule as code (:func:`~workbench.analysis.warning.describe`);
    :meth:`explained` says it in a language (what the report shows).
    ``provenance``: (series, kind) of each series the rule reads (:func:`reads`);
    ``simulated``: one of them is simulated or fictional."""

    case_id: str
    rule: str
    found: Fired
    trigger: pd.Timestamp
    kind: str
    references: dict[str, float]
    lead: dict[str, float]
    false_alarms: int
    baseline_hours: float
    missed: bool
    phase: str | None = None
    hidden: tuple[str, ...] = ()
    simulated: bool = False
    definition: Any = field(default=None, repr=False, compare=False)  # the rule object
    provenance: tuple[tuple[str, str], ...] = ()

    def explained(self, lang: str | None = None) -> str:
        """The rule as a sentence in the language, e.g. ``热搜上榜与爬升：爬升（名/小时）15、…``."""
        return explain(self.definition, lang) if self.definition is not None else self.rule

    @functools.cached_property
    def alerts(self) -> pd.DataFrame:
        """The alerts: hours, time, value, rule (its name), strength, level."""
        f = self.found
        return pd.DataFrame({"hours": f.hours, "time": _times(self.trigger, f.hours),
                             "value": f.value, "rule": self.kind, "strength": f.strength,
                             "level": f.level})

    @property
    def false_per_30_days(self) -> float:
        """False alarms per 30 days of baseline (NaN when the data has no baseline)."""
        return self.false_alarms / (self.baseline_hours / 720) if self.baseline_hours else math.nan

    @property
    def first_alert(self) -> float:
        crisis = self.found.hours[self.found.hours >= -GUARD_HOURS]
        return float(crisis[0]) if len(crisis) else math.nan

    def _repr_html_(self, lang: str | None = None) -> str:
        return report_html(self, lang=lang)


def _times(trigger: pd.Timestamp, hours: np.ndarray) -> pd.DatetimeIndex:
    return trigger + pd.to_timedelta(hours, unit="h")


def evaluate(prep: Prepared, rule: Any, *, cooldown_hours: float = 12.0) -> Backtest:
    """Run ``rule`` on a prepared case (fast: the lab calls this on every slider move;
    numpy only, the ``alerts`` table is made when asked for)."""
    s = prep.series
    series = reads(rule)
    needs_signals, needs_reactions = "signals" in series, "reactions" in series
    if (needs_signals and not s.has_signals) or (needs_reactions and not s.has_reactions):
        raise ValueError(i18n.t("ew_no_data", case=prep.case_id, rule=rule.name))
    fired = rule.firing(s)
    found = fired.take(debounce(fired.hours, fired.level, cooldown_hours=cooldown_hours))
    grid = s.hours if needs_reactions else s.signal_hours
    if needs_reactions and needs_signals:
        grid = s.hours if len(s.hours) < len(s.signal_hours) else s.signal_hours
    start = float(grid[0]) if len(grid) else 0.0
    baseline = max(0.0, -GUARD_HOURS - start)
    crisis = found.hours[found.hours >= -GUARD_HOURS]
    first = float(crisis[0]) if len(crisis) else math.nan
    lead = {k: (v - first) if not math.isnan(v) and not math.isnan(first) else math.nan
            for k, v in prep.references.items()}
    peak = prep.references["peak"]
    missed = math.isnan(first) or (not math.isnan(peak) and first > peak)
    provenance = tuple((k, prep.provenance.get(k, "none")) for k in series)
    return Backtest(prep.case_id, describe(rule), found, prep.trigger, rule.name,
                    dict(prep.references), lead, int((found.hours < -GUARD_HOURS).sum()),
                    baseline, missed, prep.phase, prep.hidden,
                    any(kind in NOT_OBSERVED for _, kind in provenance), rule, provenance)


def backtest(case: Case, rule: Any = "volume", *, student: str | None = None,
             phase: str | None = None, journal_dir: str | Path | None = None,
             reveal: str = "after-answer", cooldown_hours: float = 12.0,
             **params: float) -> Backtest:
    """Back-test ``rule`` (a rule object, or a name with ``params``) on ``case``."""
    if isinstance(rule, str):
        rule = make_rule(rule, **params)
    prep = prepare(case, student=student, phase=phase, journal_dir=journal_dir, reveal=reveal)
    return evaluate(prep, rule, cooldown_hours=cooldown_hours)


def _h(hours: float, lang: str | None = None) -> str:
    """Hours from the trigger, signed, in the language (``—`` when there is no such moment).

    >>> _h(2.0, "zh"), _h(-0.5, "en"), _h(math.nan, "zh")
    ('+2.0 小时', '-0.5 h', '—')
    """
    return "—" if math.isnan(hours) else i18n.t("ew_hours", lang=lang, hours=f"{hours:+.1f}")


def report_html(result: Backtest, *, lang: str | None = None) -> str:
    """A short report: verdict, lead times, false alarms, then the alerts (all escaped)."""
    e = html.escape
    lang = lang or i18n.get_language()
    t = lambda key, **kw: e(i18n.t(key, lang=lang, **kw))  # noqa: E731
    fixed = _fixed(lang, tuple(_h(result.references[k], lang) for k in REFERENCES), result.phase,
                   len(result.hidden), result.provenance)
    verdict = (t("ew_missed") if result.missed  # the alert's hour, not its lead (−hour)
               else t("ew_warned", hours=_h(result.first_alert, lang)))
    rows = "".join(f"{head}<td style='text-align:left'>{e(_lead(result.lead[k], lang))}</td></tr>"
                   for k, head in zip(REFERENCES, fixed.heads, strict=True))
    if result.baseline_hours:
        false = t("ew_false", n=result.false_alarms, days=f"{result.baseline_hours / 24:.1f}",
                  rate=f"{result.false_per_30_days:.1f}")
    else:
        false = t("ew_no_baseline")
    f = result.found
    shown = f.hours[:20]
    name = e(label(result.definition, lang) if result.definition is not None else result.kind)
    items = "".join(
        f"<li>{fixed.levels[lv]} · {e(_h(h, lang))} · {e(at.strftime('%Y-%m-%d %H:%M'))} · "
        f"{name} = {v:.2f}</li>"
        for h, at, v, lv in zip(shown.tolist(), _times(result.trigger, shown),
                                f.value[:20].tolist(), f.level[:20].tolist(), strict=True))
    return (f"<div class='wb-warning-report'><p><b>{verdict}</b></p>"
            f"<p>{e(result.explained(lang))}</p>{fixed.sources}"
            f"{fixed.table}{rows}</table>"
            f"<p>{false}</p><p>{t('ew_alerts', n=len(f.hours))}</p><ul>{items}</ul>"
            f"{fixed.notes}</div>")


@dataclass(frozen=True)
class _Fixed:
    """The report's parts that no rule parameter changes (kept per case view and language)."""

    table: str
    heads: tuple[str, ...]
    levels: dict[int, str]
    notes: str
    sources: str = ""  # the badges of the series the rule reads


@functools.lru_cache(maxsize=64)
def _fixed(lang: str, references: tuple[str, ...], phase: str | None, hidden: int,
           provenance: tuple[tuple[str, str], ...]) -> _Fixed:
    e = html.escape
    t = lambda key, **kw: e(i18n.t(key, lang=lang, **kw))  # noqa: E731
    heads = tuple(f"<tr><th style='text-align:left'>{t('ew_ref_' + k)}</th>"
                  f"<td style='text-align:right'>{e(at)}</td>"
                  for k, at in zip(REFERENCES, references, strict=True))
    levels = {lv: f"<span style='color:{colour};font-weight:600'>{t('ew_level_' + slug)}</span>"
              for lv, (slug, colour) in LEVELS.items()}
    notes = []
    if phase:
        name = i18n.term(vocab.PHASES, phase, lang=lang) if phase in vocab.PHASES else phase
        notes.append(t("ew_phase_note", phase=name))  # the phase's name, not its slug
    if hidden:
        notes.append(t("ew_hidden_note", n=hidden))
    notes += [t(_NOTES[p]) for p in provenance if p in _NOTES]
    badges = "".join(badge(kind, series_text(series, kind, lang=lang))
                     for series, kind in provenance)
    sources = (f"<p class='wb-ew-provenance'>"
               f"{i18n.labelled(t('provenance'), badges, lang=lang)}</p>" if badges else "")
    return _Fixed(f"<table><tr><th></th><th style='text-align:right'>{t('ew_at')}</th>"
                  f"<th style='text-align:left'>{t('ew_lead')}</th></tr>",
                  heads, levels, "".join(f"<p style='color:#b45309'>{n}</p>" for n in notes),
                  sources)


def _lead(lead: float, lang: str | None) -> str:
    if math.isnan(lead):
        return "—"
    key = "ew_early" if lead >= 0 else "ew_late"
    return i18n.t(key, lang=lang, hours=f"{abs(lead):.1f}")
