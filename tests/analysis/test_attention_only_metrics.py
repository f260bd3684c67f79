"""A case without a sentiment split beside one with it (issue 14): metrics that need the
split say "not available — attention only" (never 0, never a raw NaN), with the reason;
the scorecard shows signal metrics when a case has signals."""

from __future__ import annotations

import math

import pytest

import workbench as wb
from workbench.analysis import metrics, scorecards
from workbench.io.export.parts import badge_texts

NA = {"en": "not available — attention only", "zh": "不可用——仅关注度"}


@pytest.fixture(scope="module")
def table():
    return wb.compare(["kfc-uk-2018", "haidilao-2017"], reveal="always", lang="en")


def test_compare_gives_no_negative_share_for_attention_only(table):
    kfc, hdl = (table.set_index("case").loc[c] for c in ("kfc-uk-2018", "haidilao-2017"))
    assert kfc["sentiment"] == "attention-only" and hdl["sentiment"] == "split"
    assert math.isnan(kfc["negative_share_peak"]) and math.isnan(kfc["negative_share_end"])
    assert 0 < hdl["negative_share_peak"] < 1
    assert kfc["peak_mentions"] > 0 and not math.isnan(kfc["attention_half_life_hours"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_compare_table_says_not_available_with_the_reason(table, lang):
    page = table.to_html_table(lang=lang)
    assert page.count(NA[lang]) == 2          # negative share at the peak and at the end
    assert "wb-attention-only" in page and "nan" not in page.lower().replace("nan-", "")
    assert "kfc-uk-2018" in page.split(NA[lang])[-1]   # the note names the case


def test_scorecard_says_not_available_with_a_reason():
    card = wb.scorecard("kfc-uk-2018", lang="en").set_index("indicator_id")
    row = card.loc["negative_share_change"]
    assert math.isnan(row["value"]) and row["shown"] == NA["en"] and not row["simulated"]
    other = wb.scorecard("haidilao-2017", lang="en").set_index("indicator_id")
    assert other.loc["negative_share_change", "shown"].endswith("pp")
    html = scorecards.scorecard_html(wb.scorecard("kfc-uk-2018", lang="zh"), lang="zh")
    assert NA["zh"] in html


def test_net_sentiment_refuses_attention_only_in_one_sentence():
    with pytest.raises(ValueError, match="attention only"):
        metrics.net_sentiment(wb.load_case("samsung-note7-2016").reactions)
    assert not math.isnan(metrics.net_sentiment(wb.load_case("haidilao-2017").reactions))


def test_export_badges_say_attention_only():
    kinds = [k for k, _ in badge_texts(wb.load_case("nongfu-spring-2024"), "en")]
    assert "attention-only" in kinds
    assert "attention-only" not in [k for k, _ in badge_texts(wb.load_case("haidilao-2017"),
                                                               "en")]


def test_scorecard_shows_signal_metrics_when_a_case_has_signals():
    card = wb.scorecard("chicecream-2022", lang="en")
    sig = card[card["framework"] == "signals"].set_index("indicator_id")
    assert list(sig.index) == list(scorecards.SIGNAL_UNITS)
    found = wb.signal_metrics(wb.load_case("chicecream-2022").signals,
                              wb.load_case("chicecream-2022").events) \
        if hasattr(wb, "signal_metrics") else None
    if found is not None:
        assert sig.loc["best_rank", "value"] == found.best_rank
        assert sig.loc["distinct_titles", "value"] == found.distinct_titles
    assert sig.loc["best_rank", "shown"] == "1"
    assert all(sig["formula"].str.len() > 10) and sig["rating"].isna().all()
    assert "Platform attention signals" in scorecards.scorecard_html(card, lang="en")
    assert (wb.scorecard("haidilao-2017")["framework"] != "signals").all()
