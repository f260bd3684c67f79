"""One way to run a notebook in tests, as fixtures: ``run_notebook`` (a fresh work folder per
test) and ``notebooks`` (``.read(name)``, ``.execute(nb, work=…)``, ``.folder``) for
module-scoped runs. The list of notebooks and their test modules is in test_notebooks.py.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

FOLDER = Path(__file__).resolve().parents[2] / "notebooks"

@dataclass
class Run:
    """An executed notebook: ``nb`` with its outputs, and all printed or shown text."""

    nb: nbformat.NotebookNode

    @property
    def outputs(self) -> list[dict]:
        return [o for c in self.nb.cells if c.cell_type == "code" for o in c.outputs]

    @property
    def text(self) -> str:
        return "\n".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", ""))
                         + str(o.get("data", {}).get("text/html", "")) for o in self.outputs)


def read(name: str) -> nbformat.NotebookNode:
    """A notebook of notebooks/ as committed."""
    return nbformat.read(FOLDER / name, as_version=4)


def execute(nb: nbformat.NotebookNode | str, *, work: Path, timeout: int = 300) -> Run:
    """Run ``nb`` (or the notebook named so) top to bottom from a clean kernel in notebooks/,
    with ``WORKBENCH_WORK=work``; fail on the first error output."""
    nb = read(nb) if isinstance(nb, str) else nb
    before = os.environ.get("WORKBENCH_WORK")
    os.environ["WORKBENCH_WORK"] = str(work)
    try:
        NotebookClient(nb, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(FOLDER)}}).execute()
    finally:
        if before is None:
            os.environ.pop("WORKBENCH_WORK", None)
        else:
            os.environ["WORKBENCH_WORK"] = before
    run = Run(nb)
    errors = [f"{o.get('ename')}: {o.get('evalue')}" for o in run.outputs
              if o.get("output_type") == "error"]
    assert not errors, errors
    return run


@pytest.fixture
def run_notebook(tmp_path: Path) -> Callable[..., Run]:
    """``run_notebook(nb_or_name, work=None)``: :func:`execute` with a fresh work folder."""

    def run(nb: nbformat.NotebookNode | str, *, work: Path | None = None, **kw) -> Run:
        return execute(nb, work=work or tmp_path / "work", **kw)

    return run


@pytest.fixture(scope="session")
def notebooks() -> SimpleNamespace:
    """``notebooks.read(name)``, ``notebooks.execute(nb, work=…)``, ``notebooks.folder``."""
    return SimpleNamespace(read=read, execute=execute, folder=FOLDER)
