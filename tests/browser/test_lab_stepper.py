"""Notebook 02 in JupyterLab and Chromium: run it, step through, answer, restart, find it again."""

from __future__ import annotations

import json

import pytest

from workbench.foundation import vocab

NOTEBOOK = "notebooks/02_step_through_phases.ipynb"
ANSWER = "先组建应急小组：加盟商代表、品控、法务、公关"

pytestmark = pytest.mark.browser


def test_step_answer_restart_restore(lab):
    page = lab.page
    # the server's work folder is shared by the session's browser tests: another test may
    # have stepped through this case as the same student, so start from a fresh journal
    (lab.server.work / "学生甲" / "demo-lumen-2024.json").unlink(missing_ok=True)
    lab.open(NOTEBOOK)
    lab.run_all()
    stepper = page.locator(".wb-stepper").last
    stepper.wait_for()
    chart = stepper.locator(".vega-embed .marks")
    chart.wait_for(timeout=30_000)
    assert "组建协同团队" in stepper.inner_text()  # Chinese UI text, rendered
    assert "公众反应" in stepper.locator(".vega-embed").inner_text() or chart.count() == 1
    assert stepper.locator(".wb-event-card").count() == 1  # d2 is held back
    lab.shot("stepper-1-team", stepper)

    area = stepper.locator(".wb-answer-team-1 textarea")
    area.fill(ANSWER)
    area.press("Tab")
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

    journal = lab.server.work / "学生甲" / "demo-lumen-2024.json"
    data = json.loads(journal.read_text(encoding="utf-8"))
    assert data["answers"]["team-1"] == ANSWER and data["phase"] == "evaluate"

    lab.restart_and_run_all()
    stepper = page.locator(".wb-stepper").last
    stepper.locator(".wb-phase-intro", has_text="评估与反馈").wait_for()  # phase restored
    stepper.locator(".wb-step-team").click()
    area = stepper.locator(".wb-answer-team-1 textarea")
    area.wait_for()
    assert area.input_value() == ANSWER  # answer restored from the journal file
    page.wait_for_function(  # the one chart widget redraws for phase 1
        """() => [...document.querySelectorAll('.wb-stepper .vega-embed svg text')]
                 .some(t => t.textContent.includes('第 1 阶段'))""", timeout=15_000)
    lab.shot("stepper-5-restored", stepper)
    lab.shot("page-after-restart")


def lines_drawn(stepper) -> str:
    """The path data of the reaction lines the browser drew in the stepper's chart."""
    return stepper.locator(".vega-embed svg").first.evaluate(
        "svg => [...svg.querySelectorAll('.mark-line path')].map(p => p.getAttribute('d'))"
        ".join('|')")


def test_explore_notebook_draws_its_chart_offline(lab):
    lab.open("notebooks/01_explore_a_case.ipynb")
    lab.run_all()
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
