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


def test_a_team_link_opens_the_team_room_for_that_role(tmp_path):
    app = App.from_request("case=demo-lumen-2024&team=A组&role=legal&student=李雷&lang=en",
                           journal_dir=tmp_path)
    try:
        room = app.team_room
        assert room is not None and app.stepper is None and app.message.value == ""
        assert (room.plan.team, room.plan.role, room.plan.student) == ("A组", "legal", "李雷")
        assert app.tabs.get_title(1) == "Team room" and app.case.id == "demo-lumen-2024"
    finally:
        app.close()
        wb.set_language("zh")


def test_a_mistyped_role_opens_the_closest_and_says_so(tmp_path):
    wb.set_language("zh")
    app = App.from_request("case=demo-lumen-2024&team=A组&role=legl", journal_dir=tmp_path)
    try:
        assert app.team_room.plan.role == "legal"
        assert "legl" in app.message.value and "legal" in app.message.value
    finally:
        app.close()


def test_an_unknown_role_opens_the_stepper_and_says_so(tmp_path):
    app = App.from_request("case=demo-lumen-2024&team=A组&role=zzzz&lang=en",
                           journal_dir=tmp_path)
    try:
        assert app.team_room is None and app.stepper is not None
        assert "zzzz" in app.message.value and "phase stepper" in app.message.value
    finally:
        app.close()
        wb.set_language("zh")
