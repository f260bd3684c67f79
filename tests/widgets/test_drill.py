"""The instructor's drill control, driven by .click(): phases open for every team, injects go out."""

from __future__ import annotations

from pathlib import Path

import workbench as wb
from workbench.core.team import RolePlan

CASE = "demo-lumen-2024"


def test_phase_buttons_open_and_close_phases_for_the_class(tmp_path: Path) -> None:
    control = wb.DrillControl(CASE, session="周三", class_dir=tmp_path, lang="zh")
    assert "没有进行中的演练" in control.status.value and control.end_button.disabled
    control.phase_buttons["plan"].click()
    team_side = wb.Pacing.load(tmp_path, CASE, session="周三")
    assert team_side.open_phases == ("team", "analyse", "plan")
    assert control.phase_buttons["plan"].button_style == "success"
    assert control.phase_buttons["act"].button_style == ""
    control.close_button.click()
    assert team_side.reload() and team_side.open_phases == ("team", "analyse")
    assert "已开放的阶段" in control.status.value


def test_release_sends_the_picked_inject_and_offers_the_next(tmp_path: Path) -> None:
    control = wb.DrillControl(CASE, session="s", class_dir=tmp_path, lang="en")
    control.phase_buttons["plan"].click()
    offered = [v for _, v in control.inject.options]
    assert offered[0] == "d5" and "d4" not in offered  # a brand move is never an inject
    assert any("Regulator" in label for label, _ in control.inject.options)
    control.inject.value = "d5"
    control.release_button.click()
    team_side = wb.Pacing.load(tmp_path, CASE, session="s")
    assert team_side.released == ("d5",)
    assert "d5" in set(team_side.visible(control.case, "plan").events["id"])
    assert "d5" not in [v for _, v in control.inject.options]
    assert "Injects released: 1" in control.status.value


def test_another_tab_is_followed_and_errors_show_in_the_status(tmp_path: Path) -> None:
    control = wb.DrillControl(CASE, session="s", class_dir=tmp_path, lang="en")
    RolePlan.load("A&B组", CASE, "pr", student="王芳", work_dir=tmp_path).set_move("team", text="x")
    wb.Pacing.load(tmp_path, CASE, session="s").open_phase("act")
    control.refresh_button.click()
    assert control.phase_buttons["act"].button_style == "success"
    assert "A&amp;B组" in control.status.value and "A&B" not in control.status.value
    control.release("d99")
    assert "no event &#x27;d99&#x27;" in control.status.value
    control.end_button.click()
    assert not wb.Pacing.load(tmp_path, CASE, session="s").paced
