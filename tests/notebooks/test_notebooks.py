"""Every notebook is listed, committed cleared, and runs top to bottom from a clean kernel."""

from __future__ import annotations

import importlib.util
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
#: The browser test that runs a plain notebook in JupyterLab (and checks more there: no error
#: or warning output at all, every chart drawn); any other runs in test_notebooks_lab.py.
IN_LAB = {"08_early_warning.ipynb": "tests/browser/test_lab_warning.py::"}


def runs_in_lab(session: pytest.Session, name: str) -> bool:
    """Whether a browser test of this session runs ``name`` in JupyterLab and can (Chromium
    and Playwright here; the CI fails such a test rather than skip it)."""
    wanted = IN_LAB.get(name, f"test_notebook_runs_clean_in_jupyterlab[{name}]")
    return (Path("/usr/bin/chromium").exists()
            and importlib.util.find_spec("playwright") is not None
            and any(wanted in item.nodeid for item in session.items))


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
def test_notebook_executes(name: str, run_notebook, request):
    """As committed, from a clean kernel: once per session, here or in JupyterLab."""
    if runs_in_lab(request.session, name):
        pytest.skip(f"{name} runs in JupyterLab in this session (tests/browser/)")
    run_notebook(name)
