"""The app's early-warning tab follows the stepper: its phase end and its open decisions.

Driven from Python on haitian-2022 (signals only): the lab built in the fourth tab must
never show what the phase end or a pending decision hides in the stepper tab.
"""

from __future__ import annotations

import math

import workbench as wb


def _lab(app: wb.App) -> wb.EarlyWarningLab:
    app.tabs.selected_index = 3
    lab = app.warning_box.children[0]
    assert lab is app.lab and isinstance(lab, wb.EarlyWarningLab)
    return lab


def test_the_lab_follows_the_stepper_phase_and_its_open_decisions(tmp_path):
    app = wb.App(case="haitian-2022", student="t", journal_dir=tmp_path, lang="en")
    try:
        app.stepper.go("analyse")
        lab = _lab(app)
        assert lab.prepared.phase == "analyse"
        # the data stop at the phase end (hour 0 here): no later title, no later alert
        assert lab.prepared.series.signal_hours.max() <= 0
        assert lab.result.alerts["hours"].max() <= 0
        # the first statement (before hour 0) waits for the plan decision
        assert "h2" in lab.prepared.hidden and math.isnan(lab.prepared.references["response"])
        assert "phase Collect and analyse information" in lab.report.value  # its name

        app.tabs.selected_index = 1          # back in the stepper, on to the last phase
        app.stepper.go("evaluate")
        lab = _lab(app)
        assert lab.prepared.phase == "evaluate"
        assert lab.prepared.series.signal_hours.max() > 200  # every title by now
        assert {"h2", "h4", "h9"} <= set(lab.prepared.hidden)  # decisions still open
        assert math.isnan(lab.prepared.references["response"])

        app.tabs.selected_index = 1          # answer the decision on the first statement
        app.stepper.go("plan")
        app.stepper.answer_areas["plan-1"].value = "Explain the product range first."
        app.stepper.go("evaluate")
        lab = _lab(app)
        assert "h2" not in lab.prepared.hidden and {"h4", "h9"} <= set(lab.prepared.hidden)
        assert round(lab.prepared.references["response"], 1) == -13.8  # before hour 0

        app.tabs.selected_index = 1          # another case: never the previous case's lab
        app.case_picker.value = "chicecream-2022"
        assert app.lab is None and app.warning_box.children == ()
        assert _lab(app).case.id == "chicecream-2022"
    finally:
        app.close()


def test_the_baseline_false_alarms_are_counted_on_haitian(tmp_path):
    """A month of pre-crisis baseline (provenance.signals_window): one stray title."""
    result = wb.backtest(wb.load_case("haitian-2022"), "hot-search")
    assert 28 * 24 < result.baseline_hours < 30 * 24
    assert result.false_alarms == 1 and 0.9 < result.false_per_30_days < 1.2
    assert not result.missed
