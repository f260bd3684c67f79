"""Notebooks 01 and 02 run from a clean kernel, stay small, and drive the stepper headless."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

MINE = ["01_explore_a_case.ipynb", "02_step_through_phases.ipynb"]


@pytest.mark.parametrize("name", MINE)
def test_committed_cleared_and_short(name: str, notebooks):
    nb = notebooks.read(name)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert all(len(c.source.splitlines()) <= 4 for c in code), "cells of a few lines"
    text = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text), "instructions in Chinese"
    assert " the " in text, "and in English"


def test_explore_notebook_runs(run_notebook):
    nb = run_notebook(MINE[0]).nb
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    kinds = {k for o in outputs for k in o.get("data", {})}
    assert "text/html" in kinds  # the case card and the timeline table
    assert "application/vnd.jupyter.widget-view+json" in kinds  # the offline chart widget
    assert len(json.dumps(nb)) < 2_000_000


def test_stepper_notebook_runs_and_saves_in_the_work_dir(tmp_path: Path, notebooks, run_notebook):
    nb = notebooks.read(MINE[1])
    name = next(c for c in nb.cells if c.source.startswith('NAME = ""'))
    name.source = name.source.replace('NAME = ""', 'NAME = "学生甲"', 1)
    # a student's session: answer, move on — then the journal must be in WORKBENCH_WORK
    nb.cells.append(nbformat.v4.new_code_cell(
        'next(iter(stepper.answer_areas.values())).value = "先组建小组"\n'
        "stepper.next_button.click()\n"
        "print(stepper.phase, stepper.journal.path)"))
    nb = run_notebook(nb, work=tmp_path).nb
    printed = nb.cells[-1].outputs[0]["text"]
    assert printed.startswith("analyse ")
    journal = tmp_path / "学生甲" / "demo-lumen-2024.json"
    assert str(journal) in printed
    data = json.loads(journal.read_text(encoding="utf-8"))
    assert data["phase"] == "analyse" and data["answers"] == {"team-1": "先组建小组"}
    assert data["student"] == "学生甲"
    assert (tmp_path / ".student").read_text(encoding="utf-8").strip() == "学生甲"  # remembered
