"""The team room's frame: what surrounds its views, drawn in the chosen language.

:class:`RoomFrame` is the part of :class:`~workbench.widgets.teamroom.TeamRoom` that draws
the header (the case, its provenance badge, who plays which role for which team), the
phase buttons (a phase the drill keeps closed is disabled), the phase's intro, the notices
(phase closed, role released, waiting for a name, a released file not carried over), the
labels of the move form and the buttons, and the status line (saved, or an error in one
line). :func:`box` is a notice's coloured box, its text escaped.

>>> box("<b>closed</b>", "#92400e", "wb-team-closed")
"<div class='wb-team-closed' style='color:#92400e;border-left:3px solid #92400e;padding:4px 8px;margin:4px 0'>&lt;b&gt;closed&lt;/b&gt;</div>"
"""

from __future__ import annotations

import datetime as dt
import functools
import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from ..core.case_card import badge
from ..core.cases import Case
from ..core.names import ANONYMOUS
from ..display import timeline
from ..foundation import i18n, vocab


class RoomFrame:
    """The frame of the team room: it reads ``case``, ``plan``, ``named`` and ``_phase``,
    and fills ``header``, ``notice``, ``step_buttons``, ``intro``, ``status`` and the labels
    and locks of ``editor``, ``reveal_button``, ``refresh_button`` and ``release_button``."""

    case: Case
    plan: Any
    named: bool
    _phase: str
    header: widgets.HTML
    notice: widgets.HTML
    step_buttons: list[widgets.Button]
    intro: widgets.HTML
    editor: Any
    reveal_button: widgets.Button
    refresh_button: widgets.Button
    release_button: widgets.Button
    status: widgets.HTML

    def _render_frame(self, lang: str, is_open: Callable[[str], bool]) -> None:
        e, t = html.escape, functools.partial(i18n.t, lang=lang)
        m = self.case.meta.provenance
        named = self.plan.student not in ("", ANONYMOUS)  # a blank name is kept as anonymous
        who = t("tr_who_line", team=self.plan.team, role=i18n.term(
            vocab.BRAND_ACTORS, self.plan.role, lang=lang),  # unnamed: as the app's name box
            name=self.plan.student if named else t("app_name_first"))
        self.header.value = (f"<div style='font-size:1.25em;font-weight:600'>"
                             f"{e(self.case.title(lang))}</div><div>"
                             f"{badge(m.events, i18n.term(vocab.EVENT_PROVENANCE, m.events, lang=lang))}"
                             f" <span class='wb-team-who'>{e(who)}</span></div>")
        for phase, b in zip(vocab.PHASE_LIST, self.step_buttons, strict=True):
            b.description = f"{phase.number} {phase.label(lang)}"
            b.disabled = not is_open(phase.slug)
            b.button_style = "primary" if phase.slug == self._phase else ""
        self.intro.value = timeline.phase_intro(self._phase, lang=lang)
        closed = not is_open(self._phase)
        self.editor.lock(closed or self.plan.released)
        self.notice.value = box(t("tr_phase_closed", phase=vocab.PHASES[self._phase].label(
            lang)), "#92400e", "wb-team-closed") if closed else ""
        role = i18n.term(vocab.BRAND_ACTORS, self.plan.role, lang=lang)
        if self.plan.released:
            self.notice.value = box(t("tr_released", team=self.plan.team, role=role),
                                    "#92400e", "wb-team-released")
        elif not self.named:
            self.notice.value += box(t("tr_waiting"), "#92400e", "wb-team-waiting")
        if self.plan.not_carried:  # a released file that was not its holder's: said once more
            self.notice.value += box(self.plan.not_carried, "#92400e", "wb-team-not-carried")
        self.editor.label(t, title_html=f"<h4>{e(t('tr_your_move', role=role))}</h4>")
        self.reveal_button.description = t("stepper_reveal")
        self.refresh_button.description = t("tr_refresh")
        self.release_button.description = t("tr_release")
        self.release_button.disabled = self.plan.released or not self.named

    def _show_saved(self) -> None:
        when = dt.datetime.now().strftime("%H:%M:%S")  # unnamed: kept aside, not in the team
        text, colour, cls = ((i18n.t("stepper_saved", time=when, path=self.plan.path),
                              "#6b7280", "wb-saved") if self.named else
                             (i18n.t("tr_waiting_saved", time=when), "#92400e",
                              "wb-saved wb-waiting"))
        self.status.value = (f"<span class='{cls}' style='color:{colour};font-size:0.85em'>"
                             f"{html.escape(text)}</span>")

    def _show_error(self, err: Exception) -> None:
        self.status.value = box(i18n.t("stepper_error", error=str(err).splitlines()[0]
                                       if str(err) else type(err).__name__),
                                "#b91c1c", "wb-error")


def box(text: str, colour: str, cls: str) -> str:
    """A notice of the room: ``text`` (escaped) in a box of ``colour``, with class ``cls``."""
    return (f"<div class='{cls}' style='color:{colour};border-left:3px solid {colour};"
            f"padding:4px 8px;margin:4px 0'>{html.escape(text)}</div>")
