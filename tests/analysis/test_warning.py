"""Early-warning rules on series made here, where the right answer is known."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import workbench as wb
from workbench.analysis.backtest import GUARD_HOURS, evaluate, prepare
from workbench.analysis.warning import (
    ChangePointRule,
    Combined,
    HotSearchRule,
    NegativeShareRule,
    VolumeRule,
    alerts,
    debounce,
    describe,
    explain,
    label,
    level_of,
    parameters,
)
from workbench.analysis.warning_series import Series

#: The documented false-alarm bound of the default volume rule on a stationary Poisson
#: baseline (docs/early-warning.md): at most 1 alert per 30 days.
VOLUME_FALSE_PER_30_DAYS = 1.0


def _step(h: int = 100, n: int = 200, low: float = 20, high: float = 120, seed: int = 0
          ) -> Series:
    rng = np.random.default_rng(seed)
    lam = np.where(np.arange(n) < h, low, high)
    mentions = rng.poisson(lam).astype(float)
    neg = rng.binomial(mentions.astype(int), np.where(np.arange(n) < h, 0.2, 0.7)).astype(float)
    return Series(np.arange(n, dtype=float), mentions, neg, 1.0)


@pytest.mark.parametrize("rule, delay", [(VolumeRule(), 0), (NegativeShareRule(), 0),
                                         (ChangePointRule(), 3)])
def test_a_step_change_alerts_within_the_stated_delay(rule, delay):
    for seed in range(5):
        found = alerts(rule.fire(_step(seed=seed)))
        after = found[found["hours"] >= 100]
        assert len(after), seed
        assert after["hours"].iloc[0] <= 100 + delay, (seed, after)
        assert (found["hours"] < 100).sum() == 0, seed


def test_a_stationary_poisson_baseline_stays_under_the_documented_false_alarm_rate():
    n = 720 * 6
    rng = np.random.default_rng(42)
    for lam in (15, 50, 200):
        s = Series(np.arange(n, dtype=float), rng.poisson(lam, n).astype(float), np.zeros(n))
        per_30 = len(alerts(VolumeRule().fire(s))) / (n / 720)
        assert per_30 <= VOLUME_FALSE_PER_30_DAYS, (lam, per_30)


def test_levels_follow_the_strength_steps():
    assert level_of(np.array([0.99, 1, 1.5, 2, 3])).tolist() == [0, 4, 3, 2, 1]


def test_hot_search_entry_and_climb():
    rank = np.full(30, np.nan)
    rank[12:] = [40, 20, 5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    s = Series(np.zeros(0), np.zeros(0), np.zeros(0), signal_hours=np.arange(30) / 6,
               rank=rank, heat=np.zeros(30), signal_step=1 / 6)
    fired = HotSearchRule().fire(s)
    assert fired["hours"].iloc[0] == pytest.approx(13 / 6)  # 51 → 20 within the hour
    assert fired["level"].min() == 1


def test_and_needs_both_or_needs_one():
    s = _step()
    both = Combined((VolumeRule(), NegativeShareRule()), how="and").fire(s)
    one = Combined((VolumeRule(threshold=100), NegativeShareRule()), how="or").fire(s)
    none = Combined((VolumeRule(threshold=100), NegativeShareRule()), how="and").fire(s)
    assert len(both) and len(one) and none.empty


def test_backtest_on_observed_hot_search_reports_lead_time_and_baseline():
    result = wb.backtest(wb.load_case("chicecream-2022"), "hot-search")
    assert not result.missed and result.lead["trigger"] > 0
    assert result.baseline_hours > 0 and not math.isnan(result.false_per_30_days)
    html = result._repr_html_(lang="zh")
    assert "预警" in html and "<script" not in html


def test_backtest_inside_the_stepper_keeps_held_moves_hidden():
    case = wb.load_case("demo-lumen-2024")
    prep = prepare(case, phase="plan")
    assert prep.hidden and math.isnan(prep.references["response"])
    assert prep.series.hours.max() <= (case.end_of("plan") - case.trigger).total_seconds() / 3600
    result = evaluate(prep, VolumeRule())
    assert result.phase == "plan" and result.hidden == prep.hidden


def test_a_rule_without_its_data_says_so():
    with pytest.raises(ValueError, match=r"signals\.csv"):
        wb.backtest(wb.load_case("demo-lumen-2024"), "hot-search")
    assert GUARD_HOURS == 24


def _loop_alerts(hours, levels, cooldown):
    """The debounce as first written, one period at a time (the reference)."""
    out, last, level = [], -math.inf, 0
    for i, (h, lv) in enumerate(zip(hours, levels, strict=True)):
        if h - last > cooldown:
            level = 0
        if level == 0 or lv < level:
            out.append(i)
            level = lv
        last = h
    return out


@pytest.mark.parametrize("seed", range(20))
def test_the_vectorised_debounce_picks_the_alerts_the_loop_did(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 80))
    hours = np.sort(rng.choice(np.arange(0, 200, 0.5), n, replace=False))
    levels = rng.integers(1, 5, n)
    for cooldown in (0.5, 1.0, 6.0, 12.0, 72.0, math.inf):
        assert debounce(hours, levels, cooldown_hours=cooldown).tolist() == _loop_alerts(
            hours.tolist(), levels.tolist(), cooldown), (seed, cooldown)


def test_or_keeps_per_period_the_last_value_and_the_strongest_strength():
    s = _step()
    rules = (VolumeRule(threshold=1), NegativeShareRule(jump=0.05))
    parts = pd.concat([r.fire(s) for r in rules]).sort_values("hours", kind="stable")
    expected = parts.groupby("hours", as_index=False).agg(
        value=("value", "last"), strength=("strength", "max"))
    got = Combined(rules, how="or").fire(s)
    assert len(got) == len(expected) > 0
    for column in ("hours", "value", "strength"):
        assert got[column].tolist() == expected[column].tolist()
    assert got["level"].tolist() == level_of(expected["strength"].to_numpy()).tolist()


def test_the_lab_chart_spans_the_data_not_a_verdict_years_later():
    """chicecream's court outcome and executive statement come ~15,800 h after the trigger;
    the lab's x axis keeps to the series (baseline and crisis), the references do not move."""
    from workbench.display.warning_chart import warning_chart

    case = wb.load_case("chicecream-2022")
    prep = prepare(case)
    assert case.events["hours"].max() > 10_000
    end = max(prep.series.hours.max(), prep.series.signal_hours.max())
    assert prep.events["hours"].between(-GUARD_HOURS, end).all()
    assert prep.references["response"] == 0.0
    for name in ("volume", "hot-search"):
        rule = {"volume": VolumeRule, "hot-search": HotSearchRule}[name]()
        spec = warning_chart(prep, rule, evaluate(prep, rule)).to_dict()
        hours = [r["hours"] for rows in spec["datasets"].values() for r in rows]
        assert min(hours) > -60 and max(hours) <= end < 200, name


