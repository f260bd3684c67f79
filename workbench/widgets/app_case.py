"""The case open in the classroom app: the case picker's list, and the stepper or team
room it opens.

:class:`OpenCase` is the part of :class:`~workbench.widgets.app.App` that lists the cases
(the ones :class:`~workbench.widgets.catalog_filter.CatalogFilter` lets through, by title),
opens the picked case in a new :class:`~workbench.widgets.stepper.PhaseStepper` drawing in
the app's one chart widget — or, for a team and role, in a
:class:`~workbench.widgets.teamroom.TeamRoom` — and keeps the open case when another cannot
be opened.

>>> import tempfile
>>> from workbench.widgets.app import App
>>> app = App(case="demo-lumen-2024", lang="en", student="李雷", journal_dir=tempfile.mkdtemp())
>>> app.case.id, "kfc-uk-2018" in dict(app.case_picker.options).values()
('demo-lumen-2024', True)
>>> app.close()
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..core.cases import Case
from ..core.library import Library
from ..core.names import StudentNameError
from ..core.team import TeamError
from ..foundation import i18n
from ..foundation.problems import CaseError
from .callbacks import one_line
from .stepper import PhaseStepper
from .teamroom import TeamRoom


class OpenCase:
    """The open case of the app: it reads ``library``, ``team``, ``role``, ``session``,
    ``reveal``, ``journal_dir``, ``student``, ``catalog_filter``, ``_ids`` and the app's
    chart view, fills ``case_picker`` and ``stepper_box``, keeps ``stepper`` or
    ``team_room``, and calls the app's ``_fail``, ``_show_prompt``, ``_render_brief`` and
    ``_refresh_lab``."""

    library: Library
    team: str | None
    role: str | None
    session: str | None
    reveal: str
    journal_dir: str | Path | None
    student: Any
    message: Any
    case_picker: Any
    catalog_filter: Any
    stepper_box: Any
    stepper: PhaseStepper | None
    team_room: TeamRoom | None
    _ids: list[str]
    _quiet: bool
    _chart_view: Any
    _name: str
    _work: Callable[[], Path | str | None]
    _fail: Callable[[str], None]
    _show_prompt: Callable[[], None]
    _render_brief: Callable[[], None]
    _refresh_lab: Callable[[], None]

    def _catalog(self) -> dict[str, str]:
        """Case id → title in the current language, for every case under the root."""
        try:
            frame = self.library.catalog()
            return dict(zip(frame["id"].astype(str), frame["title"].fillna(""), strict=True))
        except (OSError, KeyError) as err:
            self._fail(i18n.t("app_no_case", why=one_line(err)))
            return {}

    def _load(self, case_id: str) -> Case:
        return self.library.load(case_id)

    def _open_case(self, case_id: str) -> None:
        """Show ``case_id``: its brief, and a new stepper drawing in the app's chart widget."""
        try:
            case = self._load(case_id)
        except CaseError as err:
            self._fail(i18n.t("app_case_failed", case=case_id, why=one_line(err)))
            if self.case is not None:  # the picker goes back to the case still open
                self._quiet = True
                self.case_picker.value = self.case.id
                self._quiet = False
            return
        if self.team and self.role:
            self._open_team_room(case)
            return
        old = self.stepper
        try:
            self.stepper = PhaseStepper(case, student=self._name or None,
                                        journal_dir=self._work(), reveal=self.reveal,
                                        chart_view=self._chart_view, named=bool(self._name))
        except StudentNameError as err:  # never keep writing to the previous name's journal
            self._fail(str(err))
            if old is not None:
                old.close()
            self.stepper, self.stepper_box.children = None, []
            return
        self.stepper_box.children = [self.stepper]
        if old is not None and old is not self.stepper:
            old.close()  # its chart widget is the app's and stays open
        self._show_prompt()
        self._render_brief()
        self._refresh_lab()  # never the previous case's (or student's) lab

    def _open_team_room(self, case: Case) -> None:
        """Show ``case`` in a team room for the app's team and role (replacing the last)."""
        old = self.team_room
        try:
            self.team_room = TeamRoom(case, team=self.team, role=self.role,
                                      student=self.student.value.strip() or None,
                                      work_dir=self.journal_dir, reveal=self.reveal,
                                      session=self.session)
        except (StudentNameError, TeamError) as err:  # e.g. a role a classmate holds
            self._fail(str(err))
            self.team_room, self.stepper_box.children = None, []
            if old is not None:
                old.close()
            return
        self.stepper_box.children = [self.team_room]
        if old is not None:
            old.close()
        self._show_prompt()  # unnamed: ask for the name (the room keeps the moves aside)
        self._render_brief()

    @property
    def case(self) -> Case | None:
        """The case open in the stepper (or the team room)."""
        if self.team_room is not None:
            return self.team_room.case
        return self.stepper.case if self.stepper is not None else None

    def _fill_picker(self) -> None:
        """The picker lists the cases the catalog filter lets through, in its order (all
        cases when none match); when the open case is filtered out, the first one listed."""
        current = self.case_picker.value
        ids = [i for i in self.catalog_filter.ids if i in self._ids] or self._ids
        self._quiet = True
        titles = self._catalog()
        self.case_picker.options = [(f"{titles.get(i) or i} · {i}", i) for i in ids]
        if current in ids:
            self.case_picker.value = current
        self._quiet = False
