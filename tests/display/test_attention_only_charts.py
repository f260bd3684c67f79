"""Charts of attention-only reactions (issue 14): one attention panel labelled as a
simulated index, no negative share, no sentiment colour, the reason in the subtitle; in
the aligned chart, beside a case with a split, the negative-share row says why it is empty."""

from __future__ import annotations

import json

import pytest
import vl_convert as vlc

import workbench as wb
from workbench.display import charts
from workbench.display import comparison_charts as cc

SENTIMENT_RED = "#b91c1c"


@pytest.fixture(scope="module")
def kfc():
    return wb.load_case("kfc-uk-2018")


def _fields(node, found=None) -> set[str]:
    found = set() if found is None else found
    if isinstance(node, dict):
        if "field" in node:
            found.add(str(node["field"]))
        for key, value in node.items():
            if key != "datasets":
                _fields(value, found)
    elif isinstance(node, list):
        for item in node:
            _fields(item, found)
    return found


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_reaction_chart_draws_attention_alone(kfc, lang):
    spec = charts.reaction_chart(kfc, lang=lang).to_dict()
    assert len(spec["vconcat"]) == 1                      # no negative-share panel
    text = json.dumps(spec, ensure_ascii=False)
    assert "share" not in _fields(spec) and SENTIMENT_RED not in text
    index = "模拟指数" if lang == "zh" else "Simulated index"
    assert index in text and ("仅关注度" if lang == "zh" else "Attention only") in text
    rows = [r for rows in spec["datasets"].values() for r in rows]
    assert not any("negative" in r for r in rows) and len(rows) <= charts.MAX_ROWS


def test_phase_views_and_daily_cases_chart_too(kfc):
    for phase in ("team", "act"):
        assert len(charts.reaction_chart(kfc.visible_at(phase)).to_dict()["vconcat"]) == 1
    samsung = charts.reaction_chart(wb.load_case("samsung-note7-2016"), lang="en").to_dict()
    assert len(samsung["vconcat"]) == 1


def test_aligned_chart_says_why_a_row_has_no_negative_share(kfc):
    spec = cc.aligned_chart([kfc, wb.load_case("haidilao-2017")], lang="en").to_dict()
    rows = [r for rows in spec["datasets"].values() for r in rows]
    na = [r for r in rows if r.get("layer") == "na"]
    assert len(na) == 1 and na[0]["what"] == "not available — attention only"
    assert na[0]["label"].startswith("KFC")
    assert any("Attention only" in s for s in spec["title"]["subtitle"])
    kfc_rows = [r for r in rows if r.get("layer") == "r" and r["label"].startswith("KFC")]
    assert kfc_rows and all(r["negative_share"] is None for r in kfc_rows)


def test_an_attention_only_chart_renders(kfc, tmp_path):
    spec = charts.reaction_chart(kfc, lang="zh").to_dict()
    svg = vlc.vegalite_to_svg(json.dumps(spec))
    assert "模拟指数" in svg and "负面占比" not in svg
    (tmp_path / "kfc.svg").write_text(svg, encoding="utf-8")

