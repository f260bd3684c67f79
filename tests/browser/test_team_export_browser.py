"""A team's exported plan opened in Chromium with the network off: no script runs, the chart
draws, every member's name shows as text. Screenshot: test-artifacts/team-export.png."""

from __future__ import annotations

from pathlib import Path

import pytest

import workbench as wb
from workbench.core.team import RolePlan

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CASE = "demo-lumen-2024"
EVIL = "<script>alert(1)</script><img src=x onerror=alert(1)>"


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    lead = RolePlan.load("A组", CASE, "pr", student="韩梅梅", work_dir=tmp_path)
    lead.set_key_messages(["我们向用户道歉", "正在全面排查原因", "48 小时内公布结果"])
    lead.set_owners("plan", ["pr", "legal"])
    lead.set_owners("coordinate", ["pr"])
    lead.set_move("plan", text="两小时内在微博发布致歉声明", channel="weibo", hour=2,
                  strategies=["apology"], messages=[0, 1])
    lead.set_move("coordinate", text="召开发布会说明排查进展", channel="press-conference",
                  hour=20, strategies=["corrective-action"], messages=[1, 2])
    RolePlan.load("A组", CASE, "legal", student=EVIL, work_dir=tmp_path).set_move(
        "plan", text="声明产品符合标准 " + EVIL, channel="press-release", hour=3,
        strategies=["denial"], messages=[0], facts=["d5"])
    RolePlan.load("A组", CASE, "customer-service", student="李雷", work_dir=tmp_path).set_move(
        "act", text="开通退换货专线", channel="wechat", hour=26,
        strategies=["compensation"], messages=[0, 2])
    return wb.export_team("A组", CASE, tmp_path / "A组.html", work_dir=tmp_path, lang="zh")


def test_team_export_opens_offline_and_runs_no_script(chromium, exported: Path) -> None:
    context = chromium.new_context(viewport={"width": 1000, "height": 1800}, locale="zh-CN",
                                   offline=True)
    requests: list[str] = []

    def only_the_file(route):
        requests.append(route.request.url)
        (route.continue_ if route.request.url.startswith("file://") else route.abort)()

    context.route("**/*", only_the_file)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(exported.as_uri(), wait_until="load")
        page.wait_for_timeout(500)
        assert [u for u in requests if not u.startswith("file://")] == []
        assert dialogs == [] and page.evaluate("document.scripts.length") == 0
        assert page.locator("img").count() == 0
        chart = page.locator("figure.wb-chart svg")
        box = chart.first.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 80
        legal = page.locator("#role-legal h3").text_content() or ""
        assert "<script>alert(1)</script>" in legal  # the name shown as text, never run
        assert "韩梅梅" in (page.locator("#role-pr h3").text_content() or "")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "team-export.png"), full_page=True)
    finally:
        context.close()