def test_a_rule_is_explained_in_words_and_described_as_code():
    """explain(): the lab's labels in the language; describe(): the same rule as code."""
    heat = HotSearchRule(measure_by="heat", heat=2_000_000)
    assert explain(heat, lang="en") == "Hot-search climb: measured by heat, heat threshold 2,000,000"
    assert explain(heat, lang="zh") == "热搜上榜与爬升：依据 热度、热度阈值 2,000,000"
    ratio = VolumeRule(method="ratio", threshold=3)
    assert explain(ratio, lang="zh") == (
        "声量超基线：窗口（小时）24、阈值 3、方法 与基线之比、最少提及量 10")
    both = Combined((ChangePointRule(), HotSearchRule(window_hours=1 / 6)), how="and",
                    within_hours=2)
    assert explain(both, lang="en") == (
        "Change point: penalty 10, min. ratio 2, periods to confirm 3; AND hot-search climb: "
        "climb (places/h) 15, window (h) 0.167 (within 2 h)")
    assert describe(both).startswith("change-point(penalty=10")  # code stays code
    result = wb.backtest(wb.load_case("chicecream-2022"), "hot-search", speed=5)
    assert result.rule == "hot-search(speed=5, window_hours=1, measure_by=rank, heat=1e+06)"
    assert result.explained("zh") == "热搜上榜与爬升：爬升（名/小时）5、窗口（小时）1"
    report = wb.analysis.backtest.report_html(result, lang="zh")
    assert "热搜上榜与爬升：爬升（名/小时）5" in report and "hot-search" not in report


def test_the_report_gives_hours_in_its_language():
    """The reference moments, the first alert and each alert: 小时 in Chinese, h in English
    (not "+0.0 h" under a Chinese verdict)."""
    import re

    result = wb.backtest(wb.load_case("chicecream-2022"), "hot-search")
    zh = wb.analysis.backtest.report_html(result, lang="zh")
    en = wb.analysis.backtest.report_html(result, lang="en")
    first = f"{result.first_alert:+.1f}"  # the hour of the alert (its lead is minus that)
    assert result.first_alert == -result.lead["trigger"]
    assert f"首次预警：{first} 小时（相对触发时刻）" in zh
    assert f"First alert at {first} h from the trigger" in en
    assert ">+0.0 小时</td>" in zh and ">+0.0 h</td>" in en  # the trigger's row
    assert not re.search(r"\d h\b", zh), zh
    assert len(re.findall(r"[+-]\d+\.\d 小时", zh)) == len(re.findall(r"[+-]\d+\.\d h\b", en))


def test_the_chart_subtitle_gives_the_parameters_not_the_name_again():
    """label() is the chart's title, parameters() its subtitle; explain() is both in one."""
    for rule in (VolumeRule(threshold=3), HotSearchRule(measure_by="heat", heat=2_000_000),
                 ChangePointRule()):
        for lang in ("zh", "en"):
            name, said = label(rule, lang), parameters(rule, lang)
            assert name.lower() not in said.lower(), (name, said)
            sep = "：" if lang == "zh" else ": "
            assert explain(rule, lang).lower() == f"{name}{sep}{said}".lower()
    assert parameters(VolumeRule(threshold=3), "zh") == "窗口（小时）24、阈值 3、最少提及量 10"
    both = Combined((VolumeRule(), HotSearchRule()), how="or")
    assert parameters(both, "en") == ("Volume above baseline: window (h) 24, threshold 4, "
                                      "min. mentions 10; hot-search climb: climb (places/h) 15, "
                                      "window (h) 1")  # whose window is whose; OR in the title
