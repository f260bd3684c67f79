"""The team room: a student plays one brand-side role of a class team on a case.

Per phase the role writes its move — what it does or says, on which channel, at which
hour since the trigger, its response-strategy codes (SCCT/Benoit, from the vocabulary),
which of the team's key messages it carries and which facts it rests on. The lead role
(default ``pr``) also sets the key messages (≤ 5) and who owns each phase (the form:
:class:`workbench.widgets.move_form.MoveForm`). Every change is written at once to the role's own file (:mod:`workbench.core.team`), so teammates never
overwrite each other; teammates' moves and the coordination board
(:mod:`workbench.display.team_board`) are read from their files on *Refresh* and by a
poll every few seconds. The header, phase buttons, notices and status line around those
views are drawn by :class:`workbench.widgets.teamroom_frame.RoomFrame`.

The reveal rule (:mod:`workbench.core.progress`) holds for the team: the role sees the
case facts the time rules show at its phase; the brand's real moves held by a decision
appear once the team has answered that phase — every role that has joined, and every
owner of the phase, has written its move (:func:`workbench.core.team.team_progress`) — or
a role pressed *show me the brand's move* (recorded in its file). As in the phase stepper,
nothing is revealed while a student types: the view changes on *Refresh*, the poll or
another phase.

**Before a name is typed** (``student`` blank: the app's name field is empty) the room
writes nothing in the team's folder: the role is not taken, the team does not wait for it,
and what the student writes waits aside (:mod:`workbench.core.team_unnamed`); the room
says so. The first room of that role opened with a name takes it over — in the app, typing
the name does — so nothing typed is lost and no role file is held by "anonymous".

**Handing a role on.** *Release this role* (``release_button``) gives the role up: its file
is kept aside (:meth:`workbench.core.team.RolePlan.release`), the room stops writing, and
the next student to open the role carries on from its moves — on the hub, where a role
another account holds is refused, this is how a role changes hands without an
administrator. A released file whose Unix owner is not the holder it records (planted from
a terminal) is not carried over: the room says so in one line, and the new holder starts
empty. Until someone takes it, the board lists the role as released, waiting for a new
holder.

**Pacing seam.** ``pacing=`` takes an instructor's drill (any object with
``is_open(phase)`` and ``released`` — event ids shown to every team — and optionally
``reload()``, e.g. :class:`workbench.core.pacing.Pacing`, ``wb.Pacing``); ``session=``
loads ``Pacing`` for that class session from the class folder (``work_dir``). Without
either, or while no drill runs, every phase is open.

>>> import tempfile, workbench as wb
>>> folder = tempfile.mkdtemp()
>>> legal = wb.TeamRoom("demo-lumen-2024", team="A组", role="legal", student="李雷",
...                     work_dir=folder, poll=None)
>>> pr = wb.TeamRoom("demo-lumen-2024", team="A组", role="pr", student="韩梅梅",
...                  work_dir=folder, poll=None)
>>> legal.hidden                                   # held until the team answers
('d2',)
>>> legal.move_text.value = "暂停问题批次发货"; legal.refresh_button.click(); legal.hidden
('d2',)
>>> pr.move_text.value = "两小时内在微博道歉"; legal.refresh_button.click(); legal.hidden
()
>>> "两小时内在微博道歉" in legal.moves_view.value
True
"""

from __future__ import annotations

import dataclasses
import functools
import html
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import ipywidgets as widgets
import pandas as pd

from ..core import progress
from ..core.cases import Case, phase_slug
from ..core.library import load_case
from ..core.names import ANONYMOUS, normalise_name
from ..core.pacing import Pacing
from ..core.team import (
    DEFAULT_LEAD,
    RolePlan,
    TeamPlan,
    load_team,
    team_folder,
    team_progress,
)
from ..core.team_unnamed import take_over, waiting_plan
from ..display import team_board, timeline
from ..foundation import i18n, vocab
from .callbacks import shows_errors_here
from .move_form import MoveForm
from .poll import every
from .teamroom_frame import RoomFrame, box

#: Seconds between two looks at the teammates' files (None: no poll).
POLL_SECONDS = 3.0


