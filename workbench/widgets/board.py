"""The brand-comparison board: pick 2–6 cases, see them aligned, rate the principles.

``CompareBoard`` is a ``VBox`` whose controls are attributes (``.picker``, ``.window``,
``.scorecard_case``, ``.ratings``…) so a test or a notebook can drive it from Python.
Each chart view is one :class:`~workbench.display.charts.ChartView`, updated in place on every
change (an offline chart widget carries ~0.9 MB of JavaScript). Ratings are written to
the student's journal (``<journal_dir>/<student>/<case-id>.json``) as soon as they change.

>>> import tempfile
>>> board = CompareBoard(["demo-lumen-2024"], journal_dir=tempfile.mkdtemp())
>>> board.table["case"].tolist()
['demo-lumen-2024']
>>> board.ratings["fast-response"].score.value = 4
>>> board.journal.ratings["fast-response"]["score"]
4
"""

from __future__ import annotations

import html
from collections.abc import Callable, Hashable
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from ..analysis.comparison import compare, comparison_html, held_html
from ..core import progress
from ..core.cases import Case
from ..core.journal import Journal
from ..core.library import Library, library
from ..core.student import get_student
from ..display import comparison_charts as cc
from ..display.charts import ChartView
from ..foundation import i18n, vocab
from ..foundation.problems import CaseError
from .board_scorecard import BoardScorecard, RatingRow, keep
from .callbacks import shows_errors_here

#: ipywidgets sets HTML text 28 px apart (a line of a button): the table's small notes and
#: wrapped headings read at 1.5 lines.
_CSS = "<style>.wb-board .widget-html-content { line-height: 1.5; }</style>"

#: Default pairs, in order of preference: contrasting responses that teach well.
DEFAULT_PAIRS: tuple[tuple[str, str], ...] = (
    ("haidilao-2017", "dolce-gabbana-2018"), ("kfc-uk-2018", "united-3411-2017"),
    ("haidilao-2017", "benz-xian-2019"),
)
#: Hour windows of the aligned chart.
WINDOWS: dict[str, tuple[float, float] | None] = {"48h": (-12.0, 48.0), "week": (-24.0, 168.0),
                                                   "all": None}
MAX_CASES = 6


