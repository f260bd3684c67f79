"""A controlled value of the course's vocabulary: its slug and its labels in zh and en.

:class:`Term` is what every table of :mod:`workbench.foundation.vocab` holds (the phases
of :mod:`~workbench.foundation.phases` and the strategies are Terms with more fields), and
:func:`table` makes such a table, slug → term.

>>> kinds = table(Term("trigger", "触发事件", "Trigger"))
>>> kinds["trigger"].label("zh"), kinds["trigger"].label("en")
('触发事件', 'Trigger')
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """A controlled value: its slug (used in files) and its labels in zh and en."""

    slug: str
    zh: str
    en: str
    about_zh: str = ""
    about_en: str = ""

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def about(self, lang: str) -> str:
        return self.about_zh if lang == "zh" else self.about_en


def table(*terms: Term) -> dict[str, Term]:
    """The terms by slug, in the order given."""
    return {t.slug: t for t in terms}
