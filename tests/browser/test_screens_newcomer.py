"""The visual pass of issue #20: every tab of the app and the main notebooks (00, 02, 03, 04,
05, 06, 08) at 1366×768 (a laptop, the file browser open) and 1920×1080, in both languages.

The screenshots are for eyes (``test-artifacts/screen-*.png``); the test checks only what a
machine can: no error output, no "Error displaying widget", the filter count on one line,
the board's first chart legend inside the notebook column. For each notebook, language and
size: ``screen-NN-<lang>-<size>.png`` (the screen as a student sees it, at the notebook's
first widget), ``…-page.png`` (the whole notebook at that width; ``…-page-2.png``… when it is taller than
Chromium can shoot at once) and ``…-widget.png`` (that
widget whole). For the app: ``screen-app-<lang>-<size>-tabN.png`` and ``…-tabN-page.png``.

Whole shots need everything drawn: JupyterLab draws only the cells on screen, so these tests
run their own Lab server with windowing off (``windowingMode: none``), and a shot of a whole
page is taken with the window made as tall as the page.

By default (and in CI) one size per language: Chinese at 1366×768, English at 1920×1080.
``WORKBENCH_SCREENS=all`` takes the full matrix (both languages at both sizes):

    WORKBENCH_SCREENS=all python -m pytest tests/browser/test_screens_newcomer.py -q
"""

from __future__ import annotations

import json
import os

import pytest

pytestmark = pytest.mark.browser

SIZES = {"1366": {"width": 1366, "height": 768}, "1920": {"width": 1920, "height": 1080}}
LANGS = ("zh", "en")
#: (language, size) pairs taken: one size per language unless WORKBENCH_SCREENS=all.
MATRIX = ([(lang, size) for lang in LANGS for size in SIZES]
          if os.environ.get("WORKBENCH_SCREENS", "").strip().lower() == "all"
          else [("zh", "1366"), ("en", "1920")])
RUN = 300_000
#: The notebooks, and the widget each one's screen shot starts at (None: the top).
NOTEBOOKS = {"00_start_here": None, "02_step_through_phases": ".wb-stepper",
             "03_compare_brands": ".wb-board", "04_assignment": ".wb-stepper",
             "05_bring_your_own_data": None, "06_instructor_collect": ".wb-drill-control",
             "08_early_warning": ".jp-OutputArea-output .widget-vbox"}
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
SCROLLER = f"{PANEL} .jp-WindowedPanel-outer"
BROKEN = "Error displaying widget"
TALLEST = 16_000  # px: Chromium's largest screenshot


@pytest.fixture(scope="module")
def screens_lab(tmp_path_factory, lab_server, kit):
    """A Lab server of its own: windowing off (every cell drawn, off screen too) and the
    app object in the page (``window.jupyterapp``), to switch a notebook to English."""
    server = kit.LabServer(
        tmp_path_factory.mktemp("screens-lab"),
        settings={"@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"}},
        args=("--LabApp.expose_app_in_browser=True",))
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def _sizes(lang: str) -> list[str]:
    return [size for lg, size in MATRIX if lg == lang]


def _langs() -> list[str]:
    return [lang for lang in LANGS if _sizes(lang)]


def _english(page) -> None:
    """Make the notebook's first code cell set English instead of Chinese (the file is
    never saved)."""
    done = page.evaluate("""() => {
        const cell = window.jupyterapp.shell.currentWidget.content.widgets
            .find(c => c.model.type === 'code');
        const source = cell.model.sharedModel.getSource();
        cell.model.sharedModel.setSource(source.replace('set_language("zh")',
                                                        'set_language("en")'));
        return source.includes('set_language("zh")'); }""")
    assert done, "the first code cell sets no language"


def _tall(page, width: int, extra: float) -> None:
    """Make the window tall enough to show ``extra`` more pixels than it shows now."""
    height = page.viewport_size["height"]
    page.set_viewport_size({"width": width, "height": min(int(height + extra) + 40, TALLEST)})
    page.wait_for_timeout(1200)


