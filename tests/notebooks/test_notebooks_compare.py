"""notebooks/03_compare_brands.ipynb runs top to bottom from a clean kernel, stays light."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "03_compare_brands.ipynb"


@pytest.fixture(scope="module")
def executed(tmp_path_factory, notebooks) -> tuple[nbformat.NotebookNode, Path]:
    work = tmp_path_factory.mktemp("work")
    return notebooks.execute(NOTEBOOK.name, work=work).nb, work


def test_committed_cleared_and_small():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert all(len(c.source.splitlines()) <= 5 for c in code), "cells of a few lines"
    assert NOTEBOOK.stat().st_size < 30_000


def test_bilingual_questions():
    text = "\n".join(c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells
                     if c.cell_type == "markdown")
    assert "想一想 · Think" in text and "海底捞" in text and "United" in text
    assert "(pos − neg) / (pos + neg)" in text


def test_executes_without_errors(executed):
    nb, _ = executed
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert not errors, errors[0]["evalue"] if errors else ""


def test_shows_the_table_and_a_board_per_question_set(executed):
    nb, _ = executed
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    htmls = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("wb-compare-table" in h for h in htmls)
    assert any("wb-scorecard" in h for h in htmls)
    views = [o for o in outputs
             if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    # the three-brand board stays under its heading; KFC vs United get a board of their own
    assert len(views) == 2


def test_outputs_stay_bounded(executed):
    nb, _ = executed
    text_outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
                    if "application/vnd.jupyter.widget-view+json" not in o.get("data", {})]
    assert len(json.dumps(text_outputs)) < 300_000
