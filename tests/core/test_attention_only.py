"""Attention-only reactions (issue 14): reactions.csv with ``time, platform, mentions`` and
no sentiment split, for cases with no documented sentiment figure. Valid format v1, loaded
without sentiment columns, refused when the split is half there."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import workbench as wb
from workbench.core.case_card import case_card
from workbench.core.cases import has_sentiment, reactions_from_posts


def _attention_only(folder: Path) -> None:
    """Cut the demo's reactions.csv down to time, platform, mentions."""
    path = folder / "reactions.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame[["time", "platform", "mentions"]].to_csv(path, index=False, lineterminator="\n")


def test_a_reactions_file_without_the_split_is_valid_and_loads(demo_folder: Path):
    _attention_only(demo_folder)
    assert [str(p) for p in wb.validate(demo_folder) if p.is_error] == []
    case = wb.load_case(demo_folder)
    assert not case.has_sentiment
    assert list(case.reactions.columns) == ["time", "platform", "mentions", "hours"]
    assert not case.visible_at("plan").has_sentiment   # phase views keep the shape
    card = case_card(case)
    assert "attention only" in card or "仅关注度" in card


def test_half_a_split_is_one_located_error(demo_folder: Path):
    path = demo_folder / "reactions.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.drop(columns=["positive"]).to_csv(path, index=False, lineterminator="\n")
    problems = [p for p in wb.validate(demo_folder) if p.is_error]
    assert len(problems) == 1
    text = str(problems[0])
    assert text.startswith(f"{path}:1: positive: missing sentiment column") or \
        ":1: positive: missing sentiment column" in text
    assert "none of them (attention only)" in text and "\n" not in text


def test_counts_are_still_checked_without_the_split(demo_folder: Path):
    _attention_only(demo_folder)
    path = demo_folder / "reactions.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[2].split(",")
    cells[2] = "many"
    lines[2] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = [str(p) for p in wb.validate(demo_folder) if p.is_error]
    assert any(":3: mentions:" in p for p in problems), problems


def test_posts_without_sentiment_give_attention_only_reactions():
    t = pd.to_datetime(["2024-01-01T10:05", "2024-01-01T10:40",
                        "2024-01-01T11:10"]).tz_localize("Asia/Shanghai")
    posts = pd.DataFrame({"time": t, "platform": "weibo", "text": ["a", "b", "c"]})
    out = reactions_from_posts(posts)
    assert list(out.columns) == ["time", "platform", "mentions"] and not has_sentiment(out)
    assert out["mentions"].tolist() == [2, 1]
    scored = reactions_from_posts(posts.assign(sentiment=["negative", None, "positive"]))
    assert has_sentiment(scored) and scored["negative"].tolist() == [1, 0]


def test_the_bundled_cases_without_a_sentiment_figure_are_attention_only():
    for name in ("kfc-uk-2018", "nongfu-spring-2024", "samsung-note7-2016"):
        case = wb.load_case(name)
        assert not case.has_sentiment and len(case.reactions) > 0, name
    assert wb.load_case("haidilao-2017").has_sentiment
