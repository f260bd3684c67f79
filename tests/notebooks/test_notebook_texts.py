"""The notebooks' own words match what they do (issue #20, items 3 and 11)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def _text(name: str, kind: str | None = None) -> str:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    return "\n".join(c.source for c in nb.cells if kind is None or c.cell_type == kind)


def test_start_here_lists_every_notebook():
    start = _text("00_start_here.ipynb", "markdown")
    later = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb") if p.name[:2] != "00")
    assert later and [n for n in later if f"]({n})" not in start] == []


def test_no_notebook_hard_codes_a_default_name():
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        code = _text(path.name, "code")
        assert not re.search(r"STUDENT\s*=\s*[\"']", code), path.name
        if "STUDENT" in code:
            assert "wb.get_student()" in code, path.name


def test_no_stale_promises():
    assert "being added" not in _text("02_step_through_phases.ipynb")
    assert "正在陆续加入" not in _text("02_step_through_phases.ipynb")
