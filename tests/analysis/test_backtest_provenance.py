"""The early-warning lab labels what a rule actually reads: hot-search rules read the
signals, volume / negative-share / change-point rules the reactions, a combined rule
each of its series. Observed data is never called simulated (chicecream's reactions are
simulated, its hot-search archive is observed), in the report, the chart and the journal."""

from __future__ import annotations

import dataclasses

import pytest

import workbench as wb
from workbench.analysis.backtest import evaluate, prepare, provenance_line, reads
from workbench.analysis.warning import Combined, make_rule
from workbench.core.library import library
from workbench.display.warning_chart import WarningParts
from workbench.foundation.strings import STRINGS

KINDS = ("observed", "simulated", "fictional")
REACTION_RULES = ("volume", "negative-share", "change-point")
WORD = {"observed": ("实测数据", "Observed"), "simulated": ("模拟数据", "Simulated"),
        "fictional": ("虚构数据", "Fictional")}
NOTE = {("reactions", "simulated"): "ew_simulated_note",
        ("reactions", "fictional"): "ew_reactions_fictional_note",
        ("signals", "simulated"): "ew_signals_simulated_note",
        ("signals", "fictional"): "ew_signals_fictional_note"}


@pytest.fixture(scope="module")
def chicecream():
    return prepare(wb.load_case("chicecream-2022"))


def _as(prep, **kinds):
    """The same prepared case with its series declared as ``kinds`` (what no case ships)."""
    return dataclasses.replace(prep, provenance={**prep.provenance, **kinds})


def _label(series, kind, lang):
    i = 0 if lang == "zh" else 1
    return (f"{STRINGS[series][i]}：{WORD[kind][i]}" if lang == "zh"
            else f"{STRINGS[series][i]}: {WORD[kind][i]}")


def _check(prep, rule, expected, lang):
    result = evaluate(prep, rule)
    assert result.provenance == expected
    assert result.simulated == any(k != "observed" for _, k in expected)
    line = " · ".join(_label(s, k, lang) for s, k in expected)
    assert provenance_line(result.provenance, lang) == line
    subtitle = WarningParts(prep, lang=lang)(rule, result).title["subtitle"]
    assert subtitle[-1] == line  # the chart says what is plotted
    report = result._repr_html_(lang)
    i = 0 if lang == "zh" else 1
    for series, kind in expected:
        assert _label(series, kind, lang) in report
        note = NOTE.get((series, kind))
        assert note is None or STRINGS[note][i] in report
    for (series, kind), note in NOTE.items():  # no note on a series it did not read
        if (series, kind) not in expected:
            assert STRINGS[note][i] not in report
    if all(k == "observed" for _, k in expected):
        assert WORD["simulated"][i] not in report and WORD["simulated"][i] not in line


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_a_hot_search_rule_labels_the_signals(chicecream, kind, lang):
    _check(_as(chicecream, signals=kind, reactions="simulated"), make_rule("hot-search"),
           (("signals", kind),), lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", REACTION_RULES)
def test_a_reaction_rule_labels_the_reactions(chicecream, name, kind, lang):
    _check(_as(chicecream, reactions=kind, signals="observed"), make_rule(name),
           (("reactions", kind),), lang)


@pytest.mark.parametrize("how", ["and", "or"])
@pytest.mark.parametrize(("reactions", "signals"),
                         [("simulated", "observed"), ("observed", "simulated"),
                          ("fictional", "fictional"), ("observed", "observed")])
def test_a_combined_rule_labels_each_series(chicecream, reactions, signals, how):
    prep = _as(chicecream, reactions=reactions, signals=signals)
    both = Combined((make_rule("volume"), make_rule("hot-search")), how=how)
    _check(prep, both, (("reactions", reactions), ("signals", signals)), "zh")
    flipped = Combined((make_rule("hot-search"), make_rule("negative-share")), how=how)
    _check(prep, flipped, (("signals", signals), ("reactions", reactions)), "en")


def test_every_shipped_case_with_signals_says_its_hot_search_is_observed():
    """chicecream, Audi, Haitian, 花西子: the archive is observed; only chicecream has
    (simulated) reactions, and its reaction rules say so."""
    with_signals = [c for c in library().ids() if wb.load_case(c).has_signals]
    assert {"chicecream-2022", "audi-xiaoman-2022", "haitian-2022", "huaxizi-2023"} <= set(
        with_signals)
    for case_id in with_signals:
        case = wb.load_case(case_id)
        result = wb.backtest(case, "hot-search")
        assert result.provenance == (("signals", case.meta.provenance.signals),)
        assert case.meta.provenance.signals == "observed" and not result.simulated
        assert "模拟数据" not in result._repr_html_("zh")
    volume = wb.backtest(wb.load_case("chicecream-2022"), "volume")
    assert volume.provenance == (("reactions", "simulated"),) and volume.simulated
    assert "公众反应：模拟数据" in volume._repr_html_("zh")


def test_observed_reactions_are_labelled_observed():
    result = wb.backtest(wb.load_case("united-3411-2017"), "negative-share")
    assert result.provenance == (("reactions", "observed"),) and not result.simulated
    assert "Reactions: Observed" in result._repr_html_("en")
    assert "simulated" not in result._repr_html_("en").lower()


def test_reads_names_the_series_of_each_rule():
    assert reads(make_rule("hot-search")) == ("signals",)
    for name in REACTION_RULES:
        assert reads(make_rule(name)) == ("reactions",)
