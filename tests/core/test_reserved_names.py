"""A student named after one of the work folder's own folders (``teams``, ``drills``, …)
keeps their journals apart from the team rooms and the drills; collect and export never
take those folders for a student."""

from __future__ import annotations

from pathlib import Path

import pytest

import workbench as wb
from workbench.core.journal import Journal, journal_path
from workbench.core.names import WORK_FOLDERS
from workbench.core.pacing import drills_root
from workbench.core.team import RolePlan, load_team, teams_root
from workbench.io import importer
from workbench.io.export import ExportError, export_journal
from workbench.widgets.teams import TeamsView

CASE = "demo-lumen-2024"


def test_every_own_folder_of_the_work_folder_is_reserved(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("WORKBENCH_WORK", str(tmp_path))
    view = TeamsView(CASE, work_dir=tmp_path)
    own = {teams_root(tmp_path).name, drills_root(tmp_path).name, view._exports().name,
           importer.work_folder().name}
    assert own <= WORK_FOLDERS


@pytest.mark.parametrize("name", ["teams", "Teams", "drills", "EXPORTS", "imported"])
def test_a_student_named_like_a_work_folder_gets_a_folder_of_their_own(
        tmp_path: Path, name: str) -> None:
    assert wb.set_student(name, journal_dir=tmp_path) == name
    path = journal_path(wb.get_student(journal_dir=tmp_path), CASE, journal_dir=tmp_path)
    assert path.parent.parent == tmp_path
    assert path.parent.name.casefold() not in WORK_FOLDERS
    assert path.parent.name.startswith(f"{name}~")


def test_collect_and_export_tell_the_teams_folder_from_a_student(tmp_path: Path) -> None:
    RolePlan.load("A组", CASE, "pr", student="韩梅梅", work_dir=tmp_path).set_move("team", text="x")
    wb.Pacing.load(tmp_path, CASE, session="s").open_phase("team")
    Journal.load("李雷", CASE, journal_dir=tmp_path).set_answer("plan-1", "a")
    Journal.load("teams", CASE, journal_dir=tmp_path).set_answer("plan-1", "b")
    assert not list((tmp_path / "teams").glob("*.json"))  # nothing of the student's there
    result = wb.collect(tmp_path)
    assert result.students == ["teams", "李雷"] and result.skipped.empty
    assert result.teams[["team", "role"]].values.tolist() == [["A组", "pr"]]
    assert sorted(load_team("A组", CASE, work_dir=tmp_path).roles) == ["pr"]
    assert export_journal("teams", tmp_path / "o.html", journal_dir=tmp_path).is_file()
    with pytest.raises(ExportError) as err:  # a typo: the teams folder is not offered
        export_journal("team", tmp_path / "o.html", journal_dir=tmp_path)
    assert "'teams'" not in str(err.value) and "teams~" in str(err.value)
    with pytest.raises(ExportError, match="no journals for 'drills'"):
        export_journal("drills", tmp_path / "o.html", journal_dir=tmp_path)
