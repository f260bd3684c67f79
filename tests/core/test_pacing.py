"""The drill's pacing file: round trip, concurrent instructors, injects seen before their phase."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import workbench as wb
from workbench.core import pacing
from workbench.core.pacing import KIND, Pacing, PacingError, injects, pacing_path, read_pacing

CASE = "demo-lumen-2024"
EDITS = 100


def test_round_trip_and_the_file_format(tmp_path: Path) -> None:
    drill = Pacing.load(tmp_path, CASE, session="周三 1班")
    assert not drill.paced and drill.is_open("evaluate") and drill.current is None
    drill.open_phase("plan")
    drill.release("d5")
    path = pacing_path(CASE, session="周三 1班", class_dir=tmp_path)
    assert path == tmp_path / "drills" / "周三 1班" / f"{CASE}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["kind"] == KIND and data["case"] == CASE and data["session"] == "周三 1班"
    assert data["open"] == ["team", "analyse", "plan"]
    assert [r["event"] for r in data["released"]] == ["d5"] and data["released"][0]["at"]
    assert data["revision"] == 2
    again = Pacing.load(tmp_path, CASE, session="周三 1班")
    assert again.paced and again.open_phases == ("team", "analyse", "plan")
    assert again.released == ("d5",) and again.current == "plan"
    assert again.is_open("analyse") and not again.is_open("coordinate")
    again.close_phase("analyse")
    assert again.open_phases == ("team",)
    again.withdraw("d5")
    assert again.released == ()
    assert drill.reload() and drill.open_phases == ("team",)
    assert not drill.reload()  # nothing changed since
    drill.end()
    assert not path.exists() and not Pacing.load(tmp_path, CASE, session="周三 1班").paced
    assert not list(path.parent.glob("*.tmp"))


def test_release_time_survives_later_changes(tmp_path: Path) -> None:
    drill = Pacing.load(tmp_path, CASE)
    drill.release("d5")
    first = json.loads(drill.path.read_text(encoding="utf-8"))["released"][0]["at"]
    drill.open_phase("act")
    assert json.loads(drill.path.read_text(encoding="utf-8"))["released"][0]["at"] == first


def test_bad_phase_and_event_are_one_line_errors(tmp_path: Path) -> None:
    case = wb.load_case(CASE)
    drill = Pacing.load(tmp_path, CASE)
    with pytest.raises(PacingError, match=r"phase: unknown phase 'plann'.*did you mean 'plan'"):
        drill.open_phase("plann")
    with pytest.raises(PacingError, match="release: no event 'd99'"):
        drill.release("d99", case)
    assert not drill.path.exists()


def test_sessions_cases_and_names_stay_apart_and_inside(tmp_path: Path) -> None:
    Pacing.load(tmp_path, CASE, session="a").open_phase("act")
    assert not Pacing.load(tmp_path, CASE, session="b").paced
    assert not Pacing.load(tmp_path, "haidilao-2017", session="a").paced
    evil = pacing_path("../../x", session="../../y", class_dir=tmp_path)
    assert tmp_path / "drills" in evil.parents


@pytest.mark.parametrize("content", ["{broken", "[]", '{"kind": "other"}', "\ufffe\x00"])
def test_a_damaged_file_reads_as_no_drill_and_the_next_change_repairs_it(
        tmp_path: Path, content: str) -> None:
    path = pacing_path(CASE, class_dir=tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="utf-8")
    assert read_pacing(path)["paced"] is False
    drill = Pacing.load(tmp_path, CASE)
    assert not drill.paced
    drill.open_phase("team")
    assert Pacing.load(tmp_path, CASE).open_phases == ("team",)


def test_polling_an_unchanged_file_reuses_the_parsed_state(tmp_path: Path, monkeypatch) -> None:
    drill = Pacing.load(tmp_path, CASE)
    drill.open_phase("team")
    read_pacing(drill.path)
    calls = []

    def refused(*args, **kwargs):
        calls.append(args)
        raise OSError("patched: no read expected")

    monkeypatch.setattr(pacing, "open", refused, raising=False)
    for _ in range(5):
        assert read_pacing(drill.path)["open"] == ["team"]
    assert calls == []
    os.utime(drill.path, ns=(1, 1))  # changed: read again (here the patched open fails)
    assert read_pacing(drill.path)["paced"] is False and len(calls) == 1


def test_released_injects_are_visible_before_their_phase(tmp_path: Path) -> None:
    case = wb.load_case(CASE)
    drill = Pacing.load(tmp_path, CASE)
    drill.open_phase("plan")
    offered = injects(case, drill)
    brand = set(case.events.loc[case.events["brand_side"].astype(bool), "id"])
    assert offered and not set(offered) & brand  # the teams' own decisions stay theirs
    assert "d5" in offered and "d1" not in offered
    shown = set(case.visible_at("plan").events["id"])
    assert not set(offered) & shown
    assert "d5" not in set(drill.visible(case, "plan").events["id"])
    drill.release("d5", case)
    seen = drill.visible(case, "plan").events["id"].tolist()
    assert "d5" in seen and shown <= set(seen)
    assert "d5" not in injects(case, drill)
    # a released inject is not held back, and the reactions still stop at the phase end
    assert len(drill.visible(case, "plan").reactions) == len(case.visible_at("plan").reactions)


def _opener(folder: str, tag: str, start) -> None:
    start.wait()
    drill = Pacing.load(folder, CASE, session="s")
    for i in range(EDITS):
        drill.release(f"{tag}-{i}")
        if i % 25 == 0:
            drill.open_phase(["team", "analyse", "plan", "coordinate"][i // 25])


def test_two_instructor_processes_lose_no_change(tmp_path: Path, run_together) -> None:
    run_together(_opener, [(str(tmp_path), tag) for tag in ("a", "b")])
    drill = Pacing.load(tmp_path, CASE, session="s")
    assert len(drill.released) == 2 * EDITS
    assert {f"{t}-{i}" for t in "ab" for i in range(EDITS)} == set(drill.released)
    assert drill.open_phases == ("team", "analyse", "plan", "coordinate")
    assert drill.revision == 2 * (EDITS + 4)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_held_drill_file_says_so_not_the_journal(tmp_path: Path, monkeypatch, lang) -> None:
    from filelock import FileLock

    from workbench.core import journal
    from workbench.core.team import RolePlan
    monkeypatch.setattr(journal, "LOCK_TIMEOUT", 0.1)
    wb.set_language(lang)
    drill = Pacing.load(tmp_path, CASE, session="s")
    plan = RolePlan.load("A组", CASE, "pr", student="王芳", work_dir=tmp_path)
    for path, change, words in [
            (drill.path, lambda: drill.open_phase("team"),
             {"en": "class drill file", "zh": "课堂演练文件"}),
            (plan.path, lambda: plan.set_move("team", text="x"),
             {"en": "team role file", "zh": "小组角色文件"})]:
        held = FileLock(str(journal.lock_path(path)), is_singleton=False)
        held.acquire()
        try:
            with pytest.raises(journal.JournalBusy) as err:
                change()
        finally:
            held.release()
        assert words[lang] in str(err.value) and "journal" not in str(err.value)
        assert path.name in str(err.value)
