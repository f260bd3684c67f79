"""Crisis-PR case workbench (危机公关中的社会化媒体协同管理): cases, phases, comparisons.

>>> import workbench as wb
>>> "demo-lumen-2024" in wb.list_cases()["id"].tolist()
True

Every public name is imported on first use (PEP 562), so ``workbench validate`` never pays
for altair, ipywidgets or vl-convert. The layers are drawn in docs/architecture.md.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: Public name → the module that defines it (relative to this package).
_PUBLIC: dict[str, str] = {
    # Cases and their validation: docs/case-format.md
    "Case": "core.cases", "list_cases": "display.catalog", "load_case": "core.library",
    "Library": "core.library", "library": "core.library",
    "validate": "core.validate", "CaseError": "foundation.problems",
    "Problem": "foundation.problems", "WorkbenchError": "foundation.problems",
    "Journal": "core.journal", "get_student": "core.student", "set_student": "core.student",
    # Language and the course content
    "get_language": "foundation.i18n", "set_language": "foundation.i18n",
    "phases": "display.course", "principles": "display.course", "strategies": "display.course",
    "catalog": "display.catalog", "timeline_table": "display.timeline",
    "ReadingTable": "core.tables",  # any DataFrame shown for reading (left-aligned, no NaN)
    # Charts (offline rendering is chosen by the first chart built): docs/charts.md
    "ChartView": "display.charts", "reaction_chart": "display.charts",
    "signal_chart": "display.signal_charts", "signal_metrics": "analysis.signals",
    # Brand comparison (metrics, scorecard): docs/metrics.md
    "compare": "analysis.comparison", "available": "core.library",
    "net_sentiment": "analysis.metrics", "share_of_voice": "analysis.metrics",
    "scorecard": "analysis.scorecards", "machine_note": "analysis.sentiment",
    # Bring your own data (import a listening export, offline sentiment): docs/import.md
    "ImportRefused": "io.import_read", "import_posts": "io.importer",
    "work_folder": "core.library", "build_signals": "io.signal_sources",
    # Class work (export a journal, collect a class): docs/classwork.md
    "collect": "io.collect", "export_journal": "io.export",
    # Widgets: the phase stepper, the comparison board, the class view, the Voila app
    "PhaseStepper": "widgets.stepper", "CompareBoard": "widgets.board",
    "ClassView": "widgets.classview", "sample_class": "widgets.classview", "App": "widgets.app",
    # Early warning (alert rules, back-tests, the lab): docs/early-warning.md
    "backtest": "analysis.backtest", "VolumeRule": "analysis.warning",
    "NegativeShareRule": "analysis.warning", "HotSearchRule": "analysis.warning",
    "ChangePointRule": "analysis.warning", "Combined": "analysis.warning",
    "EarlyWarningLab": "widgets.warning_lab",
    # Team room (roles, key messages, the coordination board): docs/metrics.md
    "TeamRoom": "widgets.teamroom", "team_board": "display.team_board",
    # Team drill and the instructor's team views (issue 17, branch drill): docs/classwork.md
    "Pacing": "core.pacing", "DrillControl": "widgets.drill", "export_team": "io.export",
    "class_folder": "core.library",
    "TeamsView": "widgets.teams", "sample_teams": "widgets.teams",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'workbench' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC})

