"""Charts are tested by their spec: words, marks, inline data size, provenance badge."""

from __future__ import annotations

import json

import altair as alt
import numpy as np
import pandas as pd
import pytest

import workbench as wb
from workbench.display import charts
from workbench.display import comparison_charts as cc
from workbench.foundation import i18n, vocab


@pytest.fixture(scope="module")
def case():
    return wb.load_case("demo-lumen-2024")


@pytest.fixture
def zh():
    wb.set_language("zh")
    yield
    wb.set_language("en")


def texts(spec: dict) -> list[str]:
    """Every title a reader sees in a chart spec (chart, axes, legends, tooltips)."""
    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("title", "text", "subtitle") and isinstance(value, str | list):
                    found.extend([value] if isinstance(value, str) else
                                 [v for v in value if isinstance(v, str)])
                elif key != "datasets":
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(spec)
    return found


def inline_rows(spec: dict) -> int:
    return sum(len(rows) for rows in spec.get("datasets", {}).values())


def test_reaction_chart_parts(case):
    spec = charts.reaction_chart(case).to_dict()
    assert spec["title"]["text"] == "Public reaction: Lumen Tea"
    assert any("fictional" in s and "not observed" in s for s in spec["title"]["subtitle"])
    top, bottom = spec["vconcat"]
    marks = [layer["mark"]["type"] for layer in top["layer"]]
    assert marks.count("line") == 1 and "rule" in marks and "text" in marks
    share = next(layer for layer in bottom["layer"] if layer["mark"]["type"] == "line")
    assert share["encoding"]["y"]["title"] == "Negative share"
    refs = [rows for rows in spec["datasets"].values() if rows and "mark" in rows[0]]
    assert [r["hours"] for r in refs[0]] == [0, 4, 24]
    markers = next(rows for rows in spec["datasets"].values() if rows and "move" in rows[0])
    brand = case.events[case.events["brand_side"]
                        & case.events["kind"].isin(["statement", "action"])]
    assert sorted(m["id"] for m in markers) == sorted(brand["id"])
    assert spec["config"]["font"].startswith('"Noto Sans CJK SC"')
    assert spec["config"]["font"].endswith("sans-serif")


def test_observed_reactions_have_no_badge(case):
    observed = case.meta.model_copy(update={"provenance": case.meta.provenance.model_copy(
        update={"reactions": "observed"})})
    from dataclasses import replace
    spec = charts.reaction_chart(replace(case, meta=observed)).to_dict()
    assert not any("observed" in s for s in spec["title"]["subtitle"])


def test_chart_words_switch_to_chinese(case, zh):
    spec = charts.reaction_chart(case.visible_at("plan")).to_dict()
    assert spec["title"]["text"] == "公众反应：流明茶饮"
    shown = texts(spec)
    for english in ("Mentions", "Negative share", "Hours since", "Platform", "Brand",
                    "not observed", "Up to the end"):
        assert not any(english in s for s in shown), english
    assert "模拟指数（每时段，非帖子数）" in shown and "每时段提及量" not in shown and "负面占比" in shown
    labels = {r.get("platform_label") for rows in spec["datasets"].values() for r in rows}
    assert {"微博", "抖音", "微信"} <= labels


def test_phase_view_ends_at_the_phase_end(case):
    view = case.visible_at("plan")
    spec = charts.reaction_chart(view).to_dict()
    end = (view.phase_end - case.trigger).total_seconds() / 3600
    lines = [rows for rows in spec["datasets"].values() if rows and "platform_label" in rows[0]]
    assert max(r["hours"] for r in lines[0]) <= end + 1  # period start ≤ end, +1 closing row
    later = [rows for rows in spec["datasets"].values() if rows and "hours2" in rows[0]]
    assert later and later[0][0]["hours"] == pytest.approx(end)


