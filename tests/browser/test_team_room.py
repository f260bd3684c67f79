"""Two students, two roles of one team, in two browser pages of the classroom app.

Each page opens ``?case=…&team=…&role=…``; each types its move; the other page sees it
(by the room's poll, and after *Refresh*); both boards show both moves and the posture
conflict between them; then the legal student releases the role (the room says so, the
file is kept aside, and the PR page's board lists the role as waiting for a new holder). Screenshots: test-artifacts/team-room-*.png.
"""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.browser

CASE = "demo-lumen-2024"
TEAM = "A组"


def _open(helper, role: str, student: str) -> None:
    helper.page.goto(helper.server.page_url(case=CASE, team=TEAM, role=role, student=student,
                                            lang="zh"), wait_until="commit", timeout=120_000)
    helper.page.locator(".wb-team-room").wait_for(timeout=120_000)


def _type(helper, text: str, strategy: str) -> None:
    room = helper.page.locator(".wb-team-room")
    area = room.locator(".wb-team-move-text textarea")
    area.fill(text)
    area.press("Tab")
    room.locator(".wb-team-strategies select").select_option(label=strategy)
    room.locator(".wb-saved").wait_for()


def test_two_roles_of_one_team_see_each_other_and_the_conflict(app_page, chromium,
                                                               voila_server, kit):
    legal = app_page
    pr = kit.new_app_page(chromium, voila_server, viewport={"width": 1366, "height": 1800})
    try:
        _open(legal, "legal", "李雷")
        _open(pr, "pr", "韩梅梅")
        _type(legal, "法务：坚持原料合规，不承认过期", "否认 · 否认型")
        # the PR page follows by its poll, without a click
        pr.page.locator(".wb-team-moves-view", has_text="不承认过期").wait_for(timeout=20_000)
        _type(pr, "公关：两小时内在微博公开道歉", "道歉 · 重建型")
        for helper in (legal, pr):
            room = helper.page.locator(".wb-team-room")
            room.locator(".wb-team-refresh").click()
            moves = room.locator(".wb-team-moves-view")
            moves.filter(has_text="公开道歉").wait_for()
            moves.filter(has_text="不承认过期").wait_for()
            conflicts = room.locator(".wb-team-conflicts")
            conflicts.filter(has_text="否认型").wait_for()
        files = sorted((voila_server.work / "teams" / TEAM / CASE).glob("*.json"))
        assert [p.name for p in files] == ["legal.json", "pr.json"]
        saved = json.loads(files[0].read_text(encoding="utf-8"))
        assert saved["moves"]["team"]["strategies"] == ["denial"] and saved["student"] == "李雷"
        legal.scroll_to(".wb-team-moves-view")
        legal.shot("team-room-legal")
        pr.scroll_to(".wb-team-room")
        pr.shot("team-room-pr")
        # the legal student hands the role on: the room says so and stops writing
        room = legal.page.locator(".wb-team-room")
        room.locator(".wb-team-release").click()
        room.locator(".wb-team-released").wait_for(timeout=20_000)
        folder = voila_server.work / "teams" / TEAM / CASE
        assert not (folder / "legal.json").exists()
        assert len(list(folder.glob(".legal.json.released-*"))) == 1
        assert room.locator(".wb-team-move-text textarea").is_disabled()
        legal.scroll_to(".wb-team-room")
        legal.shot("team-room-released")
        legal.scroll_to(".wb-team-release")
        legal.shot("team-room-released-buttons")
        # the PR page's board follows by its poll: the role waits for a new holder
        board = pr.page.locator(".wb-team-released-roles", has_text="已释放，等待新的担任者")
        board.wait_for(timeout=20_000)
        assert "法务（李雷 释放）" in board.inner_text()
        pr.scroll_to(".wb-team-released-roles")
        pr.shot("team-room-released-board")
        assert not legal.errors and not pr.errors and not kit.error_outputs(legal.page)
        assert not legal.external and not pr.external and not legal.dialogs
    finally:
        pr.page.context.close()


def test_a_move_typed_before_the_name_is_kept_and_taken_over_by_it(chromium, voila_server, kit):
    helper = kit.new_app_page(chromium, voila_server, viewport={"width": 1366, "height": 1400})
    folder = voila_server.work / "teams" / "B组" / CASE
    try:
        helper.page.goto(helper.server.page_url(case=CASE, team="B组", role="hr", lang="zh"),
                         wait_until="commit", timeout=120_000)
        room = helper.page.locator(".wb-team-room")
        room.wait_for(timeout=120_000)
        room.locator(".wb-team-waiting").wait_for()
        helper.page.locator(".wb-app-name-first").wait_for()  # the app asks for the name
        area = room.locator(".wb-team-move-text textarea")
        area.fill("人事：安排值班")
        area.press("Tab")
        room.locator(".wb-waiting").wait_for()  # kept aside, not in the team
        assert not (folder / "hr.json").exists()
        helper.scroll_to(".wb-team-room")
        helper.shot("team-room-unnamed")
        name = helper.page.locator(".wb-app-student input")
        name.fill("王芳")
        name.press("Enter")
        helper.page.locator(".wb-team-taken-over").wait_for(timeout=60_000)
        saved = json.loads((folder / "hr.json").read_text(encoding="utf-8"))
        assert saved["student"] == "王芳" and saved["moves"]["team"]["text"] == "人事：安排值班"
        assert helper.page.locator(".wb-team-move-text textarea").input_value() == "人事：安排值班"
        helper.scroll_to(".wb-team-room")
        helper.shot("team-room-named")
        assert not helper.errors and not kit.error_outputs(helper.page) and not helper.external
    finally:
        helper.page.context.close()
