"""The board's scorecard: the principles rated 1–5 with a reason, for one case at a time.

:class:`BoardScorecard` is the part of :class:`~workbench.widgets.board.CompareBoard`
under its *scorecard* heading: the case dropdown (``scorecard_case``), one
:class:`RatingRow` per coordination principle and 5S principle (``ratings``: its
indicators, a score, a note), the signal rows and the *saved* line. A rating is written to
the student's journal as soon as it changes; the indicators are computed once per case,
board state and ratings (:func:`keep` holds the last :data:`KEPT`).

>>> import tempfile
>>> from workbench.widgets.board import CompareBoard
>>> board = CompareBoard(["demo-lumen-2024"], journal_dir=tempfile.mkdtemp())
>>> board.ratings["speed"].score.value = 5
>>> board.journal.ratings["speed"]["score"], board.scorecard_case.value
(5, 'demo-lumen-2024')
>>> board.close()
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import pandas as pd

from ..analysis.scorecards import indicator_html, scorecard
from ..core.cases import Case
from ..core.journal import Journal
from ..foundation import i18n
from .callbacks import shows_errors_here


@dataclass
class RatingRow:
    """The controls for one principle: its indicators, a 1–5 score and a one-line reason."""

    slug: str
    info: widgets.HTML
    score: widgets.ToggleButtons
    note: widgets.Text
    box: widgets.HBox


class BoardScorecard:
    """The scorecard part of the board: it reads ``student``, ``journal_dir``, ``_busy``,
    ``_load``, ``_state`` and ``shown``, fills ``ratings``, ``signal_rows`` and ``saved`` for
    the case ``scorecard_case`` names, keeps ``journal`` and ``scorecard``, and reports
    through the board's ``_status_html`` and ``_show_error``."""

    student: str
    journal_dir: Any
    journal: Journal | None
    scorecard: pd.DataFrame | None
    scorecard_case: widgets.Dropdown
    saved: widgets.HTML
    signal_rows: widgets.HTML
    ratings: dict[str, RatingRow]
    _busy: bool
    _scorecards: dict[Hashable, tuple]
    _load: Callable[[str], Case | None]
    _state: Callable[[Case], tuple]
    shown: Callable[[Case], Case]
    _status_html: Callable[[list[str]], str]
    _show_error: Callable[[Exception], None]

    def _rating_row(self, slug: str) -> RatingRow:
        info = widgets.HTML(layout=widgets.Layout(width="62%"))
        score = widgets.ToggleButtons(options=[(str(n), n) for n in range(1, 6)], value=None,
                                      style={"button_width": "34px"})
        score.add_class("wb-rating-score")
        note = widgets.Text(continuous_update=True, layout=widgets.Layout(width="95%"))
        note.add_class("wb-rating-note")
        box = widgets.HBox([info, widgets.VBox([score, note],
                                               layout=widgets.Layout(width="38%"))])
        box.add_class("wb-rating-row")
        row = RatingRow(slug, info, score, note, box)
        score.observe(lambda _change, s=slug: self._on_rating(s), names="value")
        note.observe(lambda _change, s=slug: self._on_rating(s), names="value")
        return row

    def _show_scorecard(self) -> None:
        case = self._load(self.scorecard_case.value) if self.scorecard_case.value else None
        if case is None:
            return
        self.journal = Journal.load(self.student, case.id, journal_dir=self.journal_dir)
        ratings = self.journal.ratings
        key = (self._state(case), i18n.get_language(),
               json.dumps(ratings, sort_keys=True, default=str))
        kept = self._scorecards.get(key)
        if kept is None:  # the indicators are the slow part: once per case, state, ratings
            table = scorecard(self.shown(case), journal=self.journal)
            labels = dict(zip(table["principle"], table["principle_label"], strict=True))
            kept = (table, {slug: (f"<b>{html.escape(labels[slug])}</b>"
                                   + indicator_html(table, slug)) for slug in self.ratings})
            keep(self._scorecards, key, kept)
        self.scorecard, info = kept
        self._busy = True
        for slug, row in self.ratings.items():
            row.info.value = info[slug]
            row.score.value = ratings.get(slug, {}).get("score")
            row.note.value = ratings.get(slug, {}).get("note", "")
        self.signal_rows.value = (
            f"<b>{html.escape(i18n.t('sc_framework_signals'))}</b>"
            + indicator_html(self.scorecard, "signals")
            if (self.scorecard["framework"] == "signals").any() else "")
        self._busy = False
        self.saved.value = (f"<span style='color:#6b7280;font-size:0.85em'>"
                            f"{html.escape(i18n.t('board_saved', path=str(self.journal.path)))}"
                            "</span>") if self.journal.path.exists() else ""
        if self.journal.problem:
            self.saved.value = self._status_html([self.journal.problem])

    @shows_errors_here
    def _on_scorecard_case(self, _change: dict) -> None:
        if not self._busy:
            self._show_scorecard()

    @shows_errors_here
    def _on_rating(self, slug: str) -> None:
        if self._busy or self.journal is None:
            return
        row = self.ratings[slug]
        # Re-read the file first: a phase stepper (or another notebook) may have written
        # answers since, and a write replaces the whole file.
        self.journal = Journal.load(self.student, self.journal.case, journal_dir=self.journal_dir)
        if row.score.value is None:
            if row.note.value.strip() and slug not in self.journal.ratings:
                self.saved.value = self._status_html([i18n.t("board_note_needs_score")])
                return
            self.journal.set_rating(slug, None)
        else:
            self.journal.set_rating(slug, row.score.value, row.note.value.strip())
        self.scorecard = scorecard(self.shown(self._load(self.journal.case)),
                                   journal=self.journal)
        self.saved.value = (f"<span style='color:#047857;font-size:0.85em'>✓ "
                            f"{html.escape(i18n.t('board_saved', path=str(self.journal.path)))}"
                            "</span>")


#: Board states kept (sets of cases × reveal states × languages; scorecards alike).
KEPT = 8


def keep(store: dict, key: Hashable, value: object) -> None:
    """Put ``value`` in ``store`` under ``key``, dropping the oldest beyond :data:`KEPT`."""
    while len(store) >= KEPT:
        store.pop(next(iter(store)))
    store[key] = value
