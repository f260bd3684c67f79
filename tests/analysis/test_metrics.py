"""Metrics against hand-computed values on small fixture cases (docs/metrics.md)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import workbench as wb
from workbench.analysis import metrics

DAY_END = 13 + 59 / 60 + 59 / 3600  # 2024-03-01 (day precision) = 23:59:59, trigger 10:00


@pytest.fixture
def acme(case_kit, tmp_path):
    return wb.load_case(case_kit.acme(tmp_path))


def frame(rows: list[tuple[int, int, int, int, int]]) -> pd.DataFrame:
    """Reactions from (hour, mentions, negative, neutral, positive), one platform, hourly."""
    start = pd.Timestamp("2024-03-01T10:00", tz="UTC")
    return pd.DataFrame({
        "time": [start + pd.Timedelta(hours=h) for h, *_ in rows], "platform": "x",
        "mentions": [r[1] for r in rows], "negative": [r[2] for r in rows],
        "neutral": [r[3] for r in rows], "positive": [r[4] for r in rows],
        "hours": [float(r[0]) for r in rows]})


# -- events ----------------------------------------------------------------------------------
def test_first_response_is_the_first_brand_statement(acme):
    first = metrics.first_response(acme.events)
    assert (first.hours, first.channel, first.event, first.approx) == (2.0, "twitter", "s1",
                                                                        False)


def test_brand_statements_and_moves(acme):
    assert metrics.brand_statements(acme.events)["id"].tolist() == ["s1", "s2", "s3"]
    assert metrics.brand_moves(acme.events)["id"].tolist() == ["s1", "s2", "c1", "s3"]


def test_first_apology_rests_on_a_day_precision_time(acme):
    apology = metrics.first_apology(acme.events)
    assert apology.event == "s2" and apology.approx
    assert apology.hours == pytest.approx(DAY_END)


def test_first_corrective_action(acme):
    corrective = metrics.first_corrective_action(acme.events)
    assert (corrective.hours, corrective.channel, corrective.approx) == (24.0, "in-store", False)


def test_posture_and_benoit_mix(acme):
    # codes: denial (deny), apology + compensation + corrective-action (rebuild), reminder
    assert metrics.posture_mix(acme.events) == pytest.approx(
        {"deny": 0.2, "diminish": 0.0, "rebuild": 0.6, "bolster": 0.2})
    assert metrics.benoit_mix(acme.events) == pytest.approx(
        {"denial": 0.2, "evasion": 0.0, "reducing-offensiveness": 0.4,
         "corrective-action": 0.2, "mortification": 0.2})
    assert metrics.strategy_counts(acme.events) == {
        "denial": 1, "compensation": 1, "apology": 1, "reminder": 1, "corrective-action": 1}


def test_corrective_action_and_mortification_count_as_rebuild():
    ev = pd.DataFrame({"actor": ["pr", "pr"], "kind": ["statement", "action"],
                       "strategy": ["mortification", "corrective-action"], "hours": [1.0, 2.0]})
    assert metrics.posture_mix(ev)["rebuild"] == 1.0
    assert metrics.fits_cluster("preventable", ev)


def test_fit_needs_every_posture_to_fit(acme):
    assert not metrics.fits_cluster("preventable", acme.events)  # denial does not fit
    assert metrics.postures_used(acme.events) == ["deny", "rebuild", "bolster"]
    no_codes = pd.DataFrame({"actor": ["pr"], "kind": ["statement"], "strategy": [""],
                             "hours": [1.0]})
    assert not metrics.fits_cluster("victim", no_codes)
    assert metrics.posture_mix(no_codes) == {}


def test_statement_before_the_trigger_has_negative_hours(case_kit, tmp_path):
    folder = case_kit.write_case(tmp_path, "early-2024", [
        case_kit.event("p1", "2024-03-01T07:00:00+00:00", "statement", "pr", phase="plan",
                  strategy="reminder"),
        case_kit.event("t1", "2024-03-01T10:00:00+00:00", "trigger", "public", phase="analyse"),
    ])
    first = metrics.first_response(wb.load_case(folder).events)
    assert first.hours == -3.0 and first.event == "p1"


def test_no_brand_statement(case_kit, tmp_path):
    folder = case_kit.write_case(tmp_path, "quiet-2024", [
        case_kit.event("t1", "2024-03-01T10:00:00+00:00", "trigger", "public", phase="analyse"),
        case_kit.event("a1", "2024-03-01T12:00:00+00:00", "action", "operations"),
        case_kit.event("x1", "2024-03-01T13:00:00+00:00", "statement", "media", channel="tv"),
    ])
    events = wb.load_case(folder).events
    first = metrics.first_response(events)
    assert math.isnan(first.hours) and not first.found and first.channel == ""
    assert metrics.brand_statements(events).empty
    assert math.isnan(metrics.first_apology(events).hours)


def test_authority_and_outside_voices(acme):
    assert metrics.authority_events(acme.events)["id"].tolist() == ["m1", "r1"]
    assert metrics.first_of(metrics.outside_voices(acme.events)).event == "k1"


def test_codes_parsing():
    assert metrics.codes(" Apology ;corrective-action; ") == ["apology", "corrective-action"]
    assert metrics.codes(pd.NA) == [] and metrics.codes(float("nan")) == []


# -- reactions -------------------------------------------------------------------------------
def test_period_totals_sum_over_platforms(acme):
    totals = metrics.period_totals(acme.reactions)
    assert totals["mentions"].tolist() == [20, 100, 100, 70, 40, 60, 30, 20]
    assert totals["negative"].tolist() == [10, 60, 60, 35, 20, 30, 10, 5]
    assert totals["hours"].tolist() == [0.0, 1, 2, 3, 4, 5, 6, 7]


def test_peak_is_the_earliest_largest_period(acme):
    top = metrics.peak(acme.reactions)  # hours 1 and 2 both have 100: the earliest wins
    assert (top.hour, top.mentions, top.negative_share) == (1.0, 100, 0.6)


def test_negative_share_end(acme):
    assert metrics.negative_share_end(acme.reactions) == 0.25  # 5 / 20


def test_half_life_waits_until_mentions_stay_below_half(acme):
    # half of 100 = 50; hour 4 dips to 40 but hour 5 is back at 60; from hour 6 on they
    # stay below: 6 − 1 = 5 hours
    assert metrics.attention_half_life(acme.reactions) == 5.0


def test_half_life_counts_a_missing_period_as_zero():
    r = frame([(0, 10, 0, 0, 0), (1, 100, 0, 0, 0), (2, 60, 0, 0, 0), (5, 10, 0, 0, 0)])
    assert metrics.attention_half_life(r) == 2.0  # hour 3 (absent) is the first below half


def test_half_life_is_nan_when_attention_never_halves():
    assert math.isnan(metrics.attention_half_life(frame([(0, 10, 0, 0, 0), (1, 100, 0, 0, 0),
                                                          (2, 80, 0, 0, 0)])))
    assert math.isnan(metrics.attention_half_life(frame([(0, 10, 0, 0, 0)])))


def test_no_reaction_data(case_kit, tmp_path):
    empty = wb.load_case(case_kit.write_case(tmp_path, "none-2024", [
        case_kit.event("t1", "2024-03-01T10:00:00+00:00", "trigger", "public", phase="analyse")]))
    assert empty.reactions.empty
    assert metrics.peak(empty.reactions) is None
    assert math.isnan(metrics.negative_share_end(empty.reactions))
    assert math.isnan(metrics.attention_half_life(empty.reactions))
    assert metrics.period_totals(empty.reactions).empty


# -- net sentiment and share of voice ----------------------------------------------------------
def test_net_sentiment_both_formulas(acme):
    # Σpositive = 78, Σnegative = 230, Σmentions = 440
    assert wb.net_sentiment(acme.reactions) == pytest.approx(-152 / 308)
    assert wb.net_sentiment(acme.reactions, formula="total") == pytest.approx(-152 / 440)


def test_net_sentiment_per_platform_and_period():
    r = pd.concat([frame([(0, 100, 50, 20, 30)]), frame([(0, 10, 0, 10, 0)]).assign(
        platform="y")])
    by_platform = wb.net_sentiment(r, by="platform")
    assert by_platform["x"] == pytest.approx(-0.25)  # (30 − 50) / (30 + 50)
    assert math.isnan(by_platform["y"])  # no positive or negative: undefined, not 0
    by_time = wb.net_sentiment(r, formula="total", by="time")
    assert by_time.iloc[0] == pytest.approx(-20 / 110)


def test_net_sentiment_rejects_unknown_formula():
    with pytest.raises(ValueError, match="talkwalker"):
        wb.net_sentiment(frame([(0, 1, 1, 0, 0)]), formula="sentione")


def test_share_of_voice_by_mentions_and_engagement():
    posts = pd.DataFrame({"brand": ["A", "A", "A", "B", None, ""],
                          "likes": [1, 2, 3, 10, 5, 5], "shares": [0, 0, 0, 4, 0, 0],
                          "comments": [0, 0, 0, 2, 0, 0]})
    sov = wb.share_of_voice(posts)
    assert sov["brand"].tolist() == ["A", "B"]
    assert sov["mentions"].tolist() == [3, 1]
    assert sov["share"].tolist() == pytest.approx([0.75, 0.25])
    eng = wb.share_of_voice(posts, measure="engagement")
    assert eng["brand"].tolist() == ["B", "A"]  # 16 vs 6
    assert eng["share"].tolist() == pytest.approx([16 / 22, 6 / 22])


def test_share_of_voice_needs_a_brand_column():
    with pytest.raises(ValueError, match="'brand' column"):
        wb.share_of_voice(pd.DataFrame({"text": ["x"]}))


def test_share_of_voice_on_the_demo_posts():
    posts = wb.load_case("demo-lumen-2024").posts
    sov = wb.share_of_voice(posts)
    assert sov["share"].sum() == pytest.approx(1.0)
    assert sov["mentions"].sum() == posts["brand"].notna().sum()
