"""Progress: the one reveal rule — what a student may see before answering, what counts as
answered, and how far the student got. The stepper, the app, the export and the class view
all ask this module; none of them decides it again.

**Decisions hold back the brand's moves.** A decision question (``decision: true``) may name
the brand move it asks students to predict, ``before: <event id>``. While the decision is
*open* — not answered (blank text is no answer) and not revealed on purpose (the student
pressed "show me the brand's move", recorded in the journal) — that event and every brand
move at or after its time are held back in *every* phase view: cards, chart, comparisons.
A decision without ``before`` holds back the brand moves its own phase newly shows. Moving
on never reveals anything. ``reveal="always"`` (projecting in class) shows everything.

**Questions come in two stages.** ``stage: before`` shows at once, ``stage: after`` once
nothing in the phase view is held back and the phase's own decisions are closed. Default:
in a phase with a decision question, decisions first and the others after the reveal;
elsewhere every question at once.

>>> import workbench as wb
>>> case = wb.load_case("demo-lumen-2024")
>>> fresh = Progress()
>>> [d.id for d in open_decisions(case, fresh)]
['team-1', 'plan-1', 'coordinate-1', 'act-1']
>>> view(case, "plan", fresh).hidden
('d2', 'd4')
>>> done = Progress(answers={"team-1": "QA lead", "plan-1": "apologise within 2 h"})
>>> view(case, "plan", done).hidden, "d4" in view(case, "plan", done).events["id"].tolist()
((), True)
>>> [q["id"] for q in shown_questions(case, "plan", fresh)]
['plan-1']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..foundation import i18n, vocab
from .cases import Case, phase_slug
from .journal import Journal
from .student import get_student

REVEAL_MODES = ("after-answer", "always")
STAGES = ("before", "after")


@dataclass(frozen=True)
class Decision:
    """A decision question: its id, its phase and the brand move it asks about (or None)."""

    id: str
    phase: str
    before: str | None = None


@dataclass(frozen=True)
class Progress:
    """What a student has done on one case (read from a journal, or made up in a test).

    ``answers``: question id → text; ``revealed``: decisions the student asked to see
    without answering; ``skipped``: phases revealed without an answer (journals written
    before ``revealed`` existed: every decision of such a phase counts as revealed);
    ``phase``: the phase the student was at last.
    """

    answers: Mapping[str, str] = field(default_factory=dict)
    revealed: frozenset[str] = frozenset()
    skipped: tuple[str, ...] = ()
    phase: str | None = None

    @classmethod
    def of(cls, journal: Any) -> Progress:
        """The progress in a :class:`~workbench.core.journal.Journal` or a journal dict."""
        get = journal.get if isinstance(journal, Mapping) else (
            lambda key, default=None: getattr(journal, key, default))
        phase = get("phase")
        return cls(answers=dict(get("answers") or {}),
                   revealed=frozenset(str(q) for q in get("revealed") or ()),
                   skipped=tuple(get("skipped") or ()),
                   phase=phase if phase in vocab.PHASES else None)


def answered(text: object) -> bool:
    """What counts as an answer: text that is not blank.

    >>> answered("  \\n"), answered("先道歉")
    (False, True)
    """
    return isinstance(text, str) and bool(text.strip())


def check_mode(reveal: str) -> str:
    """``reveal`` if it is a mode, else ValueError with a hint."""
    if reveal not in REVEAL_MODES:
        from ..foundation.problems import did_you_mean

        hint = did_you_mean(reveal, REVEAL_MODES)
        raise ValueError(i18n.t("reveal_not_a_mode", value=repr(reveal))
                         + i18n.bracketed(hint))
    return reveal


# -- decisions and questions --------------------------------------------------------------------
def decisions(case: Case) -> list[Decision]:
    """The case's decision questions, in phase order."""
    return [Decision(str(q["id"]), phase.slug, q.get("before") or None)
            for phase in vocab.PHASE_LIST for q in case.questions.get(phase.slug) or []
            if q.get("decision")]


