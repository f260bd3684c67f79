"""Signal metrics (first entry, best rank, peak heat, hours on the list…) and wb.compare."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import workbench as wb
from workbench.analysis.signals import grid_step, hours_on_list, signal_metrics

TZ = "Asia/Shanghai"


def frame(rows: list[tuple[str, str, str, float]], trigger: str = "2022-05-22T00:00") -> pd.DataFrame:
    t = pd.to_datetime([r[0] for r in rows]).tz_localize(TZ)
    out = pd.DataFrame({"time": t, "platform": "weibo", "signal": [r[1] for r in rows],
                        "topic": [r[2] for r in rows], "value": [float(r[3]) for r in rows]})
    out["hours"] = (out["time"] - pd.Timestamp(trigger, tz=TZ)).dt.total_seconds() / 3600
    return out


ROWS = [("2022-05-22T08:59", "hot-search-rank", "a", 33),  # exact first minute, off the grid
        ("2022-05-22T09:00", "hot-search-rank", "a", 20),
        ("2022-05-22T09:10", "hot-search-rank", "a", 1),
        ("2022-05-22T09:10", "hot-search-heat", "a", 5e6),
        ("2022-05-22T09:20", "hot-search-rank", "b", 4),
        ("2022-05-22T09:20", "hot-search-heat", "b", 6e6),
        ("2022-05-22T09:40", "hot-search-rank", "b", 9)]  # 09:30: nothing on the list


def test_the_metrics_on_a_small_grid():
    m = signal_metrics(frame(ROWS))
    assert m.first_entry_hours == pytest.approx(8 + 59 / 60)
    assert m.best_rank == 1 and m.best_rank_hours == pytest.approx(9 + 1 / 6)
    assert m.peak_heat == 6e6 and m.peak_heat_hours == pytest.approx(9 + 1 / 3)
    assert grid_step(frame(ROWS)) == pd.Timedelta(minutes=10)
    # grid points 09:00, 09:10, 09:20, 09:40 (08:59 counts for 09:00): 4 × 10 min
    assert hours_on_list(frame(ROWS)) == pytest.approx(4 / 6)
    assert m.distinct_titles == 2


def test_response_before_the_peak_uses_the_first_brand_response():
    events = wb.load_case("demo-lumen-2024").events  # first response at hour 5.25
    late = signal_metrics(frame(ROWS), events)  # heat peak at hour 9.33
    assert late.responded_before_peak is True
    early = signal_metrics(frame(ROWS, trigger="2022-05-22T08:00"), events)  # peak at 1.33
    assert early.responded_before_peak is False


def test_no_signals_gives_nan_not_zero():
    m = signal_metrics(wb.load_case("demo-lumen-2024").signals)
    assert not m.found and math.isnan(m.peak_heat) and m.best_rank is None


def test_compare_has_signal_columns_blank_without_signals():
    table = wb.compare(["audi-xiaoman-2022", "demo-lumen-2024"])
    audi, demo = table.iloc[0], table.iloc[1]
    assert audi["best_rank"] == 1 and audi["signals"] == "observed"
    assert audi["list_entry_hours"] == pytest.approx(8 + 59 / 60, abs=0.01)  # 08:59 on 22 May
    assert pd.isna(demo["best_rank"]) and math.isnan(demo["peak_heat"])
    assert demo["signals"] == "none"
    html = table.to_html_table(lang="en")
    assert "Best rank" in html and "Hours on the list" in html
    assert "Best rank" not in wb.compare(["demo-lumen-2024"]).to_html_table(lang="en")


def test_simulated_reaction_metrics_are_marked_illustrative():
    html = wb.compare(["demo-lumen-2024"]).to_html_table(lang="en")
    assert "illustrative, not evidence" in html
    assert "示意，非证据" in wb.compare(["demo-lumen-2024"]).to_html_table(lang="zh")


def test_an_appearance_long_before_the_trigger_is_not_the_first_entry():
    early = [("2022-05-19T09:00", "hot-search-rank", "generic", 1),
             ("2022-05-19T09:00", "hot-search-heat", "generic", 9e6)]
    m = signal_metrics(frame(early + ROWS))
    assert m.first_entry_hours == pytest.approx(8 + 59 / 60)  # not −63 h
    assert m.peak_heat == 6e6 and m.distinct_titles == 2
    near = [("2022-05-21T20:00", "hot-search-rank", "c", 40)]  # −4 h: a date-only trigger
    assert signal_metrics(frame(near + ROWS)).first_entry_hours == pytest.approx(-4)


def test_chicecream_first_entry_is_the_crisis_title_not_the_bare_brand_name():
    row = wb.compare(["chicecream-2022"]).iloc[0]
    assert row["list_entry_hours"] == pytest.approx(-3.48, abs=0.02)  # 20:31 on 2 July
    assert row["best_rank_hours"] > -24


def test_signal_metrics_show_as_a_bilingual_escaped_table():
    case = wb.load_case("audi-xiaoman-2022")
    m = wb.signal_metrics(case.signals, case.events)
    en, zh = m.to_html(lang="en"), m.to_html(lang="zh")
    assert "Best rank" in en and "First on the list (h)" in en and "SignalMetrics(" not in en
    assert "首次上榜（小时）" in zh and "Best rank" not in zh
    assert "<td style='text-align:left;padding:2px 8px'>1</td>" in en
    assert m._repr_html_().startswith("<div class='wb-signal-metrics'>")
    none = wb.signal_metrics(wb.load_case("demo-lumen-2024").signals).to_html(lang="en")
    assert "no platform attention signals" in none
