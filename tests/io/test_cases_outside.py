"""A case outside the bundled folder: its journal exports with its chart and collects with
its questions — for a case loaded by path, served via $WORKBENCH_CASES, or given as root=."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import workbench as wb
from workbench.core import library as lib
from workbench.core.cases import bundled_root
from workbench.core.journal import Journal
from workbench.io.export import export_journal

CASE = "acme-tea-2024"


@pytest.fixture
def own_cases(tmp_path: Path) -> Path:
    """An instructor's folder with one case that is not bundled (a renamed demo copy)."""
    root = tmp_path / "srv-cases"
    folder = root / CASE
    shutil.copytree(bundled_root() / "demo-lumen-2024", folder)
    for name in ("case.yaml", "questions.yaml", "events.csv"):
        path = folder / name
        if path.exists():
            path.write_text(path.read_text(encoding="utf-8").replace("demo-lumen-2024", CASE),
                            encoding="utf-8")
    (folder / "derived").exists() and shutil.rmtree(folder / "derived")
    assert not (bundled_root() / CASE).exists()
    return root


def journal_in(work: Path) -> None:
    j = Journal.load("韩梅梅", CASE, journal_dir=work)
    j.set_answer("team-1", "品控、法务、加盟商代表")
    j.set_answer("plan-1", "两小时内在微博致歉")
    j.set_phase("plan")


def assert_full_export(page: str) -> None:
    assert "was not found" not in page and "找不到案例" not in page
    assert page.count("<svg") == 1  # the chart the student saw
    assert "Lumen Tea" in page  # the case's own title and questions
    assert "Before you see the brand&#x27;s first statement" in page


def assert_questions_collected(result) -> None:
    rows = result.table[result.table["case"] == CASE]
    assert {"team-1", "plan-1", "analyse-1"} <= set(rows["question_id"])
    asked = rows.set_index("question_id")["question"]
    assert asked["plan-1"].startswith("Before you see the brand's first statement")
    assert result.cases[CASE] is not None


def test_unknown_outside_case_was_the_bug(own_cases, tmp_path):
    """Without telling the library where the case is, it is not found (as before)."""
    work = tmp_path / "work"
    journal_in(work)
    page = export_journal("韩梅梅", tmp_path / "o.html", journal_dir=work,
                          lang="en").read_text(encoding="utf-8")
    if CASE not in lib._REMEMBERED:  # a case loaded by path earlier in this process is known
        assert f"Case {CASE} was not found" in page


def test_loaded_by_path(own_cases, tmp_path, monkeypatch):
    monkeypatch.setattr(lib, "_REMEMBERED", {})
    monkeypatch.setattr(lib, "_libraries", {})
    case = wb.load_case(own_cases / CASE)  # as a notebook does: wb.load_case("/some/folder/x")
    assert case.id == CASE
    work = tmp_path / "work"
    journal_in(work)
    out = export_journal("韩梅梅", tmp_path / "o.html", journal_dir=work, lang="en")
    assert_full_export(out.read_text(encoding="utf-8"))
    assert_questions_collected(wb.collect(work, lang="en"))


def test_served_via_workbench_cases(own_cases, tmp_path, monkeypatch):
    monkeypatch.setattr(lib, "_REMEMBERED", {})
    monkeypatch.setattr(lib, "_libraries", {})
    monkeypatch.setenv("WORKBENCH_CASES", str(own_cases))
    monkeypatch.setenv("WORKBENCH_WORK", str(tmp_path / "work"))
    app = wb.App(case=CASE, lang="en", student="韩梅梅")
    try:
        assert app.stepper.case.id == CASE and app.root == own_cases
        app.stepper.answer_areas["team-1"].value = "品控、法务、加盟商代表"
    finally:
        app.close()
    journal_in(tmp_path / "work")
    out = export_journal("韩梅梅", tmp_path / "o.html", lang="en")  # journal_dir from the env too
    assert_full_export(out.read_text(encoding="utf-8"))
    assert_questions_collected(wb.collect(tmp_path / "work", lang="en"))
    # the export itself collects with its questions, too
    hand_in = tmp_path / "hand-in"
    hand_in.mkdir()
    shutil.copy(out, hand_in / "o.html")
    assert_questions_collected(wb.collect(hand_in, lang="en"))


def test_root_is_an_option_everywhere(own_cases, tmp_path, monkeypatch):
    monkeypatch.setattr(lib, "_REMEMBERED", {})
    monkeypatch.setattr(lib, "_libraries", {})
    work = tmp_path / "work"
    journal_in(work)
    out = export_journal("韩梅梅", tmp_path / "o.md", journal_dir=work, lang="en",
                         root=own_cases)
    text = out.read_text(encoding="utf-8")
    assert f"({out.stem}_files/{CASE}-plan.svg)" in text
    assert (out.parent / f"{out.stem}_files" / f"{CASE}-plan.svg").read_text(
        encoding="utf-8").startswith("<svg")
    assert_questions_collected(wb.collect(work, lang="en", root=own_cases))
    demo = bundled_root() / "demo-lumen-2024"  # a case elsewhere, given by its folder
    board = wb.CompareBoard([CASE, demo], journal_dir=work, root=own_cases)
    try:
        assert [c.id for c in board.cases] == [CASE, "demo-lumen-2024"]
    finally:
        board.close()
    assert lib.available(CASE, root=own_cases, at_least=1) == [CASE]


def test_one_library_one_cache_follows_file_changes(own_cases):
    library = lib.library(own_cases)
    assert library is lib.library(str(own_cases))
    first = library.load(CASE)
    assert library.load(CASE) is first
    path = own_cases / CASE / "case.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Lumen Tea", "Acme Tea"),
                    encoding="utf-8")
    again = library.load(CASE)
    assert again is not first and "Acme Tea" in again.title("en")
    assert library.find("../etc") is None and library.find("no-such-2020") is None
    assert library.ids() == [CASE]
