"""The classroom app: pick a case, read its brief, step through the phases, compare brands.

``make app`` serves it with Voila (``app/workbench_app.ipynb`` is one cell,
``wb.App.from_request()``): no code, sources and tracebacks hidden, charts drawn offline.
A page address may choose the case, the language and the student, e.g.
``http://127.0.0.1:8866/?case=kfc-uk-2018&lang=en&student=李雷``; ``$WORKBENCH_CASES``
points the app at an instructor's own folder of cases instead of the bundled ones.

Switching the case rebuilds the phase stepper inside the one chart widget the app keeps
(an offline chart widget carries ~0.9 MB of JavaScript); the comparison board is built
the first time its tab opens. Answers and ratings go to the student's journal, as in the
notebooks. A failing callback shows one line in the app, never a traceback.

>>> import tempfile, workbench as wb
>>> app = App(case="demo-lumen-2024", lang="en", student="李雷", journal_dir=tempfile.mkdtemp())
>>> app.stepper.case.id, app.stepper.journal.student, app.tabs.selected_index
('demo-lumen-2024', '李雷', 1)
>>> chart = app.stepper.chart_widget
>>> app.case_picker.value = "haidilao-2017"
>>> app.stepper.case.id, app.stepper.chart_widget is chart
('haidilao-2017', True)
>>> app.language.value = "zh"; app.tabs.get_title(1)
'逐步推进'
>>> app.close(); wb.set_language("en")

A case that cannot be opened gives one line, and the open case stays:

>>> import pathlib, shutil
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = shutil.copytree(wb.load_case("demo-lumen-2024").folder, root / "demo-lumen-2024")
>>> (root / "broken-case").mkdir(); _ = (root / "broken-case" / "case.yaml").write_text("id: [")
>>> app = App(root=root, lang="en", journal_dir=tempfile.mkdtemp())
>>> app.case_picker.value = "broken-case"
>>> "Could not open the case broken-case" in app.message.value, app.case_picker.value
(True, 'demo-lumen-2024')
>>> app.close()
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from ..core.journal import ANONYMOUS
from ..core.library import Library, library
from ..core.student import chosen_student
from ..display.charts import ChartView
from ..foundation import i18n
from .app_brief import brief_html
from .app_case import OpenCase
from .app_links import read_link
from .app_look import CSS, projector_style
from .app_name import NamedStudent
from .board import DEFAULT_PAIRS, CompareBoard
from .callbacks import one_line, shows_errors
from .catalog_filter import CatalogFilter
from .remember import BrowserMemory
from .stepper import PhaseStepper
from .teamroom import TeamRoom
from .warning_lab import EarlyWarningLab

#: The case the app opens with when none is asked for (the first one present).
PREFERRED = ("haidilao-2017", "demo-lumen-2024")
def default_student() -> str:
    """The name the student field starts with: a name someone chose
    (:func:`workbench.core.student.chosen_student`: ``$WORKBENCH_STUDENT``, the remembered
    name, the hub's user), else ``""`` — the field then asks for a name, and nothing is
    saved under a name nobody chose (``$USER``, "student")."""
    return chosen_student()


def _friendly(method: Callable) -> Callable:
    """Run a callback; show any error as one line in the app (never a traceback)."""
    return shows_errors(lambda self, err: self._fail(i18n.t("app_failed", why=one_line(err))))(
        method)


class App(OpenCase, NamedStudent, widgets.VBox):
    """The no-code app: a case picker, a language switch, a student name and three tabs —
    the case brief, the :class:`~workbench.widgets.stepper.PhaseStepper` and the
    :class:`~workbench.widgets.board.CompareBoard`.

    Options: ``case`` (an id under ``root``; default: the first of :data:`PREFERRED`
    present), ``lang`` (``"zh"``/``"en"``; default: the current language), ``student``
    (default: :func:`default_student`), ``root`` (a folder of cases; default:
    ``$WORKBENCH_CASES`` or the bundled cases), ``journal_dir``, ``reveal`` (as in the
    stepper and the board), ``team`` and ``role`` (both given: the step tab holds a
    :class:`~workbench.widgets.teamroom.TeamRoom` for that role of that team instead of
    the stepper; its files go under ``journal_dir`` as its class folder, by default
    ``$WORKBENCH_CLASS``, else the work folder; ``session``: the class session whose
    instructor-paced drill it follows). Attributes: ``case_picker``,
    ``catalog_filter`` (the :class:`~workbench.widgets.catalog_filter.CatalogFilter` the
    picker follows), ``language``, ``student``, ``tabs``, ``stepper`` (None in a team
    room), ``team_room`` (or None), ``board`` (built on first use), ``lab`` (the
    early-warning lab of the fourth tab, built each time the tab opens, at the stepper's
    current phase: it never shows what the phase end or a pending decision hides; none in
    a team room), ``message``, ``brief``. Its parts: :mod:`~workbench.widgets.app_links`
    (what a page address asks), :mod:`~workbench.widgets.app_case` (the case picker's list
    and the case it opens), :mod:`~workbench.widgets.app_name` (the student's name),
    :mod:`~workbench.widgets.app_brief` (the brief tab), :mod:`~workbench.widgets.app_look`
    (stylesheet and chart text sizes).
    """

    def __init__(self, *, case: str | None = None, lang: str | None = None,
                 student: str | None = None, root: str | Path | Library | None = None,
                 journal_dir: str | Path | None = None, reveal: str = "after-answer",
                 team: str | None = None, role: str | None = None,
                 session: str | None = None) -> None:
        super().__init__()
        self.team, self.role = (team, role) if team and role else (None, None)
        self.session = session
        self.team_room: TeamRoom | None = None
        self.add_class("wb-app")
        if lang in i18n.LANGUAGES and lang != i18n.get_language():
            i18n.set_language(lang)
        self.library = library(root)  # root, else $WORKBENCH_CASES, else the bundled cases
        self.root = self.library.root
        self.journal_dir, self.reveal = journal_dir, reveal
        self._board: CompareBoard | None = None
        self._closed = False
        self._quiet = False  # True while the app itself rewrites the picker's options
        self.stepper: PhaseStepper | None = None
        self.lab: EarlyWarningLab | None = None
        # the one chart widget every rebuilt stepper draws in (none in a team room: it
        # would carry ~0.9 MB of JavaScript for nothing)
        self._chart_view = None if self.team else ChartView(style=projector_style)
        self._scratch: Path | None = None  # see NamedStudent

        self.header = widgets.HTML()
        self.message = _classed(widgets.HTML(), "wb-app-message")
        self.case_picker = _classed(widgets.Dropdown(layout={"width": "560px"}), "wb-app-case")
        self.language = _classed(widgets.ToggleButtons(
            options=[("中文", "zh"), ("English", "en")], value=i18n.get_language(),
            style={"button_width": "84px"}), "wb-app-language")
        self.student = _classed(widgets.Text(
            value=(student or "").strip() or default_student(), continuous_update=False,
            layout={"width": "240px"}), "wb-app-student")
        # the name is remembered per browser (localStorage), unless the address gives one
        self.memory = BrowserMemory(key="workbench-student", value=self.student.value,
                                    given=bool((student or "").strip()))
        self.memory.observe(self._on_memory, names="value")
        bar = _classed(widgets.HBox([self.case_picker, self.student, self.language,
                                     self.memory]), "wb-app-bar")
        # filters and order of the case list (wb.catalog's rules); the picker follows them
        self.catalog_filter = CatalogFilter(self.library)
        self.brief = _classed(widgets.HTML(), "wb-app-brief")
        self.stepper_box = _classed(widgets.VBox(), "wb-app-step")
        self.board_box = _classed(widgets.VBox(), "wb-app-compare")
        self.warning_box = _classed(widgets.VBox(), "wb-app-warning")  # filled when opened
        self.tabs = _classed(widgets.Tab([self.brief, self.stepper_box, self.board_box,
                                          self.warning_box]),
                             "wb-app-tabs")
        self.children = [widgets.HTML(CSS), self.header, bar, self.catalog_filter,
                         self.message, self.tabs]

        self._ids = list(self._catalog())
        self._relabel()
        first = case if case in self._ids else next(
            (c for c in (*PREFERRED, *self._ids) if c in self._ids), None)
        if first is None:
            self._fail(i18n.t("app_no_case", why=str(self.root)))
        else:
            self.case_picker.value = first
            self._open_case(first)
        self.tabs.selected_index = 1
        self.case_picker.observe(self._on_case, names="value")
        self.language.observe(self._on_language_pick, names="value")
        self.student.observe(self._on_student, names="value")
        self.tabs.observe(self._on_tab, names="selected_index")
        self.catalog_filter.on_change(self._on_filter)
        i18n.on_language_change(self._on_language)

    @classmethod
    def from_request(cls, query: str | None = None, **options: Any) -> App:
        """The app for a page address: ``?case=…&lang=zh|en&student=…&reveal=always`` (Voila
        passes it as ``$QUERY_STRING``). Chinese unless the address asks for English.
        ``&team=A组&role=legal`` opens the team room for that role instead of the stepper
        (a mistyped role: the closest one, else the stepper, and a note saying so);
        ``&session=…`` makes it follow that class session's drill.

        >>> import tempfile
        >>> app = App.from_request("case=kfc-uk-2018&lang=en", journal_dir=tempfile.mkdtemp())
        >>> app.case_picker.value, app.language.value
        ('kfc-uk-2018', 'en')
        >>> app.close()
        >>> app = App.from_request("case=KFC-UK-2018&lang=EN", journal_dir=tempfile.mkdtemp())
        >>> app.case_picker.value, app.language.value, "KFC-UK-2018" in app.message.value
        ('kfc-uk-2018', 'en', True)
        >>> app.close()
        """
        raw = os.environ.get("QUERY_STRING", "") if query is None else query
        link = read_link(raw, options.get("root"))
        if link.reveal:  # ?reveal=always: for projecting in class
            options.setdefault("reveal", link.reveal)
        app = cls(case=link.case, lang=link.lang, student=link.student, team=link.team,
                  role=link.role, session=link.session, **options)
        # in the app's language; a mistyped link is never silently replaced
        notes = link.notes(app.case.id if app.case is not None else None)
        if notes:
            app.message.value += "".join(
                f"<div class='wb-app-note'>ℹ {html.escape(n)}</div>" for n in notes)
        return app

    # -- the comparison tab ----------------------------------------------------------------
    @property
    def board(self) -> CompareBoard:
        """The comparison board: the open case beside a contrasting one (built once)."""
        if self._board is None:
            picked = [self.case.id] if self.case is not None else []
            pairs = sorted(DEFAULT_PAIRS, key=lambda pair: not set(picked) & set(pair))
            partner = next((c for pair in pairs for c in pair
                            if c not in picked and c in self._ids), None)
            chosen = [c for c in [*picked, partner] if c in self._ids] or None
            self._board = CompareBoard(chosen, student=self._name or ANONYMOUS,
                                       journal_dir=self._work(), root=self.library,
                                       reveal=self.reveal)
            for view in self._board.views.values():
                view.style = projector_style
                view.redraw()
            self.board_box.children = [self._board]
        return self._board

    # -- drawing ---------------------------------------------------------------------------
    def _relabel(self) -> None:
        t, e = i18n.t, html.escape
        self.header.value = (f"<h1 style='margin:6px 0 2px;font-size:1.6em'>{e(t('app_title'))}"
                             f"</h1><div style='color:#4b5563;margin-bottom:6px'>"
                             f"{e(t('app_subtitle'))}</div>")
        self._fill_picker()
        self.case_picker.description = t("app_case")
        self.student.description = t("app_student")
        self.student.placeholder = t("app_name_first")
        self.student.tooltip = t("app_student_hint")
        step = "tr_app_tab" if self.team else "app_tab_step"
        for i, key in enumerate(("app_tab_brief", step, "app_tab_compare", "app_tab_warning")):
            self.tabs.set_title(i, t(key))
        if self.language.value != i18n.get_language():
            self.language.value = i18n.get_language()

    def _render_brief(self) -> None:
        if self.case is not None:
            self.brief.value = brief_html(self.case, i18n.get_language())

    def _fail(self, text: str) -> None:
        self.message.value = f"<div class='wb-app-error'>⚠ {html.escape(text)}</div>"

    # -- callbacks -------------------------------------------------------------------------
    @_friendly
    def _on_case(self, change: dict) -> None:
        if not self._quiet and change["new"]:
            self._open_case(change["new"])

    @_friendly
    def _on_filter(self) -> None:
        self._fill_picker()
        chosen = self.case_picker.value
        if chosen and (self.case is None or chosen != self.case.id):
            self._open_case(chosen)

    @_friendly
    def _on_language_pick(self, change: dict) -> None:
        if change["new"] in i18n.LANGUAGES and change["new"] != i18n.get_language():
            i18n.set_language(change["new"])

    @_friendly
    def _on_language(self) -> None:
        if not self._closed:
            self.catalog_filter.relabel()
            self._relabel()
            self._render_brief()
            self._refresh_lab()  # the lab's words are fixed when it is built
            if not self._name:
                self._show_prompt()

    @_friendly
    def _on_memory(self, change: dict) -> None:
        self._remembered(change["new"])

    @_friendly
    def _on_student(self, change: dict) -> None:
        if not self._named(change["new"]):
            return
        if self.case_picker.value:
            self._open_case(self.case_picker.value)
        if self._board is not None and self._board.journal_dir == self._work():
            self._board.student = self._name or ANONYMOUS
            self._board.refresh()
        elif self._board is not None:  # named or unnamed now: rebuilt in the other folder
            self._board.close()
            self._board, self.board_box.children = None, []
            if self.tabs.selected_index == 2:
                _ = self.board

    @_friendly
    def _on_tab(self, change: dict) -> None:
        if change["new"] == 2:
            if self._board is None:
                _ = self.board
            else:  # reopened: answers given since in the stepper may reveal moves
                self._board.refresh()
        if change["new"] == 3:
            self._refresh_lab()

    def _refresh_lab(self) -> None:
        """Rebuild the early-warning lab when its tab is open (else drop it): the case, the
        student's journal and the phase are the stepper's now, so the lab follows the phase
        the student reached and the decisions still open (the reveal rule)."""
        old, self.lab = self.lab, None
        if self.tabs.selected_index == 3 and self.stepper is not None:
            self.lab = EarlyWarningLab(
                self.stepper.case, student=self._name or ANONYMOUS,
                journal_dir=self._work(), phase=self.stepper.phase, reveal=self.reveal)
        self.warning_box.children = [self.lab] if self.lab is not None else []
        if old is not None:
            old.close()

    def close(self) -> None:
        """Close the app, its stepper, its board and its chart widget."""
        self._closed = True
        chart = self._chart_view.widget if self._chart_view is not None else None
        for part in (self.stepper, self.team_room, self._board, self.lab, chart,
                     *self.children):
            if part is not None:
                part.close()
        self._drop_scratch()
        super().close()


def _classed(widget: Any, cls: str) -> Any:
    widget.add_class(cls)
    return widget
