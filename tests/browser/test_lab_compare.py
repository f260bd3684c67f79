"""Notebook 03 in JupyterLab and Chromium: the board renders offline, each board shows the
brands its heading names (issue #20, item 4: Run All leaves the first board on the three
brands, the second on the pair), a rating reaches the journal of the student named once."""

from __future__ import annotations

import json

import pytest

NOTEBOOK = "notebooks/03_compare_brands.ipynb"
RUN = 300_000  # ms for Run All: the class server (or CI machine) may be busy

pytestmark = pytest.mark.browser


def test_board_renders_and_saves_a_rating(lab, kit):
    page = lab.page
    page.set_default_timeout(120_000)
    lab.open(NOTEBOOK)
    lab.run_all(RUN)
    kit.ran_clean(lab, "03_compare_brands.ipynb")  # what every notebook is checked for

    boards = page.locator(".wb-board")
    page.wait_for_function(  # both boards have drawn their table
        "[...document.querySelectorAll('.wb-board .wb-board-table')]"
        ".filter(t => t.textContent.trim()).length >= 2", timeout=RUN)
    first = boards.first.locator(".wb-board-table").text_content()
    second = boards.nth(1).locator(".wb-board-table").text_content()
    assert all(b in first for b in ("海底捞", "奔驰", "杜嘉班纳")), first[:300]
    assert "肯德基" not in first
    assert "肯德基" in second
    lab.shot("lab-newcomer-3-first-board", boards.first)

    board = page.locator(".wb-board").last
    board.wait_for()
    page.wait_for_function(
        "document.querySelectorAll('.wb-board .vega-embed .marks').length >= 4",
        timeout=60_000)
    assert board.locator(".vega-embed").count() == 4  # one chart widget per view
    assert "品牌比较" in board.inner_text()
    assert "模拟数据" in board.locator(".wb-board-table").inner_text()
    lab.shot("compare-1-board", board)

    shown = board.locator(".wb-scorecard-case select").input_value()  # "brand · case-id"
    case_id = shown.replace("\xa0", " ").rsplit(" · ", 1)[-1]
    row = board.locator(".wb-rating-row").nth(3)  # 快速响应 fast response
    row.locator(".wb-rating-note input").fill("回应慢于峰值")
    row.locator(".wb-rating-note input").press("Enter")
    row.locator(".wb-rating-score button", has_text="2").click()
    board.locator(".wb-saved", has_text="已保存").wait_for()
    journal = lab.server.work / kit.STUDENT / f"{case_id}.json"  # the name 02 remembered
    data = json.loads(journal.read_text(encoding="utf-8"))
    assert data["ratings"]["fast-response"] == {"score": 2, "note": "回应慢于峰值"}
    lab.shot("compare-2-rated", board.locator(".wb-board-scorecard"))
