"""The board's chart widgets send valid JSON to the browser (no NaN)."""

from __future__ import annotations

import json

import workbench as wb


def test_board_charts_with_an_attention_only_case_are_valid_json(tmp_path):
    """The "not available" rows have no hours: they must be null, never NaN, also while a
    fresh student's decisions hold the moves back (the widget's message to the browser is
    JSON; notebook 03 warned in Lab)."""
    from ipywidgets.widgets.widget import _instances
    board = wb.CompareBoard(["kfc-uk-2018", "united-3411-2017"], student="新同学",
                            journal_dir=tmp_path)
    charts = [w for w in list(_instances.values()) if type(w).__name__ == "JupyterChart"]
    assert board is not None and charts
    for chart in charts:
        json.dumps(chart.spec, allow_nan=False)
