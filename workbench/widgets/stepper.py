"""The phase stepper: walk a case through the six coordination phases, deciding first.

One phase at a time: what the phase is and what good work looks like, the timeline and
the reaction chart up to the end of the phase, and the case's questions with a text area
each. With ``reveal="after-answer"`` the brand moves held by an open decision stay hidden
— in the cards and in the chart, whichever phase is open — until the student answers the
decision or presses its *show me the brand's move* button (``.reveal_buttons``); the rule
is :mod:`workbench.core.progress`. The phase bar marks the phases with open decisions (○).
``reveal="always"`` shows everything (for projecting in class). Answers, reveals and the
current phase are saved to the student's journal file at once (see
:mod:`workbench.core.journal`); a new stepper for the same student and case picks them up.

>>> import tempfile, workbench as wb
>>> stepper = wb.PhaseStepper("demo-lumen-2024", journal_dir=tempfile.mkdtemp())
>>> stepper.phase, stepper.visible_events["id"].tolist(), list(stepper.reveal_buttons)
('team', ['d1'], ['team-1'])
>>> stepper.answer_areas["team-1"].value = "加盟商代表、品控负责人"  # saved, not yet revealed
>>> stepper.visible_events["id"].tolist()
['d1']
>>> stepper.reveal_buttons["team-1"].click(); stepper.visible_events["id"].tolist()
['d1', 'd2']
>>> stepper.next_button.click(); stepper.next_button.click(); stepper.phase, stepper.hidden
('plan', ('d4',))
>>> stepper.next_button.click(); "d4" in stepper.visible_events["id"].tolist()  # still held
False
>>> stepper.reveal_buttons["plan-1"].click(); "d4" in stepper.visible_events["id"].tolist()
True
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import ipywidgets as widgets
import pandas as pd

from ..core import progress
from ..core.case_card import badge, provenance_badges
from ..core.cases import Case, phase_slug
from ..core.journal import Journal
from ..core.library import load_case
from ..display import charts, timeline
from ..foundation import i18n, vocab
from .callbacks import shows_errors_here
from .phase_questions import PhaseQuestions, box
from .phase_screen import PhaseScreens

REVEAL_MODES = progress.REVEAL_MODES


_CSS = """<style>
.wb-stepper .wb-steps { gap: 4px; }
.wb-stepper .wb-step { flex: 1 1 0; min-width: 0; height: 36px; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; line-height: 1.2; padding: 4px 6px; }
.wb-stepper .wb-answer textarea { font-size: 14px; }
.wb-stepper .wb-nav button { min-width: 160px; }
.wb-stepper .wb-reveal { width: auto; }
.wb-stepper .widget-html-content { line-height: 1.5; }  /* ipywidgets: 28px */
</style>"""


class PhaseStepper(PhaseQuestions, widgets.VBox):
    """Step through a case's six coordination phases; answer before the brand's moves show.

    ``case`` is a :class:`~workbench.core.cases.Case` or a case id. Options (keyword-only):
    ``student`` (name for the journal; None → "anonymous"), ``journal_dir`` (default: see
    :func:`workbench.core.journal.default_dir`), ``reveal`` (``"after-answer"`` or ``"always"``),
    ``start`` (a phase to open at; default: where the journal left off), ``chart_view``
    (a :class:`~workbench.display.charts.ChartView` to draw in instead of a new one — an app that
    rebuilds the stepper keeps one chart widget; it stays open when the stepper closes),
    ``named`` (False: the student has typed no name yet — the app keeps the journal in a
    scratch folder and the stepper asks for a name instead of naming the file).

    Attributes for code and tests: ``phase``, ``go(phase)``, ``next_button``,
    ``prev_button``, ``skip_button``, ``save_button``, ``step_buttons`` (six, in order),
    ``answer_areas`` (question id → text area, current phase), ``answers``, ``save()``,
    ``visible_events``, ``hidden`` (ids held back now), ``chart`` (the altair chart shown),
    ``chart_view``/``chart_widget`` (the one chart widget, updated in place), ``journal``.
    """

    def __init__(self, case: Case | str, *, student: str | None = None,
                 journal_dir: str | Path | None = None, reveal: str = "after-answer",
                 start: str | int | None = None,
                 chart_view: charts.ChartView | None = None, named: bool = True) -> None:
        progress.check_mode(reveal)
        self.named = named
        self.case = load_case(case) if isinstance(case, str) else case
        if not isinstance(self.case, Case):
            raise TypeError("PhaseStepper needs a case: wb.load_case('demo-lumen-2024') "
                            "or a case id such as 'demo-lumen-2024'")
        self.reveal = reveal
        self.journal = Journal.load(student, self.case.id, journal_dir)
        known = self.journal.phase if self.journal.phase in vocab.PHASES else None
        self._phase = phase_slug(start) if start is not None else (known or "team")
        self._areas: dict[str, dict[str, widgets.Textarea]] = {}
        self._labels: dict[str, dict[str, widgets.HTML]] = {}
        self._new: set[str] = set()
        self._screens = PhaseScreens(self.case)  # each phase's view and chart, made once
        self._closed = False
        self._borrowed_view = chart_view  # a view lent by an app: reused, never closed here
        self._build()
        self._claim_journal()
        self._render()
        self._show_saved()
        if self.journal.problem:
            self.notice.value = box(self.journal.problem, "#b91c1c", "wb-problem")
        i18n.on_language_change(self._on_language)

    _open: ClassVar[weakref.WeakValueDictionary[Path, PhaseStepper]] = (
        weakref.WeakValueDictionary())

    def _claim_journal(self) -> None:
        """One live stepper per journal file: re-running a cell closes the previous one
        (it would otherwise overwrite the file with its older answers)."""
        old = PhaseStepper._open.get(self.journal.path)
        if old is not None and old is not self:
            old.close()
        PhaseStepper._open[self.journal.path] = self

    def close(self) -> None:
        """Close the stepper and every widget in it (the chart widget too)."""
        self._closed = True
        parts = [a for areas in getattr(self, "_areas", {}).values() for a in areas.values()]
        parts += [*getattr(self, "step_buttons", []), getattr(self, "chart_widget", None),
                  *getattr(self, "reveal_buttons", {}).values()]
        lent = getattr(self, "_borrowed_view", None)
        for w in (*parts, *self.children):
            if w is not None and (lent is None or w is not lent.widget):
                w.close()
        super().close()

    # -- the widgets ---------------------------------------------------------------------
    def _build(self) -> None:
        def button(cls: str, handler: Callable) -> widgets.Button:
            b = widgets.Button()
            b.add_class(cls)
            b.on_click(handler)
            return b

        self.header = widgets.HTML()
        self.notice = widgets.HTML()
        self.step_buttons = []
        for phase in vocab.PHASE_LIST:
            b = button(f"wb-step-{phase.slug}", functools.partial(self._on_step, phase.slug))
            b.add_class("wb-step")
            self.step_buttons.append(b)
        steps = widgets.HBox(self.step_buttons, layout=widgets.Layout(width="100%"))
        steps.add_class("wb-steps")
        self.intro = widgets.HTML()
        self.intro.add_class("wb-phase-intro")
        self.timeline_html = widgets.HTML()
        self.chart_view = self._borrowed_view or charts.ChartView()
        self.chart_widget = self.chart_view.widget
        self.questions_title = widgets.HTML()
        self.questions_box = widgets.VBox()
        self.questions_box.add_class("wb-questions")
        self.reveal_note = widgets.HTML()
        self.reveal_box = widgets.VBox()
        self.reveal_box.add_class("wb-reveals")
        self.reveal_buttons: dict[str, widgets.Button] = {}
        self.skip_button = button("wb-skip", self._on_skip)
        self.skip_button.layout.width = "auto"
        self.save_button = button("wb-save", self._on_save)
        self.prev_button = button("wb-prev", self._on_prev)
        self.next_button = button("wb-next", self._on_next)
        self.status = widgets.HTML()
        self.status.add_class("wb-status")
        actions = widgets.HBox([self.skip_button, self.save_button])
        nav = widgets.HBox([self.prev_button, self.next_button],
                           layout=widgets.Layout(justify_content="space-between", width="100%"))
        nav.add_class("wb-nav")
        super().__init__([widgets.HTML(_CSS), self.header, self.notice, steps, self.intro,
                          self.timeline_html, self.chart_widget, self.questions_title,
                          self.questions_box, self.reveal_note, self.reveal_box, actions, nav,
                          self.status],
                         layout=widgets.Layout(max_width="1000px"))
        self.add_class("wb-stepper")

    # -- state ---------------------------------------------------------------------------
    @property
    def phase(self) -> str:
        """The current phase's slug."""
        return self._phase

    @property
    def progress(self) -> progress.Progress:
        """What the student has done, as the reveal rule reads it."""
        return progress.Progress.of(self.journal)

    @property
    def answers(self) -> dict[str, str]:
        """Every answer so far, by question id (plain, JSON-serialisable)."""
        return self.journal.answers

    @property
    def visible_events(self) -> pd.DataFrame:
        """The events shown now (held-back brand moves excluded)."""
        return self._events.copy()

    @property
    def hidden(self) -> tuple[str, ...]:
        """Ids of the brand moves held back now (see ``Case.visible_at``)."""
        return self._view.hidden

    @property
    def chart(self) -> Any:
        """The altair chart shown now."""
        return self.chart_view.chart

    def revealed(self, phase: str | None = None) -> bool:
        """Whether ``phase`` is revealed: its decisions closed, nothing in its view held."""
        return progress.phase_revealed(self.case, phase_slug(phase or self._phase),
                                       self.progress, reveal=self.reveal)

    def go(self, phase: str | int) -> None:
        """Open ``phase`` (a slug, a Chinese phase name or 1–6); saved at once."""
        slug = phase_slug(phase)
        self._phase = slug
        self._new = set()
        self._save(lambda: self.journal.set_phase(slug))
        self._render()

    def save(self) -> Path:
        """Write the journal now and return its path."""
        path = self.journal.save()
        self._show_saved()
        return path

    # -- drawing -------------------------------------------------------------------------
    def _render(self, *, before: set[str] | None = None) -> None:
        """Redraw for the current phase and language, the chart last.

        The phase's view and chart data come from :class:`~workbench.widgets.phase_screen.
        PhaseScreens`: computed once per phase, held moves and language.

        ``before``: the ids held back before an answer or a skip; the moves it revealed
        are highlighted, and the chart is redrawn only when something was revealed.
        """
        lang = i18n.get_language()
        screen = self._screens.get(self._phase, self.progress, lang, reveal=self.reveal)
        self._view, self._events = screen.view, screen.events
        self._new |= (before or set()) - set(self._view.hidden)
        self._render_frame(lang)
        self._render_questions(lang)
        self.timeline_html.value = screen.cards(timezone=self.case.meta.timezone, lang=lang,
                                                phase=self._phase, new=frozenset(self._new))
        if before is None or before != set(self.hidden):
            screen.draw(self.chart_view)  # the reaction chart's data swapped in place

    def _render_frame(self, lang: str) -> None:
        e = html.escape
        m = self.case.meta.provenance
        badges = provenance_badges(m, lang=lang)
        if len(self.case.reactions) and not self.case.has_sentiment:
            badges += badge("attention-only", i18n.t("att_badge", lang=lang))
        student = i18n.t("stepper_student", lang=lang, name=self.journal.student if self.named
                         else i18n.t("app_name_first", lang=lang))
        self.header.value = (f"<div style='font-size:1.25em;font-weight:600'>"
                             f"{e(self.case.title(lang))}</div><div>{badges} "
                             f"<span style='color:#4b5563'>{e(student)}</span></div>")
        k = vocab.PHASES[self._phase].number
        still = progress.summary(self.case, self.progress, reveal=self.reveal)
        has = {d.phase for d in progress.decisions(self.case)}
        for phase, b in zip(vocab.PHASE_LIST, self.step_buttons, strict=True):
            pending = still[phase.slug]
            done = self.reveal != "always" and not pending and (
                phase.slug in has or self._answered(phase.slug))
            mark = "○ " if pending else "✓ " if done else ""
            # a short name keeps the six buttons on one line; the tooltip has the full one
            b.description = f"{mark}{phase.number} {i18n.t('step_short_' + phase.slug, lang=lang)}"
            b.tooltip = f"{phase.number} {phase.label(lang)}\n{phase.about(lang)}" + ("\n" + i18n.t(
                "stepper_open_tip", lang=lang, ids=i18n.t("list_sep", lang=lang).join(
                    d.id for d in pending))
                if pending else "")
            (b.add_class if pending else b.remove_class)("wb-step-open")
            b.button_style = "primary" if phase.slug == self._phase else (
                "success" if done else "warning" if pending else "")
        self.prev_button.description = i18n.t("stepper_prev", lang=lang)
        self.next_button.description = i18n.t("stepper_next", lang=lang)
        self.prev_button.disabled = k == 1
        self.next_button.disabled = k == len(vocab.PHASE_LIST)
        self.skip_button.description = i18n.t("stepper_skip", lang=lang)
        self.save_button.description = i18n.t("stepper_save", lang=lang)
        self.save_button.icon = "save"
        self.intro.value = timeline.phase_intro(self._phase, lang=lang)

    def _show_saved(self) -> None:
        lang = i18n.get_language()
        j = self.journal
        text = (i18n.t("stepper_unnamed", lang=lang) if not self.named else
                i18n.t("stepper_saved", lang=lang, time=_local(j.saved_at), path=j.path)
                if j.saved_at and j.path.exists()
                else i18n.t("stepper_not_saved", lang=lang, path=j.path))
        self.status.value = (f"<span class='wb-saved' style='color:#6b7280;font-size:0.85em'>"
                             f"{html.escape(text)}</span>")

    def _show_error(self, err: Exception) -> None:
        lang = i18n.get_language()
        if isinstance(err, OSError):
            text = i18n.t("stepper_save_failed", lang=lang, path=self.journal.path,
                          error=err.strerror or err)
        else:
            text = i18n.t("stepper_error", lang=lang, error=f"{type(err).__name__}: {err}")
        self.status.value = box(text, "#b91c1c", "wb-error")

    def _save(self, change: Callable[[], None]) -> None:
        try:
            change()
        except OSError as err:
            self._show_error(err)
        else:
            self._show_saved()

    # -- callbacks -----------------------------------------------------------------------
    @shows_errors_here
    def _on_answer(self, phase: str, qid: str, change: dict) -> None:
        # every keystroke is saved at once; the brand's move is not revealed while the student
        # is still typing (the first letter would give it away): it appears when they press
        # "show me the brand's move" or move to another phase
        self._save(lambda: self.journal.set_answer(qid, change["new"]))

    @shows_errors_here
    def _on_skip(self, _button: widgets.Button) -> None:
        if self.skip_button.disabled:  # .click() from code fires even when disabled
            return
        before = set(self.hidden)
        for d in self._pending_here():
            self._save(lambda qid=d.id: self.journal.reveal(qid))
        self._render(before=before)

    @shows_errors_here
    def _on_reveal(self, qid: str, _button: widgets.Button) -> None:
        """The student asks to see the brand's move of decision ``qid``: with an answer
        written, it is simply shown; without one, that choice is recorded in the journal."""
        before = set(self.hidden)
        if not progress.answered(self.journal.answers.get(qid, "")):
            self._save(lambda: self.journal.reveal(qid))
        self._render(before=before)

    @shows_errors_here
    def _on_save(self, _button: widgets.Button) -> None:
        self._save(self.journal.save)

    @shows_errors_here
    def _on_step(self, phase: str, _button: widgets.Button) -> None:
        self.go(phase)

    @shows_errors_here
    def _on_prev(self, _button: widgets.Button) -> None:
        self.go(max(1, vocab.PHASES[self._phase].number - 1))

    @shows_errors_here
    def _on_next(self, _button: widgets.Button) -> None:
        self.go(min(len(vocab.PHASE_LIST), vocab.PHASES[self._phase].number + 1))

    @shows_errors_here
    def _on_language(self) -> None:
        if not self._closed:
            self._render()
            self._show_saved()


def _local(stamp: str) -> str:
    """An ISO time as the computer's local clock time (``14:03:05``)."""
    try:
        return dt.datetime.fromisoformat(stamp).astimezone().strftime("%H:%M:%S")
    except ValueError:
        return stamp
