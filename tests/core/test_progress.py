"""The reveal rule (workbench.core.progress) and the question keys before:/stage:."""

from __future__ import annotations

from pathlib import Path

import pytest

import workbench as wb
from workbench.core import progress
from workbench.core.progress import Progress
from workbench.foundation import vocab

PHASES = vocab.PHASE_SLUGS


@pytest.fixture
def demo():
    return wb.load_case("demo-lumen-2024")


def write_questions(folder: Path, text: str) -> None:
    (folder / "questions.yaml").write_text(text, encoding="utf-8")


def test_a_fresh_student_sees_no_anchored_move_in_any_phase(demo):
    fresh = Progress()
    held = progress.held(demo, fresh)
    assert {"d2", "d4", "d7", "d9"} <= held
    for phase in PHASES:  # whichever phase the student jumps to
        shown = set(progress.view(demo, phase, fresh).events["id"])
        assert not shown & held, phase
        assert "d1" in shown  # the trigger always


def test_before_holds_the_anchor_and_every_later_brand_move(demo):
    d = next(d for d in progress.decisions(demo) if d.id == "plan-1")
    ev = demo.events.set_index("id")
    held = progress.held_by(demo, d)
    at = ev.loc["d4", "at"]
    later = ev[ev["brand_side"] & (ev["at"] >= at)].index
    assert held == set(later) and "d4" in held and "d2" not in held
    assert not held & set(ev[~ev["brand_side"]].index)  # the regulator, the media: shown


def test_moving_on_without_answering_never_reveals(demo):
    walked = Progress(phase="evaluate")
    for phase in PHASES:
        view = progress.view(demo, phase, walked)
        assert "d4" not in set(view.events["id"])
    assert "d4" in progress.view(demo, "evaluate", walked).hidden


def test_an_answer_or_an_explicit_reveal_closes_a_decision(demo):
    assert "d4" in progress.held(demo, Progress(answers={"plan-1": "   "}))  # blank: no answer
    answered = Progress(answers={"team-1": "x", "plan-1": "apologise"})
    revealed = Progress(answers={"team-1": "x"}, revealed=frozenset({"plan-1"}))
    for p in (answered, revealed):
        assert "d4" not in progress.held(demo, p)
        assert "d4" in set(progress.view(demo, "plan", p).events["id"])
    # a journal from before `revealed`: a skipped phase counts as revealed
    old = Progress(answers={"team-1": "x"}, skipped=("plan",))
    assert "d4" not in progress.held(demo, old)


def test_reveal_always_shows_everything(demo):
    for phase in PHASES:
        view = progress.view(demo, phase, Progress(), reveal="always")
        assert view.hidden == ()
        assert list(view.events["id"]) == list(demo.visible_at(phase).events["id"])
    assert progress.open_decisions(demo, Progress(), reveal="always") == []
    with pytest.raises(ValueError, match="did you mean 'always'"):
        progress.view(demo, "plan", Progress(), reveal="allways")


def test_stages_decisions_first_then_the_rest_after_the_reveal(demo):
    fresh = Progress()
    ids = lambda phase, p: [q["id"] for q in progress.shown_questions(demo, phase, p)]  # noqa: E731
    assert ids("plan", fresh) == ["plan-1"]
    assert ids("team", fresh) == ["team-1", "team-2"]  # stage: before overrides the default
    assert ids("analyse", fresh) == ["analyse-1", "analyse-2"]  # no decision: all at once
    done = Progress(answers={"team-1": "x", "plan-1": "y"})
    assert ids("plan", done) == ["plan-1", "plan-2"]
    # coordinate-3 (stage: after) waits while its phase's decision is open
    assert "coordinate-3" not in ids("coordinate", done)
    assert "coordinate-3" in ids("coordinate", Progress(answers={**done.answers,
                                                                  "coordinate-1": "z"}))
    assert len(progress.shown_questions(demo, "plan", fresh, reveal="always")) == 2


def test_a_decision_without_before_holds_its_phase_moves(demo_folder):
    write_questions(demo_folder, "plan:\n  - zh: 你会怎么说？\n    en: What would you say?\n"
                                 "    decision: true\n")
    case = wb.load_case(demo_folder)
    fresh = Progress()
    assert progress.view(case, "plan", fresh).hidden == ("d4",)
    assert progress.view(case, "team", fresh).hidden == ()  # other phases hold nothing
    assert "d4" in progress.view(case, "act", fresh).hidden  # and moving on keeps it held
    assert progress.view(case, "plan", Progress(answers={"plan-1": "x"})).hidden == ()


def test_furthest_phase_and_what_counts_as_answered(demo):
    assert progress.furthest(demo, Progress()) is None
    assert progress.furthest(demo, Progress(phase="team", answers={"act-1": "x"})) == "act"
    assert progress.furthest(demo, Progress(phase="plan", answers={"team-1": " "})) == "plan"
    assert progress.Progress.of({"phase": "nowhere", "answers": {"a": "b"}}).phase is None


def test_phase_of_uses_the_case_for_explicit_ids(demo_folder):
    write_questions(demo_folder, "plan:\n  - id: first-words\n    zh: 说什么？\n"
                                 "    en: What to say?\n")
    case = wb.load_case(demo_folder)
    assert progress.phase_of("first-words", case) == "plan"
    assert progress.phase_of("first-words") == ""


# -- the validator ---------------------------------------------------------------------------
@pytest.mark.parametrize(("key", "what", "hint"), [
    ("before: d44", "before: unknown event id 'd44'", "did you mean 'd4'?"),
    ("before: d5", "before: event 'd5' is not a brand move (actor regulator)", ""),
    ("stage: later", "stage: unknown value 'later'", "expected one of before, after"),
])
def test_validator_checks_before_and_stage(demo_folder, key, what, hint):
    write_questions(demo_folder, "# questions\nplan:\n  - zh: 你会怎么说？\n"
                                 "    en: What would you say?\n    decision: true\n"
                                 f"    {key}\n")
    problems = [str(p) for p in wb.validate(demo_folder) if p.is_error]
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{demo_folder}/questions.yaml:6: "), problems[0]
    assert what in problems[0] and hint in problems[0]
    with pytest.raises(wb.CaseError):
        wb.load_case(demo_folder)


def test_format_v1_questions_without_the_keys_stay_valid(demo_folder):
    write_questions(demo_folder, "plan:\n  - zh: 你会怎么说？\n    en: What would you say?\n"
                                 "    decision: true\n  - zh: 为什么？\n    en: Why?\n")
    assert [p for p in wb.validate(demo_folder) if p.is_error] == []
    case = wb.load_case(demo_folder)
    assert [q["id"] for q in progress.shown_questions(case, "plan")] == ["plan-1"]
