"""An exported journal opened in a real browser (Debian's Chromium) with the network off.

What a student's instructor would see: the page opens from a file with no internet, the
charts are drawn (inline SVG, not empty), Chinese text renders with a real font (not
boxes), and no script from a case or an answer runs. Screenshots: test-artifacts/export-*.png.
Uses the ``chromium`` fixture of tests/browser/conftest.py (skips without Chromium; fails
instead when CI=true).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.journal import Journal
from workbench.io.export import export_journal

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
EVIL = "<script>alert(1)</script><img src=x onerror=alert(1)>"
ANSWER = "三小时内在微博发布致歉信，写明整改负责人。"


@pytest.fixture
def exported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hostile_case) -> Path:
    """Two cases' journals of 韩梅梅, with markup in an answer, a rating, a memo, a case
    summary and the case's event texts (which the chart carries in its aria-labels)."""
    hostile_case("haidilao-2017", tmp_path / "cases" / "haidilao-2017", EVIL)
    work = tmp_path / "work"
    for cid, phase in (("haidilao-2017", "coordinate"), ("demo-lumen-2024", "act")):
        j = Journal.load("韩梅梅", cid, journal_dir=work)
        j.set_answer("plan-1", ANSWER + "\n" + EVIL)
        j.set_answer("memo", "尊敬的 CEO：" + EVIL)
        j.set_rating("fast-response", 4, EVIL)
        j.set_rating("sincerity", 2, "感谢媒体属于逢迎策略")
        j.set_phase(phase)
    # the hostile copy is found under root=, the demo among the bundled cases
    return export_journal("韩梅梅", tmp_path / "韩梅梅.html", journal_dir=work, lang="zh",
                          root=tmp_path / "cases")


def test_export_opens_offline_draws_charts_and_runs_no_script(chromium, exported: Path):
    context = chromium.new_context(viewport={"width": 1100, "height": 1600}, locale="zh-CN",
                                   offline=True, java_script_enabled=True)
    requests: list[str] = []

    def only_the_file(route):
        requests.append(route.request.url)
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_the_file)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(exported.as_uri(), wait_until="load")
        page.wait_for_timeout(500)  # time for any onerror handler to fire, were there one

        # nothing was fetched but the file itself, and no script exists or ran
        assert [u for u in requests if not u.startswith("file://")] == []
        assert dialogs == [] and errors == []
        assert page.evaluate("document.scripts.length") == 0
        assert page.locator("img").count() == 0

        # the charts: one inline SVG per case, drawn (a real size, many marks, Chinese title)
        charts = page.locator("figure.wb-chart svg.marks")
        assert charts.count() == 2
        for i in range(2):
            box = charts.nth(i).bounding_box()
            assert box and box["width"] > 300 and box["height"] > 200
            assert charts.nth(i).locator("path, line, text").count() > 30
        assert "公众反应" in (charts.first.text_content() or "")

        # the page text: the Chinese answer, shown as text (markup escaped), the badges
        body = page.inner_text("body")
        assert ANSWER in body and EVIL in body and "公众反应：模拟数据" in body
        assert "海底捞" in body and "致 CEO 的备忘录" in body

        # Chinese renders with a font, not boxes: two different characters, different pixels
        page.evaluate("""() => { for (const c of ['中', '国']) { const s = document.createElement('span');
            s.className = 'probe'; s.textContent = c; s.style.fontSize = '48px';
            document.body.prepend(s); } }""")
        probe = page.locator("span.probe")
        assert probe.nth(0).screenshot() != probe.nth(1).screenshot(), "no Chinese font"
        page.evaluate("() => document.querySelectorAll('span.probe').forEach(s => s.remove())")

        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "export-top.png"))
        charts.nth(1).screenshot(path=str(ARTIFACTS / "export-chart-haidilao.png"))
        page.locator(".wb-case").nth(1).locator(".wb-q").filter(has_text=ANSWER).screenshot(
            path=str(ARTIFACTS / "export-answer-escaped.png"))
        page.locator(".wb-ratings").nth(1).screenshot(path=str(ARTIFACTS / "export-ratings.png"))
        summary = page.locator(".wb-case").nth(1).locator("p", has_text="alert(1)").first
        assert EVIL in summary.inner_text()  # the case summary's markup, shown as text
        summary.screenshot(path=str(ARTIFACTS / "export-summary-escaped.png"))
    finally:
        context.close()
