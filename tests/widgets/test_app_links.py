"""A mistyped app link says what it opened, in the chosen language, with no dangling dash."""

from __future__ import annotations

import workbench as wb
from workbench.widgets.app import App


def test_unknown_case_with_no_close_match_says_so_in_chinese(tmp_path):
    wb.set_language("zh")
    app = App.from_request("case=zzzzzzzz-qqqq&lang=zh", journal_dir=tmp_path)
    try:
        note = app.message.value
        assert "zzzzzzzz-qqqq" in note and "没有名称相近的案例" in note
        assert "—" not in note and app.case is not None and app.case.id in note
    finally:
        app.close()


def test_unknown_case_with_a_close_match_names_it(tmp_path):
    app = App.from_request("case=kfc-uk-2019&lang=en", journal_dir=tmp_path)
    try:
        assert "closest: kfc-uk-2018" in app.message.value
    finally:
        app.close()
        wb.set_language("zh")