def _whole_notebook(page, lab, kit, width: int, name: str) -> None:
    """Shoot the whole notebook: ``name``.png, and ``name``-2.png… when it is taller than
    one screenshot can be (the window as tall as it can be, scrolled one window at a time)."""
    scroller = page.locator(SCROLLER)
    scroller.evaluate("e => e.scrollTo(0, 0)")
    # the cells' height (Lab pads the end of a notebook by a window's height: not counted)
    cells = """e => { const last = [...e.querySelectorAll('.jp-Cell')].pop();
        return last.getBoundingClientRect().bottom - e.getBoundingClientRect().top
               + e.scrollTop; }"""
    _tall(page, width, scroller.evaluate(cells) - scroller.evaluate("e => e.clientHeight"))
    kit.wait_charts_drawn(page, PANEL, at_least=0, timeout=60_000)
    top, part = 0, 1
    while True:
        lab.shot(name if part == 1 else f"{name}-{part}", scroller)
        top += scroller.evaluate("e => e.clientHeight")
        if top >= scroller.evaluate(cells) - 10:
            break
        scroller.evaluate(f"e => e.scrollTo(0, {top})")
        page.wait_for_timeout(800)
        part += 1


@pytest.mark.parametrize("lang", _langs())
@pytest.mark.parametrize("notebook", list(NOTEBOOKS))
def test_notebook_screens(chromium, screens_lab, kit, notebook, lang):
    context = chromium.new_context(viewport=SIZES[_sizes(lang)[0]], locale="zh-CN")
    page = context.new_page()
    lab = kit.Lab(page, screens_lab)
    try:
        page.set_default_timeout(120_000)
        page.on("dialog", lambda d: d.accept())
        lab.open(f"notebooks/{notebook}.ipynb")
        if lang == "en":
            _english(page)
        lab.run_all(RUN)
        kit.wait_charts_drawn(page, PANEL, at_least=0, timeout=RUN)
        assert kit.error_outputs(page) == []
        widget = NOTEBOOKS[notebook]
        for size in _sizes(lang):
            viewport = SIZES[size]
            page.set_viewport_size(viewport)
            page.wait_for_timeout(800)
            name = f"screen-{notebook[:2]}-{lang}-{size}"
            first = page.locator(widget).first if widget else None
            if first is not None:
                first.evaluate("e => e.scrollIntoView({block: 'start'})")
            else:
                page.locator(SCROLLER).evaluate("e => e.scrollTo(0, 0)")
            page.wait_for_timeout(300)
            lab.shot(name)
            _whole_notebook(page, lab, kit, viewport["width"], f"{name}-page")
            if first is not None:
                lab.shot(f"{name}-widget", first)
            outputs = "\n".join(page.locator(f"{PANEL} .jp-OutputArea-output").all_inner_texts())
            assert BROKEN not in outputs  # (the notebooks' own text may name the message)
            if notebook.startswith("03"):  # chart ① legend inside the output column
                chart = first.locator(".vega-embed").first
                box, column = chart.bounding_box(), page.locator(SCROLLER).bounding_box()
                assert box and column and box["x"] + box["width"] <= column["x"] + column["width"] + 2
    finally:
        context.close()
        screens_lab.shutdown_kernels()


#: What shows that each tab of the app has drawn.
TABS = {0: ".wb-app-brief .wb-case-card", 1: ".wb-app-step .vega-embed .marks",
        2: ".wb-app-compare .vega-embed .marks", 3: ".wb-app-warning .marks"}


@pytest.mark.parametrize("lang", _langs())
def test_app_screens(chromium, voila_server, kit, lang):
    for size in _sizes(lang):
        viewport = SIZES[size]
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
            for tab, shown in TABS.items():
                app.tab(tab)
                app.app.locator(shown).first.wait_for(timeout=180_000)
                app.page.wait_for_timeout(1000)
                name = f"screen-app-{lang}-{size}-tab{tab}"
                app.shot(name)
                _tall(app.page, viewport["width"], app.page.evaluate(
                    """() => { const s = document.querySelector('#rendered_cells')
                                      || document.scrollingElement;
                               return s.scrollHeight - s.clientHeight; }"""))
                app.shot(f"{name}-page")
                assert BROKEN not in app.app.inner_text()
                app.page.set_viewport_size(viewport)
                app.page.wait_for_timeout(500)
            assert app.errors == [], json.dumps(app.errors, ensure_ascii=False)
        finally:
            app.page.context.close()
