"""The questions of a phase in the stepper, and the buttons that reveal held moves.

:class:`PhaseQuestions` is the part of :class:`~workbench.widgets.stepper.PhaseStepper`
that shows the current phase's questions (one text area each, kept per phase so typed
answers survive a phase change), the note on what answering reveals, and one *show me the
brand's move* button per open decision that holds back something of this view. The reveal
rule itself is :mod:`workbench.core.progress`.
"""

from __future__ import annotations

import functools
import html
import re
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from ..core import progress
from ..core.case_card import badge
from ..foundation import i18n, vocab

if TYPE_CHECKING:
    from ..core.cases import Case
    from ..core.journal import Journal


class PhaseQuestions:
    """Questions, answer areas and reveal buttons of the current phase — a part of the
    stepper: it reads ``case``, ``journal``, ``reveal``, ``_phase``, ``progress`` and
    ``hidden``, fills ``questions_box``, ``reveal_box`` and ``reveal_note``, and calls the
    stepper's ``_on_answer`` and ``_on_reveal``."""

    case: Case
    journal: Journal
    reveal: str
    _phase: str
    _areas: dict[str, dict[str, widgets.Textarea]]
    _labels: dict[str, dict[str, widgets.HTML]]
    reveal_buttons: dict[str, widgets.Button]
    questions_box: widgets.VBox
    questions_title: widgets.HTML
    reveal_box: widgets.VBox
    reveal_note: widgets.HTML
    skip_button: widgets.Button
    progress: Any
    hidden: tuple[str, ...]
    _on_answer: Any
    _on_reveal: Any

    def _areas_of(self, phase: str) -> dict[str, widgets.Textarea]:
        """The text areas of ``phase``, made once and kept (answers restored from the journal)."""
        if phase not in self._areas:
            questions = self.case.questions.get(phase) or [{"id": f"{phase}-notes"}]
            areas, labels = {}, {}
            for q in questions:
                qid = str(q["id"])
                area = widgets.Textarea(value=self.journal.answers.get(qid, ""), rows=3,
                                        continuous_update=True,  # saved as typed
                                        layout=widgets.Layout(width="98%"))
                area.add_class("wb-answer")
                area.add_class("wb-answer-" + re.sub(r"[^A-Za-z0-9_-]", "-", qid))
                area.observe(functools.partial(self._on_answer, phase, qid), names="value")
                areas[qid] = area
                labels[qid] = widgets.HTML()
            self._areas[phase], self._labels[phase] = areas, labels
        return self._areas[phase]

    @property
    def answer_areas(self) -> dict[str, widgets.Textarea]:
        """The text areas shown now in the current phase, by question id (in the case's
        order; questions of the ``after`` stage only once the phase is revealed)."""
        areas = self._areas_of(self._phase)
        return {qid: areas[qid] for qid in self._shown_ids() if qid in areas}

    def _shown_ids(self) -> list[str]:
        if not self.case.questions.get(self._phase):
            return [f"{self._phase}-notes"]
        return [str(q["id"]) for q in progress.shown_questions(
            self.case, self._phase, self.progress, reveal=self.reveal)]

    def open_decisions(self, phase: str | None = None) -> list[progress.Decision]:
        """The decisions still open (of ``phase`` only, when given)."""
        return progress.open_decisions(self.case, self.progress, reveal=self.reveal,
                                       phase=phase)

    def _pending_here(self) -> list[progress.Decision]:
        """Open decisions of this phase, and open ones that hold back a move of this view."""
        hidden = set(self.hidden)
        return [d for d in self.open_decisions() if d.phase == self._phase
                or progress.held_by(self.case, d) & hidden]

    def _answered(self, phase: str) -> bool:
        answers = self.journal.answers
        ids = [str(q["id"]) for q in self.case.questions.get(phase) or []] or [f"{phase}-notes"]
        return any(progress.answered(answers.get(qid)) for qid in ids)

    def _render_questions(self, lang: str) -> None:
        e = html.escape
        areas = self._areas_of(self._phase)
        labels = self._labels[self._phase]
        questions = {str(q["id"]): q for q in self.case.questions.get(self._phase) or []}
        shown = self._shown_ids()
        children: list[widgets.Widget] = []
        for n, (qid, area) in enumerate(areas.items(), start=1):
            if qid not in shown:
                continue
            q = questions.get(qid)
            if q is None:
                text, tag = i18n.t("stepper_notes", lang=lang), ""
            else:
                text = i18n.pick({"zh": q["zh"], "en": q["en"]}, lang=lang)
                tag = (f" {badge('decision', i18n.t('stepper_decision', lang=lang))}"
                       if q.get("decision") and self.reveal != "always" else "")
            labels[qid].value = f"<div style='margin-top:6px'><b>{n}.</b>{tag} {e(text)}</div>"
            area.placeholder = i18n.t("stepper_placeholder", lang=lang)
            children += [labels[qid], area]
        self.questions_box.children = children
        self.questions_title.value = f"<h4 style='margin:10px 0 0'>{e(i18n.t('stepper_questions', lang=lang))}</h4>"
        pending = self._pending_here()
        self._render_reveals(pending, lang)
        self.skip_button.disabled = not pending
        self.skip_button.layout.display = "none" if self.reveal == "always" else None
        later = len(areas) - len(shown) if questions else 0
        if self.reveal == "always":
            note = ""
        elif pending or self.hidden:
            text = i18n.t("stepper_to_reveal", lang=lang)
            if later:
                text += " " + i18n.t("stepper_later", lang=lang, n=later)
            note = box(text, "#92400e", "wb-to-reveal")
        elif self._phase in {d.phase for d in progress.decisions(self.case)}:
            text = i18n.t("stepper_revealed", lang=lang)
            mine = [str(q["id"]) for q in questions.values() if q.get("decision")]
            if any(q in self.journal.revealed and not progress.answered(
                    self.journal.answers.get(q)) for q in mine) or (
                    self._phase in self.journal.skipped and not self._answered(self._phase)):
                text += " " + i18n.t("stepper_skipped", lang=lang)
            note = box(text, "#166534", "wb-revealed-note")
        else:
            note = ""
        self.reveal_note.value = note

    def _render_reveals(self, pending: list[progress.Decision], lang: str) -> None:
        """One "show me the brand's move" button per open decision that matters here."""
        rows = []
        for d in pending:
            b = self.reveal_buttons.get(d.id)
            if b is None:
                b = widgets.Button(layout=widgets.Layout(width="auto"))
                b.add_class("wb-reveal")
                b.add_class("wb-reveal-" + re.sub(r"[^A-Za-z0-9_-]", "-", d.id))
                b.on_click(functools.partial(self._on_reveal, d.id))
                self.reveal_buttons[d.id] = b
            b.description = i18n.t("stepper_reveal", lang=lang)
            number = [str(q["id"]) for q in self.case.questions.get(d.phase) or []].index(d.id) + 1
            where = f"{vocab.PHASES[d.phase].number} {vocab.PHASES[d.phase].label(lang)}"
            label = widgets.HTML(f"<span class='wb-open-decision' style='color:#92400e'>"
                                 f"{html.escape(i18n.t('stepper_open', lang=lang, phase=where, n=number))}"
                                 "</span>")
            rows.append(widgets.HBox([label, b], layout=widgets.Layout(align_items="center")))
        for old in self.reveal_box.children:
            if isinstance(old, widgets.HBox):
                old.children[0].close()
                old.close()
        for qid in [q for q in self.reveal_buttons if q not in {d.id for d in pending}]:
            self.reveal_buttons.pop(qid).close()
        self.reveal_box.children = rows


def box(text: str, colour: str, cls: str) -> str:
    return (f"<div class='{cls}' style='color:{colour};border-left:3px solid {colour};"
            f"padding:4px 8px;margin:4px 0'>{html.escape(text)}</div>")