def _pacing_for(session: str, case_id: str, work_dir: str | Path | None) -> Pacing:
    """The drill of class ``session`` on ``case_id`` (in the class folder holding ``teams/``:
    ``work_dir``, else ``$WORKBENCH_CLASS``, else the work folder); with no drill running,
    every phase is open."""
    return Pacing.load(work_dir, case_id, session=session)


class TeamRoom(RoomFrame, widgets.VBox):
    """One role of a team on a case: its move per phase, teammates' moves, the board.

    ``case`` (a :class:`~workbench.core.cases.Case` or an id), ``team`` (e.g. "A组"),
    ``role`` (a brand-side actor: pr, legal, …), ``student`` (the member's name); options:
    ``lead`` (default ``pr``), ``work_dir`` (the class folder; default ``$WORKBENCH_CLASS``,
    else the work folder), ``reveal``,
    ``start`` (a phase), ``pacing``/``session`` (see the module), ``poll`` (seconds, None: off).

    Attributes for code and tests: ``phase``, ``go(phase)``, ``refresh()``,
    ``step_buttons``, ``move_text``, ``channel_picker``, ``hour_input``,
    ``strategy_picker``, ``message_picker``, ``fact_picker``, ``key_message_inputs`` and
    ``owner_picker`` (the lead only, else empty/None), ``reveal_button``,
    ``refresh_button``, ``release_button``, ``timeline_view``, ``moves_view``,
    ``board_view``, ``status``, ``plan`` (this role's
    :class:`~workbench.core.team.RolePlan`), ``team_plan``, ``visible_events``, ``hidden``.
    """

    _open: ClassVar[weakref.WeakValueDictionary[Path, TeamRoom]] = weakref.WeakValueDictionary()

    def __init__(self, case: Case | str, *, team: str, role: str, student: str | None = None,
                 lead: str = DEFAULT_LEAD, work_dir: str | Path | None = None,
                 reveal: str = "after-answer", start: str | int | None = None,
                 pacing: Any = None, session: str | None = None,
                 poll: float | None = POLL_SECONDS) -> None:
        progress.check_mode(reveal)
        self.case = load_case(case) if isinstance(case, str) else case
        self.reveal, self.lead, self.work_dir = reveal, lead, work_dir
        #: False until a name is given: the plan then waits aside (core.team_unnamed).
        self.named = normalise_name(student) != ANONYMOUS
        self._taken_over = False
        if self.named:
            self.plan = RolePlan.load(team, self.case.id, role, student=student,
                                      work_dir=work_dir)
            self.plan.join()  # present from now on: the team's reveal waits for its move
            self._taken_over = take_over(self.plan)  # what was typed before the name
        else:
            self.plan = waiting_plan(team, self.case.id, role, work_dir=work_dir)
        self.role_file = getattr(self.plan, "role_file", self.plan.path)
        self.is_lead = self.plan.role == lead
        self.pacing = pacing if pacing is not None or not session else _pacing_for(
            session, self.case.id, work_dir)
        self._phase = phase_slug(start) if start is not None else self._first_open()
        self._closed = False
        self._drawn: tuple = ()
        self.team_plan = self._load_team()
        self._build()
        old = TeamRoom._open.get(self.role_file)
        if old is not None:
            old.close()  # a re-run cell: one live room per role file (its poll stops)
        TeamRoom._open[self.role_file] = self
        self.refresh()
        self._fill_editors()
        if self._taken_over:
            self.status.value = box(i18n.t("tr_taken_over", name=self.plan.student),
                                    "#166534", "wb-team-taken-over")
        i18n.on_language_change(self._on_language)
        if poll:  # on the kernel's event loop; none outside a kernel (only Refresh then)
            every(poll, self, "poll_once", on_error="_show_error")

    # -- widgets ---------------------------------------------------------------------------
    def _build(self) -> None:
        def classed(w: widgets.Widget, cls: str) -> Any:
            w.add_class(cls)
            return w

        self.header, self.notice = widgets.HTML(), classed(widgets.HTML(), "wb-team-notice")
        self.step_buttons = []
        for phase in vocab.PHASE_LIST:
            b = classed(widgets.Button(layout=widgets.Layout(flex="1 1 0", width="auto")),
                        f"wb-step-{phase.slug}")
            b.on_click(functools.partial(self._on_step, phase.slug))
            self.step_buttons.append(b)
        self.intro = widgets.HTML()
        self.timeline_view = classed(widgets.HTML(), "wb-team-timeline")
        self.editor = MoveForm(self.plan, is_lead=self.is_lead, on_saved=self._show_saved,
                               on_error=self._show_error)
        form = self.editor  # its editors, by their names, for code and tests
        self.move_text, self.channel_picker, self.hour_input = (
            form.move_text, form.channel_picker, form.hour_input)
        self.strategy_picker, self.message_picker, self.fact_picker = (
            form.strategy_picker, form.message_picker, form.fact_picker)
        self.key_message_inputs, self.owner_picker = form.key_message_inputs, form.owner_picker
        self.reveal_button = classed(widgets.Button(layout=widgets.Layout(width="auto")),
                                     "wb-team-reveal")
        self.reveal_button.on_click(self._on_reveal)
        self.refresh_button = classed(widgets.Button(icon="refresh"), "wb-team-refresh")
        self.refresh_button.on_click(self._on_refresh)
        self.release_button = classed(widgets.Button(icon="sign-out"), "wb-team-release")
        self.release_button.on_click(self._on_release)
        self.status = classed(widgets.HTML(), "wb-status")
        self.moves_view = classed(widgets.HTML(), "wb-team-moves-view")
        self.board_view = classed(widgets.HTML(), "wb-team-board-view")
        super().__init__([self.header, self.notice, widgets.HBox(self.step_buttons), self.intro,
                          self.timeline_view, self.editor,
                          widgets.HBox([self.reveal_button, self.refresh_button,
                                        self.release_button]),
                          self.status, self.moves_view, self.board_view],
                         layout=widgets.Layout(max_width="1100px"))
        self.add_class("wb-team-room")

    # -- state -----------------------------------------------------------------------------
    @property
    def phase(self) -> str:
        return self._phase

    @property
    def visible_events(self) -> pd.DataFrame:
        """The events this role sees now (held-back brand moves excluded, injects added)."""
        return self._events.copy()

    @property
    def hidden(self) -> tuple[str, ...]:
        """Ids of the brand moves held back at this phase until the team answers."""
        return self._view.hidden

    def _load_team(self) -> TeamPlan:
        return load_team(self.plan.team, self.case.id, lead=self.lead, work_dir=self.work_dir)

    def _pace(self) -> tuple[Callable[[str], bool], tuple[str, ...]]:
        """(is this phase open?, released inject ids) — every phase open without a drill."""
        if self.pacing is None:
            return (lambda _phase: True), ()
        if hasattr(self.pacing, "reload"):
            self.pacing.reload()
        return self.pacing.is_open, tuple(getattr(self.pacing, "released", ()) or ())

    def _first_open(self) -> str:
        is_open, _ = self._pace()
        return next((p.slug for p in vocab.PHASE_LIST if is_open(p.slug)), "team")

    def go(self, phase: str | int) -> None:
        """Open ``phase`` (a slug, a Chinese name or 1–6) unless the drill keeps it closed."""
        slug = phase_slug(phase)
        is_open, _ = self._pace()
        if not is_open(slug):
            self.notice.value = box(i18n.t("tr_phase_closed", phase=vocab.PHASES[slug].label(
                i18n.get_language())), "#92400e", "wb-team-closed")
            return
        self._phase = slug
        self.refresh()
        self._fill_editors()

    def refresh(self, *, force: bool = False) -> None:
        """Read every teammate's file (and the drill) again and redraw the views — only
        when a file, the drill, the phase or the language changed (or ``force``)."""
        lang = i18n.get_language()
        is_open, injects = self._pace()
        stamp = self._file_stamp()
        key = (stamp, self._phase, lang, injects)
        if key == self._drawn and not force:
            return
        self.plan.reload()
        self.team_plan = self._load_team()
        self._drawn = key
        shown = self._shown(self.team_plan)
        self._view = progress.view(self.case, self._phase, shown, reveal=self.reveal)
        events = self._view.events
        extra = self.case.events[self.case.events["id"].isin(injects)
                                 & ~self.case.events["id"].isin(events["id"])]
        self._events = pd.concat([events, extra]).sort_values("at").reset_index(drop=True)
        self._render_frame(lang, is_open)
        self.timeline_view.value = timeline.event_cards(
            self._events, timezone=self.case.meta.timezone, lang=lang,
            current_phase=self._phase) + (box(i18n.t(
                "tr_held_note", lang=lang, n=len(self.hidden)), "#92400e", "wb-to-reveal")
                if self.hidden else "")
        self._fill_choices(lang)
        pending = progress.open_decisions(self.case, shown, reveal=self.reveal, phase=self._phase)
        self.reveal_button.disabled = not (pending or self.hidden) or self.plan.released
        self.reveal_button.layout.display = "none" if self.reveal == "always" else None
        self.moves_view.value = (f"<h4>{html.escape(i18n.t('tr_team_moves', lang=lang))}</h4>"
                                 + team_board.moves_html(self.team_plan, lang=lang,
                                                         phase=self._phase))
        self.board_view.value = team_board.board_html(
            self.team_plan, self.case, lang=lang, reveal=self.reveal,
            shown=progress.everything(self.case, shown, reveal=self.reveal))

    def _shown(self, plan: TeamPlan) -> progress.Progress:
        """The team's progress; unnamed, with this student's own reveals (kept aside)."""
        shown = team_progress(plan, self.case)
        if self.named or not self.plan.revealed:
            return shown
        return dataclasses.replace(shown, revealed=shown.revealed | set(self.plan.revealed))

    def _file_stamp(self) -> tuple:
        """When the teammates' files and the drill last changed (this role's own file left
        out: its typing is no news, and the poll must not reveal while it types)."""
        folder = team_folder(self.plan.team, self.case.id, work_dir=self.work_dir)
        files = sorted(p for p in folder.glob("*.json") if p != self.plan.path) if (
            folder.is_dir()) else []
        pace = getattr(self.pacing, "revision", None)
        return (*((p.name, p.stat().st_mtime_ns) for p in files), pace)

    # -- the move form ---------------------------------------------------------------------
    def _fill_choices(self, lang: str) -> None:
        """The form's option lists for the language, the key messages and the visible facts."""
        self.editor.set_choices(team_board.move_choices(
            self.case, self._events, self.team_plan.key_messages, lang=lang))

    def _fill_editors(self) -> None:
        """Load this role's move of the current phase into the form, without writing."""
        end = (self.case.end_of(self._phase) - self.case.trigger) / pd.Timedelta(hours=1)
        self.editor.fill(self._phase, default_hour=float(end))

    # -- callbacks -------------------------------------------------------------------------
    @shows_errors_here
    def _on_reveal(self, _button: widgets.Button) -> None:
        if self.reveal_button.disabled:  # .click() from code fires even when disabled
            return
        shown = self._shown(self._load_team())
        for d in progress.holding(self.case, shown, reveal=self.reveal):
            if d.phase == self._phase or progress.held_by(self.case, d) & set(self.hidden):
                self.plan.reveal(d.id)
        self.refresh(force=True)

    @shows_errors_here
    def _on_refresh(self, _button: widgets.Button) -> None:
        self.refresh(force=True)

    @shows_errors_here
    def _on_release(self, _button: widgets.Button) -> None:
        if self.plan.released or self.release_button.disabled:  # .click() fires when disabled
            return
        self.plan.release()  # a role another account holds: one line, nothing changed
        self.status.value = ""
        self.refresh(force=True)

    @shows_errors_here
    def _on_step(self, phase: str, _button: widgets.Button) -> None:
        self.go(phase)

    @shows_errors_here
    def _on_language(self) -> None:
        if not self._closed:
            self.refresh(force=True)

    def poll_once(self) -> None:
        """One look of the poll: the drill and the teammates' files, redrawn if changed."""
        self.refresh()

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Close the room and its widgets (its poll stops)."""
        self._closed = True
        for w in (*self.step_buttons, *self.children):
            w.close()
        super().close()
