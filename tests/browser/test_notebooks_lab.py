"""Every notebook in notebooks/ run top to bottom in JupyterLab and Chromium, offline.

What a student would see after *Run → Run All Cells* (``kit.ran_clean`` in conftest.py): no
error or warning output, every chart drawn (``.vega-embed .marks``, none showing altair's
"JavaScript Error"), Chinese text in the outputs, drawn with a real font, and nothing
written under another name than the one student of the session (``work/.student``). Each
notebook runs once: those with a browser test of their own (:data:`OWN_TEST`) get these
checks there, the others here. Reuses the session's JupyterLab server (``lab`` in
conftest.py), which never autosaves: the notebooks stay committed cleared.
Screenshots: test-artifacts/lab-<notebook>.png.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

HERE = Path(__file__).parent
NOTEBOOKS = sorted(p.name for p in (HERE.parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))
#: Notebooks run (once) by a browser test of their own, which calls ``kit.ran_clean`` on them.
OWN_TEST = {
    "01_explore_a_case.ipynb": "test_lab_stepper.py",
    "02_step_through_phases.ipynb": "test_lab_stepper.py",
    "03_compare_brands.ipynb": "test_lab_compare.py",
    "08_early_warning.ipynb": "test_lab_warning.py",
}
HERE_ONLY = [name for name in NOTEBOOKS if name not in OWN_TEST]


def test_the_notebooks_are_found_and_each_is_checked_once():
    assert len(NOTEBOOKS) >= 5 and NOTEBOOKS[0].startswith("00_")
    assert set(OWN_TEST) <= set(NOTEBOOKS)
    for name, module in OWN_TEST.items():
        text = (HERE / module).read_text(encoding="utf-8")
        assert name in text and "kit.ran_clean(" in text, f"{module} never checks {name}"


@pytest.mark.parametrize("name", HERE_ONLY)
def test_notebook_runs_clean_in_jupyterlab(lab, kit, name):
    lab.open(f"notebooks/{name}")
    lab.run_all(300_000)
    text = kit.ran_clean(lab, name)
    if name.startswith("04"):  # the assignment works as the student named once (issue #20)
        assert kit.STUDENT in text and "anonymous" not in text