def is_open(decision: Decision, progress: Progress) -> bool:
    """Whether ``decision`` still holds its moves back: not answered, not revealed."""
    return not (answered(progress.answers.get(decision.id)) or decision.id in progress.revealed
                or decision.phase in progress.skipped)


def open_decisions(case: Case, progress: Progress, *, reveal: str = "after-answer",
                   phase: str | None = None) -> list[Decision]:
    """The decisions still open (of ``phase`` only, when given); none with ``"always"``."""
    if check_mode(reveal) == "always":
        return []
    slug = phase_slug(phase) if phase is not None else None
    return [d for d in decisions(case) if is_open(d, progress) and slug in (None, d.phase)]


def held_by(case: Case, decision: Decision) -> frozenset[str]:
    """The event ids ``decision`` holds back while it is open (never the trigger)."""
    ev = case.events
    brand = ev["brand_side"].astype(bool) & (ev["kind"] != "trigger")
    if decision.before:
        anchor = ev.loc[ev["id"] == decision.before, "at"]
        if anchor.empty:
            return frozenset()
        mask = (brand & (ev["at"] >= anchor.iloc[0])) | (ev["id"] == decision.before)
    else:
        k = vocab.PHASES[decision.phase].number
        mask = brand & _shown(case, k) & ~_shown(case, k - 1)
    return frozenset(ev.loc[mask, "id"].astype(str))


def _shown(case: Case, k: int) -> pd.Series:
    """The events the time rules show at phase number ``k`` (0: only the trigger)."""
    ev = case.events
    if k < 1:
        return ev["kind"] == "trigger"
    end = case.end_of(k)
    return (ev["phase_number"] <= k) | (ev["at"] <= end) | (ev["kind"] == "trigger")


def held(case: Case, progress: Progress, *, reveal: str = "after-answer") -> frozenset[str]:
    """Every event id held back now, in every phase view, by the open decisions."""
    out: set[str] = set()
    for d in open_decisions(case, progress, reveal=reveal):
        out |= held_by(case, d)
    return frozenset(out)


def view(case: Case, phase: str | int, progress: Progress | None = None, *,
         reveal: str = "after-answer") -> Case:
    """What the student sees at ``phase``: the time rules, less the held-back moves
    (``.hidden`` lists those the phase would otherwise show). ``progress=None``: a
    student who has done nothing yet."""
    return case.visible_at(phase, hold=held(case, progress or Progress(), reveal=reveal))


def everything(case: Case, progress: Progress | None = None, *,
               reveal: str = "after-answer") -> Case:
    """The whole case less the moves held back (for comparisons beside the stepper)."""
    return view(case, vocab.PHASE_LIST[-1].slug, progress, reveal=reveal)


def of_student(case_id: str, student: str | None = None, *,
               journal_dir: str | Path | None = None) -> Progress:
    """The progress in ``student``'s journal of ``case_id`` (default student: the one
    identity, :func:`workbench.core.student.get_student`); a fresh one when there is none."""
    name = student if student and student.strip() else get_student(journal_dir=journal_dir)
    return Progress.of(Journal.load(name, case_id, journal_dir=journal_dir, autosave=False))


def holding(case: Case, progress: Progress, *, reveal: str = "after-answer"
            ) -> list[Decision]:
    """The open decisions that hold back at least one brand move now (for a note)."""
    return [d for d in open_decisions(case, progress, reveal=reveal) if held_by(case, d)]


def beside(case: Case, student: str | None = None, *, journal_dir: str | Path | None = None,
           reveal: str = "after-answer") -> tuple[Case, list[Decision]]:
    """What a comparison beside the stepper may show of ``case`` for ``student``: the
    whole case less the moves their open decisions hold (``.hidden`` lists them), and
    those decisions. With ``reveal="always"`` the journal is not read.

    >>> import tempfile, workbench as wb
    >>> shown, pending = beside(wb.load_case("demo-lumen-2024"), "李雷",
    ...                         journal_dir=tempfile.mkdtemp())
    >>> "d2" in shown.hidden, "d2" in shown.events["id"].tolist(), pending[0].id
    (True, False, 'team-1')
    """
    if check_mode(reveal) == "always":
        return everything(case, reveal=reveal), []
    progress = of_student(case.id, student, journal_dir=journal_dir)
    return everything(case, progress, reveal=reveal), holding(case, progress, reveal=reveal)


