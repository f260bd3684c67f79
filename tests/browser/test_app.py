"""The classroom app (``make app``) under Voila in Debian's Chromium, as a class uses it.

One Voila server for the session (``voila_server`` in conftest.py), started the way the
Makefile starts it. A student types a name, picks a real case, answers, steps through the
six phases, switches to Chinese and opens the comparison. Screenshots at projector size
(1366×768) and full HD (1920×1080), both from one page load, go to test-artifacts/app-*.png.
"""

from __future__ import annotations

import json
import re

import pytest

from workbench.foundation import vocab

pytestmark = pytest.mark.browser

CASE = "kfc-uk-2018"
STUDENT = "王小明"
ANSWER = "先在推特上承认断供，说明原因，并给出门店恢复营业的时间表。"


def test_makefile_serves_the_app_as_the_tests_do(kit):
    """``make app`` and these tests run Voila with the same settings."""
    recipe = re.search(r"^app:.*?(?=^\S|\Z)", (kit.REPO / "Makefile").read_text(),
                       re.M | re.S)
    assert recipe, "the Makefile has no app target"
    text = recipe.group(0)
    assert "$(VENV)/.runtime" in text.splitlines()[0]
    for flag in kit.VOILA_FLAGS:
        assert flag in text, flag
    assert "workbench_app.ipynb" in text and "app/jupyter" in text
    nb = json.loads((kit.REPO / "app" / "workbench_app.ipynb").read_text(encoding="utf-8"))
    assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")
    assert len(nb["cells"]) <= 2 and "工作台" in nb["metadata"]["title"]


def test_a_student_steps_through_a_real_case_and_compares(app_page, voila_server, kit):
    page = app_page.page
    app_page.open(lang="en")
    app = app_page.app
    assert page.title().startswith("危机公关案例工作台")
    assert "Step through" in app.locator(app_page.TABS).nth(1).inner_text()

    # the name goes into the journal's path; the stepper is rebuilt for it
    name = app.locator(".wb-app-student input")
    name.fill(STUDENT)
    name.press("Enter")
    app.locator(".wb-stepper", has_text=f"Student: {STUDENT}").wait_for()

    # pick a real case from the dropdown (titles in the current language)
    picker = app.locator(".wb-app-case select")
    assert "KFC" in option_text(picker, CASE)
    pick(picker, CASE)
    stepper = app.locator(".wb-stepper")
    stepper.locator(".wb-phase-intro").wait_for()
    page.wait_for_function(
        """() => [...document.querySelectorAll('.wb-stepper .vega-embed svg text')]
                 .some(t => t.textContent.includes('KFC'))""", timeout=30_000)
    assert app.locator(".vega-embed").count() == 1  # the stepper redraws the one chart

    # answer the first question: the brand's held-back moves of phase 1 appear
    area = stepper.locator(".wb-answer textarea").first
    area.fill(ANSWER)
    area.press("Tab")
    stepper.locator(".wb-reveal").first.click()  # typing saves; the reveal is asked for
    stepper.locator(".wb-revealed-note").wait_for()
    for phase in vocab.PHASE_LIST[1:]:
        stepper.locator(".wb-next").click()
        stepper.locator(".wb-phase-intro", has_text=phase.en).wait_for()
    assert stepper.locator("button.wb-next").is_disabled()
    journal = voila_server.work / STUDENT / f"{CASE}.json"
    data = json.loads(journal.read_text(encoding="utf-8"))
    assert ANSWER in data["answers"].values() and data["phase"] == "evaluate"

    # 中文: every label follows, the case picker too
    app.locator(".wb-app-language button", has_text="中文").click()
    stepper.locator(".wb-phase-intro", has_text="评估与反馈").wait_for()
    assert "逐步推进" in app.locator(app_page.TABS).nth(1).inner_text()
    assert "肯德基" in option_text(picker, CASE)
    page.wait_for_function(
        """() => [...document.querySelectorAll('.wb-stepper .vega-embed svg text')]
                 .some(t => t.textContent.includes('公众反应'))""", timeout=30_000)

    # the case brief: summary, sources as links
    app_page.tab(0)
    brief = app.locator(".wb-app-brief")
    brief.locator(".wb-app-sources a").first.wait_for()
    assert kit.has_chinese(brief.inner_text())

    # compare: the open case beside another, four more charts, all drawn
    app_page.tab(2)
    board = app.locator(".wb-board")
    board.wait_for()
    assert kit.wait_charts_drawn(page, ".wb-app", at_least=5) == 5
    assert "品牌比较" in board.inner_text() and "肯德基" in board.inner_text()

    # what a person sees: no error anywhere, Chinese text in a real font, nothing fetched
    assert kit.error_outputs(page) == []
    assert "Traceback" not in app.inner_text() and "There was an error" not in page.inner_text("body")
    assert app.locator(".wb-app-error, .wb-error").count() == 0
    assert kit.has_chinese(app.inner_text())
    assert kit.chinese_glyphs_differ(page), "Chinese is drawn as boxes: install fonts-noto-cjk"
    assert app_page.dialogs == [] and app_page.errors == []
    assert app_page.external == []  # offline: no CDN, no font service, nothing


