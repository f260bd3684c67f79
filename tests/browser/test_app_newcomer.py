"""A newcomer's first minutes in the classroom app (issue #20, items 1, 3 and 5).

Type an answer without leaving the box, wait a second, reload: the answer is in the journal
file and back on the screen, under the same name (remembered by this browser). A mistyped
link says what it opened instead of silently replacing it.
"""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.browser

NAME = "新同学"
ANSWER = "先道歉，再说明整改"


def _case_of(app) -> str:
    """The id of the case in the picker (its options read "title · id")."""
    shown = app.locator(".wb-app-case select").input_value()
    return shown.replace("\xa0", " ").rsplit(" · ", 1)[-1]


def test_typed_answer_and_name_survive_a_reload(app_page, voila_server):
    page = app_page.page
    app_page.open(lang="zh")
    name = app_page.app.locator(".wb-app-student input")
    # no name yet: a prompt, not "学生：student", and nothing in the work folder
    assert name.input_value() == "" and name.get_attribute("placeholder") == "请先填写你的名字"
    app_page.app.locator(".wb-app-name-first").wait_for()
    assert "学生：请先填写你的名字" in app_page.app.locator(".wb-stepper").inner_text()
    assert not (voila_server.work / "student").exists()
    app_page.shot("app-name-first")
    name.fill(NAME)
    name.press("Enter")
    stepper = app_page.app.locator(".wb-stepper", has_text=NAME)
    stepper.wait_for()
    case_id = _case_of(app_page.app)
    box = stepper.locator(".wb-answer textarea").first
    box.click()
    box.press_sequentially(ANSWER, delay=30)  # typing, never leaving the box
    page.wait_for_timeout(1000)
    journal = voila_server.work / NAME / f"{case_id}.json"
    assert journal.exists(), "the journal is written while the student types"
    assert ANSWER in json.loads(journal.read_text(encoding="utf-8"))["answers"].values()

    page.reload()
    app_page.app.wait_for(state="attached", timeout=90_000)
    app_page.app.locator(".wb-stepper", has_text=NAME).wait_for(timeout=90_000)
    assert app_page.app.locator(".wb-app-student input").input_value() == NAME
    assert app_page.app.locator(".wb-answer textarea").first.input_value() == ANSWER
    assert not app_page.errors and not app_page.external


def test_mistyped_links_say_what_they_opened(app_page):
    app_page.page.set_default_navigation_timeout(120_000)  # Voila renders before "load"
    app_page.open(case="KFC-UK-2018", lang="EN")
    app = app_page.app
    assert _case_of(app) == "kfc-uk-2018"
    note = app.locator(".wb-app-note")
    assert "KFC-UK-2018" in note.all_inner_texts()[-1]
    assert "Step through" in app.inner_text()  # English, as asked

    app_page.open(case="../../etc", lang="xx")
    text = " ".join(app.locator(".wb-app-note").all_inner_texts())
    assert "../../etc" in text and "zh" in text and "en" in text
    assert _case_of(app) in text  # what it opened instead
    app_page.shot("app-mistyped-link")
