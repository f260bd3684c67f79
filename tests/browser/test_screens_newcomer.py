"""The visual pass of issue #20: the app and notebooks 02/03 at 1366×768 (a laptop, the file
browser open) and 1920×1080, in both languages. The screenshots are for eyes
(test-artifacts/screen-*.png); the test checks only what a machine can: no error output, the
filter count on one line, the board's first chart legend inside the notebook column.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

SIZES = {"1366": {"width": 1366, "height": 768}, "1920": {"width": 1920, "height": 1080}}
RUN = 300_000


def _english(lab) -> None:
    """Make the notebook's first code cell end by setting English (the file is never saved;
    the cell's own lines, e.g. notebook 03's student name, still run)."""
    editor = lab.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .cm-content").first
    editor.click()
    lab.page.keyboard.press("Control+End")
    lab.page.keyboard.type('\nwb.set_language("en")')
    lab.page.keyboard.press("Escape")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("notebook", ["02_step_through_phases", "03_compare_brands"])
def test_notebook_screens(lab, kit, notebook, lang):
    page = lab.page
    page.set_default_timeout(120_000)
    page.on("dialog", lambda d: d.accept())
    lab.open(f"notebooks/{notebook}.ipynb")
    if lang == "en":
        _english(lab)
    lab.run_all(RUN)
    widget = ".wb-board" if notebook.startswith("03") else ".wb-stepper"
    page.locator(widget).first.wait_for()
    kit.wait_charts_drawn(page, ".jp-NotebookPanel:not(.lm-mod-hidden)", at_least=1,
                          timeout=RUN)
    assert kit.error_outputs(page) == []
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        page.wait_for_timeout(800)
        first = page.locator(widget).first
        first.evaluate("e => e.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(300)
        lab.shot(f"screen-{notebook[:2]}-{lang}-{size}")
        lab.shot(f"screen-{notebook[:2]}-{lang}-{size}-widget", first)
        if notebook.startswith("03"):  # chart ① legend inside the output column
            chart = first.locator(".vega-embed").first
            area = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer,"
                                ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").first
            box, column = chart.bounding_box(), area.bounding_box()
            assert box and column and box["x"] + box["width"] <= column["x"] + column["width"] + 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_app_screens(chromium, voila_server, kit, lang):
    for size, viewport in SIZES.items():
        app = kit.new_app_page(chromium, voila_server, viewport)
        try:
            app.page.set_default_timeout(120_000)
            app.page.set_default_navigation_timeout(180_000)
            app.open(lang=lang)
            app.shot(f"screen-app-{lang}-{size}")
            count = app.app.locator(".wb-filter-count span")
            if count.count():
                box = count.first.bounding_box()
                assert box and box["height"] < 24, "the match count wraps"
            for tab, shown in ((0, ".wb-case-card"), (2, ".wb-board .vega-embed .marks")):
                app.tab(tab)
                app.app.locator(shown).first.wait_for(timeout=180_000)
                app.page.wait_for_timeout(1000)
                app.shot(f"screen-app-{lang}-{size}-tab{tab}")
        finally:
            app.page.context.close()
