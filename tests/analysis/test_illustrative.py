"""Metrics computed on simulated reactions say "illustrative, not evidence" wherever shown."""

from __future__ import annotations

import workbench as wb
from workbench.analysis.scorecards import indicator_html
from workbench.io.export.parts import indicators


def test_scorecard_and_board_indicators_mark_simulated_metrics():
    card = wb.scorecard("haidilao-2017", lang="en")
    assert card["simulated"].any()
    slug = card[card["simulated"]].iloc[0]["principle"]
    assert "illustrative, not evidence" in indicator_html(card, slug, lang="en")
    assert "示意，非证据" in indicator_html(wb.scorecard("haidilao-2017", lang="zh"), slug,
                                        lang="zh")


def test_export_indicators_mark_simulated_metrics():
    lines = [line for part in indicators(wb.load_case("haidilao-2017"), "en").values()
             for line in part]
    assert any("illustrative, not evidence" in line for line in lines)


def test_observed_reactions_are_not_marked_illustrative():
    card = wb.scorecard("united-3411-2017", lang="en")
    for slug in dict.fromkeys(card["principle"]):
        assert "illustrative" not in indicator_html(card, slug, lang="en")
