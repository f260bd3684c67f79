"""Coordination metrics on hand-made team files with answers worked out by hand."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

import workbench as wb
from workbench.analysis import coordination as co
from workbench.core.team import load_team, team_folder

CASE = "demo-lumen-2024"


def _write(folder: Path, role: str, moves: dict, **extra) -> None:
    path = team_folder("A组", CASE, work_dir=folder) / f"{role}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"format": 1, "team": "A组", "case": CASE, "role": role,
                                "student": f"s-{role}", "moves": moves, **extra},
                               ensure_ascii=False), encoding="utf-8")


def _move(hour, channel="weibo", strategies=(), messages=(), facts=(), text="x"):
    return {"text": text, "channel": channel, "hour": hour, "strategies": list(strategies),
            "messages": list(messages), "facts": list(facts)}


@pytest.fixture
def plan(tmp_path: Path):
    # team (phase 1): pr owns; analyse (2): nobody owns; plan (3): pr + legal own.
    _write(tmp_path, "pr", {
        "team": _move(1.0, "email"),
        "plan": _move(6.0, "weibo", ["apology", "corrective-action"], [0, 1], ["d1", "d3"]),
    }, key_messages=["我们道歉", "暂停销售", "配合调查"],
        owners={"team": ["pr"], "plan": ["pr", "legal"]})
    _write(tmp_path, "legal", {
        "plan": _move(3.0, "website", ["denial"], [0], ["d5"]),
    })
    _write(tmp_path, "social-team", {
        "analyse": _move(8.0, "weibo", ["reminder"], [2], ["nope"]),
    })
    return load_team("A组", CASE, work_dir=tmp_path)


def test_coverage_flags_the_phase_with_no_owner_and_double_ownership(plan) -> None:
    cov = co.coverage(plan)
    assert list(cov["table"].index) == ["team", "analyse", "plan"]
    assert cov["gaps"] == ["analyse"]
    assert cov["double"] == ["plan"]
    assert cov["idle_owners"] == []
    assert cov["coverage"] == pytest.approx(2 / 3)
    assert cov["table"].loc["plan", "legal"] == "owner+move"
    assert cov["table"].loc["analyse", "social-team"] == "move"


def test_one_voice_flags_deny_beside_apology(plan) -> None:
    voice = co.one_voice(plan)
    assert voice["conflicts"] == [{"phase": "plan", "role": "legal", "posture": "deny",
                                   "other_role": "pr", "other_posture": "rebuild"}]
    # weibo carries 0, 1 (pr) and 2 (social-team): complete; website only 0.
    assert voice["missing"] == {"website": [1, 2]}
    # analyse (phase 2) at 8 h, plan (phase 3) at 3 h and 6 h: two later-but-earlier pairs;
    # team (1) at 1 h is before all. Pairs across phases: 1-2, 1-3, 1-3, 2-3, 2-3 = 5.
    assert [(h["later_role"], h["later_hour"]) for h in voice["hours"]] == [
        ("legal", 3.0), ("pr", 6.0)]
    # bad = 1 conflicting phase + 1 channel + 2 pairs = 4; total = 3 phases + 2 channels + 5.
    assert voice["score"] == pytest.approx(1 - 4 / 10)


def test_speed_uses_the_first_public_move_not_the_internal_email(plan) -> None:
    fast = co.speed(plan, wb.load_case(CASE))
    assert (fast["team_first_hours"], fast["team_first_role"]) == (3.0, "legal")
    assert fast["within_4h"] and fast["within_24h"]
    assert fast["brand_first_hours"] == pytest.approx(5.25)  # d4, the first statement
    assert fast["hours_ahead_of_brand"] == pytest.approx(2.25)


def test_information_sorts_cited_facts_by_what_the_phase_shows(plan) -> None:
    info = co.information(plan, wb.load_case(CASE))
    rows = {r.role: r for r in info["table"].itertuples()}
    assert rows["pr"].visible == ["d1", "d3"] and rows["pr"].not_yet == []
    assert rows["legal"].not_yet == ["d5"]  # the regulator's notice comes in phase 4
    assert rows["social-team"].unknown == ["nope"]
    assert (info["citing"], info["ahead"]) == (2, 1)
    assert info["grounded"] == pytest.approx(1 / 4)  # only pr's plan move (email cites none)


def test_beside_puts_team_and_brand_on_one_timeline(plan) -> None:
    case = wb.load_case(CASE)
    frame = co.beside(plan, case)
    assert frame["hours"].is_monotonic_increasing
    assert set(frame["who"]) == {"team", "brand"}
    assert (frame["who"] == "team").sum() == 4
    held = co.beside(plan, case.visible_at("team"))
    assert (held["who"] == "brand").sum() < (frame["who"] == "brand").sum()


def test_board_row_and_an_empty_team(plan, tmp_path: Path) -> None:
    row = co.board(plan, wb.load_case(CASE))
    assert (row["gaps"], row["double"], row["conflicts"], row["missing"]) == (1, 1, 1, 1)
    empty = load_team("B组", CASE, work_dir=tmp_path)
    row = co.board(empty, wb.load_case(CASE))
    assert row["moves"] == 0 and math.isnan(row["coverage"]) and row["one_voice"] == 1.0
    assert math.isnan(row["first_public_hours"]) and not row["within_24h"]
