"""Notebook 08's early-warning lab in JupyterLab and Chromium: a slider move redraws the
chart in the browser (its data and title are swapped into the same widget's spec)."""

from __future__ import annotations

import pytest

from workbench.foundation.strings import STRINGS

NOTEBOOK = "notebooks/08_early_warning.ipynb"

pytestmark = pytest.mark.browser


def chart_state(page) -> str:
    """The lab chart's title and the alert rules the browser drew."""
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .vega-embed svg").first.evaluate(
        """svg => [[...svg.querySelectorAll('.role-title-text, .role-title-subtitle')]
                       .map(t => t.textContent).join(' / '),
                   svg.querySelectorAll('.mark-rule line, .mark-rule path').length].join('|')""")


def test_a_slider_move_redraws_the_lab_chart(lab, kit):
    page = lab.page
    lab.open(NOTEBOOK)
    lab.run_all(300_000)
    kit.ran_clean(lab, "08_early_warning.ipynb")  # what every notebook is checked for
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    panel.locator(".vega-embed .marks").first.wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    before = chart_state(page)
    lab.shot("lab-1-before", panel.locator(".vega-embed").first)
    # chicecream's hot-search archive is observed (only its reactions are simulated)
    observed = "热搜信号：实测数据"
    assert observed in before and "模拟数据" not in before
    # the slider's label is in the notebook's language (08 sets Chinese)
    slider = panel.locator(".widget-hslider", has_text=STRINGS["ew_p_speed"][0]).first
    handle = slider.locator(".noUi-handle").first
    handle.focus()
    for _ in range(10):
        handle.press("ArrowLeft")  # a lower climb speed: more alerts, a new subtitle
    page.wait_for_function(
        """before => { const svg = document.querySelector(
                 '.jp-NotebookPanel:not(.lm-mod-hidden) .vega-embed svg');
               if (!svg) return false;  // the rule and its parameters: title and subtitle
               const t = [...svg.querySelectorAll('.role-title-text, .role-title-subtitle')]
                 .map(t => t.textContent).join(' / ');
               return t && !before.startsWith(t + '|'); }""",
        arg=before, timeout=30_000)
    page.wait_for_timeout(500)
    after = chart_state(page)
    lab.shot("lab-2-after-slider", panel.locator(".vega-embed").first)
    assert after != before
    assert observed in after and "模拟数据" not in after
    assert panel.locator(".vega-embed").count() >= 1
