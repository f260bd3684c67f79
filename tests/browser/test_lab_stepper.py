"""Notebook 02 in JupyterLab and Chromium, as a student does it: run it, type an answer,
step through, answer the last phase, go back, export, reload the tab, run it again and find
it all again. And notebook 01: its chart drawn offline.

Issue #20's newcomer items in JupyterLab are checked on the same run of notebook 02:

- item 1: an answer typed *without leaving the box* is in the journal file a second later;
  after reloading the tab and running the notebook again the answer is back;
- item 3: one identity: 02 works as the student named once (``work/.student``, written by
  ``wb.set_student``), nothing lands in another folder (``kit.ran_clean``; 03 and 04 are
  checked the same way in test_lab_compare.py and test_notebooks_lab.py);
- item 6: answer the last phase, go back to phase 1 and on to 2: ``workbench export`` names
  the furthest phase, not the last one visited.
Screenshots: test-artifacts/stepper-*.png, explore-page.png.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from workbench.foundation import vocab

NOTEBOOK = "notebooks/02_step_through_phases.ipynb"
ANSWER = "先组建应急小组：加盟商代表、品控、法务、公关"
RUN = 300_000  # ms for Run All: the class server (or CI machine) may be busy

pytestmark = pytest.mark.browser


def test_step_answer_export_reload_restore(lab, kit, tmp_path):
    page = lab.page
    page.set_default_timeout(120_000)
    page.on("dialog", lambda d: d.accept())  # "leave the page?" on reload: yes
    # the server's work folder is shared by the session's browser tests: another test may
    # have stepped through this case as the same student, so start from a fresh journal
    journal = lab.server.work / kit.STUDENT / "demo-lumen-2024.json"
    journal.unlink(missing_ok=True)
    lab.open(NOTEBOOK)
    lab.run_all(RUN)
    text = kit.ran_clean(lab, NOTEBOOK)  # what every notebook is checked for
    # 02 prints the name under its name cell: the one named once, never "anonymous"
    assert kit.STUDENT in text and "anonymous" not in text
    stepper = page.locator(".wb-stepper").last
    stepper.wait_for()
    chart = stepper.locator(".vega-embed .marks")
    chart.wait_for(timeout=30_000)
    assert "组建协同团队" in stepper.inner_text()  # Chinese UI text, rendered
    assert "公众反应" in stepper.locator(".vega-embed").inner_text() or chart.count() == 1
    assert stepper.locator(".wb-event-card").count() == 1  # d2 is held back
    lab.shot("stepper-1-team", stepper)

    area = stepper.locator(".wb-answer-team-1 textarea")
    area.click()
    area.press_sequentially(ANSWER, delay=20)  # typing; the box keeps the focus
    page.wait_for_timeout(1000)
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    assert _journal(journal).get("answers", {}).get("team-1") == ANSWER, "saved while typing"
    stepper.locator(".wb-reveal").first.click()  # typing saves; the reveal is asked for
    stepper.locator('.wb-event-card[data-id="d2"]').wait_for()
    stepper.locator(".wb-revealed-note").wait_for()
    page.wait_for_timeout(500)  # let the chart redraw with the revealed move
    lab.shot("stepper-2-team-revealed", stepper)

    drawn = {1: lines_drawn(stepper)}
    for phase in vocab.PHASE_LIST[1:]:
        stepper.locator(".wb-next").click()
        stepper.locator(".wb-phase-intro", has_text=phase.zh).wait_for()
        if phase.number < len(vocab.PHASE_LIST):  # the chart's data swapped in place, drawn
            page.wait_for_function(
                """n => [...document.querySelectorAll('.wb-stepper .vega-embed svg text')]
                         .some(t => t.textContent.includes(`第 ${n} 阶段结束`))""",
                arg=phase.number, timeout=15_000)
        page.wait_for_timeout(300)
        drawn[phase.number] = lines_drawn(stepper)
        lab.shot(f"stepper-next-{phase.number}-{phase.slug}", stepper.locator(".vega-embed"))
        if phase.slug == "plan":
            stepper.locator(".wb-to-reveal").wait_for()
            assert stepper.locator('.wb-event-card[data-id="d4"]').count() == 0
            page.wait_for_timeout(500)
            lab.shot("stepper-3-plan", stepper)
    stepper.locator(".wb-to-reveal").wait_for()
    chart.wait_for()
    assert stepper.locator(".vega-embed").count() == 1  # one chart widget, redrawn in place
    # the browser drew each phase's own data: the reaction lines grow phase by phase
    assert len(set(drawn.values())) >= 4, drawn
    assert all(drawn.values())
    page.wait_for_timeout(500)
    lab.shot("stepper-4-evaluate", stepper)
    # the last phase answered (the furthest phase is the later of the last visited and the
    # last answered; phases 2-5 stay unanswered, so their moves stayed held above)
    box = stepper.locator(".wb-answer textarea").first
    box.fill("复盘：第二次回应扭转了舆论")
    box.press("Tab")
    data = _journal(journal)
    assert data["answers"]["team-1"] == ANSWER and data["phase"] == "evaluate"

    # back to phase 1 and on to 2: the journal's phase is the last one visited …
    stepper.locator(".wb-step-team").click()
    stepper.locator(".wb-phase-intro", has_text=vocab.PHASE_LIST[0].zh).wait_for()
    stepper.locator(".wb-next").click()
    stepper.locator(".wb-phase-intro", has_text=vocab.PHASE_LIST[1].zh).wait_for()
    page.wait_for_timeout(1000)
    assert _journal(journal)["phase"] == vocab.PHASE_LIST[1].slug
    # … and the hand-in names the furthest one reached
    out = tmp_path / "hand-in.html"
    env = {**os.environ, "WORKBENCH_WORK": str(lab.server.work)}
    subprocess.run([sys.executable, "-m", "workbench", "export", kit.STUDENT, str(out),
                    "--lang", "zh", "--case", "demo-lumen-2024"], check=True, env=env,
                   timeout=120)
    reached = out.read_text(encoding="utf-8").split("最远到达的阶段", 1)[1][:300]
    assert vocab.PHASE_LIST[-1].zh in reached, reached

    # reload the tab, run the notebook again: the phase and the answer come from the file
    page.reload()
    lab.wait_idle()
    lab.restart_and_run_all(RUN)
    stepper = page.locator(".wb-stepper").last
    stepper.locator(".wb-phase-intro", has_text=vocab.PHASE_LIST[1].zh).wait_for()  # restored
    stepper.locator(".wb-step-team").click()
    area = stepper.locator(".wb-answer-team-1 textarea")
    area.wait_for()
    assert area.input_value() == ANSWER  # answer restored from the journal file
    page.wait_for_function(  # the one chart widget redraws for phase 1
        """() => [...document.querySelectorAll('.wb-stepper .vega-embed svg text')]
                 .some(t => t.textContent.includes('第 1 阶段'))""", timeout=15_000)
    lab.shot("stepper-5-restored", stepper)
    lab.shot("page-after-restart")


def _journal(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def lines_drawn(stepper) -> str:
    """The path data of the reaction lines the browser drew in the stepper's chart."""
    return stepper.locator(".vega-embed svg").first.evaluate(
        "svg => [...svg.querySelectorAll('.mark-line path')].map(p => p.getAttribute('d'))"
        ".join('|')")


def test_explore_notebook_draws_its_chart_offline(lab, kit):
    lab.open("notebooks/01_explore_a_case.ipynb")
    lab.run_all(RUN)
    kit.ran_clean(lab, "01_explore_a_case.ipynb")  # what every notebook is checked for
    page = lab.page
    page.locator(".wb-case-card").wait_for()
    chart = page.locator(".vega-embed .marks")
    chart.wait_for(timeout=30_000)  # no network here: vega comes from the offline bundle
    assert page.locator(".vega-embed").count() == 1
    assert "流明茶饮" in page.locator(".wb-case-card").inner_text()
    assert "触发时刻" in page.locator(".jp-OutputArea-output table").last.inner_text()
    page.wait_for_function(
        """() => [...document.querySelectorAll('.vega-embed svg text')]
                 .some(t => t.textContent.includes('公众反应'))""", timeout=15_000)
    lab.shot("explore-page")
