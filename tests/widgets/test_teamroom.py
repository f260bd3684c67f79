"""The team room driven from Python: two roles of one team, their moves, the reveal rule,
conflicts on the board, escaped text and the pacing seam."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

import workbench as wb
from workbench.widgets.teamroom import TeamRoom

CASE = "demo-lumen-2024"


@pytest.fixture
def rooms(tmp_path):
    wb.set_language("en")
    legal = TeamRoom(CASE, team="A组", role="legal", student="李雷", work_dir=tmp_path, poll=None)
    pr = TeamRoom(CASE, team="A组", role="pr", student="韩梅梅", work_dir=tmp_path, poll=None)
    yield legal, pr
    legal.close()
    pr.close()
    wb.set_language("zh")


def test_each_role_writes_its_own_file_and_sees_the_other_after_refresh(rooms, tmp_path):
    legal, pr = rooms
    legal.move_text.value = "暂停问题批次"
    legal.channel_picker.value = "weibo"
    legal.strategy_picker.value = ("corrective-action",)
    pr.move_text.value = "两小时内道歉"
    files = sorted(p.name for p in legal.plan.path.parent.glob("*.json"))
    assert files == ["legal.json", "pr.json"]
    saved = json.loads(legal.plan.path.read_text(encoding="utf-8"))
    assert saved["moves"]["team"]["strategies"] == ["corrective-action"]
    assert saved["moves"]["team"]["channel"] == "weibo" and saved["student"] == "李雷"
    for room in rooms:
        room.refresh_button.click()
        assert "暂停问题批次" in room.moves_view.value and "两小时内道歉" in room.moves_view.value


def test_the_lead_sets_key_messages_and_owners_and_others_can_carry_them(rooms):
    legal, pr = rooms
    assert legal.key_message_inputs == [] and legal.owner_picker is None
    pr.key_message_inputs[0].value = "我们道歉"
    pr.key_message_inputs[1].value = "正在调查"
    pr.owner_picker.value = ("pr",)
    legal.refresh_button.click()
    assert [label for label, _ in legal.message_picker.options] == ["1. 我们道歉", "2. 正在调查"]
    legal.move_text.value = "说明调查"
    legal.message_picker.value = (1,)
    assert legal.plan.moves["team"]["messages"] == [1]
    assert legal.team_plan.owners == {"team": ["pr"]}


def test_the_brand_move_stays_held_until_every_role_of_the_team_has_answered(rooms):
    legal, pr = rooms
    assert legal.hidden == ("d2",) and "d2" not in legal.visible_events["id"].tolist()
    legal.move_text.value = "法务先核实"
    legal.refresh_button.click()
    assert legal.hidden == ("d2",)  # the PR team has not answered yet
    assert "○" in legal.board_view.value
    pr.move_text.value = "公开道歉"
    legal.refresh_button.click()
    assert legal.hidden == () and "d2" in legal.visible_events["id"].tolist()


def test_typing_never_reveals_until_the_view_is_redrawn(rooms):
    legal, pr = rooms
    pr.move_text.value = "x"
    legal.move_text.value = "y"
    assert legal.hidden == ("d2",)  # typing saves; the reveal waits for Refresh
    legal.refresh_button.click()
    assert legal.hidden == ()


def test_show_me_the_brand_move_is_recorded_and_reveals_for_the_team(rooms):
    legal, pr = rooms
    legal.reveal_button.click()
    assert legal.hidden == () and legal.plan.revealed == ["team-1"]
    pr.refresh_button.click()
    assert pr.hidden == ()


def test_deny_beside_apology_is_flagged_as_a_conflict_and_a_phase_without_owner_as_a_gap(rooms):
    legal, pr = rooms
    legal.move_text.value = "不存在过期原料"
    legal.strategy_picker.value = ("denial",)
    pr.move_text.value = "向顾客道歉"
    pr.strategy_picker.value = ("apology",)
    legal.refresh_button.click()
    board = legal.board_view.value
    assert "Deny posture while PR team rebuilds" in board
    assert "no owner" in board  # nobody owns phase 1 yet
    pr.owner_picker.value = ("pr", "legal")
    legal.refresh_button.click()
    assert "double ownership" in legal.board_view.value
    assert "no owner" not in legal.board_view.value


def test_student_text_is_escaped_everywhere(tmp_path):
    wb.set_language("en")
    pr = TeamRoom(CASE, team="<i>t</i>", role="pr", student="<b>x</b>", work_dir=tmp_path,
                  poll=None)
    try:
        pr.move_text.value = "<script>alert(1)</script>"
        pr.key_message_inputs[0].value = "<img src=x onerror=alert(1)>"
        pr.refresh_button.click()
        shown = pr.moves_view.value + pr.board_view.value + pr.header.value
        assert "<script>" not in shown and "<img" not in shown and "<b>x" not in shown
        assert "&lt;script&gt;" in shown and "&lt;img" in shown and "&lt;b&gt;x" in shown
    finally:
        pr.close()
        wb.set_language("zh")


def test_a_closed_phase_cannot_be_opened_and_an_inject_is_shown(tmp_path):
    wb.set_language("en")
    drill = SimpleNamespace(is_open=lambda phase: phase in ("team", "analyse"),
                            released=("d5",))
    room = TeamRoom(CASE, team="B组", role="legal", work_dir=tmp_path, pacing=drill, poll=None)
    try:
        assert room.step_buttons[2].disabled and not room.step_buttons[1].disabled
        assert "d5" in room.visible_events["id"].tolist()
        room.go("plan")
        assert room.phase == "team" and "wb-team-closed" in room.notice.value
        room.go("analyse")
        assert room.phase == "analyse"
    finally:
        room.close()
        wb.set_language("zh")


def test_a_reopened_room_restores_the_move(tmp_path):
    room = TeamRoom(CASE, team="C组", role="legal", student="李雷", work_dir=tmp_path, poll=None)
    room.move_text.value = "核实"
    room.strategy_picker.value = ("corrective-action",)
    room.hour_input.value = 3.5
    room.close()
    again = TeamRoom(CASE, team="C组", role="legal", student="李雷", work_dir=tmp_path,
                     poll=None)
    try:
        assert again.move_text.value == "核实" and again.hour_input.value == 3.5
        assert again.strategy_picker.value == ("corrective-action",)
    finally:
        again.close()


@pytest.mark.parametrize(("lang", "unnamed", "waiting"), [
    ("zh", "请先填写你的名字", "还没有填写名字"), ("en", "Type your name first", "No name yet")])
def test_an_unnamed_member_writes_nothing_in_the_team_until_a_name_takes_it_over(
        tmp_path, lang, unnamed, waiting):
    wb.set_language(lang)
    room = TeamRoom(CASE, team="D组", role="legal", work_dir=tmp_path, poll=None)
    named = None
    try:
        assert room.header.value.endswith(f" · {unnamed}</span></div>"), room.header.value
        assert waiting in room.notice.value and room.release_button.disabled
        room.move_text.value = "核实"
        room.strategy_picker.value = ("corrective-action",)
        folder = tmp_path / "teams" / "D组" / CASE
        assert not list(folder.glob("*.json")) if folder.is_dir() else True  # nothing written
        assert "wb-waiting" in room.status.value and "wb-error" not in room.status.value
        assert "anonymous" not in room.header.value
        named = TeamRoom(CASE, team="D组", role="legal", student="李雷", work_dir=tmp_path,
                         poll=None)  # the first name typed (the app rebuilds the room)
        saved = json.loads((folder / "legal.json").read_text(encoding="utf-8"))
        assert saved["student"] == "李雷" and saved["moves"]["team"]["text"] == "核实"
        assert saved["moves"]["team"]["strategies"] == ["corrective-action"]
        assert named.move_text.value == "核实" and "李雷" in named.status.value
        assert not room.plan.path.exists()  # the scratch copy is gone
    finally:
        room.close()
        if named is not None:
            named.close()
        wb.set_language("en")


def test_the_app_keeps_a_team_move_typed_before_the_name(tmp_path, monkeypatch):
    from workbench.widgets.app import App

    monkeypatch.delenv("WORKBENCH_STUDENT", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    wb.set_language("en")
    app = App(case=CASE, lang="en", student="", journal_dir=tmp_path, team="G组", role="pr")
    try:
        assert "Type your name" in app.message.value and not app.team_room.named
        app.team_room.move_text.value = "两小时内道歉"
        app.team_room.key_message_inputs[0].value = "我们道歉"
        assert not (tmp_path / "teams" / "G组" / CASE / "pr.json").exists()
        app.student.value = "韩梅梅"
        saved = json.loads((tmp_path / "teams" / "G组" / CASE / "pr.json").read_text(
            encoding="utf-8"))
        assert saved["student"] == "韩梅梅" and saved["moves"]["team"]["text"] == "两小时内道歉"
        assert saved["key_messages"] == ["我们道歉"] and app.team_room.named
        assert app.message.value == ""
    finally:
        app.close()


def test_a_released_file_not_left_by_its_holder_is_not_carried_and_the_room_says_so(tmp_path):
    wb.set_language("en")
    folder = tmp_path / "teams" / "H组" / CASE
    folder.mkdir(parents=True)
    (folder / ".legal.json.released-29990101T000000000000Z").write_text(json.dumps(
        {"student": "李雷", "account": "not-this-account", "moves": {"team": {"text": "假的"}}}),
        encoding="utf-8")
    room = TeamRoom(CASE, team="H组", role="legal", student="韩梅梅", work_dir=tmp_path, poll=None)
    try:
        assert room.move_text.value == "" and room.plan.moves == {}
        assert "not carried over" in room.notice.value and "start from empty" in room.notice.value
        room.refresh(force=True)  # still said after a redraw
        assert "not carried over" in room.notice.value
    finally:
        room.close()


def test_a_mistyped_key_message_shows_one_line_not_a_traceback(rooms):
    _, pr = rooms
    pr.key_message_inputs[0].value = "长" * 200
    assert "wb-error" in pr.status.value and "at most 80" in pr.status.value


def test_a_session_without_a_drill_leaves_every_phase_open(tmp_path):
    room = TeamRoom(CASE, team="D组", role="legal", work_dir=tmp_path, session="周三", poll=None)
    try:
        assert not any(b.disabled for b in room.step_buttons)
        room.go("act")
        assert room.phase == "act"
    finally:
        room.close()


def test_the_room_follows_the_instructors_drill(tmp_path):
    drill = wb.Pacing.load(tmp_path, CASE, session="周三")
    drill.open_phase("analyse")
    drill.release("d5")
    room = TeamRoom(CASE, team="E组", role="legal", work_dir=tmp_path, session="周三", poll=None)
    try:
        assert [b.disabled for b in room.step_buttons] == [False, False, True, True, True, True]
        assert "d5" in room.visible_events["id"].tolist()
        drill.open_phase("plan")
        room.poll_once()  # what the poll does every few seconds
        assert not room.step_buttons[2].disabled
        room.go("plan")
        assert room.phase == "plan"
    finally:
        room.close()


def test_release_hands_the_role_to_the_next_student(tmp_path):
    wb.set_language("en")
    mine = TeamRoom(CASE, team="F组", role="legal", student="李雷", work_dir=tmp_path, poll=None)
    theirs = None
    try:
        mine.move_text.value = "暂停问题批次"
        mine.release_button.click()
        assert mine.release_button.disabled and mine.move_text.disabled
        assert "You released the role" in mine.notice.value and "wb-error" not in mine.status.value
        assert "Released — waiting for a new holder: Legal (released by 李雷)" in (
            mine.board_view.value)
        mine.refresh(force=True)  # a redraw (the poll, a phase) keeps the room shut
        assert mine.move_text.disabled and mine.reveal_button.disabled
        theirs = TeamRoom(CASE, team="F组", role="legal", student="韩梅梅", work_dir=tmp_path,
                          poll=None)
        assert theirs.move_text.value == "暂停问题批次"  # carried on from where it was left
        assert theirs.team_plan.members == {"legal": "韩梅梅"}
    finally:
        mine.close()
        if theirs is not None:
            theirs.close()
        wb.set_language("zh")
