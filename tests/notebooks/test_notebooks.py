"""Every notebook is listed, committed cleared, and runs top to bottom from a clean kernel."""

from __future__ import annotations

from pathlib import Path

import pytest

FOLDER = Path(__file__).resolve().parents[2] / "notebooks"

#: Every notebook → the test module that executes it and checks what it shows. A notebook
#: whose module is this one is only executed, as committed, with nothing filled in.
NOTEBOOKS: dict[str, str] = {
    "00_start_here.ipynb": "test_notebooks.py",
    "01_explore_a_case.ipynb": "test_notebooks_stepper.py",
    "02_step_through_phases.ipynb": "test_notebooks_stepper.py",
    "03_compare_brands.ipynb": "test_notebooks_compare.py",
    "04_assignment.ipynb": "test_notebooks_classwork.py",
    "05_bring_your_own_data.ipynb": "test_notebooks_import.py",
    "06_instructor_collect.ipynb": "test_notebooks_classwork.py",
    "07_real_signals.ipynb": "test_notebooks.py",
    "08_early_warning.ipynb": "test_notebooks.py",
    "09_team_room.ipynb": "test_notebooks.py",
}
ALL = sorted(p.name for p in FOLDER.glob("*.ipynb"))
PLAIN = [name for name, module in NOTEBOOKS.items() if module == "test_notebooks.py"]


def test_every_notebook_is_listed_with_the_test_that_runs_it():
    assert sorted(NOTEBOOKS) == ALL, "list each notebook in NOTEBOOKS (tests/notebooks/test_notebooks.py)"
    here = Path(__file__).parent
    for name, module in NOTEBOOKS.items():
        assert name in (here / module).read_text(encoding="utf-8"), f"{module} never runs {name}"


@pytest.mark.parametrize("name", ALL)
def test_notebook_is_committed_without_outputs(name: str, notebooks):
    for cell in notebooks.read(name).cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, f"clear outputs of {name}"


@pytest.mark.parametrize("name", PLAIN)
def test_notebook_executes(name: str, run_notebook):
    run_notebook(name)