def stage(case: Case, phase: str, question: Mapping[str, Any]) -> str:
    """``"before"`` or ``"after"``: when ``question`` of ``phase`` is shown (see module)."""
    if question.get("decision"):
        return "before"
    if question.get("stage") in STAGES:
        return str(question["stage"])
    has_decision = any(q.get("decision") for q in case.questions.get(phase) or [])
    return "after" if has_decision else "before"


def phase_revealed(case: Case, phase: str | int, progress: Progress, *,
                   reveal: str = "after-answer") -> bool:
    """Whether the reveal has happened at ``phase``: its decisions closed and nothing in
    its view held back."""
    slug = phase_slug(phase)
    return (not open_decisions(case, progress, reveal=reveal, phase=slug)
            and not view(case, slug, progress, reveal=reveal).hidden)


def shown_questions(case: Case, phase: str | int, progress: Progress | None = None, *,
                    reveal: str = "after-answer") -> list[dict]:
    """The questions of ``phase`` the student sees now, in the case's order."""
    slug = phase_slug(phase)
    progress = progress or Progress()
    questions = list(case.questions.get(slug) or [])
    if check_mode(reveal) == "always":
        return questions
    later = [q for q in questions if stage(case, slug, q) == "after"]
    if later and not phase_revealed(case, slug, progress, reveal=reveal):
        return [q for q in questions if stage(case, slug, q) == "before"]
    return questions


# -- what counts as done --------------------------------------------------------------------
def question_phases(case: Case | None) -> dict[str, str]:
    """Question id → phase slug, for every question of ``case`` (empty for None)."""
    if case is None:
        return {}
    return {str(q["id"]): phase for phase, qs in case.questions.items() for q in qs or []}


def phase_of(qid: str, case: Case | None = None) -> str:
    """The phase a question id belongs to: from the case when it knows the id, else from
    the id's form (``plan-2`` → ``plan``; else ``""``).

    >>> phase_of("plan-2"), phase_of("memo")
    ('plan', '')
    """
    found = question_phases(case).get(qid)
    if found:
        return found
    head = qid.rsplit("-", 1)[0]
    return head if head in vocab.PHASES else ""


def answered_phases(case: Case | None, progress: Progress) -> set[str]:
    """The phases with at least one answer."""
    return {phase_of(q, case) for q, a in progress.answers.items() if answered(a)} - {""}


def furthest(case: Case | None, progress: Progress) -> str | None:
    """The furthest phase reached: the later of the last phase visited and the last phase
    answered (None when the student has not started)."""
    seen = answered_phases(case, progress) | ({progress.phase} if progress.phase else set())
    return max(seen, key=lambda p: vocab.PHASES[p].number) if seen else None


def case_questions(case: Case | None, lang: str | None = None) -> list[dict[str, Any]]:
    """The questions of ``case`` in phase order: ``{phase, id, text, decision, before, stage}``."""
    from ..foundation import i18n

    out = []
    for phase in vocab.PHASE_LIST:
        for q in case.questions.get(phase.slug, []) if case is not None else []:
            out.append({"phase": phase.slug, "id": str(q["id"]),
                        "decision": bool(q.get("decision")), "before": q.get("before"),
                        "stage": stage(case, phase.slug, q),
                        "text": i18n.pick({"zh": q.get("zh", ""), "en": q.get("en", "")},
                                          lang=lang)})
    return out


def summary(case: Case, progress: Progress, *, reveal: str = "after-answer"
            ) -> dict[str, list[Decision]]:
    """Open decisions by phase slug (every phase present, possibly empty): for a phase bar."""
    out: dict[str, list[Decision]] = {p.slug: [] for p in vocab.PHASE_LIST}
    for d in open_decisions(case, progress, reveal=reveal):
        out[d.phase].append(d)
    return out

