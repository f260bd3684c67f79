"""Crisis-PR case workbench (危机公关中的社会化媒体协同管理): cases, phases, comparisons.

>>> import workbench as wb
>>> "demo-lumen-2024" in wb.list_cases()["id"].tolist()
True
"""

from .cases import Case, list_cases, load_case
from .course import phases, principles, strategies
from .i18n import get_language, set_language
from .problems import CaseError, Problem
from .validate import validate

__all__ = ["Case", "CaseError", "Problem", "get_language", "list_cases", "load_case",
           "phases", "principles", "set_language", "strategies", "validate"]
__version__ = "0.1.0"