def test_switching_cases_keeps_one_chart_widget(app_page, kit):
    page = app_page.page
    app_page.open(lang="zh", case="demo-lumen-2024", student="换案例")
    picker = app_page.app.locator(".wb-app-case select")
    for case_id in ("haidilao-2017", "united-3411-2017", "demo-lumen-2024"):
        pick(picker, case_id)
        page.locator(".wb-stepper .wb-saved", has_text=case_id).wait_for()
        assert page.locator(".wb-stepper").count() == 1
        assert kit.wait_charts_drawn(page, ".wb-app") == 1  # never a growing number of charts
    assert kit.error_outputs(page) == [] and app_page.dialogs == []


#: Projector (the app at most 1320 px wide) and full HD (zoomed to 125 % above 1700 px).
SIZES = [(1366, 768), (1920, 1080)]


def test_screenshots_for_a_projector(app_page, kit):
    """Screenshots of the stepper and the comparison at each size, checked for what a person
    would notice: no horizontal scrollbar, readable text, charts inside the page. One page
    load serves both sizes: the layout is CSS only (width cap, zoom by a media query), so a
    resized page is laid out as one opened at that size."""
    page = app_page.page
    app_page.open(lang="zh", case="haidilao-2017", student="投影")
    for width, height in SIZES:
        tag = f"app-{width}x{height}"
        page.set_viewport_size({"width": width, "height": height})
        app_page.tab(1)
        page.locator(".wb-stepper .vega-embed .marks").first.wait_for()
        page.wait_for_timeout(500)  # the media query's zoom applied, laid out again
        no_sideways_scroll(page)
        app_page.scroll_to(".wb-app")
        app_page.shot(f"{tag}-1-step-top")
        app_page.scroll_to(".wb-stepper .vega-embed")
        app_page.shot(f"{tag}-2-step-chart")
        app_page.scroll_to(".wb-stepper .wb-questions")
        app_page.shot(f"{tag}-3-step-questions")
        app_page.tab(2)
        kit.wait_charts_drawn(page, ".wb-app", at_least=5)
        no_sideways_scroll(page)
        app_page.scroll_to(".wb-app")
        app_page.shot(f"{tag}-4-compare-top")
        app_page.scroll_to(".wb-board .wb-chart-aligned")
        app_page.shot(f"{tag}-5-compare-charts")
        charts_fit(page)
        smallest = page.evaluate("""() => Math.min(...[...document.querySelectorAll(
            '.wb-app .widget-html-content, .wb-app button, .wb-app select, .wb-app textarea')]
            .filter(e => e.offsetParent && e.textContent.trim())
            .map(e => parseFloat(getComputedStyle(e).fontSize)))""")
        assert smallest >= 12, f"text of {smallest}px is too small to project ({tag})"
    # English labels are longer: the widest chart must still fit, at each size
    app_page.app.locator(".wb-app-language button", has_text="English").click()
    page.locator(".wb-board h2", has_text="Compare brands").wait_for()
    kit.wait_charts_drawn(page, ".wb-app-compare", at_least=4)
    page.wait_for_function("""() => [...document.querySelectorAll('.wb-chart-aligned svg text')]
                                     .some(t => t.textContent.includes('Hours'))""")
    for width, height in reversed(SIZES):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(500)
        app_page.scroll_to(".wb-app")
        app_page.shot(f"app-{width}x{height}-6-compare-english")
        charts_fit(page)
        no_sideways_scroll(page)
    assert kit.error_outputs(page) == [] and app_page.dialogs == []
    assert all((kit.ARTIFACTS / f"app-{w}x{h}-{n}.png").stat().st_size > 10_000
               for w, h in SIZES for n in ("1-step-top", "4-compare-top"))


def charts_fit(page) -> None:
    """Every drawn chart (its svg, legend included) ends inside the tab it is shown in."""
    cut = page.evaluate("""() => [...document.querySelectorAll('.wb-app .vega-embed svg.marks')]
        .filter(svg => svg.closest('.vega-embed').offsetParent)
        .map(svg => [svg.getBoundingClientRect().right,
                     svg.closest('.widget-tab-contents, .lm-TabPanel-stackedpanel, .wb-app')
                        .getBoundingClientRect().right,
                     svg.closest('.wb-chart, .vega-embed').className])
        .filter(([right, edge]) => right > edge + 1)""")
    assert cut == [], f"chart cut off at the right: {cut}"


def no_sideways_scroll(page) -> None:
    overflow = page.evaluate("""() => [...document.querySelectorAll('body, #rendered_cells, .wb-app')]
        .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.id || e.className)""")
    assert overflow == [], f"horizontal scrollbar in {overflow}"


def option_text(picker, case_id: str) -> str:
    """The label of ``case_id`` in the case dropdown ("title · id")."""
    return next(t for t in picker.locator("option").all_inner_texts() if case_id in t)


def pick(picker, case_id: str) -> None:
    texts = picker.locator("option").all_inner_texts()
    picker.select_option(index=next(i for i, t in enumerate(texts) if t.endswith(case_id)))
