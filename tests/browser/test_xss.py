"""Markup in a case is shown as text, never run: the classroom app in a real browser.

A temporary case (a copy of the fictional demo case) carries an XSS corpus in every text
field a case has — title, brand, summary, industry, provenance note, source titles and
publishers, event summaries, questions, post text — and in what a URL may hold while still
being a valid http(s) address. The student name in the page address carries markup too.
Served by its own Voila (``$WORKBENCH_CASES`` → the temporary folder), the app is opened,
its three tabs shown, a question answered, a chart tooltip hovered, the language switched.
Nothing may open a dialog, no injected element or style may exist, and the markup must be
readable on the page as text. Screenshot: test-artifacts/xss-*.png.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
import yaml

import workbench as wb
from workbench.foundation import vocab

pytestmark = pytest.mark.browser

CASE = "xss-lab-2024"
CORPUS = {
    "script": "<script>alert('xss-script')</script>",
    "img": "<img src=x onerror=alert('xss-img')>",
    "svg": "\"><svg onload=alert('xss-svg')>",
    "js": "javascript:alert('xss-js')",
    "link": "<a href=\"javascript:alert('xss-a')\">click me</a>",
    "style": "<style>.wb-app{display:none!important}body{background:rgb(255,0,0)!important}</style>",
    "quote": "' onmouseover='alert(1)' data-x='",
    "iframe": "<iframe src=\"javascript:alert('xss-iframe')\"></iframe>",
}
EVIL = " ".join(CORPUS.values())
#: Valid http(s) addresses (no spaces) that try to break out of the href attribute.
EVIL_URLS = ["https://example.org/\"><svg/onload=alert('xss-url')>",
             "https://example.org/x'onmouseover='alert(1)'"]
STUDENT = "<img src=x onerror=alert('xss-student')>"


def evil_case(root) -> None:
    """Write the XSS case into ``root`` (and a real case beside it, for the comparison)."""
    folder = root / CASE
    shutil.copytree(wb.load_case("demo-lumen-2024").folder, folder)
    shutil.copytree(wb.load_case("haidilao-2017").folder, root / "haidilao-2017")
    meta = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    meta["id"] = CASE
    for key in ("title", "brand", "summary", "outcome"):
        meta[key] = {lang: f"{text} {EVIL}" for lang, text in meta[key].items()}
    meta["industry"] = f"tea {CORPUS['js']} {CORPUS['img']}"
    meta["provenance"]["note"] = {k: f"{v} {EVIL}" for k, v in meta["provenance"]["note"].items()}
    for source, url in zip(meta["sources"], EVIL_URLS, strict=True):
        source["title"] = f"{source['title']} {EVIL}"
        source["publisher"] = CORPUS["svg"] + " " + CORPUS["js"]
        source["url"] = url
    (folder / "case.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False),
                                      encoding="utf-8")
    events = pd.read_csv(folder / "events.csv", dtype=str, keep_default_na=False)
    for column in ("summary_zh", "summary_en"):
        events[column] = events[column] + " " + EVIL
    events.to_csv(folder / "events.csv", index=False)
    questions = yaml.safe_load((folder / "questions.yaml").read_text(encoding="utf-8"))
    for items in questions.values():
        for q in items:
            q["zh"], q["en"] = f"{q['zh']} {EVIL}", f"{q['en']} {EVIL}"
    (folder / "questions.yaml").write_text(yaml.safe_dump(questions, allow_unicode=True),
                                           encoding="utf-8")
    posts = pd.read_csv(folder / "posts.csv", dtype=str, keep_default_na=False)
    posts["text"] = EVIL + " " + posts["text"]
    posts.to_csv(folder / "posts.csv", index=False)


@pytest.fixture(scope="module")
def xss_server(tmp_path_factory, chromium, kit):
    kit.voila_available()
    root = tmp_path_factory.mktemp("xss-cases")
    evil_case(root)
    case = wb.load_case(root / CASE)  # the corpus is valid case data
    assert EVIL in case.meta.title.zh and EVIL in case.posts["text"].iloc[0]
    server = kit.VoilaServer(tmp_path_factory.mktemp("xss-voila"), cases=root)
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def injected(page) -> list[str]:
    """Elements or styles the corpus would have created, were anything unescaped."""
    return page.evaluate("""() => {
        const found = [];
        const app = document.querySelector('.wb-app');
        for (const e of app.querySelectorAll('*')) {
            for (const a of e.getAttributeNames())
                if (a.startsWith('on')) found.push(`${e.tagName}[${a}]`);
            if (/^(SCRIPT|IFRAME|STYLE)$/.test(e.tagName) && /xss|rgb\\(255,0,0\\)/.test(e.outerHTML))
                found.push(e.tagName);
        }
        document.querySelectorAll('img[src="x"], svg[onload], a[href^="javascript"], iframe')
            .forEach(e => found.push(e.outerHTML.slice(0, 80)));
        document.querySelectorAll('a[href]').forEach(a => {
            if (!/^(https?:|#|$)/.test(a.getAttribute('href'))) found.push(a.outerHTML.slice(0, 80)); });
        if (getComputedStyle(document.body).backgroundColor === 'rgb(255, 0, 0)') found.push('red body');
        if (getComputedStyle(app).display === 'none') found.push('app hidden');
        return found; }""")


def test_case_markup_is_shown_as_text_and_never_runs(chromium, xss_server, kit):
    app_page = kit.new_app_page(chromium, xss_server)
    page = app_page.page
    try:
        app_page.open(case=CASE, lang="zh", student=STUDENT)
        assert injected(page) == [] and app_page.dialogs == []  # every tab is in the DOM now
        app = app_page.app
        stepper = app.locator(".wb-stepper")
        assert f"学生：{STUDENT}" in stepper.inner_text()  # the name from the address, as text

        # the brief: title, summary, note, sources (links only to http(s)), posts
        app_page.tab(0)
        brief = app.locator(".wb-app-brief")
        brief.locator(".wb-app-posts li").first.wait_for()
        text = brief.inner_text()
        for piece in CORPUS.values():
            assert piece.strip() in text or piece in text.replace("\n", " "), piece
        hrefs = brief.locator(".wb-app-sources a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))")
        assert hrefs == EVIL_URLS  # the address as given, inside its attribute
        app_page.shot("xss-1-brief")
        assert injected(page) == []

        # the stepper: answer (reveals a brand move), hover its rule for the tooltip
        app_page.tab(1)
        area = stepper.locator(".wb-answer textarea").first
        area.fill(EVIL)
        area.press("Tab")
        stepper.locator(".wb-reveal").first.click()  # typing saves; the reveal is asked for
        stepper.locator(".wb-revealed-note").wait_for()
        assert CORPUS["img"] in stepper.locator(".wb-event-card").last.inner_text()
        rules = stepper.locator(".vega-embed [aria-roledescription='rule mark']")
        page.wait_for_function(
            "() => document.querySelectorAll(\".wb-stepper .vega-embed [aria-roledescription='rule mark']\").length > 0")
        for rule in rules.all():
            box = rule.bounding_box()
            if box and box["height"] > 40:
                page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        shown = page.locator("#vg-tooltip-element.visible")
        if shown.count():
            assert "onerror" in shown.inner_text()  # the summary, as text
        app_page.scroll_to(".wb-stepper .wb-questions")
        assert CORPUS["svg"] in stepper.locator(".wb-questions").inner_text()
        app_page.shot("xss-2-stepper")
        stepper.locator(".wb-next").click()
        stepper.locator(".wb-phase-intro", has_text=vocab.PHASES["analyse"].zh).wait_for()
        assert injected(page) == []

        # English, then the comparison with a real case
        app.locator(".wb-app-language button", has_text="English").click()
        stepper.locator(".wb-phase-intro", has_text="Collect and analyse").wait_for()
        app_page.tab(2)
        kit.wait_charts_drawn(page, ".wb-app", at_least=5)
        board_text = app.locator(".wb-board").inner_text()
        assert CORPUS["img"] in board_text and "<script>" in board_text
        app_page.shot("xss-3-compare")

        assert injected(page) == []
        assert app_page.dialogs == [], app_page.dialogs
        assert kit.error_outputs(page) == [] and app_page.errors == []
        assert page.evaluate("() => [...document.scripts].some(s => s.textContent.includes('xss'))") \
            is False
    finally:
        page.context.close()
