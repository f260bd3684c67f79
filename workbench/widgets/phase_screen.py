"""What one phase of the stepper shows, computed once per phase and reveal state.

A :class:`PhaseScreens` keeps, for each (phase, brand moves held back, language), the
phase view (:func:`workbench.core.progress.view`'s ``Case.visible_at``), its events and
the chart to draw — the reaction chart's :class:`~workbench.display.chart_view.ChartParts`
(swapped into the stepper's one chart widget in place), or the signal chart of a case
with a real signal. A phase change that returns to a phase with the same held moves costs
a dictionary look-up; answering or revealing a decision changes the held moves, so the
reveal rule still decides what each screen holds (never a cached view of other moves).

>>> import workbench as wb
>>> from workbench.core import progress
>>> screens = PhaseScreens(wb.load_case("demo-lumen-2024"))
>>> first = screens.get("plan", progress.Progress(), "en")
>>> first.hidden, screens.get("plan", progress.Progress(), "en") is first
(('d2', 'd4'), True)
>>> "d4" in screens.get("plan", progress.Progress(), "en", reveal="always").events["id"].tolist()
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..core import progress
from ..core.cases import Case
from ..display import charts, signal_charts, timeline
from ..display.chart_view import ChartParts, ChartView

#: The most screens kept per stepper (six phases × a few reveal states × two languages).
KEPT = 48


@dataclass(frozen=True)
class PhaseScreen:
    """One phase as a student may see it now: the view, its events, the chart's makings."""

    view: Case
    events: pd.DataFrame  # index reset
    parts: ChartParts | None  # the reaction chart's parts (None: a signal chart)
    chart: Any = None  # the signal chart (a Vega-Lite spec), when the case has a signal
    _cards: dict[tuple, str] = field(default_factory=dict, repr=False, compare=False)

    def cards(self, *, timezone: str | None, lang: str, phase: str,
              new: frozenset[str]) -> str:
        """The timeline cards of this screen (``new``: the ids highlighted as just revealed),
        made once per set of highlighted ids."""
        key = (timezone, lang, phase, new)
        if key not in self._cards:
            self._cards[key] = timeline.event_cards(
                self.events, timezone=timezone, lang=lang, current_phase=phase,
                hidden=len(self.hidden), new=new)
        return self._cards[key]

    @property
    def hidden(self) -> tuple[str, ...]:
        """Ids of the brand moves held back in this phase."""
        return self.view.hidden

    def draw(self, view: ChartView) -> None:
        """Show this screen's chart in ``view``: the reaction chart's data swapped in place
        when ``view`` already shows a reaction chart of the same shape."""
        if self.parts is not None:
            view.draw(self.parts, charts.reaction_chart_of)
        else:
            view.show(self.chart)


class PhaseScreens:
    """The screens of one case, made on first use and kept (at most :data:`KEPT`)."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self._kept: dict[tuple, PhaseScreen] = {}

    def get(self, phase: str, done: progress.Progress, lang: str, *,
            reveal: str = "after-answer") -> PhaseScreen:
        """The screen of ``phase`` for a student whose progress is ``done``."""
        hold = progress.held(self.case, done, reveal=reveal)
        key = (phase, hold, lang)
        screen = self._kept.get(key)
        if screen is None:
            screen = self._make(phase, hold, lang)
            while len(self._kept) >= KEPT:
                self._kept.pop(next(iter(self._kept)))
            self._kept[key] = screen
        return screen

    def _make(self, phase: str, hold: frozenset[str], lang: str) -> PhaseScreen:
        same = next((s for (p, h, _), s in self._kept.items() if p == phase and h == hold),
                    None)  # the other language's screen has the same view
        view = same.view if same is not None else self.case.visible_at(phase, hold=hold)
        events = view.events.reset_index(drop=True)
        if self.case.has_signals:  # a real signal first, when the case has one
            return PhaseScreen(view, events, None, signal_charts.signal_spec(view, lang=lang))
        return PhaseScreen(view, events, charts.reaction_parts(view, lang=lang))
