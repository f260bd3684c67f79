"""Every notebook runs top to bottom from a clean kernel, and is committed cleared."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))
HERE = Path(__file__).resolve().parent


def has_own_test(path: Path) -> bool:
    """Notebooks with a dedicated test module (which executes them and checks what they
    show) are not executed twice; every other notebook runs here."""
    return any(path.name in other.read_text(encoding="utf-8")
               for other in HERE.glob("test_notebooks_*.py"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_committed_without_outputs(path: Path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, f"clear outputs of {path.name}"


PLAIN = [p for p in NOTEBOOKS if not has_own_test(p)]


@pytest.mark.parametrize("path", PLAIN, ids=[p.stem for p in PLAIN])
def test_notebook_executes(path: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_WORK", str(tmp_path / "work"))
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=180, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert not errors
    assert os.environ["WORKBENCH_WORK"] == str(tmp_path / "work")
