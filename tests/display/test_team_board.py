"""The team board on hand-made team files: known answers, the reveal held, text escaped."""

from __future__ import annotations

import json

import workbench as wb
from workbench.core.team import RolePlan, load_team
from workbench.display import team_board as tb

CASE = "demo-lumen-2024"


def _team(folder, *, answered: bool = True):
    lead = RolePlan.load("A组", CASE, "pr", student="韩梅梅", work_dir=folder)
    lead.set_key_messages(["我们道歉", "正在调查"])
    lead.set_owners("team", ["pr"])
    lead.set_move("team", text="道歉" if answered else "", channel="weibo", hour=2,
                  strategies=["apology"], messages=[0])
    legal = RolePlan.load("A组", CASE, "legal", student="李雷", work_dir=folder)
    legal.set_move("team", text="否认责任", channel="weibo", hour=1, strategies=["denial"],
                   messages=[0, 1], facts=["d1"])
    legal.set_move("analyse", text="补充说明", channel="wechat", hour=0.5)
    return load_team("A组", CASE, work_dir=folder)


def test_the_board_names_the_conflict_the_gap_and_the_speed(tmp_path):
    plan = _team(tmp_path)
    page = tb.board_html(plan, wb.load_case(CASE), lang="en")
    assert "Deny posture while PR team rebuilds" in page
    assert "no owner" in page  # phase 2 has a move and no owner
    assert "hour +1" in page  # the team's first public statement
    assert "Contradicting hours" in page  # the analyse move is placed before the team move
    assert "On WeChat no move carries: 我们道歉; 正在调查" in page


def test_the_brand_first_response_and_moves_wait_for_the_team(tmp_path):
    case = wb.load_case(CASE)
    plan = _team(tmp_path, answered=False)
    page = tb.board_html(plan, case, lang="en")
    assert "○ revealed once the team has answered" in page
    shown = tb.shown_case(plan, case)
    assert "d2" in shown.hidden and not set(shown.hidden) & set(shown.events["id"])
    assert "d2" not in tb.beside_html(plan, shown, lang="en")


def test_after_the_reveal_the_brand_stands_beside_the_team(tmp_path):
    case = wb.load_case(CASE)
    plan = _team(tmp_path)
    for phase in ("analyse", "plan", "coordinate", "act", "evaluate"):
        for role in plan.roles.values():
            role.set_move(phase, text="行动", hour=30)
    plan = load_team("A组", CASE, work_dir=tmp_path)
    shown = tb.shown_case(plan, case)
    assert shown.hidden == ()
    frame = wb.team_board(case, team="A组", work_dir=tmp_path, lang="en")
    assert "Our team" in frame.html and "Brand" in frame.html
    assert "○" not in frame.html


def test_the_chart_spec_carries_no_student_text(tmp_path):
    plan = _team(tmp_path)
    spec = json.dumps(tb.beside_chart(plan, wb.load_case(CASE), lang="zh").to_dict(),
                      ensure_ascii=False)
    assert "否认责任" not in spec and "补充说明" not in spec and "李雷" not in spec
    assert "本团队" in spec


def test_every_piece_of_student_text_is_escaped(tmp_path):
    lead = RolePlan.load("<x>", CASE, "pr", student="<b>name</b>", work_dir=tmp_path)
    lead.set_key_messages(["<img src=x onerror=alert(1)>"])
    lead.set_move("team", text="<script>alert(1)</script>", channel="weibo", hour=1,
                  messages=[0])
    page = wb.team_board(CASE, team="<x>", work_dir=tmp_path, lang="en")._repr_html_()
    for raw in ("<script>", "<img", "<b>name", "<x>"):
        assert raw not in page
    assert "&lt;script&gt;" in page and "&lt;img" in page and "&lt;b&gt;name" in page
