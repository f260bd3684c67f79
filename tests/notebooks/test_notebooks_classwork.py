"""The assignment notebook (04) and the instructor notebook (06) run top to bottom.

Each runs with nbclient from a clean kernel, in notebooks/, with WORKBENCH_WORK pointing
at a temporary folder; then the files they wrote are checked the way an instructor would
use them. (tests/test_notebooks.py also runs both as committed, with nothing filled in.)
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from workbench.io.collect import collect

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
ASSIGNMENT = NOTEBOOKS / "04_assignment.ipynb"
INSTRUCTOR = NOTEBOOKS / "06_instructor_collect.ipynb"
MEMO = "尊敬的 CEO：这是一场可预防型危机，应以重建型策略为主。<script>alert(1)</script>"
ANSWER = "两小时内在微博道歉，并说明正在核查的门店。"


def _shown(run) -> list[str]:
    return [o.get("text", "") + str(o.get("data", {}).get("text/plain", "")) for o in run.outputs]


def _code(nb: nbformat.NotebookNode, startswith: str) -> nbformat.NotebookNode:
    return next(c for c in nb.cells if c.cell_type == "code" and c.source.startswith(startswith))


def test_assignment_hands_in_answers_and_the_memo(tmp_path, run_notebook):
    """A student who answers in the stepper and writes a memo; the class collects it."""
    nb = nbformat.read(ASSIGNMENT, as_version=4)
    setup = _code(nb, "import workbench as wb")
    setup.source = setup.source.replace('NAME = ""', 'NAME = "欧阳娜娜"')
    stepper = _code(nb, "stepper = wb.PhaseStepper")
    stepper.source += ("\nstepper.go('plan')\n"
                       f"stepper.answer_areas['plan-1'].value = {ANSWER!r}\nstepper.save()")
    memo = next(c for c in nb.cells if "memo" in c.metadata.get("tags", []))
    memo.source = f'MEMO = """\n{MEMO}\n"""'
    outputs = _shown(run_notebook(nb, work=tmp_path / "work"))
    assert any("备忘录 · memo: " in o for o in outputs)
    (out,) = (tmp_path / "work" / "欧阳娜娜").glob("*.html")
    assert out.name == "欧阳娜娜-haidilao-2017.html"  # next to the journal, named for the hand-in
    page = out.read_text(encoding="utf-8")
    assert ANSWER in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page and "<svg" in page
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    out.replace(inbox / out.name)
    result = collect(inbox, roster=["欧阳娜娜", "缺交"])
    assert result.students == ["欧阳娜娜"] and result.missing == ["缺交"]
    answers = result.table.set_index("question_id")["answer"]
    assert answers["plan-1"] == ANSWER and answers["memo"] == MEMO


def test_assignment_supports_nbgrader_and_otter_conventions():
    nb = nbformat.read(ASSIGNMENT, as_version=4)
    graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert len(graded) == 1
    meta = graded[0].metadata["nbgrader"]
    assert meta["grade_id"] == "memo" and meta["solution"] and meta["points"] == 20
    assert not meta["locked"] and graded[0].cell_type == "code"
    ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata]
    assert len(ids) == len(set(ids))
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert text.count("<!-- BEGIN QUESTION -->") == 1 == text.count("<!-- END QUESTION -->")
    assert 'CASE_ID = "haidilao-2017"' in _code(nb, "import workbench as wb").source


def test_instructor_notebook_runs_on_a_made_up_class(tmp_path, run_notebook):
    nb = nbformat.read(INSTRUCTOR, as_version=4)
    outputs = "\n".join(_shown(run_notebook(nb, work=tmp_path / "work")))
    assert "['赵六', 'Late Li']" in outputs  # who has not submitted
    assert "damaged.json" in outputs and "duplicate" in outputs
    assert "<ClassView <Collected 8 students" in outputs
    # the team drill: phases 1-3 open for the made-up class, one inject out, three teams
    assert "open ['team', 'analyse', 'plan'], released ['d5']" in outputs
    assert "<TeamsView demo-lumen-2024: 3 teams>" in outputs and "A组.html" in outputs
    assert not (tmp_path / "work").exists()  # the demo writes in a temporary folder only
