"""Issue #20: the classroom app asks for a name instead of saving under "student".

Until a name is typed the field is empty with a prompt, the stepper says the same, and
nothing lands in the class's work folder; the first name typed takes over what was
written before. A name the browser remembers still fills the field (not "student", what
older versions remembered when nobody had typed one).
"""

from __future__ import annotations

import pytest

import workbench as wb
from workbench.core.student import get_student
from workbench.widgets.app import App


@pytest.fixture
def nameless(monkeypatch, tmp_path):
    for var in ("WORKBENCH_STUDENT", "JUPYTERHUB_USER"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("USER", "student")
    monkeypatch.setenv("WORKBENCH_WORK", str(tmp_path))
    return tmp_path


def _files(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.json"))


def test_no_name_asks_for_one_and_saves_nothing(nameless):
    app = App(case="demo-lumen-2024", lang="zh", journal_dir=nameless)
    try:
        assert app.student.value == "" and app.student.placeholder == "请先填写你的名字"
        assert "请先在上方“学生”一栏填写你的名字" in app.message.value
        assert "学生：请先填写你的名字" in app.stepper.header.value
        assert "student" not in app.stepper.header.value + app.stepper.status.value
        assert not app.stepper.named
        next(iter(app.stepper.answer_areas.values())).value = "先道歉，再整改"
        app.tabs.selected_index = 2  # the board reads (and would write) journals too
        assert _files(nameless) == [], "nothing is saved before a name is typed"
        assert app.memory.value == "", "the browser remembers no name nobody typed"

        app.student.value = "新同学"
        assert app.stepper.named and app.stepper.journal.student == "新同学"
        assert app.message.value == ""
        assert _files(nameless) == ["新同学/demo-lumen-2024.json"]
        assert "先道歉，再整改" in app.stepper.journal.answers.values()  # carried over
        assert app.memory.value == "新同学"
        assert app.board.student == "新同学" and app.board.journal_dir == nameless
    finally:
        app.close()
    assert get_student(journal_dir=nameless) == "student"  # the notebooks' rule is unchanged


def test_a_remembered_name_fills_the_field_but_not_student(nameless):
    app = App(case="demo-lumen-2024", lang="en", journal_dir=nameless)
    try:
        app.memory.value = "student"  # what older versions stored for nobody
        assert app.student.value == "" and "Type your name" in app.message.value
        app.memory.value = "李雷"
        assert app.student.value == "李雷" and app.stepper.journal.student == "李雷"
        wb.set_language("zh")
        assert app.message.value == ""
        app.student.value = ""  # cleared: asks again, the next answers wait unnamed
        assert "填写你的名字" in app.message.value and not app.stepper.named
        assert app.stepper.journal.path.parent.parent != nameless
    finally:
        app.close()


def test_a_name_from_the_address_or_the_environment_is_used(nameless, monkeypatch):
    app = App(case="demo-lumen-2024", lang="en", student="韩梅梅", journal_dir=nameless)
    assert app.stepper.named and app.message.value == ""
    app.close()
    monkeypatch.setenv("WORKBENCH_STUDENT", "李雷")
    app = App(case="demo-lumen-2024", lang="en", journal_dir=nameless)
    assert app.student.value == "李雷" and app.stepper.journal.student == "李雷"
    app.close()
