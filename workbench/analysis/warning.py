"""Early-warning rules (危机预警): small, pure alert rules over a case's hourly series.

Every rule reads a :class:`Series` (built once per case view by
:func:`~workbench.analysis.warning_series.series_of`) and
returns one row per period it *fires* in: ``hours``, ``value`` (what it measured) and
``strength`` (value ÷ its threshold; ≥ 1 fires). The strength maps to the four warning
levels of Chinese emergency management (蓝 IV · 黄 III · 橙 II · 红 I) through
:data:`LEVEL_STEPS`. Formulas and defaults: docs/early-warning.md.

The lab re-runs a rule on every slider move, so the rules work on numpy arrays: ``firing``
gives the fired periods as a :class:`Fired` tuple (``fire`` is its DataFrame), the rolling
baselines are kept on the series per window, and :func:`debounce` picks the alerts. The
levels, :class:`Fired` and the debouncing are :mod:`workbench.analysis.warning_alerts`
(every name of it is importable from here too).

>>> import numpy as np
>>> s = Series(hours=np.arange(48.0), mentions=np.r_[np.full(30, 20.0), np.full(18, 200.0)],
...            negative=np.zeros(48), step=1.0)
>>> fired = VolumeRule().fire(s)
>>> float(fired["hours"].iloc[0]), int(fired["level"].iloc[0])
(30.0, 1)
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..foundation import i18n
from .warning_alerts import LEVEL_STEPS, LEVELS, Fired, alerts, debounce, level_of
from .warning_series import Series

__all__ = ["LEVELS", "LEVEL_STEPS", "OFF_LIST", "RULES", "ChangePointRule", "Combined", "Fired",
           "HotSearchRule", "NegativeShareRule", "VolumeRule", "alerts", "debounce", "describe",
           "explain", "label", "level_of", "make_rule", "parameters"]

#: Rank given to "off the list" when measuring a climb.
OFF_LIST = 51.0


def _periods(hours: float, step: float) -> int:
    return max(1, round(hours / step))


def _fired(hours: np.ndarray, value: np.ndarray, strength: np.ndarray) -> Fired:
    level = level_of(strength)
    keep = level > 0
    return Fired(np.asarray(hours)[keep], np.asarray(value)[keep],
                 np.asarray(strength)[keep], level[keep])


class _Rule:
    """What every rule shares: :meth:`fire` is the DataFrame of :meth:`firing`."""

    def firing(self, s: Series) -> Fired:  # pragma: no cover - every rule has its own
        raise NotImplementedError

    def fire(self, s: Series) -> pd.DataFrame:
        """One row per period the rule fires in: hours, value, strength, level."""
        return self.firing(s).frame()


@dataclass(frozen=True)
class VolumeRule(_Rule):
    """(a) Volume above a rolling baseline: z = (x − μ) / max(σ, √μ, 1) over the previous
    ``window_hours`` (``method="z"``), or x / max(μ, 1) (``method="ratio"``); fires when
    it reaches ``threshold`` and x ≥ ``min_count``."""

    window_hours: float = 24.0
    threshold: float = 4.0
    method: str = "z"
    min_count: float = 10.0
    name = "volume"

    def measure(self, s: Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The value per period, and the baseline band (μ, μ + threshold·scale)."""
        n = _periods(self.window_hours, s.step)
        mean, sd, count = s.rolling("mentions", n)
        ok = count >= max(1, n // 2)
        if self.method == "ratio":
            value = s.mentions / np.maximum(mean, 1.0)
            upper = self.threshold * np.maximum(mean, 1.0)
        else:
            scale = np.maximum(np.maximum(sd, np.sqrt(np.maximum(mean, 0))), 1.0)
            value = (s.mentions - mean) / scale
            upper = mean + self.threshold * scale
        value = np.where(ok & (s.mentions >= self.min_count), value, math.nan)
        return value, np.where(ok, mean, math.nan), np.where(ok, upper, math.nan)

    def firing(self, s: Series) -> Fired:
        value, _, _ = self.measure(s)
        return _fired(s.hours, value, value / self.threshold)


@dataclass(frozen=True)
class NegativeShareRule(_Rule):
    """(b) Negative-share jump: share_t − Σneg/Σmentions of the previous ``window_hours``,
    in share points; fires at ``jump`` when the period has ≥ ``min_mentions`` mentions."""

    window_hours: float = 24.0
    jump: float = 0.2
    min_mentions: float = 30.0
    name = "negative-share"

    def measure(self, s: Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        n = _periods(self.window_hours, s.step)
        m_mean, _, count = s.rolling("mentions", n)
        n_mean, _, _ = s.rolling("negative", n)
        with np.errstate(invalid="ignore", divide="ignore"):
            base = n_mean / m_mean
            share = s.negative / s.mentions
        ok = (count >= max(1, n // 2)) & (s.mentions >= self.min_mentions)
        return np.where(ok, share - base, math.nan), base, base + self.jump

    def firing(self, s: Series) -> Fired:
        value, _, _ = self.measure(s)
        return _fired(s.hours, value, value / self.jump)


@dataclass(frozen=True)
class HotSearchRule(_Rule):
    """(c) Hot-search climb: places gained per hour over the last ``window_hours`` (off
    the list counts as 51), fires at ``speed`` while on the list; ``measure="heat"``: the
    top heat ÷ ``heat``."""

    speed: float = 15.0
    window_hours: float = 1.0
    measure_by: str = "rank"
    heat: float = 1_000_000.0
    name = "hot-search"

    def measure(self, s: Series) -> np.ndarray:
        if self.measure_by == "heat":
            return s.heat.astype("float64")
        n = _periods(self.window_hours, s.signal_step)
        key = ("climb", n)
        if key not in s.memo:
            rank = np.where(np.isfinite(s.rank), s.rank, OFF_LIST)
            before = np.r_[np.full(n, OFF_LIST),
                           rank[:-n] if n < len(rank) else rank[:0]][:len(rank)]
            climb = (before - rank) / (n * s.signal_step)
            s.memo[key] = np.where(np.isfinite(s.rank), climb, math.nan)
        return s.memo[key]

    def firing(self, s: Series) -> Fired:
        value = self.measure(s)
        limit = self.heat if self.measure_by == "heat" else self.speed
        return _fired(s.signal_hours, value, value / limit)


@functools.lru_cache(maxsize=64)
def _breakpoints(data: bytes, penalty: float, min_size: int) -> tuple[int, ...]:
    """PELT's breakpoints, searched every ``jump`` periods (≥ min_size, ~120 candidates at
    most) so a long series stays fast; cached per series and parameters."""
    import ruptures

    y = np.frombuffer(data, dtype="float64")
    jump = max(min_size, math.ceil(len(y) / 120))
    return tuple(ruptures.Pelt(model="l2", min_size=min_size, jump=jump).fit(y).predict(
        pen=penalty))


@dataclass(frozen=True)
class ChangePointRule(_Rule):
    """(d) Change point (ruptures PELT, l2 cost on log(1 + mentions) scaled by its noise):
    an upward change whose later mean is ≥ ``min_ratio`` × the earlier mean fires
    ``min_size`` periods after the change, when that many periods confirm it."""

    penalty: float = 10.0
    min_ratio: float = 2.0
    min_size: int = 3
    name = "change-point"

    @staticmethod
    def _scaled(s: Series) -> tuple[np.ndarray, bytes]:
        """The mentions (gaps filled) and log(1 + x) scaled by its noise, once per series."""
        if "change-point" not in s.memo:
            x = pd.Series(s.mentions).ffill().fillna(0.0).to_numpy()
            y = np.log1p(x)
            noise = (float(np.median(np.abs(np.diff(y)))) / 0.6745 / math.sqrt(2)
                     if len(y) > 2 else 1)
            s.memo["change-point"] = (x, (y / max(noise, 0.05)).tobytes())
        return s.memo["change-point"]

    def firing(self, s: Series) -> Fired:
        x, y = self._scaled(s)
        if len(x) < 2 * self.min_size + 1:
            return _fired(s.hours[:0], x[:0], x[:0])
        key = ("change-point", float(self.penalty), int(self.min_size))
        if key not in s.memo:  # the ratios do not depend on min_ratio
            cuts = [0, *_breakpoints(y, float(self.penalty), int(self.min_size))]
            at, value = [], []
            for a, b, c in zip(cuts, cuts[1:], cuts[2:], strict=False):
                ratio = x[b:c].mean() / max(x[a:b].mean(), 1.0)
                i = b + self.min_size - 1
                if i < len(x):
                    at.append(i)
                    value.append(ratio)
            s.memo[key] = (np.asarray(at, dtype=int), np.asarray(value, dtype="float64"))
        at_arr, v = s.memo[key]
        return _fired(s.hours[at_arr], v, v / self.min_ratio)


@dataclass(frozen=True)
class Combined(_Rule):
    """AND (``how="and"``): fires when every rule fired within the last ``within_hours``,
    at the weakest strength; OR: whenever any rule fires, at the strongest."""

    rules: tuple
    how: str = "or"
    within_hours: float = 6.0

    @property
    def name(self) -> str:
        return f" {self.how.upper()} ".join(r.name for r in self.rules)

    def firing(self, s: Series) -> Fired:
        parts = [r.firing(s) for r in self.rules]
        if self.how == "and" and any(not len(p.hours) for p in parts):
            return _fired(*(np.zeros(0),) * 3)
        if self.how == "or":  # per period: the last value, the strongest strength
            hours = np.concatenate([p.hours for p in parts])
            order = np.argsort(hours, kind="stable")
            h = hours[order]
            if not len(h):
                return _fired(h, h, h)
            value = np.concatenate([p.value for p in parts])[order]
            strength = np.concatenate([p.strength for p in parts])[order]
            starts = np.flatnonzero(np.r_[True, h[1:] != h[:-1]])
            ends = np.r_[starts[1:], len(h)] - 1
            return _fired(h[starts], value[ends], np.maximum.reduceat(strength, starts))
        times = np.unique(np.concatenate([p.hours for p in parts]))
        strength = np.full(len(times), np.inf)
        for p in parts:
            j = np.searchsorted(p.hours, times, side="right") - 1
            ok = (j >= 0) & (times - p.hours[np.maximum(j, 0)] <= self.within_hours)
            strength = np.minimum(strength, np.where(ok, p.strength[np.maximum(j, 0)], 0.0))
        return _fired(times, strength, strength)


#: Rule name → its class, for the lab's dropdown and ``wb.backtest(case, "volume")``.
RULES: dict[str, type] = {"volume": VolumeRule, "negative-share": NegativeShareRule,
                          "hot-search": HotSearchRule, "change-point": ChangePointRule}


def make_rule(name: str, **params: float) -> object:
    """A rule by name with its parameters, e.g. ``make_rule("volume", threshold=3)``; an
    unknown name is refused in one line, in the chosen language, with the closest name.

    >>> make_rule("volum")
    Traceback (most recent call last):
    ...
    ValueError: unknown rule 'volum'; expected one of volume, negative-share, hot-search, change-point (did you mean 'volume'?)
    """
    if name not in RULES:
        from ..foundation.problems import did_you_mean, one_of

        raise ValueError(i18n.t("ew_unknown_rule", value=name, options=one_of(RULES))
                         + i18n.bracketed(did_you_mean(name, RULES)))
    return RULES[name](**params)


def describe(rule: object) -> str:
    """The rule with its parameters as code, e.g. ``volume(window_hours=24, threshold=4, …)``
    (``Backtest.rule``; what a student reads is :func:`explain`)."""
    if isinstance(rule, Combined):
        return f" {rule.how.upper()} ".join(describe(r) for r in rule.rules) + (
            f" (within {rule.within_hours:g} h)" if rule.how == "and" else "")
    params = ", ".join(f"{k}={v:g}" if isinstance(v, float | int) else f"{k}={v}"
                       for k, v in vars(rule).items())
    return f"{rule.name}({params})"


def label(rule: object, lang: str | None = None) -> str:
    """A rule's name in the language (AND / OR as 且 / 或), without its parameters.

    >>> label(Combined((VolumeRule(), HotSearchRule()), how="or"), lang="zh")
    '声量超基线 或 热搜上榜与爬升'
    """
    if isinstance(rule, Combined):
        word = i18n.t("ew_and" if rule.how == "and" else "ew_or", lang=lang)
        return f" {word} ".join(label(r, lang) for r in rule.rules)
    key = f"ew_rule_{rule.name}"
    return i18n.t(key, lang=lang) if key in i18n.STRINGS else str(rule.name)


def _shown(rule: object) -> list[str]:
    """The parameters a reader needs: the lab's sliders' ones, and a method, a heat
    threshold only where they apply (not at their default)."""
    names = list(vars(rule))
    if isinstance(rule, HotSearchRule):
        names = ["measure_by", "heat"] if rule.measure_by == "heat" else ["speed", "window_hours"]
    if isinstance(rule, VolumeRule) and rule.method == "z":
        names.remove("method")
    return names


def _value(value: object, lang: str | None) -> str:
    if isinstance(value, str):
        known = f"ew_v_{value}" in i18n.STRINGS  # z, ratio, rank, heat
        return i18n.t(f"ew_v_{value}", lang=lang) if known else value
    number = float(value)  # type: ignore[arg-type]
    return f"{number:,.0f}" if number.is_integer() else f"{number:.3g}"


def explain(rule: object, lang: str | None = None) -> str:
    """The rule as a reader says it, in the language: its name, then each parameter by the
    lab slider's label (what the report and the journal show; :func:`describe` is the same
    rule as code).

    >>> explain(HotSearchRule(speed=5), lang="zh")
    '热搜上榜与爬升：爬升（名/小时）5、窗口（小时）1'
    >>> explain(Combined((VolumeRule(), NegativeShareRule()), how="and"), lang="zh")
    '声量超基线：窗口（小时）24、阈值 4、最少提及量 10；且 负面占比跃升：窗口（小时）24、占比升幅 0.2、最少提及量 30（6 小时内）'
    >>> explain(Combined((VolumeRule(), HotSearchRule()), how="or"), lang="en")
    'Volume above baseline: window (h) 24, threshold 4, min. mentions 10; OR hot-search climb: climb (places/h) 15, window (h) 1'
    """
    lang = lang or i18n.get_language()
    return _capital(_sentence(rule, lang), lang)


def parameters(rule: object, lang: str | None = None) -> str:
    """What :func:`explain` says after the name the chart's title gives (:func:`label`): its
    subtitle. A combination keeps its parts' names (whose window is whose), not 且 / 或.

    >>> parameters(HotSearchRule(speed=5), lang="zh"), parameters(VolumeRule(), lang="en")
    ('爬升（名/小时）5、窗口（小时）1', 'Window (h) 24, threshold 4, min. mentions 10')
    >>> parameters(Combined((VolumeRule(), NegativeShareRule()), how="and"), lang="zh")
    '声量超基线：窗口（小时）24、阈值 4、最少提及量 10；负面占比跃升：窗口（小时）24、占比升幅 0.2、最少提及量 30（6 小时内）'
    """
    lang = lang or i18n.get_language()
    return _capital(_sentence(rule, lang, named=False), lang)


def _capital(text: str, lang: str) -> str:
    return text[:1].upper() + text[1:] if lang == "en" else text


def _sentence(rule: object, lang: str, *, named: bool = True) -> str:
    """explain()'s words (``named``), or parameters()': no AND / OR, no single rule's name."""
    if isinstance(rule, Combined):
        word = i18n.t("ew_and" if rule.how == "and" else "ew_or", lang=lang) + " "
        text = (i18n.t("ew_clause_sep", lang=lang) + (word if named else "")).join(
            _sentence(r, lang) for r in rule.rules)
        if rule.how == "and":
            text += i18n.t("ew_within", lang=lang, hours=_value(rule.within_hours, lang))
        return text
    parts = []
    for name in _shown(rule):
        key = f"ew_p_{name}"
        head = i18n.t(key, lang=lang) if key in i18n.STRINGS else name
        gap = "" if head.endswith("）") else " "  # 窗口（小时）24, threshold 4
        parts.append(f"{head}{gap}{_value(getattr(rule, name), lang)}")
    said = i18n.t("list_sep", lang=lang).join(parts)
    return i18n.labelled(label(rule, lang), said, lang=lang) if named else said