class CompareBoard(BoardScorecard, widgets.VBox):
    """Compare 2–6 brands: aligned timelines, response lag, strategy mix, channels,
    the principles scorecard with the student's ratings, and the comparison table.

    ``cases``: ids, folders or Case objects to start with (default: a contrasting pair of
    bundled cases). Ratings go to the journal of ``student`` (default: ``wb.get_student()``)
    under ``journal_dir`` (default as in :mod:`workbench.core.journal`). Text follows
    ``wb.set_language``.

    Nothing spoils a decision: each case shows only what the student may see beside the
    stepper (:func:`workbench.core.progress.beside`) — the brand moves held by their open
    decisions are left out of the cards, tables, charts, tooltips and chart data, and
    ``.held_note`` says which decisions are open and how to open them. ``reveal="always"``
    (projecting in class) shows every move. ``refresh()`` reads the journals again. Its
    scorecard part (the ratings): :mod:`~workbench.widgets.board_scorecard`.
    """

    def __init__(self, cases: list[Case | str | Path] | None = None, *,
                 student: str | None = None, journal_dir: str | Path | None = None,
                 root: str | Path | Library | None = None, window: str = "week",
                 reveal: str = "after-answer") -> None:
        super().__init__()
        self.add_class("wb-board")
        self.library = library(root)
        self.reveal = progress.check_mode(reveal)
        self.student = (student or "").strip() or get_student(journal_dir=journal_dir)
        self.journal_dir, self.root = journal_dir, self.library.root
        self.pending: dict[str, list[progress.Decision]] = {}
        self._picked: dict[str, Case] = {}  # the cases picked by object or path, by id
        self._errors: dict[str, str] = {}
        self._busy = False
        self._closed = False
        self.table: pd.DataFrame | None = None
        self._drawn: dict[Hashable, dict] = {}  # see refresh: one entry per board state
        self._scorecards: dict[Hashable, tuple] = {}  # see _show_scorecard
        self.scorecard: pd.DataFrame | None = None
        self.journal: Journal | None = None
        ids = self._known_ids()
        chosen = [self._add(c) for c in cases] if cases else self._default_pair(ids)
        chosen = [c for c in chosen if c]
        # the board's cases first: the list opens at its top with every chosen case in view
        self._ids = list(dict.fromkeys([*chosen, *ids]))

        self.title = widgets.HTML()
        self.picker = widgets.SelectMultiple(options=self._options(), value=tuple(chosen),
                                             rows=min(8, max(3, len(self._ids))))
        self.picker.add_class("wb-picker")
        self.window = widgets.ToggleButtons(value=None)
        self.window.add_class("wb-window")
        self._window = window if window in WINDOWS else "week"
        self.status = widgets.HTML()
        self.status.add_class("wb-status")
        self.held_note = widgets.HTML()
        self.held_note.add_class("wb-board-held")
        self.views: dict[str, ChartView] = {name: ChartView() for name in
                                            ("aligned", "lag", "mix", "channels")}
        for name, view in self.views.items():
            view.widget.add_class(f"wb-chart-{name}")
        self.table_html = widgets.HTML()
        self.table_html.add_class("wb-board-table")
        self.scorecard_case = widgets.Dropdown(layout={"width": "min(100%, 640px)"})
        self.scorecard_case.add_class("wb-scorecard-case")
        self.saved = widgets.HTML()
        self.saved.add_class("wb-saved")
        self.ratings: dict[str, RatingRow] = {slug: self._rating_row(slug)
                                              for slug in [*vocab.PRINCIPLES, *vocab.FIVE_S]}
        self.headings = {k: widgets.HTML() for k in ("aligned", "lag", "mix", "channels",
                                                       "scorecard", "table")}
        self.signal_rows = widgets.HTML()  # the scorecard's signal rows (not rated)
        self.signal_rows.add_class("wb-scorecard-signals")
        self.scorecard_box = widgets.VBox([self.scorecard_case, self.saved,
                                           *(r.box for r in self.ratings.values()),
                                           self.signal_rows])
        self.scorecard_box.add_class("wb-board-scorecard")
        self.children = [
            self.title, self.picker, self.window, self.status, self.held_note,
            self.headings["aligned"], self.views["aligned"].widget,
            self.headings["lag"], self.views["lag"].widget,
            self.headings["mix"], self.views["mix"].widget,
            self.headings["channels"], self.views["channels"].widget,
            self.headings["scorecard"], self.scorecard_box,
            self.headings["table"], self.table_html,
        ]
        self._relabel()
        self.picker.observe(self._on_pick, names="value")
        self.window.observe(self._on_window, names="value")
        self.scorecard_case.observe(self._on_scorecard_case, names="value")
        i18n.on_language_change(self._on_language)
        self.refresh()

    # -- cases -----------------------------------------------------------------------------
    def _known_ids(self) -> list[str]:
        try:
            return self.library.ids()
        except OSError:
            return []

    def _add(self, item: Case | str | Path) -> str | None:
        try:
            case = self.library.load(item)
        except CaseError as err:
            self._errors[str(item)] = str(err).splitlines()[-1]
            return None
        self._picked[case.id] = case
        return case.id

    def _default_pair(self, ids: list[str]) -> list[str]:
        for pair in DEFAULT_PAIRS:
            if all(i in ids for i in pair) and all(self._load(i) for i in pair):
                return list(pair)
        chosen: list[str] = []
        for case_id in ids:
            if len(chosen) == 2:
                break
            if self._load(case_id):
                chosen.append(case_id)
        return chosen

    def _load(self, case_id: str) -> Case | None:
        if case_id in self._errors:
            return None
        if case_id in self._picked:
            return self.library.load(self._picked[case_id].folder)
        return self.library.load(case_id) if self._add(case_id) else None

    def _options(self) -> list[tuple[str, str]]:
        try:
            frame = self.library.catalog()
            listed = dict(zip(frame["id"], frame.get("title", frame["id"]), strict=True))
        except (OSError, KeyError):
            listed = {}
        out = []
        for case_id in self._ids:
            case = self._picked.get(case_id)
            title = case.title() if case is not None else str(listed.get(case_id) or "")
            out.append((f"{case_id} · {title}" if title else case_id, case_id))
        return out

    @property
    def cases(self) -> list[Case]:
        """The cases on the board now (the loadable ones among the picked)."""
        return [c for c in (self._load(i) for i in self.picker.value) if c is not None]

    def shown(self, case: Case) -> Case:
        """``case`` as the student may see it now (the moves their open decisions hold
        left out); the open decisions go to ``.pending[case.id]``."""
        seen, pending = progress.beside(case, self.student, journal_dir=self.journal_dir,
                                        reveal=self.reveal)
        self.pending[case.id] = pending
        return seen

    @property
    def shown_cases(self) -> list[Case]:
        """The cases on the board as the student may see them now (journals read again)."""
        return [self.shown(c) for c in self.cases]

    @property
    def charts(self) -> dict[str, object]:
        """The altair chart each view shows, by view name."""
        return {name: view.chart for name, view in self.views.items()}

    # -- widgets ---------------------------------------------------------------------------
    def _relabel(self) -> None:
        t = i18n.t
        self.title.value = (f"{_CSS}<h2 style='margin:4px 0'>{html.escape(t('board_title'))}</h2>"
                            f"<div style='color:#4b5563'>{html.escape(t('board_pick'))}</div>")
        self.picker.description = ""
        self.picker.tooltip = t("board_pick")
        self.picker.layout.width = "min(100%, 860px)"  # long English titles stay readable
        self._busy, picked = True, self.picker.value
        self.picker.options = self._options()
        self.picker.value = tuple(v for v in picked if v in self._ids)
        self.window.options = [(t(f"board_window_{k}"), k) for k in WINDOWS]
        self.window.value = self._window
        self._busy = False
        for key, box in self.headings.items():
            box.value = f"<h3 style='margin:10px 0 2px'>{html.escape(t('board_' + key))}</h3>"
        self.scorecard_case.description = t("board_scorecard_case")
        for row in self.ratings.values():
            row.note.placeholder = t("board_note_placeholder")

    # -- updates ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute the table, redraw every view in place and reload the scorecard."""
        picked = self.cases
        keys = [self._state(c) for c in picked]
        known = (tuple(keys), i18n.get_language()) in self._drawn
        cases = picked if known else [self.shown(c) for c in picked]  # shown views: once
        messages = [i18n.t("board_failed", case=k, why=v) for k, v in self._errors.items()
                    if k in self.picker.value]
        if len(cases) < 2:  # one case is still drawn; none or too many are not
            messages.insert(0, i18n.t("board_too_few"))
        if len(cases) > MAX_CASES:
            messages.insert(0, i18n.t("board_too_many"))
        self.status.value = self._status_html(messages)
        if not cases or len(cases) > MAX_CASES:
            return
        lang = i18n.get_language()
        key = (tuple(keys), lang)
        drawn = self._drawn.get(key)
        if drawn is None:  # each board state is compared once; a click back is a look-up
            table = compare(picked, lang=lang, student=self.student,
                            journal_dir=self.journal_dir, reveal=self.reveal)
            drawn = {"cases": cases, "table": table, "held": held_html(table, lang=lang),
                     "html": comparison_html(table, lang=lang, note=False),
                     "pending": {c.id: self.pending[c.id] for c in cases}}
            keep(self._drawn, key, drawn)
        cases = drawn["cases"]
        self.pending.update(drawn["pending"])
        self.table = drawn["table"]
        self.held_note.value = drawn["held"]
        self.table_html.value = drawn["html"]
        self._draw("aligned", (key, self._window), lambda: cc.aligned_spec(
            cases, hours=WINDOWS[self._window], lang=lang))
        self._draw("lag", key, lambda: cc.response_lag_spec(self.table, lang=lang))
        self._draw("mix", key, lambda: cc.strategy_mix_spec(self.table, lang=lang))
        self._draw("channels", key, lambda: cc.channel_matrix_spec(cases, lang=lang))
        current = self.scorecard_case.value
        self._busy = True
        self.scorecard_case.options = [(f"{c.brand(lang)} · {c.id}", c.id) for c in cases]
        ids = [c.id for c in cases]
        self.scorecard_case.value = current if current in ids else ids[0]
        self._busy = False
        self._show_scorecard()

    def _state(self, case: Case) -> tuple:
        """What the board shows of ``case`` depends on: the case and the moves held back
        by the student's open decisions now (their journal is read again)."""
        if self.reveal == "always":
            return (case.id, id(case), frozenset())
        done = progress.of_student(case.id, self.student, journal_dir=self.journal_dir)
        return (case.id, id(case), progress.held(case, done, reveal=self.reveal))

    def _draw(self, name: str, shape: Hashable, make: Callable[[], object]) -> None:
        """Show view ``name``'s chart of this board state: its Vega-Lite spec written once
        (a dict, no altair), then shown again from the view's kept spec (``recall``)."""
        view = self.views[name]
        if not view.recall(shape):
            view.show(make(), shape=shape)

    @staticmethod
    def _status_html(messages: list[str]) -> str:
        return "".join(f"<div style='color:#92400e'>⚠ {html.escape(m)}</div>" for m in messages)

    def _show_error(self, err: Exception) -> None:
        self.status.value = self._status_html(
            [i18n.t("board_error", error=f"{type(err).__name__}: {err}")])

    @shows_errors_here
    def _on_pick(self, _change: dict) -> None:
        if not self._busy:
            self.refresh()

    @shows_errors_here
    def _on_window(self, change: dict) -> None:
        if self._busy or change["new"] is None:
            return
        self._window = change["new"]
        cases = self.shown_cases
        if 1 <= len(cases) <= MAX_CASES:
            self.views["aligned"].show(cc.aligned_spec(cases, hours=WINDOWS[self._window]))

    @shows_errors_here
    def _on_language(self) -> None:
        if self._closed:
            return
        self._relabel()
        self.refresh()

    def close(self) -> None:
        """Close the board and every widget in it (it stops following the language)."""
        self._closed = True
        stack = list(self.children)
        while stack:
            child = stack.pop()
            stack.extend(getattr(child, "children", ()))
            child.close()
        super().close()
