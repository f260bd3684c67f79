"""The course content as tables in the current language, for students to read.

>>> import workbench as wb
>>> wb.set_language("en")
>>> wb.phases()["Phase"].tolist()[:2]
['Form the coordination team', 'Collect and analyse information']
>>> len(wb.principles())
10
"""

from __future__ import annotations

import pandas as pd

from ..core.tables import ReadingTable
from ..foundation import i18n, vocab


def phases() -> pd.DataFrame:
    """The six coordination phases: what each is, what good looks like, its principles."""
    lang = i18n.get_language()
    return ReadingTable([{
        i18n.t("col_step"): p.number, "slug": p.slug, i18n.t("phase"): p.label(lang),
        i18n.t("col_about"): p.about(lang), i18n.t("col_good"): "；".join(p.good(lang))
        if lang == "zh" else "; ".join(p.good(lang)),
        i18n.t("col_principles"): ", ".join(i18n.term(vocab.PRINCIPLES, s) for s in p.principles),
    } for p in vocab.PHASE_LIST]).set_index(i18n.t("col_step"))


def principles() -> pd.DataFrame:
    """The five coordination principles and the 5S, with a one-line meaning each."""
    lang = i18n.get_language()
    rows = [(i18n.t("family_coordination"), term) for term in vocab.PRINCIPLES.values()]
    rows += [(i18n.t("family_5s"), term) for term in vocab.FIVE_S.values()]
    return ReadingTable([{i18n.t("col_family"): family, "slug": term.slug,
                          i18n.t("col_principle"): term.label(lang),
                          i18n.t("col_about"): term.about(lang)} for family, term in rows])


def strategies() -> pd.DataFrame:
    """Response-strategy codes with their SCCT posture and Benoit category."""
    lang = i18n.get_language()
    return ReadingTable([{
        "code": s.slug, i18n.t("strategy"): s.label(lang),
        i18n.t("col_posture"): i18n.term(vocab.POSTURES, s.posture),
        i18n.t("col_benoit"): i18n.term(vocab.BENOIT, s.benoit),
    } for s in vocab.STRATEGIES.values()])
