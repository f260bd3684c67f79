"""Loading cases: ids and paths, the time rules, immutability and the card."""

from __future__ import annotations

import pandas as pd
import pytest

import workbench as wb
from workbench.core import progress
from workbench.core.cases import bundled_root, effective_time

DEMO = bundled_root() / "demo-lumen-2024"


@pytest.fixture
def demo() -> wb.Case:
    return wb.load_case("demo-lumen-2024")


def test_list_cases_has_the_demo_with_catalog_columns():
    cases = wb.list_cases()
    row = cases.set_index("id").loc["demo-lumen-2024"]
    assert row["brand"] == "Lumen Tea" and row["year"] == 2024 and row["region"] == "CN"
    assert {"scct_cluster", "events", "reactions", "sources"} <= set(cases.columns)


def test_bare_id_and_path_load_the_same_case(demo):
    by_path = wb.load_case(DEMO)
    assert by_path.id == demo.id and len(by_path.events) == len(demo.events)


def test_unknown_id_suggests_a_close_one():
    with pytest.raises(wb.CaseError, match="did you mean 'demo-lumen-2024'"):
        wb.load_case("demo-lumen-2023")


def test_an_id_cannot_escape_the_cases_root(tmp_path):
    with pytest.raises(wb.CaseError):
        wb.load_case("../../etc")


def test_tables_are_tz_aware_sorted_and_have_hours(demo):
    ev = demo.events
    assert str(ev["time"].dt.tz) == "Asia/Shanghai"
    assert ev["at"].is_monotonic_increasing
    trigger = ev.set_index("id").loc["d1"]
    assert trigger["hours"] == 0 and trigger["kind"] == "trigger"
    assert demo.reactions["time"].is_monotonic_increasing
    assert demo.reactions["hours"].min() < 0 < demo.reactions["hours"].max()


def test_day_precision_is_the_end_of_the_local_day(demo):
    d6 = demo.events.set_index("id").loc["d6"]
    assert d6["precision"] == "day" and d6["approx"]
    assert d6["at"] == pd.Timestamp("2024-05-11T23:59:59+08:00")
    times = pd.Series(pd.to_datetime(["2024-05-11T09:00:00+08:00"])).dt.tz_convert("Asia/Shanghai")
    hour_end = effective_time(times, pd.Series(["hour"]))
    assert hour_end[0] == pd.Timestamp("2024-05-11T09:59:59+08:00")


def test_case_is_immutable(demo):
    events = demo.events
    events.loc[0, "summary_en"] = "changed"
    assert demo.events.loc[0, "summary_en"] != "changed"
    with pytest.raises(AttributeError):
        demo.phase = "plan"  # type: ignore[misc]


def test_visible_at_follows_the_time_rules(demo):
    team = demo.visible_at("team")
    # team: d2 (team) and the trigger; phase end = end of d2's hour → d1 only before that.
    assert team.events["id"].tolist() == ["d1", "d2"]
    plan = demo.visible_at("plan")
    assert set(plan.events["id"]) == {"d1", "d2", "d3", "d4"}
    assert plan.reactions["time"].max() <= plan.phase_end
    last = demo.visible_at("evaluate")
    assert len(last.events) == len(demo.events)
    assert len(last.reactions) == len(demo.reactions)


def test_hold_removes_moves_from_the_view_and_lists_them(demo):
    plan = demo.visible_at("plan", hold={"d4", "d9"})
    assert plan.hidden == ("d4",)  # d9 is not shown at plan anyway
    assert "d4" not in plan.events["id"].tolist()
    assert plan.phase_end == demo.visible_at("plan").phase_end


def test_phase_accepts_chinese_names_and_numbers(demo):
    assert demo.visible_at("制定危机应对计划").phase == "plan"
    assert demo.visible_at(3).phase == "plan"
    with pytest.raises(ValueError, match="did you mean 'plan'"):
        demo.visible_at("planing")


def test_reactions_are_derived_from_posts_when_missing(demo_folder):
    folder = demo_folder
    (folder / "reactions.csv").unlink()
    case = wb.load_case(folder)
    r = case.reactions
    assert r["mentions"].sum() == len(case.posts)
    assert (r["negative"] + r["neutral"] + r["positive"] <= r["mentions"]).all()
    assert (r["time"].dt.minute == 0).all()


def test_repr_and_card_escape_case_text(demo_folder):
    folder = demo_folder
    path = folder / "case.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  en: Lumen Tea\n", "  en: <script>alert(1)</script>\n"), encoding="utf-8")
    case = wb.load_case(folder)
    card = case._repr_html_()
    assert "<script>" not in card and "&lt;script&gt;" in card
    assert "fictional" in card
    assert repr(case).startswith("<Case demo-lumen-2024:") and "\n" not in repr(case)


def test_card_speaks_chinese():
    wb.set_language("zh")
    try:
        card = wb.load_case("demo-lumen-2024")._repr_html_()
        assert "流明茶饮" in card and "虚构" in card
    finally:
        wb.set_language("en")


def test_a_brand_side_trigger_is_never_held(demo_folder):
    folder = demo_folder
    events = folder / "events.csv"
    events.write_text(events.read_text(encoding="utf-8").replace(
        "analyse,trigger,public,douyin", "analyse,trigger,social-team,douyin"), encoding="utf-8")
    case = wb.load_case(folder)
    for phase in ("team", "analyse"):
        assert "d1" in progress.view(case, phase).events["id"].tolist()
        assert "d1" in case.visible_at(phase, hold={"d1"}).events["id"].tolist()


def test_catalog_speaks_the_current_language_and_escapes(demo_folder):
    folder = demo_folder
    path = folder / "case.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  zh: 流明茶饮\n", "  zh: <img src=x onerror=alert(1)>\n"), encoding="utf-8")
    wb.set_language("zh")
    page = wb.catalog(folder.parent)._repr_html_()
    assert "<img" not in page and "&lt;img" in page
    assert "编号" in page and "可预防型" in page and "虚构" in page
    wb.set_language("en")
    assert "Preventable" in wb.catalog(folder.parent)._repr_html_()
