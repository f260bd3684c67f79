"""The derivation scripts for observed data (scripts/observed/), run on synthetic archives.

The real sources are not available in CI, so these tests build a few minutes of a
hot-search archive and a handful of tweets in memory and check the scripts' rules:
the grid, gaps, exact first entries, keyword filters, dedupe and VADER thresholds.
"""

from __future__ import annotations

import csv
import importlib.util
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _load(name: str):
    path = ROOT / "scripts" / "observed" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"observed_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module          # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


hot = _load("derive_hot_search")
tweets = _load("derive_united_tweets")


def _ts(text: str) -> int:
    """Unix seconds of a China-time minute, plus a few seconds as the scraper has them."""
    return int(datetime.fromisoformat(text).replace(tzinfo=SHANGHAI).timestamp()) + 4


def _snap(when: str, *words: tuple[str, int, int]) -> dict:
    return {"timestamp": _ts(when),
            "hotwords": [{"word": w, "rank": r, "hot_value": h} for w, r, h in words]}


SPEC = hot.HotSearchCase("t", start="2022-05-22T09:00", end="2022-05-22T09:30",
                         keywords=("奥迪",), titles=("小满文案",), step=10)


def _archive() -> list[dict]:
    other = ("别的话题", 1, 9_000_000)
    snaps = [_snap(f"2022-05-22T09:{m:02d}", other) for m in range(30)]
    for m in range(3, 30):                          # enters at 09:03, off the grid
        snaps[m]["hotwords"].append({"word": "奥迪致歉", "rank": 40 - m, "hot_value": 1000 * m})
    snaps[20] = {"timestamp": _ts("2022-05-22T09:20"), "hotwords": None}   # a null minute
    snaps[25]["hotwords"].append({"word": "小满文案", "rank": 30, "hot_value": 0})
    return snaps


def test_grid_rows_first_entry_and_filter():
    rows, summary = hot.derive(_archive(), SPEC)
    times = sorted({r.time for r in rows})
    assert times == ["2022-05-22T09:03:00+08:00", "2022-05-22T09:10:00+08:00",
                     "2022-05-22T09:20:00+08:00", "2022-05-22T09:25:00+08:00"]
    assert {r.topic for r in rows} == {"奥迪致歉", "小满文案"}        # others filtered out
    first = [r for r in rows if r.time.endswith("09:03:00+08:00")]
    assert [(r.signal, r.value) for r in first] == [("hot-search-rank", 37),
                                                     ("hot-search-heat", 3000)]
    # 09:20 was null: the 09:19 snapshot stands in, so the topic is not absent there
    at20 = [r for r in rows if r.time.endswith("09:20:00+08:00")]
    assert [(r.signal, r.value) for r in at20] == [("hot-search-rank", 21),
                                                    ("hot-search-heat", 19000)]
    # a heat of 0 writes a rank row only
    assert [r.signal for r in rows if r.topic == "小满文案"] == ["hot-search-rank"]
    assert summary["null_snapshots"] == 1 and summary["gap_points"] == 0
    assert rows == sorted(rows, key=lambda r: r.time)


def test_a_grid_point_with_no_valid_snapshot_is_a_gap():
    lost = range(_ts("2022-05-22T09:11"), _ts("2022-05-22T09:20") + 1)
    snaps = [s for s in _archive() if s["timestamp"] not in lost]
    rows, summary = hot.derive(snaps, SPEC)
    assert summary["gap_points"] == 1
    assert not any(r.time.endswith("09:20:00+08:00") for r in rows)


def test_window_days_are_utc_files_and_grid_is_on_the_clock():
    spec = hot.HotSearchCase("t", start="2022-05-21T08:00", end="2022-05-23T08:00",
                             keywords=("x",), step=30)
    assert [d.isoformat() for d in spec.days()] == ["2022-05-21", "2022-05-22", "2022-05-23"]
    points = hot.grid(spec)
    assert len(points) == 96 and all(p.minute in (0, 30) for p in points)


def test_bundled_parameters_are_sane():
    ids = [c.case_id for c in hot.CASES]
    assert len(ids) == len(set(ids))
    for case in hot.CASES:
        start, end = case.bounds()
        assert start < end and case.keywords and 60 % case.step == 0
        assert (ROOT / "cases" / case.case_id).is_dir()


def test_declared_signal_windows_are_the_scripts_windows_and_hold_the_rows():
    """A case that declares ``provenance.signals_window`` (the pre-crisis baseline of the
    early-warning back-test) declares exactly the window the script derived it from."""
    import workbench as wb

    declared = 0
    for spec in hot.CASES:
        case = wb.load_case(spec.case_id)
        window = case.meta.provenance.signals_window
        if window is None:
            continue
        declared += 1
        start, end = spec.bounds()
        assert (window.start, window.end) == (start, end), spec.case_id
        times = case.signals["time"]
        assert times.min() >= start and times.max() < end, spec.case_id
    assert declared >= 2


def test_haitian_has_a_month_of_pre_crisis_baseline():
    import workbench as wb

    case = wb.load_case("haitian-2022")
    start, _ = case.signals_window
    assert start <= -30 * 24
    before = case.signals[case.signals["hours"] < -24]
    assert set(before["topic"]) == {"苏醒新歌海天之爱首秀"}  # one unrelated title matched


def test_written_csv_has_the_signals_columns(tmp_path):
    rows, _ = hot.derive(_archive(), SPEC)
    hot.write_csv(rows, tmp_path / "t" / "signals.csv")
    with (tmp_path / "t" / "signals.csv").open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    assert list(table[0]) == ["time", "platform", "signal", "topic", "value"]
    assert {r["platform"] for r in table} == {"weibo"}


def _tweet(i: int, when: str, text: str) -> dict:
    return {"id": str(i), "timestamp": when, "text": text, "user": "u", "fullname": "f"}


@pytest.mark.parametrize(("score", "expected"), [(0.05, "positive"), (-0.05, "negative"),
                                                  (0.049, "neutral"), (-0.049, "neutral")])
def test_vader_thresholds(score, expected):
    assert tweets.label(score) == expected


def test_daily_counts_dedupe_by_id_drop_small_days_and_stay_in_range():
    fake = {"good": 0.6, "bad": -0.7, "meh": 0.0}
    sample = ([_tweet(i, "2017-04-10T22:00:00", "good") for i in range(3)]
              + [_tweet(0, "2017-04-10T22:00:00", "good")]            # repeated id
              + [_tweet(10 + i, "2017-04-10T23:00:00", "bad") for i in range(2)]
              + [_tweet(20, "2017-04-11T01:00:00", "meh")]             # too small a day
              + [_tweet(30 + i, "2017-05-01T01:00:00", "bad") for i in range(9)])
    days = tweets.daily(sample, score=fake.__getitem__, min_sample=2)
    assert [(d.day.isoformat(), d.mentions, d.negative, d.neutral, d.positive)
            for d in days] == [("2017-04-10", 5, 2, 0, 3)]
    assert days[0].as_list()[:3] == ["2017-04-10T00:00:00+00:00", "twitter", "5"]


def test_the_brand_word_is_masked_before_scoring():
    score = tweets.vader()
    assert score("United") == 0.0
    assert score("@united I love this") == pytest.approx(score("@ I love this"))
