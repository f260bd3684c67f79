"""notebooks/05_bring_your_own_data.ipynb runs from a clean kernel, writes only to the work
folder (never cases/), and ships cleared; its sample export is small and labelled synthetic."""

from __future__ import annotations

from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "05_bring_your_own_data.ipynb"
SAMPLE = ROOT / "notebooks" / "data" / "sample_listening_export.csv"


def _tree(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*")}


def test_notebook_is_committed_cleared_with_short_cells():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)
    assert all(len(c.source.splitlines()) <= 4 for c in code)
    text = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "导入" in text and "Import" in text and "synthetic" in text


def test_sample_export_is_small_synthetic_and_licensed():
    assert SAMPLE.stat().st_size < 200_000
    rows = SAMPLE.read_text(encoding="utf-8-sig").count("\n")
    assert 200 < rows < 600
    card = (SAMPLE.parent / "README.md").read_text(encoding="utf-8")
    assert "synthetic" in card.lower() and "CC0" in card and "虚构" in card


def test_notebook_executes_and_leaves_cases_alone(tmp_path, run_notebook):
    work = tmp_path / "work"
    cases_before = _tree(ROOT / "cases")
    outputs = run_notebook(NOTEBOOK.name, work=work).outputs
    written = sorted(p.name for p in (work / "imported").iterdir())
    assert written == ["sample-2024-machine-northwind-air", "sample-2024-machine-qinghekafei",
                       "sample-2024-northwind-air", "sample-2024-qinghekafei"]
    assert _tree(ROOT / "cases") == cases_before
    shown = " ".join(str(o.get("data", {}).get("text/html", "")) + str(o.get("text", ""))
                     for o in outputs)
    assert "导入结果" in shown and "机器判定" in shown  # the notebook runs in Chinese
