"""The early-warning lab: design an alert rule, watch it on a case, keep it in the journal.

``wb.EarlyWarningLab(case)``: ``rules`` (the ids of the rules the case has data for),
``rule`` (dropdown, each rule's name in the language, its id the value), ``combine`` (none / AND / OR) with a
``second`` rule, ``sliders`` (``"volume.threshold"`` → slider, one set per rule, the
chosen rules' shown), ``cooldown``, the chart (``chart_view``), the ``report`` and a
``justification`` line saved with ``save`` to the journal (answer id :data:`WARNING_ID`),
the rule followed by where the series it read come from (``（热搜信号：实测数据）``).
The series are computed once (``prepared``); a slider move re-runs only the rule
(vectorised numpy over the prepared hourly series, its rolling baselines kept per window),
redraws the report (its fixed parts kept) and swaps the chart's data into the same chart
widget (``chart_view.widget``): altair builds the chart once per shape, never on a move.

>>> import tempfile, workbench as wb
>>> lab = EarlyWarningLab("chicecream-2022", journal_dir=tempfile.mkdtemp(), lang="en")
>>> lab.rule.value = "hot-search"
>>> lab.sliders["hot-search.speed"].value = 30.0
>>> "First alert" in lab.report.value or "Missed" in lab.report.value
True
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from ..analysis.backtest import WARNING_ID, evaluate, prepare, provenance_line, report_html
from ..analysis.warning import RULES, Combined, explain
from ..core.cases import Case
from ..core.journal import Journal
from ..core.library import library
from ..display.charts import ChartView
from ..display.warning_chart import WarningParts, warning_chart_of
from ..foundation import i18n
from .callbacks import shows_errors

#: Rule name → parameter → (min, max, step): the sliders.
RANGES: dict[str, dict[str, tuple[float, float, float]]] = {
    "volume": {"window_hours": (2, 168, 1), "threshold": (1, 10, 0.5), "min_count": (0, 200, 5)},
    "negative-share": {"window_hours": (2, 168, 1), "jump": (0.05, 0.6, 0.05),
                       "min_mentions": (0, 300, 10)},
    "hot-search": {"speed": (1, 100, 1), "window_hours": (1 / 6, 6, 1 / 6)},
    "change-point": {"penalty": (1, 50, 1), "min_ratio": (1.2, 10, 0.1), "min_size": (2, 12, 1)},
}


def _report(self: EarlyWarningLab, err: Exception) -> None:
    self.message.value = (f"<div style='color:#b91c1c'>⚠ "
                          f"{html.escape(i18n.t('ew_failed', lang=self.lang, why=str(err)))}</div>")


class EarlyWarningLab(widgets.VBox):
    """The lab for one case; see the module docstring for its attributes."""

    def __init__(self, case: Case | str, *, student: str | None = None,
                 journal_dir: str | Path | None = None, phase: str | None = None,
                 reveal: str = "after-answer", lang: str | None = None) -> None:
        super().__init__()
        self.case = case if isinstance(case, Case) else library().load(case)
        self.lang = lang or i18n.get_language()
        self.student, self.journal_dir = student, journal_dir
        self.prepared = prepare(self.case, student=student, phase=phase,
                                journal_dir=journal_dir, reveal=reveal)
        s = self.prepared.series
        names = [n for n in RULES if (s.has_signals if n == "hot-search" else s.has_reactions)]
        t = lambda key: i18n.t(key, lang=self.lang)  # noqa: E731
        # the rule's name shown in the language, its id (``lab.rule.value``) kept
        self.rules = tuple(names or RULES)
        options = [(t(f"ew_rule_{n}"), n) for n in self.rules]
        # labels as wide as their words (never "Second …"), the row wrapping when narrow
        label, fixed = {"description_width": "initial"}, {"width": "auto", "flex": "0 0 auto"}
        self.rule = widgets.Dropdown(options=options, description=t("ew_rule"),
                                     style=label, layout=fixed)
        # its label beside it (a ToggleButtons' own description put the buttons a line lower)
        self.combine = widgets.ToggleButtons(
            options=[("—", ""), (t("ew_and"), "and"), (t("ew_or"), "or")], value="",
            tooltip=t("ew_combine"), style={"button_width": "64px"}, layout=fixed)
        self.second = widgets.Dropdown(options=options, description=t("ew_second"),
                                       style=label, layout=fixed)
        self.cooldown = widgets.FloatSlider(value=12, min=1, max=72, step=1,
                                            description=t("ew_cooldown"),
                                            style={"description_width": "110px"})
        self.sliders: dict[str, widgets.FloatSlider] = {}
        for name, params in RANGES.items():
            default = RULES[name]()
            for p, (lo, hi, step) in params.items():
                self.sliders[f"{name}.{p}"] = widgets.FloatSlider(
                    value=float(getattr(default, p)), min=lo, max=hi, step=step,
                    description=t(f"ew_p_{p}"), tooltip=p, continuous_update=False,
                    style={"description_width": "110px"})
        self.slider_box = widgets.VBox()
        self.chart_view = ChartView()
        self.report = widgets.HTML()
        self.message = widgets.HTML()
        self.justification = widgets.Text(placeholder=t("ew_justify"), layout={"width": "560px"})
        self.save = widgets.Button(description=t("ew_save"), button_style="primary")
        self.result = None
        self._parts = WarningParts(self.prepared, lang=self.lang)  # what no move changes
        title = widgets.HTML(f"<h3>{html.escape(i18n.t('ew_title', lang=self.lang, brand=self.case.brand(self.lang)))}</h3>")
        self.children = [title, widgets.HBox([self.rule, widgets.Label(t("ew_combine")),
                                                 self.combine, self.second],
                                                layout={"flex_flow": "row wrap"}),
                         self.slider_box, self.cooldown, self.chart_view.widget, self.report,
                         widgets.HBox([self.justification, self.save]), self.message]
        for control in (self.rule, self.combine, self.second, self.cooldown,
                        *self.sliders.values()):
            control.observe(self._on_change, names="value")
        self.save.on_click(self._on_save)
        self.update()

    def current(self) -> Any:
        """The rule the controls describe now."""
        def one(name: str) -> Any:
            params = {p: self.sliders[f"{name}.{p}"].value for p in RANGES[name]}
            if name == "change-point":
                params["min_size"] = int(params["min_size"])
            return RULES[name](**params)

        first = one(self.rule.value)
        if self.combine.value and self.second.value != self.rule.value:
            return Combined((first, one(self.second.value)), how=self.combine.value)
        return first

    def _visible(self) -> None:
        chosen = {self.rule.value} | ({self.second.value} if self.combine.value else set())
        shown = tuple(w for k, w in self.sliders.items() if k.split(".")[0] in chosen)
        if self.slider_box.children != shown:
            self.slider_box.children = shown
        self.second.disabled = not self.combine.value

    @shows_errors(_report)
    def update(self, chart: bool = True) -> None:
        """Re-run the rule on the prepared series; redraw the report (and the chart)."""
        self._visible()
        rule = self.current()
        self.result = evaluate(self.prepared, rule, cooldown_hours=self.cooldown.value)
        self.report.value = report_html(self.result, lang=self.lang)
        if chart:  # the chart's data swapped in place (built by altair once per shape)
            self.chart_view.draw(self._parts(rule, self.result), warning_chart_of)
        self.message.value = ""

    def _on_change(self, change: dict) -> None:
        self.update()

    @shows_errors(_report)
    def _on_save(self, _button: Any = None) -> None:
        """Keep the rule, the provenance of what it read and the justification in the
        student's journal (atomically)."""
        rule = self.current()
        read = evaluate(self.prepared, rule, cooldown_hours=self.cooldown.value).provenance
        text = (f"{explain(rule, self.lang)}"
                f"{i18n.bracketed(provenance_line(read, self.lang), lang=self.lang)}"
                f" — {self.justification.value.strip()}")
        journal = Journal.load(self.student, self.case.id, journal_dir=self.journal_dir)
        journal.set_answer(WARNING_ID, text)
        self.message.value = html.escape(i18n.t("ew_saved", lang=self.lang, rule=text))
