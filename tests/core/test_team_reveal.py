"""The team's reveal rule: a phase is answered when every joined role and every owner has
written its move; a role's "show me" reveals for the team."""

from __future__ import annotations

import workbench as wb
from workbench.core import progress
from workbench.core.team import RolePlan, load_team, phase_answered, team_progress

CASE = "demo-lumen-2024"


def _team(folder):
    return load_team("A组", CASE, work_dir=folder)


def test_every_joined_role_must_answer(tmp_path):
    legal = RolePlan.load("A组", CASE, "legal", student="王芳", work_dir=tmp_path)
    pr = RolePlan.load("A组", CASE, "pr", student="王芳", work_dir=tmp_path)
    assert not phase_answered(_team(tmp_path), "team")  # nobody has joined
    legal.join()
    pr.join()
    legal.set_move("team", text="核实")
    assert not phase_answered(_team(tmp_path), "team")
    pr.set_move("team", text="   ")  # blank is no answer
    assert not phase_answered(_team(tmp_path), "team")
    pr.set_move("team", text="道歉")
    assert phase_answered(_team(tmp_path), "team")


def test_an_owner_who_has_not_joined_still_has_to_answer(tmp_path):
    pr = RolePlan.load("A组", CASE, "pr", student="王芳", work_dir=tmp_path)
    pr.set_owners("team", ["pr", "operations"])
    pr.set_move("team", text="道歉")
    assert not phase_answered(_team(tmp_path), "team")
    RolePlan.load("A组", CASE, "operations", student="王芳", work_dir=tmp_path).set_move("team", text="下架")
    assert phase_answered(_team(tmp_path), "team")


def test_a_reveal_pressed_by_one_role_opens_the_move_for_the_team(tmp_path):
    case = wb.load_case(CASE)
    legal = RolePlan.load("A组", CASE, "legal", student="王芳", work_dir=tmp_path)
    legal.join()
    assert progress.view(case, "team", team_progress(_team(tmp_path), case)).hidden == ("d2",)
    legal.reveal("team-1")
    legal.reveal("team-1")  # once is enough
    assert legal.revealed == ["team-1"]
    assert progress.view(case, "team", team_progress(_team(tmp_path), case)).hidden == ()


def test_a_released_role_is_listed_and_waited_for_only_as_an_owner(tmp_path):
    from html import unescape

    from workbench.display import team_board

    legal = RolePlan.load("A组", CASE, "legal", student="李雷", work_dir=tmp_path)
    pr = RolePlan.load("A组", CASE, "pr", student="韩梅梅", work_dir=tmp_path)
    legal.set_move("analyse", text="核实批次")
    pr.set_move("team", text="道歉")
    legal.release()
    team = _team(tmp_path)
    assert sorted(team.roles) == ["pr"] and team.released == {"legal": "李雷"}
    assert phase_answered(team, "team")  # as a role nobody took: not waited for
    html = unescape(team_board.board_html(team, wb.load_case(CASE), lang="en"))
    assert ("Released — waiting for a new holder: Legal (released by 李雷) (the team's reveal "
            "does not wait for it, unless it owns the phase)") in html
    pr.set_owners("analyse", ["pr", "legal"])  # an owner nobody holds: the team waits for it
    pr.set_move("analyse", text="整理舆情")
    assert not phase_answered(_team(tmp_path), "analyse")
    RolePlan.load("A组", CASE, "legal", student="王芳", work_dir=tmp_path).join()
    team = _team(tmp_path)  # taken again, from the released moves
    assert team.released == {} and phase_answered(team, "analyse")
    assert "waiting for a new holder" not in team_board.board_html(team, wb.load_case(CASE))
