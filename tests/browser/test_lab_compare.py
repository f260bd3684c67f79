"""Notebook 03 in JupyterLab and Chromium: the board renders offline, a rating reaches the journal."""

from __future__ import annotations

import json

import pytest

NOTEBOOK = "notebooks/03_compare_brands.ipynb"

pytestmark = pytest.mark.browser


def test_board_renders_and_saves_a_rating(lab):
    page = lab.page
    lab.open(NOTEBOOK)
    lab.run_all()
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
    journal = lab.server.work / "学生甲" / f"{case_id}.json"  # the name 02 remembered
    data = json.loads(journal.read_text(encoding="utf-8"))
    assert data["ratings"]["fast-response"] == {"score": 2, "note": "回应慢于峰值"}
    lab.shot("compare-2-rated", board.locator(".wb-board-scorecard"))
