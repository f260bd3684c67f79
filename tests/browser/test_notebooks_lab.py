"""Every notebook in notebooks/ run top to bottom in JupyterLab and Chromium, offline.

What a student would see after *Run → Run All Cells*: no error or warning output, every
chart drawn (``.vega-embed .marks``, none showing altair's "JavaScript Error"), Chinese
text in the outputs, drawn with a real font. Reuses the session's JupyterLab server
(``lab`` in conftest.py), which never autosaves: the notebooks stay committed cleared.
Screenshots: test-artifacts/lab-<notebook>.png.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted(p.name for p in (Path(__file__).resolve().parents[2] / "notebooks")
                   .glob("[0-9][0-9]_*.ipynb"))
#: Charts each notebook draws at least (a notebook not listed must draw every chart it has).
MIN_CHARTS = {"01": 1, "02": 1, "03": 4, "04": 5}
BROKEN = ("JavaScript Error", "Error loading script", "Traceback (most recent call last)")


def test_the_notebooks_are_found():
    assert len(NOTEBOOKS) >= 5 and NOTEBOOKS[0].startswith("00_")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_clean_in_jupyterlab(lab, kit, name):
    page = lab.page
    lab.open(f"notebooks/{name}")
    lab.run_all()
    panel = ".jp-NotebookPanel:not(.lm-mod-hidden)"
    kit.wait_charts_drawn(page, panel, at_least=MIN_CHARTS.get(name[:2], 0), timeout=90_000)
    outputs = page.locator(f"{panel} .jp-OutputArea-output")
    assert outputs.count() > 0
    text = "\n".join(outputs.all_inner_texts())
    assert kit.error_outputs(page) == [], f"{name}: error output"
    assert not [b for b in BROKEN if b in text], f"{name}: {text[:500]}"
    assert kit.has_chinese(text), f"{name}: no Chinese in the outputs"
    assert kit.chinese_glyphs_differ(page), "Chinese is drawn as boxes: install fonts-noto-cjk"
    lab.shot(f"lab-{Path(name).stem}", page.locator(panel))
