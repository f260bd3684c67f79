"""The signal chart: bounded, rank 1 at the top, bilingual, labelled, trimmed by phase."""

from __future__ import annotations

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
