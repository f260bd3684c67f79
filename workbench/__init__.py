"""Crisis-PR case workbench (危机公关中的社会化媒体协同管理): cases, phases, comparisons.

>>> import workbench as wb
>>> "demo-lumen-2024" in wb.list_cases()["id"].tolist()
True
"""

from .cases import Case, list_cases, load_case
from .catalog import catalog
from .charts import ChartView, reaction_chart
from .course import phases, principles, strategies
from .i18n import get_language, set_language
from .journal import Journal
from .problems import CaseError, Problem
from .stepper import PhaseStepper
from .timeline import timeline_table
from .validate import validate

__all__ = ["Case", "CaseError", "Problem", "catalog", "get_language", "list_cases", "load_case",
           "phases", "principles", "set_language", "strategies", "validate"]
# Brand comparison (metrics, scorecard): docs/metrics.md
from .board import CompareBoard
from .comparison import compare
from .metrics import net_sentiment, share_of_voice
from .scorecards import scorecard

__all__ += ["CompareBoard", "compare", "net_sentiment", "scorecard", "share_of_voice"]
# Phase stepper, charts (offline rendering is set when charts is imported), journals: docs/charts.md
__all__ += ["ChartView", "Journal", "PhaseStepper", "reaction_chart", "timeline_table"]
# Class work (export a journal, collect a class, the instructor view): docs/classwork.md
from .classview import ClassView, sample_class  # noqa: E402
from .collect import collect  # noqa: E402
from .export import export_journal  # noqa: E402

__all__ += ["ClassView", "collect", "export_journal", "sample_class"]
# Bring your own data (import a listening export, offline sentiment): docs/import.md
from .importer import ImportRefused, import_posts  # noqa: E402

__all__ += ["ImportRefused", "import_posts"]
# The classroom app (`make app`, Voila): docs/deploy.md
from .app import App  # noqa: E402

__all__ += ["App"]
__version__ = "0.1.0"
