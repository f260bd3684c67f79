"""Journals: the file format, atomic saving, corrupt files, names and the default folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import workbench as wb
from workbench.core import journal as jmod
from workbench.core.cases import project_root
from workbench.core.journal import Journal


def test_round_trip_keeps_everything(tmp_path: Path):
    j = Journal.load("王小明", "demo-lumen-2024", journal_dir=tmp_path)
    j.set_answer("plan-1", "两小时内在微博道歉\n并说明调查安排")
    j.set_rating("fast-response", 2, "十小时后才道歉")
    j.set_phase("plan")
    j.skip("team")
    data = json.loads(j.path.read_text(encoding="utf-8"))
    assert {"format", "student", "case", "answers", "ratings", "saved_at"} <= set(data)
    assert data["format"] == 1 and data["student"] == "王小明"
    assert data["case"] == "demo-lumen-2024"
    assert "王小明" in j.path.read_text(encoding="utf-8")  # UTF-8, not \\u escapes
    again = Journal.load("王小明", "demo-lumen-2024", journal_dir=tmp_path)
    assert again.answers == {"plan-1": "两小时内在微博道歉\n并说明调查安排"}
    assert again.ratings == {"fast-response": {"score": 2, "note": "十小时后才道歉"}}
    assert again.phase == "plan" and again.skipped == ("team",)
    assert again.problem is None and again.saved_at


def test_path_is_student_then_case_with_separators_removed(tmp_path: Path):
    j = Journal.load("../../etc/passwd", "demo-lumen-2024", journal_dir=tmp_path)
    assert j.path.parent.parent == tmp_path
    assert j.path.name == "demo-lumen-2024.json"
    assert "/" not in j.path.parent.name and "\\" not in j.path.parent.name
    assert Journal.load(None, "x-1", journal_dir=tmp_path).path.parent.name == "anonymous"
    assert Journal.load("  ", "x-1", journal_dir=tmp_path).student == "anonymous"


def test_default_dir_follows_env_then_checkout(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("WORKBENCH_WORK", str(tmp_path / "w"))
    assert jmod.default_dir() == tmp_path / "w"
    assert Journal.load("a", "x-1").path == tmp_path / "w" / "a" / "x-1.json"
    monkeypatch.delenv("WORKBENCH_WORK")
    root = project_root()
    assert jmod.default_dir() == (root / "work" if root else Path.cwd() / "work")


def test_every_change_is_on_disk_at_once_without_an_event_loop(tmp_path: Path):
    j = Journal.load("s", "x-1", journal_dir=tmp_path)
    j.set_answer("team-1", "first")
    assert json.loads(j.path.read_text())["answers"] == {"team-1": "first"}
    j.set_answer("team-1", "   ")  # blank removes the answer
    assert json.loads(j.path.read_text())["answers"] == {}


def test_autosave_off_writes_only_on_save(tmp_path: Path):
    j = Journal.load("s", "x-1", journal_dir=tmp_path, autosave=False)
    j.set_answer("q", "text")
    assert not j.path.exists()
    assert j.save() == j.path and j.path.exists()


def test_crash_between_temp_write_and_rename_leaves_the_old_journal(tmp_path: Path, monkeypatch):
    j = Journal.load("s", "x-1", journal_dir=tmp_path)
    j.set_answer("q", "old answer")
    before = j.path.read_bytes()

    def crash(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        j.set_answer("q", "new answer")
    monkeypatch.undo()
    assert j.path.read_bytes() == before
    assert [p.name for p in j.path.parent.iterdir()
            if not p.name.endswith(".lock")] == ["x-1.json"]  # no temp file left
    assert Journal.load("s", "x-1", journal_dir=tmp_path).answers == {"q": "old answer"}


@pytest.mark.parametrize("content", ["{not json", '{"format": 1, "student": "s"}', "[]",
                                     '{"format": 1, "student": "s", "case": "x-1", '
                                     '"answers": {}, "ratings": {"speed": {"score": 9}}}'])
def test_corrupt_journal_is_moved_aside_and_reported(tmp_path: Path, content: str):
    path = jmod.journal_path("s", "x-1", journal_dir=tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="utf-8")
    j = Journal.load("s", "x-1", journal_dir=tmp_path)
    assert j.problem and str(path) in j.problem and j.backup is not None
    assert j.backup.read_text(encoding="utf-8") == content  # kept, byte for byte
    assert j.backup.parent == path.parent and not path.exists()
    assert j.answers == {}
    j.set_answer("q", "fresh")
    assert j.backup.read_text(encoding="utf-8") == content


def test_two_corrupt_files_in_a_row_get_two_backups(tmp_path: Path):
    path = jmod.journal_path("s", "x-1", journal_dir=tmp_path)
    path.parent.mkdir(parents=True)
    backups = []
    for text in ("bad one", "bad two"):
        path.write_text(text)
        backups.append(Journal.load("s", "x-1", journal_dir=tmp_path).backup)
    assert backups[0] != backups[1]
    assert {b.read_text() for b in backups} == {"bad one", "bad two"}


def test_ratings_are_checked(tmp_path: Path):
    j = Journal.load("s", "x-1", journal_dir=tmp_path)
    with pytest.raises(ValueError, match="did you mean 'fast-response'"):
        j.set_rating("fast-respons", 3)
    for bad in (0, 6, 2.5, True):
        with pytest.raises(ValueError, match="1 to 5"):
            j.set_rating("sincerity", bad)
    j.set_rating("sincerity", 5)
    j.set_rating("sincerity", None)
    assert j.ratings == {}


def test_unknown_keys_from_a_newer_writer_survive_a_save(tmp_path: Path):
    path = jmod.journal_path("s", "x-1", journal_dir=tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"format": 1, "student": "s", "case": "x-1", "answers": {},
                                "ratings": {}, "saved_at": None, "board": {"brands": 2}}))
    j = Journal.load("s", "x-1", journal_dir=tmp_path)
    j.set_answer("q", "a")
    assert json.loads(path.read_text())["board"] == {"brands": 2}


def test_html_view_escapes_answers(tmp_path: Path):
    j = Journal.load("<b>s</b>", "x-1", journal_dir=tmp_path)
    j.set_answer("q", "<script>alert(1)</script>")
    shown = j._repr_html_()
    assert "<script>" not in shown and "&lt;script&gt;" in shown


def test_two_writers_on_one_journal_keep_each_others_work(tmp_path: Path):
    """A stepper (answers) and a comparison board (ratings) open on the same journal."""
    stepper_side = Journal.load("s", "demo-lumen-2024", journal_dir=tmp_path)
    board_side = Journal.load("s", "demo-lumen-2024", journal_dir=tmp_path)
    stepper_side.set_answer("plan-1", "apologise first")
    board_side.set_rating("speed", 2, "too slow")
    stepper_side.set_phase("coordinate")
    board_side.set_rating("sincerity", 4)
    stepper_side.set_answer("plan-2", "rebuild")
    data = json.loads(stepper_side.path.read_text(encoding="utf-8"))
    assert data["answers"] == {"plan-1": "apologise first", "plan-2": "rebuild"}
    assert set(data["ratings"]) == {"speed", "sincerity"} and data["phase"] == "coordinate"


def test_stepper_and_ratings_share_a_journal(tmp_path: Path):
    stepper = wb.PhaseStepper("demo-lumen-2024", student="s", journal_dir=tmp_path)
    board_side = Journal.load("s", "demo-lumen-2024", journal_dir=tmp_path)
    board_side.set_rating("fast-response", 3)
    stepper.answer_areas["team-1"].value = "legal and franchise"
    stepper.next_button.click()
    data = json.loads(board_side.path.read_text(encoding="utf-8"))
    assert data["ratings"]["fast-response"]["score"] == 3
    assert data["answers"] == {"team-1": "legal and franchise"} and data["phase"] == "analyse"
    stepper.close()
