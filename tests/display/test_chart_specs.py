"""The charts a click draws are Vega-Lite specs written as dicts (no altair at runtime): here
each builder's specs are validated against the Vega-Lite schema, across the shapes they take
(phases, languages, brand moves held, attention-only and empty reactions, days axis)."""

from __future__ import annotations

import pytest

import workbench as wb
from workbench.analysis.comparison import compare
from workbench.core import progress
from workbench.display import charts, signal_charts, vegalite
from workbench.display import comparison_charts as cc
from workbench.foundation import i18n

PHASES = ("team", "plan", "evaluate")


def valid(spec: dict) -> None:
    """``spec`` passes the Vega-Lite schema, and altair writes it back unchanged."""
    assert vegalite.to_altair(spec, validate=True).to_dict() == spec


@pytest.mark.parametrize("case_id", ["demo-lumen-2024", "kfc-uk-2018", "nongfu-spring-2024",
                                     "crowdstrike-2024", "haidilao-2017"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_reaction_specs_are_valid_vega_lite(case_id, lang):
    case = wb.load_case(case_id)
    hold = progress.held(case, progress.Progress(), reveal="after-answer")
    shapes = set()
    for view in [case, *(case.visible_at(p, hold=hold) for p in PHASES)]:
        parts = charts.reaction_parts(view, lang=lang)
        if parts.shape not in shapes:  # one check per shape: the rest is data
            shapes.add(parts.shape)
            valid(charts.reaction_chart_of(parts))


def test_a_weeks_long_case_has_a_days_axis_spec():
    case = wb.load_case("nongfu-spring-2024")
    parts = charts.reaction_parts(case, lang="en")
    assert parts.shape.days
    spec = charts.reaction_chart_of(parts)
    assert spec["vconcat"][0]["layer"][0]["encoding"]["x"]["axis"]["values"] == {"expr": "wb_ticks"}


@pytest.mark.parametrize("ids", [["haidilao-2017", "dolce-gabbana-2018"],
                                 ["kfc-uk-2018", "united-3411-2017", "crowdstrike-2024"],
                                 ["demo-lumen-2024"]])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_board_specs_are_valid_vega_lite(tmp_path, ids, lang):
    cases = [progress.beside(wb.load_case(i), "someone", journal_dir=tmp_path)[0] for i in ids]
    table = compare(cases, lang=lang)
    for hours in ((-12.0, 48.0), None):
        valid(cc.aligned_spec(cases, hours=hours, lang=lang))
    valid(cc.response_lag_spec(table, lang=lang))
    valid(cc.strategy_mix_spec(table, lang=lang))
    valid(cc.channel_matrix_spec(cases, lang=lang))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_signal_specs_are_valid_vega_lite(lang):
    case = wb.load_case("audi-xiaoman-2022")
    for phase in ("team", "evaluate"):
        valid(signal_charts.signal_spec(case.visible_at(phase), lang=lang))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_channel_matrix_title_stays_readable_with_one_row(lang):
    """One channel row is 24 px: the axis title lies level above the channel names (upright
    it was squeezed into the row), and the legend is no taller than it needs to be."""
    case = wb.load_case("haidilao-2017")
    shown = progress.view(case, "analyse", progress.Progress())  # the brand's moves held back
    spec = cc.channel_matrix_spec([shown], lang=lang)
    rows = spec["datasets"]["wb-channels"]
    assert len({r["channel"] for r in rows}) <= 1 and spec["height"] == 24
    y = spec["layer"][0]["encoding"]["y"]
    assert y["title"] == i18n.t("cc_channel", lang=lang)
    assert y["axis"]["titleAngle"] == 0 and y["axis"]["titleY"] < 0  # level, above the rows
    legend = spec["layer"][0]["encoding"]["color"]["legend"]
    assert legend is None if not rows else legend["gradientLength"] == 40