def test_big_reactions_are_binned_below_the_row_limit(case):
    hours = pd.date_range(case.trigger.floor("h"), periods=24 * 120, freq="h")
    rng = np.random.default_rng(1)
    frames = []
    for platform in ("weibo", "douyin", "wechat", "zhihu", "bilibili"):
        mentions = rng.integers(0, 1000, len(hours))
        frames.append(pd.DataFrame({"time": hours, "platform": platform, "mentions": mentions,
                                    "negative": mentions // 2, "neutral": mentions // 4,
                                    "positive": mentions // 8}))
    big = pd.concat(frames, ignore_index=True)
    big["hours"] = (big["time"] - case.trigger).dt.total_seconds() / 3600
    from dataclasses import replace
    spec = charts.reaction_chart(replace(case, _reactions=big)).to_dict()
    assert inline_rows(spec) <= charts.MAX_ROWS
    assert len(json.dumps(spec)) < 200_000
    assert any("one period" in s for s in spec["title"]["subtitle"])
    series, size = charts.reaction_series(big)
    assert series["mentions"].sum() == big["mentions"].sum()  # binning keeps every mention
    assert size > 1


def test_demo_chart_inline_data_is_bounded(case):
    for phase in vocab.PHASE_SLUGS:
        spec = charts.reaction_chart(case.visible_at(phase)).to_dict()
        assert inline_rows(spec) <= charts.MAX_ROWS


def test_negative_share_is_per_period_over_all_platforms(case):
    series, _ = charts.reaction_series(case.reactions)
    share = charts.negative_share(series)
    first = case.reactions[case.reactions["hours"] == case.reactions["hours"].min()]
    row = share.iloc[0]
    assert row["share"] == pytest.approx(first["negative"].sum() / first["mentions"].sum())


def test_empty_reactions_still_chart(case):
    from dataclasses import replace
    empty = replace(case, _reactions=case.reactions.iloc[:0])
    spec = charts.reaction_chart(empty).to_dict()
    assert any("no reaction data" in s for s in spec["title"]["subtitle"])


def test_chart_view_reuses_one_widget():
    view = charts.ChartView()
    first = view.widget
    for n in range(3):
        chart = alt.Chart(pd.DataFrame({"x": [n]})).mark_point().encode(x="x")
        view.show(chart)
        assert view.widget is first and view.chart is chart
        assert first.spec["datasets"]  # the widget's spec follows the chart
    assert alt.JupyterChart._is_offline
    assert "cdn.jsdelivr" not in first._esm


def test_import_sets_the_offline_renderer():
    assert alt.renderers.active == "jupyter"
    assert alt.renderers.options.get("offline") is True


def test_registered_strings_exist_in_both_languages():
    for key, (zh_text, en_text) in i18n.STRINGS.items():
        if key.startswith(("chart_", "card_", "stepper_")):
            assert zh_text.strip() and en_text.strip(), key


def test_machine_scored_sentiment_is_labelled_in_the_chart(tmp_path):
    import shutil

    import workbench as wb
    from workbench.core.cases import bundled_root

    folder = tmp_path / "demo-lumen-2024"
    shutil.copytree(bundled_root() / "demo-lumen-2024", folder)
    posts = folder / "posts.csv"
    posts.write_text(posts.read_text(encoding="utf-8").replace(",human,", ",machine,"),
                     encoding="utf-8")
    spec = str(wb.reaction_chart(wb.load_case(folder)).to_dict())
    assert "machine-scored" in spec
    assert "machine-scored" not in str(wb.reaction_chart(wb.load_case("demo-lumen-2024")).to_dict())


def test_chart_view_draws_parts_in_place(case):
    """A reaction chart of another phase: same widget, only data, params and title change —
    and the widget's spec is what ``.chart`` would serialise."""
    view = charts.ChartView()
    built = []

    def build(parts):
        built.append(parts)
        return charts.reaction_chart_of(parts)
    assert view.draw(charts.reaction_parts(case.visible_at("plan")), build) is False
    shape = view.shape
    assert view.widget.chart is None  # a plain Vega-Lite spec: altair never serialised it
    later = charts.reaction_parts(case.visible_at("act"))
    assert later.shape == shape and view.draw(later, build) is True
    assert len(built) == 1  # nothing was built again
    spec = view.widget.spec
    assert spec["datasets"] == later.datasets
    assert {p["name"]: p["value"] for p in spec["params"]} == later.params
    assert spec["title"]["subtitle"] == later.title["subtitle"]
    built = view.chart.to_dict()  # validated against the Vega-Lite schema
    assert built["datasets"] == spec["datasets"] and built["title"] == spec["title"]
    assert built["params"] == spec["params"]


def test_chart_view_clears_an_altair_chart_for_a_spec(case):
    """An altair chart with params shown before a plain spec: the widget forgets it (and
    the params its browser side listened to), so the spec is drawn on its own."""
    view = charts.ChartView()
    view.show(charts.reaction_chart(case))
    assert view.widget.chart is not None
    view.show(cc.channel_matrix_spec([case], lang="en"))
    assert view.widget.chart is None
    assert view.widget.spec["layer"][0]["mark"]["type"] == "rect"


def test_chart_view_update_refuses_unknown_data(case):
    view = charts.ChartView()
    view.draw(charts.reaction_parts(case), charts.reaction_chart_of)
    with pytest.raises(KeyError, match="no-such"):
        view.update(charts.ChartParts(view.shape, {"no-such": []}))


def test_chart_view_recalls_a_kept_shape(case):
    view = charts.ChartView()
    view.show(charts.reaction_chart(case), shape="whole")
    whole = view.widget.spec
    view.show(alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x"))
    assert view.shape is None and view.recall("whole") and view.widget.spec == whole
    assert not view.recall("never shown")
    view.style = lambda chart: chart  # a new style forgets the kept (styled) specs
    assert not view.recall("whole")
