"""The instructor's teams view: every team side by side, one team's plan, export by click."""

from __future__ import annotations

from pathlib import Path

import workbench as wb
from workbench.core.team import RolePlan

CASE = "demo-lumen-2024"


def _teams(work: Path) -> None:
    lead = RolePlan.load("A组", CASE, "pr", student="韩梅梅", work_dir=work)
    lead.set_key_messages(["我们道歉"])
    lead.set_owners("plan", ["pr"])
    lead.set_move("plan", text="致歉", channel="weibo", hour=2, strategies=["apology"],
                  messages=[0])
    RolePlan.load("A组", CASE, "legal", student="<b>李雷</b>", work_dir=work).set_move(
        "plan", text="否认", channel="weibo", hour=3, strategies=["denial"], messages=[0])
    RolePlan.load("B组", CASE, "pr", student="王芳", work_dir=work).set_move(
        "team", text="组建小组", channel="email", hour=1)


def test_every_team_side_by_side_with_known_gaps(tmp_path: Path) -> None:
    _teams(tmp_path)
    view = wb.TeamsView(CASE, work_dir=tmp_path, lang="en")
    table = view.table.set_index("team")
    assert list(table.index) == ["A组", "B组"]
    assert table.loc["A组", "conflicts"] == 1 and table.loc["B组", "conflicts"] == 0
    assert table.loc["A组", "first_public_hours"] == 2.0 and bool(table.loc["A组", "within_4h"])
    assert table.loc["B组", "gaps"] == 1  # nobody owns 'team'
    assert "Posture conflicts" in view.board.value and "A组" in view.board.value
    assert "Legal — &lt;b&gt;李雷&lt;/b&gt;" in view.plan.value
    assert "<b>李雷" not in view.plan.value
    view.team.value = "B组"
    assert "— 王芳" in view.plan.value
    assert "no move on a public channel yet" in view.plan.value


def test_a_stray_folder_in_teams_is_not_a_team(tmp_path: Path) -> None:
    _teams(tmp_path)
    (tmp_path / "teams" / "-" / CASE).mkdir(parents=True)
    assert wb.TeamsView(CASE, work_dir=tmp_path).table["team"].tolist() == ["A组", "B组"]


def test_refresh_follows_new_teams_and_export_writes_the_picked_team(tmp_path: Path) -> None:
    view = wb.TeamsView(CASE, work_dir=tmp_path, lang="zh")
    assert "还没有小组" in view.board.value and view.team.value is None
    _teams(tmp_path)
    view.refresh_button.click()
    assert view.team.options == ("A组", "B组")
    view.team.value = "B组"
    view.export_button.click()
    out = Path(view.export_path.value)
    assert out.is_file() and out.parent == tmp_path / "exports"
    text = out.read_text(encoding="utf-8")
    assert "<script" not in text and "王芳" in text and "已写入" in view.message.value
    view.export_path.value = str(tmp_path / "x.md")
    view.export_button.click()
    assert ".html" in view.message.value


def test_the_view_reads_a_collected_hand_in_folder(tmp_path: Path) -> None:
    _teams(tmp_path / "work")
    wb.export_team("A组", CASE, tmp_path / "handin" / "a.html", work_dir=tmp_path / "work")
    view = wb.TeamsView(CASE, collected=wb.collect(tmp_path / "handin"), lang="en")
    assert view.table["team"].tolist() == ["A组"] and view.team.value == "A组"
