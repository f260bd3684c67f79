"""wb.compare, the scorecard and the comparison charts, on small fixture cases."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

import workbench as wb
from workbench.analysis.comparison import COLUMNS, Comparison, available, format_value
from workbench.core.journal import Journal
from workbench.display import comparison_charts as cc
from workbench.foundation import vocab

DAY_END = 13 + 59 / 60 + 59 / 3600


@pytest.fixture
def acme(case_kit, tmp_path):
    return wb.load_case(case_kit.acme(tmp_path))


@pytest.fixture
def quiet(case_kit, tmp_path):
    """No brand statement, no apology, no reaction data, a victim-cluster case."""
    return wb.load_case(case_kit.write_case(tmp_path, "quiet-2024", [
        case_kit.event("t1", "2024-03-01T10:00:00+00:00", "trigger", "public", phase="analyse"),
        case_kit.event("a1", "2024-03-01T12:00:00+00:00", "action", "operations", channel="other"),
    ], brand="Quiet <b>Co</b>", cluster="victim"))


@pytest.fixture
def daily(case_kit, tmp_path):
    """The first statement has day precision and denies; reactions are daily and observed."""
    rows = [("2024-03-01T00:00:00+00:00", "weibo", 50, 40, 5, 5),
            ("2024-03-02T00:00:00+00:00", "weibo", 200, 150, 30, 20),
            ("2024-03-03T00:00:00+00:00", "weibo", 80, 40, 20, 20)]
    return wb.load_case(case_kit.write_case(tmp_path, "daily-2024", [
        case_kit.event("t1", "2024-03-01T10:00:00+00:00", "trigger", "public", phase="analyse"),
        case_kit.event("s1", "2024-03-01", "statement", "pr", precision="day", phase="plan",
                  strategy="denial;scapegoat"),
        case_kit.event("s2", "2024-03-03T09:00:00+00:00", "statement", "legal", channel="website",
                  strategy="attack-accuser"),
    ], reactions=rows, brand="Daily", provenance="observed"))


def test_columns_are_the_contract(acme):
    table = wb.compare([acme])
    assert tuple(table.columns) == COLUMNS
    for name in ("case", "brand", "scct_cluster", "first_response_hours",
                 "first_response_channel", "first_apology_hours",
                 "first_corrective_action_hours", "statements", "channels", "posture_mix",
                 "benoit_mix", "fits_cluster", "fit_note", "within_4h", "within_24h",
                 "peak_mentions", "peak_hour", "responded_before_peak", "negative_share_peak",
                 "negative_share_end", "attention_half_life_hours", "outcome"):
        assert name in table.columns


def test_hand_computed_row(acme):
    row = wb.compare([acme]).iloc[0]
    assert row["case"] == "acme-2024" and row["brand"] == "Acme"
    assert row["scct_cluster"] == "preventable"
    assert row["first_response_hours"] == 2.0 and row["first_response_channel"] == "twitter"
    assert row["first_apology_hours"] == pytest.approx(DAY_END)
    assert row["first_corrective_action_hours"] == 24.0
    assert row["statements"] == 3
    assert row["channels"] == ("twitter", "website", "in-store")
    assert row["posture_mix"] == pytest.approx({"deny": 0.2, "diminish": 0.0, "rebuild": 0.6,
                                                "bolster": 0.2})
    assert not row["fits_cluster"]
    assert "preventable" in row["fit_note"] and "Coombs" in row["fit_note"]
    assert "Not fitting: Deny" in row["fit_note"]
    assert row["within_4h"] and row["within_24h"]
    assert (row["peak_mentions"], row["peak_hour"]) == (100, 1.0)
    assert not row["responded_before_peak"]  # 2.0 h is after the peak period's start (1.0 h)
    assert (row["negative_share_peak"], row["negative_share_end"]) == (0.6, 0.25)
    assert row["attention_half_life_hours"] == 5.0
    assert row["outcome"] == "Outcome of Acme."
    assert row["approx"] == ("first_apology_hours",)
    assert row["reactions"] == "simulated"


def test_edge_case_without_statement_apology_or_reactions(quiet):
    row = wb.compare([quiet]).iloc[0]
    assert math.isnan(row["first_response_hours"])
    assert pd.isna(row["first_response_channel"])
    assert math.isnan(row["first_apology_hours"])
    assert math.isnan(row["first_corrective_action_hours"])
    assert row["statements"] == 0 and row["channels"] == ("other",)
    assert not row["within_4h"] and not row["within_24h"]
    assert row["posture_mix"] == {} and not row["fits_cluster"]
    assert "no coded response strategy" in row["fit_note"]
    assert pd.isna(row["peak_mentions"]) and math.isnan(row["peak_hour"])
    assert row["responded_before_peak"] is pd.NA
    assert math.isnan(row["attention_half_life_hours"])
    assert row["reactions"] == "none" and row["approx"] == ()


def test_day_precision_first_statement_marks_its_metrics_approximate(daily):
    row = wb.compare([daily]).iloc[0]
    assert row["first_response_hours"] == pytest.approx(DAY_END)
    assert set(row["approx"]) == {"first_response_hours", "within_4h", "within_24h",
                                  "responded_before_peak"}
    assert not row["within_4h"] and row["within_24h"]
    # daily periods start at midnight: the peak (2 March) starts 14 h after the trigger
    assert row["peak_hour"] == 14.0 and row["responded_before_peak"]
    assert row["negative_share_peak"] == 0.75 and row["negative_share_end"] == 0.5
    assert row["attention_half_life_hours"] == 24.0
    assert row["posture_mix"]["deny"] == 1.0 and math.isnan(row["first_apology_hours"])
    assert row["reactions"] == "observed"


def test_dtypes_and_dataframe_use(acme, quiet, daily):
    table = wb.compare([acme, quiet, daily])
    assert isinstance(table, pd.DataFrame) and isinstance(table, Comparison)
    assert table["statements"].dtype == "int64"
    assert table["within_4h"].dtype == bool and table["fits_cluster"].dtype == bool
    assert str(table["responded_before_peak"].dtype) == "boolean"
    assert table["first_response_hours"].dtype == "float64"
    derived = table.sort_values("statements")
    # selections and copies are ordinary DataFrames, shown for reading (no NaN, left-aligned)
    assert type(derived).__name__ == "ReadingTable" and isinstance(derived, pd.DataFrame)
    assert table["first_response_hours"].mean() == pytest.approx((2.0 + DAY_END) / 2)


def test_compare_accepts_ids_paths_and_cases(acme):
    with pytest.warns(UserWarning, match="acme-2024"):  # the same case twice: shown once
        table = wb.compare([acme, acme.folder, "demo-lumen-2024"])
    assert table["case"].tolist() == ["acme-2024", "demo-lumen-2024"]
    assert wb.compare(acme)["case"].tolist() == ["acme-2024"]


def test_html_is_readable_escaped_and_badged(acme, quiet):
    html = wb.compare([acme, quiet])._repr_html_()
    assert "Quiet &lt;b&gt;Co&lt;/b&gt;" in html and "<b>Co</b>" not in html
    assert "≈14.0" in html  # the day-precision apology
    assert "wb-badge-simulated" in html  # acme's reaction metrics are simulated
    assert "First response (h)" in html
    wb.set_language("zh")
    assert "首次回应（小时）" in wb.compare([acme])._repr_html_()


def test_format_value():
    assert format_value("first_response_hours", float("nan")) == "—"
    assert format_value("responded_before_peak", pd.NA) == "—"
    assert format_value("channels", ("weibo", "in-store"), lang="zh") == "微博, 门店"
    assert format_value("posture_mix", {"rebuild": 0.6, "deny": 0.4}, lang="en") == \
        "Rebuild 60% · Deny 40%"


def test_text_follows_the_language(acme):
    wb.set_language("zh")
    row = wb.compare([acme]).iloc[0]
    assert row["outcome"] == "测试结果。" and "可预防型" in row["fit_note"]
    assert wb.compare([acme], lang="en").iloc[0]["outcome"] == "Outcome of Acme."


# -- scorecard ---------------------------------------------------------------------------------
def values(card: pd.DataFrame) -> dict[str, float]:
    return dict(zip(card["indicator_id"], card["value"], strict=True))


def test_scorecard_covers_every_principle_with_formula_and_value(acme):
    card = wb.scorecard(acme)
    assert set(card["principle"]) == {*vocab.PRINCIPLES, *vocab.FIVE_S}
    assert card["formula"].str.len().min() > 10
    assert set(card["framework"]) == {"principles", "5S"}
    assert card["rating"].isna().all()
    assert "score" not in " ".join(card.columns)  # no composite score


def test_scorecard_values_by_hand(acme):
    v = values(wb.scorecard(acme))
    assert v["first_response"] == 2.0
    assert v["first_apology"] == pytest.approx(DAY_END)
    assert v["statements"] == 3
    assert v["update_span"] == 70.0  # 72 − 2
    assert v["brand_actors"] == 4  # social-team, executive, operations, pr
    assert v["executive_hours"] == pytest.approx(DAY_END)
    assert v["statement_channels"] == 2 and v["brand_channels"] == 3
    assert v["authority_events"] == 2  # media m1, regulator r1
    assert v["dominant_posture_share"] == pytest.approx(0.6)
    assert v["rebuild_share"] == pytest.approx(0.6)
    assert v["reversals"] == 0  # the denial came before the first rebuild move
    assert v["deny_diminish_codes"] == 1
    assert v["within_4h"] == 1.0
    assert v["lead_over_outside"] == -0.5  # the KOL spoke at 1.5 h, the brand at 2.0 h
    assert v["phases_with_moves"] == 4  # plan, coordinate, act, evaluate
    assert v["responded_before_peak"] == 0.0
    assert v["negative_share_change"] == pytest.approx(0.25 - 0.6)


def test_scorecard_flags_approximate_and_simulated(acme):
    card = wb.scorecard(acme).set_index("indicator_id")
    assert card.loc["first_apology", "approx"] and card.loc["first_apology", "shown"] == "≈14.0"
    assert card.loc["negative_share_change", "simulated"]
    assert not card.loc["statements", "simulated"]
    assert "wb-badge-simulated" in wb.scorecard(acme)._repr_html_()


def test_scorecard_edge_case(quiet):
    v = values(wb.scorecard(quiet))
    assert math.isnan(v["first_response"]) and math.isnan(v["first_apology"])
    assert v["statements"] == 0 and math.isnan(v["responded_before_peak"])
    assert math.isnan(v["dominant_posture_share"])
    assert "Quiet &lt;b&gt;" in wb.scorecard(quiet)._repr_html_()


def test_scorecard_reads_ratings_from_the_journal(acme, tmp_path):
    journal = Journal.load("李雷", "acme-2024", journal_dir=tmp_path / "work")
    journal.set_rating("speed", 4, "2 h to a first reply")
    card = wb.scorecard(acme, student="李雷", journal_dir=tmp_path / "work")
    speed = card[card["principle"] == "speed"]
    assert speed["rating"].tolist() == [4, 4] and speed["note"].iloc[0] == "2 h to a first reply"
    assert card[card["principle"] != "speed"]["rating"].isna().all()
    assert "★★★★☆" in card._repr_html_()


def test_scorecard_in_chinese(acme):
    card = wb.scorecard(acme, lang="zh")
    assert "快速响应" in card["principle_label"].tolist()
    assert "权威证实" in card["principle_label"].tolist()


# -- comparison charts -------------------------------------------------------------------------
def inline_rows(spec: dict) -> int:
    return sum(len(rows) for rows in spec.get("datasets", {}).values())


def test_aligned_chart_spec(acme, quiet, daily):
    chart = cc.aligned_chart([acme, quiet, daily], lang="en")
    spec = chart.to_dict()
    assert spec["config"]["font"].startswith('"Noto Sans CJK SC"')
    assert len(spec["hconcat"]) == 2
    facet = spec["hconcat"][0]
    assert facet["facet"]["row"]["field"] == "label"
    assert facet["spec"]["layer"][1]["encoding"]["x"]["field"] == "hours"
    assert "simulated" in " ".join(spec["title"]["subtitle"])  # acme is simulated
    rows = next(iter(spec["datasets"].values()))
    labels = {r["label"] for r in rows}
    assert "Acme · simulated" in labels and "Daily" in labels
    moves = [r for r in rows if r["layer"] == "m"]
    assert {m["hours"] for m in moves if m["label"] == "Acme · simulated"} == \
        {2.0, round(DAY_END, 2), 24.0, 72.0}
    assert inline_rows(spec) <= 1500


def test_aligned_chart_bins_long_reactions():
    case = wb.load_case("demo-lumen-2024")
    spec = cc.aligned_chart([case] * 6, max_points=50, lang="en").to_dict()
    rows = [r for rows in spec["datasets"].values() for r in rows if r.get("layer") == "r"]
    assert len(rows) <= 6 * 50
    assert any("one point" in s for s in spec["title"]["subtitle"])
    window = cc.aligned_chart([case], hours=(-12, 48), lang="en").to_dict()
    hours = [r["hours"] for rows in window["datasets"].values() for r in rows]
    assert min(hours) >= -12 and max(hours) <= 48


def test_binned_totals_keep_shares_exact(acme):
    frame, size = cc.binned_totals(acme.reactions, max_points=4)
    assert size == 2.0
    assert frame["mentions"].tolist() == [120, 170, 100, 50]
    assert frame["negative_share"].tolist() == pytest.approx([70 / 120, 95 / 170, 0.5, 0.3])


def test_response_lag_chart_spec(acme, quiet, daily):
    table = wb.compare([acme, quiet, daily])
    spec = cc.response_lag_chart(table, lang="en").to_dict()
    data = [r for rows in spec["datasets"].values() for r in rows]
    rules = [r["x"] for r in data if "x" in r]
    assert rules == [4, 24]
    lag = [r for r in data if "metric" in r]
    assert {(r["label"], r["metric"]) for r in lag} >= {("Acme", "First response (h)"),
                                                        ("Daily", "First response (h)")}
    assert not any(r["label"].startswith("Quiet") for r in lag)  # nothing to draw
    assert any(r["text"].startswith("≈") for r in lag)
    assert spec["layer"][0]["encoding"]["x"]["scale"]["type"] == "symlog"
    assert inline_rows(spec) <= 50


def test_strategy_mix_chart_spec(acme, daily):
    table = wb.compare([acme, daily])
    spec = cc.strategy_mix_chart(table, lang="zh").to_dict()
    data = [r for rows in spec["datasets"].values() for r in rows]
    shares = {(r["label"], r["posture"]): r["share"] for r in data if "posture" in r}
    assert shares[("Acme", "rebuild")] == 0.6 and shares[("Daily", "deny")] == 1.0
    assert {r["text"] for r in data if "text" in r} == {"符合 SCCT ✗"}
    assert spec["layer"][0]["encoding"]["color"]["scale"]["range"][0] == "#b91c1c"


def test_channel_matrix_chart_spec(acme, daily):
    spec = cc.channel_matrix_chart([acme, daily], lang="en").to_dict()
    data = next(iter(spec["datasets"].values()))
    cells = {(r["label"], r["channel"]): r["moves"] for r in data}
    assert cells == {("Acme", "twitter"): 1, ("Acme", "website"): 2, ("Acme", "in-store"): 1,
                     ("Daily", "weibo"): 1, ("Daily", "website"): 1}


def test_duplicate_brands_get_distinct_labels(acme):
    one = wb.compare([acme])  # compare() shows a case once: build the doubled table by hand
    spec = cc.strategy_mix_chart(type(one)(pd.concat([one, one], ignore_index=True)),
                                 lang="en").to_dict()
    labels = {r["label"] for rows in spec["datasets"].values() for r in rows}
    assert "Acme (acme-2024)" in labels


def test_charts_serialise(acme):
    for chart in (cc.aligned_chart([acme]), cc.response_lag_chart(wb.compare([acme])),
                  cc.strategy_mix_chart(wb.compare([acme])), cc.channel_matrix_chart([acme])):
        assert json.loads(chart.to_json())["$schema"].startswith("https://vega.github.io")


def test_available_keeps_present_cases_and_tops_up(case_kit, tmp_path):
    root = tmp_path / "cases"
    case_kit.acme(root, "acme-2024")
    case_kit.acme(root, "bravo-2023", brand="Bravo")
    assert available("bravo-2023", "haidilao-2017", root=root) == ["bravo-2023", "acme-2024"]
    assert available("haidilao-2017", root=root, at_least=1) == ["acme-2024"]
    assert available(root=root, at_least=5) == ["acme-2024", "bravo-2023"]
