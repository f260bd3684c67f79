"""The signal chart: bounded, rank 1 at the top, bilingual, labelled, trimmed by phase."""

from __future__ import annotations

import itertools
import json

import workbench as wb
from workbench.display import signal_charts
from workbench.display.charts import MAX_ROWS


def rows(spec: dict) -> int:
    return sum(len(r) for r in spec["datasets"].values())


def test_bounded_reversed_and_labelled():
    case = wb.load_case("huaxizi-2023")  # the largest signals file
    spec = signal_charts.signal_chart(case, lang="en").to_dict()
    assert rows(spec) <= MAX_ROWS
    assert spec["vconcat"][0]["layer"][-1]["encoding"]["y"]["scale"]["reverse"] is True
    assert "observed · Weibo hot-search archive" in spec["title"]["subtitle"]
    topics = {r["topic"] for d in spec["datasets"].values() for r in d if "topic" in r}
    assert len(topics) <= signal_charts.MAX_TOPICS


def test_chinese_words_and_no_english_left():
    spec = signal_charts.signal_chart(wb.load_case("audi-xiaoman-2022"), lang="zh").to_dict()
    text = json.dumps({k: v for k, v in spec.items() if k != "datasets"}, ensure_ascii=False)
    assert "实测 · 微博热搜存档" in text and "热搜排名" in text
    for english in ("observed", "Hot-search", "Hours since", "Rank 1"):
        assert english not in text, english


def test_a_phase_view_ends_at_the_phase_end():
    case = wb.load_case("audi-xiaoman-2022")
    view = case.visible_at("analyse")
    spec = signal_charts.signal_chart(view, lang="en").to_dict()
    hours = [r["hours"] for d in spec["datasets"].values() for r in d if "value" in r]
    end = (view.phase_end - case.trigger).total_seconds() / 3600
    assert all(h <= end + 1e-6 for h in hours)


def test_a_title_that_left_the_list_gets_a_new_line_segment():
    case = wb.load_case("audi-xiaoman-2022")
    spec = signal_charts.signal_chart(case, lang="en").to_dict()
    for part in (0, 1):                          # the rank line and the heat line
        line = spec["vconcat"][part]["layer"][-1]
        assert line["encoding"]["detail"]["field"] == "segment"
    data = spec["datasets"][spec["vconcat"][0]["layer"][-1]["data"]["name"]]
    hours = sorted({r["hours"] for r in data})
    step = min(b - a for a, b in itertools.pairwise(hours) if b - a > 1e-9)
    split = 0
    for topic in {r["topic"] for r in data}:
        mine = sorted((r["hours"], r["segment"]) for r in data if r["topic"] == topic)
        for (h0, s0), (h1, s1) in itertools.pairwise(mine):
            if s0 != s1:
                split += 1
                assert h1 - h0 > step   # a break only where the title was off the list
    assert split >= 1                   # e.g. 刘德华回应奥迪广告涉嫌抄袭 left and came back


def test_runs_break_at_gaps_only():
    import pandas as pd
    rows = pd.DataFrame({"hours": [0.0, 0.5, 1.0, 3.0, 0.0, 0.5], "topic": list("aaaabb"),
                         "value": 1.0})
    seg = signal_charts.runs(rows).set_index(["topic", "hours"])["segment"]
    assert seg[("a", 1.0)] == "a#0" and seg[("a", 3.0)] == "a#1"
    assert set(seg.loc["b"]) == {"b#0"}
