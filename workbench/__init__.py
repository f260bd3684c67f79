"""Crisis-PR case workbench (危机公关中的社会化媒体协同管理): cases, phases, comparisons.

>>> import workbench as wb
>>> "demo-lumen-2024" in wb.list_cases()["id"].tolist()
True
"""

from .core.cases import Case, list_cases
from .core.journal import Journal
from .core.library import load_case
from .core.validate import validate
from .display.catalog import catalog
from .display.charts import ChartView, reaction_chart
from .display.course import phases, principles, strategies
from .display.timeline import timeline_table
from .foundation.i18n import get_language, set_language
from .foundation.problems import CaseError, Problem
from .widgets.stepper import PhaseStepper

__all__ = ["Case", "CaseError", "Problem", "catalog", "get_language", "list_cases", "load_case",
           "phases", "principles", "set_language", "strategies", "validate"]
# Brand comparison (metrics, scorecard): docs/metrics.md
from .analysis.comparison import compare
from .analysis.metrics import net_sentiment, share_of_voice
from .analysis.scorecards import scorecard
from .widgets.board import CompareBoard

__all__ += ["CompareBoard", "compare", "net_sentiment", "scorecard", "share_of_voice"]
# Phase stepper, charts (offline rendering is set when charts is imported), journals: docs/charts.md
__all__ += ["ChartView", "Journal", "PhaseStepper", "reaction_chart", "timeline_table"]
# Class work (export a journal, collect a class, the instructor view): docs/classwork.md
from .io.collect import collect  # noqa: E402
from .io.export import export_journal  # noqa: E402
from .widgets.classview import ClassView, sample_class  # noqa: E402

__all__ += ["ClassView", "collect", "export_journal", "sample_class"]
# Bring your own data (import a listening export, offline sentiment): docs/import.md
from .io.importer import ImportRefused, import_posts  # noqa: E402

__all__ += ["ImportRefused", "import_posts"]
# The classroom app (`make app`, Voila): docs/deploy.md
from .widgets.app import App  # noqa: E402

__all__ += ["App"]
__version__ = "0.1.0"
