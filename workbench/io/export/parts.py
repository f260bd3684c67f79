"""What a hand-in contains, case by case: the :class:`Part` that both renderers receive.

A part is decided once, here, by the reveal rule (:mod:`workbench.core.progress`): the
furthest phase the student reached, the phase view the stepper showed there (the brand
moves still held back by open decisions are not in it, nor in its chart), the questions
the stepper shows in each phase, with their answers, the decisions revealed without an answer, the
provenance badges and the data indicators. Renderers only lay it out.

>>> import workbench as wb
>>> part = make_part({"student": "李雷", "case": "demo-lumen-2024", "phase": "plan",
...                   "answers": {"team-1": "QA lead"}, "ratings": {}}, lang="en")
>>> part.phase, part.view.hidden, [q["id"] for q in part.questions][:6]
('plan', ('d4',), ['team-1', 'team-2', 'analyse-1', 'analyse-2', 'plan-1', 'coordinate-1'])
>>> "plan-2" in [q["id"] for q in part.questions]  # waits for the reveal of plan-1
False
>>> [d.id for d in part.open]
['plan-1', 'coordinate-1', 'act-1']
>>> phase_label("plan", "en"), phase_label(None, "zh")
('3. Draw up the crisis response plan', '尚未开始')
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...core import progress
from ...core.case_card import provenance_texts
from ...core.library import Library, library
from ...foundation import i18n, vocab
from .charts import Chart, draw


@dataclass
class Part:
    """One case of a hand-in, decided by the reveal rule; see the module docstring.

    ``journal`` (the plain journal dict), ``case`` (None when unknown), ``phase`` (the
    furthest phase reached, or None), ``view`` (the stepper's view there), ``questions``
    (``case_questions`` rows the stepper showed, each with its ``answer``), ``other``
    (answers to no shown question, the memo among them), ``revealed`` (decision ids seen
    without an answer), ``open`` (decisions still open), ``badges`` ((kind, text) pairs),
    ``indicators`` (principle → indicator lines), ``chart`` (:class:`Chart`, or None).
    """

    journal: dict[str, Any]
    case: Any
    phase: str | None
    view: Any = None
    questions: list[dict[str, Any]] = field(default_factory=list)
    other: dict[str, str] = field(default_factory=dict)
    revealed: list[str] = field(default_factory=list)
    open: list[progress.Decision] = field(default_factory=list)
    badges: list[tuple[str, str]] = field(default_factory=list)
    indicators: dict[str, list[str]] = field(default_factory=dict)
    chart: Chart | None = None

    @property
    def held(self) -> bool:
        """Whether the chart leaves out moves held back by open decisions."""
        return bool(self.view is not None and self.view.hidden)


def make_part(journal: dict[str, Any], *, lang: str = "en", chart_format: str | None = None,
              root: str | Path | Library | None = None) -> Part:
    """The part for one journal dict; its case is found through the library of ``root``.

    ``chart_format`` ("svg"/"png") draws the chart; None leaves ``chart`` empty.
    """
    case = library(root).find(journal.get("case", ""))
    state = progress.Progress.of(journal)
    phase = progress.furthest(case, state)
    answers = dict(journal.get("answers") or {})
    part = Part(journal, case, phase)
    if case is None:
        part.other = answers
        return part
    shown = {str(q["id"]) for p in vocab.PHASE_SLUGS
             for q in progress.shown_questions(case, p, state)}
    rows = [q for q in progress.case_questions(case, lang) if q["id"] in shown]
    part.questions = [{**q, "answer": answers.pop(q["id"], "")} for q in rows]
    part.other = answers
    decided = {d.id for d in progress.decisions(case)}
    part.revealed = [q for q in state.revealed if q in decided and not
                     progress.answered(journal.get("answers", {}).get(q))]
    part.open = progress.open_decisions(case, state)
    part.badges = badge_texts(case, lang)
    if journal.get("ratings"):
        part.indicators = indicators(case, lang)
    if phase is not None:
        part.view = progress.view(case, phase, state)
        if chart_format is not None:
            part.chart = draw(part.view, lang=lang, chart_format=chart_format)
    return part


# -- shared pieces of text ----------------------------------------------------------------------
def when(value: Any) -> str:
    """An ISO time as ``2024-05-20 08:00 UTC`` (the text itself when it is not a time).

    >>> when("2024-05-20T08:00:00+00:00"), when(None)
    ('2024-05-20 08:00 UTC', '—')
    """
    try:
        stamp = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value or "—")
    return stamp.strftime("%Y-%m-%d %H:%M %Z").strip()


def phase_label(slug: str | None, lang: str) -> str:
    """``3. Plan the response`` / ``3. 制定危机应对计划``; "not started" for None."""
    if slug not in vocab.PHASES:
        return i18n.t("ex_not_started", lang=lang)
    phase = vocab.PHASES[slug]
    return f"{phase.number}. {phase.label(lang)}"


def decision_label(case: Any, qid: str, lang: str) -> str:
    """A decision as ``3. Plan the response · plan-1``."""
    return f"{phase_label(progress.phase_of(qid, case), lang)} · {qid}"


def indicators(case: Any, lang: str) -> dict[str, list[str]]:
    """Principle slug → ``indicator: value`` lines of ``wb.scorecard(case)`` ({} on failure)."""
    try:
        from ...analysis.scorecards import data_kind, scorecard

        card = scorecard(case, lang=lang)
    except Exception:  # indicators are a help, not a requirement of a hand-in
        return {}
    out: dict[str, list[str]] = {}
    for r in card.itertuples():
        sim = i18n.bracketed(f"{i18n.t(data_kind(card, r.framework) + '_badge', lang=lang)} · "
                             f"{i18n.t('illustrative_badge', lang=lang)}",
                             lang=lang) if r.simulated else ""
        out.setdefault(r.principle, []).append(i18n.labelled(r.indicator, r.shown, lang=lang)
                                               + sim)
    return out


def badge_texts(case: Any, lang: str) -> list[tuple[str, str]]:
    """The provenance badges as (kind, text), in the card's words ("Events: Documented",
    "Reactions: Simulated"), and "attention only" when the reactions have no sentiment split."""
    extra = ([("attention-only", i18n.t("att_badge", lang=lang))]
             if len(case.reactions) and not case.has_sentiment else [])
    return [*provenance_texts(case.meta.provenance, lang=lang), *extra]
