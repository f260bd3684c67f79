"""The reaction simulator: reproducible, constrained by documented figures, and responsive
to the brand's moves only through documented effects; every bundled simulated case matches its simulation.yaml."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

import workbench as wb
from workbench.analysis import simulate as sim
from workbench.analysis.simulation_report import check_documented, measure
from workbench.core.cases import bundled_root
from workbench.foundation.problems import CaseError

CASES = bundled_root()
SIMULATED = sorted(p for p in CASES.iterdir() if (p / sim.FILE).exists())
COUNTS = ["mentions", "negative", "neutral", "positive"]

CASE_YAML = """\
format: 1
id: {id}
title: {{zh: 测试案例, en: Test case}}
brand: {{zh: 测试品牌, en: Test brand}}
summary: {{zh: 测试用的虚构案例。, en: A fictional case for tests.}}
outcome: {{zh: 无。, en: None.}}
industry: food
region: CN
timezone: Asia/Shanghai
trigger: 2024-03-01T10:30:00+08:00
classification: {{scope: external, nature: human, scct_cluster: preventable}}
provenance:
  events: fictional
  reactions: simulated
  note: {{zh: 虚构。, en: Fictional.}}
sources:
  - {{id: s1, title: Brief, url: https://example.org/a, publisher: Tests, date: 2024-03-10}}
license: CC0-1.0
"""
EVENTS = """\
id,time,phase,kind,actor,channel,strategy,summary_zh,summary_en,source
e1,2024-03-01T10:30:00+08:00,analyse,trigger,public,weibo,,触发,Trigger,s1
e2,2024-03-01T13:00:00+08:00,analyse,spread,kol,douyin,,扩散,Spread,s1
e3,2024-03-01T15:00:00+08:00,plan,statement,pr,weibo,denial,否认,Denial,s1
e4,2024-03-02T08:00:00+08:00,analyse,third-party,regulator,website,,监管,Regulator,s1
e5,2024-03-02T12:00:00+08:00,act,statement,executive,weibo,apology;mortification,道歉,Apology,s1
e6,2024-03-02T18:00:00+08:00,act,action,operations,in-store,corrective-action,整改,Fix,s1
"""
SIMULATION = """\
platforms: [weibo, douyin]
documented:
  - metric: negative_share_before
    value: 15
    source: s1
    check: {from: -12, to: 0, stat: negative_share, target: 0.15, tolerance: 0.03}
  - metric: hashtag_reads
    value: 1000000
    source: s1
    checked: false
    why: exposure (reads), not mentions
  - metric: hashtag_discussions
    value: 5000
    source: s1
    why: posts under one hashtag are a lower bound on all mentions
    check: {stat: min_mentions, from: 0, to: 48, target: 5000, platform: weibo}
  - metric: top_topic
    value: top of the trending list
    source: s1
    check: {stat: peak_hour, from: 0, to: 12, platform: weibo}
seed: 7
period: hour
start_hour: -12
end_hour: 120
platform_shares: {weibo: 0.6, douyin: 0.4}
baseline_per_hour: 40
baseline_sentiment: {negative: 0.15, positive: 0.4}
peak_per_hour: 2000
rise_hours: 2
half_life_hours: 8
crisis_sentiment: {negative: 0.7, positive: 0.05}
events:
  e4: {size: 0.4}
assumptions: {zh: 测试参数。, en: Test parameters.}
"""


def make_case(root: Path, name: str = "sim-test", simulation: str = SIMULATION,
              events: str = EVENTS) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "case.yaml").write_text(CASE_YAML.format(id=name), encoding="utf-8")
    (folder / "events.csv").write_text(events, encoding="utf-8")
    (folder / sim.FILE).write_text(simulation, encoding="utf-8")
    return folder


def drop_event(folder: Path, event_id: str) -> None:
    """Remove one event from events.csv (and its override in simulation.yaml)."""
    lines = (folder / "events.csv").read_text(encoding="utf-8-sig").splitlines(keepends=True)
    kept = [ln for ln in lines if not ln.startswith(f"{event_id},")]
    assert len(kept) == len(lines) - 1
    (folder / "events.csv").write_text("".join(kept), encoding="utf-8")
    spec = yaml.safe_load((folder / sim.FILE).read_text(encoding="utf-8"))
    (spec.get("events") or {}).pop(event_id, None)
    (folder / sim.FILE).write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")


def window(frame: pd.DataFrame, start: float, end: float) -> pd.Series:
    """Totals over the periods lying wholly inside [start, end] hours."""
    starts = sorted(set(frame["hours"]))
    step = pd.Series(starts).diff().median() if len(starts) > 1 else 1.0
    rows = frame[(frame["hours"] >= start) & (frame["hours"] + step <= end + 1e-9)]
    return rows[[c for c in COUNTS if c in rows]].sum()  # attention only: mentions alone


def from_file(folder: Path) -> pd.DataFrame:
    """reactions.csv read independently of the simulator, with hours since the trigger."""
    frame = pd.read_csv(folder / "reactions.csv")
    trigger = wb.load_case(folder).trigger
    times = pd.to_datetime(frame["time"], utc=True, format="ISO8601")
    frame["hours"] = (times - trigger).dt.total_seconds() / 3600
    return frame


# -- the model, on a fixture case --------------------------------------------------------
def test_same_parameters_give_identical_bytes(tmp_path):
    a, b = make_case(tmp_path / "a"), make_case(tmp_path / "b")
    sim.write_reactions(a)
    sim.write_reactions(b)
    assert (a / "reactions.csv").read_bytes() == (b / "reactions.csv").read_bytes()
    c = make_case(tmp_path / "c", simulation=SIMULATION.replace("seed: 7", "seed: 8"))
    sim.write_reactions(c)
    assert (a / "reactions.csv").read_bytes() != (c / "reactions.csv").read_bytes()


def test_series_is_a_valid_case_file(tmp_path):
    folder = make_case(tmp_path)
    sim.write_reactions(folder)
    assert [p for p in wb.validate(folder) if p.is_error] == []
    text = (folder / "reactions.csv").read_text(encoding="utf-8")
    assert text.startswith("time,platform,mentions,negative,neutral,positive\n")
    assert "2024-02-29T22:00:00+08:00,weibo," in text  # hourly, from the hour before -12 h
    case = wb.load_case(folder)
    r = case.reactions
    assert len(r) == 133 * 2 and set(r["platform"]) == {"weibo", "douyin"}
    assert (r[COUNTS] >= 0).all().all()
    assert (r[["negative", "neutral", "positive"]].sum(axis=1) <= r["mentions"]).all()
    assert r["hours"].min() < -11.5 and r["hours"].max() < 120
    hourly = r.groupby("hours")["mentions"].sum()
    assert hourly.loc[:-1].mean() < 80 and hourly.max() > 1000   # baseline, then the wave
    assert 0 <= hourly.idxmax() <= 10
    assert r[r["platform"] == "weibo"]["mentions"].sum() > r[r["platform"] == "douyin"][
        "mentions"].sum()


def test_documented_figures_are_compared(tmp_path):
    folder = make_case(tmp_path)
    params = sim.read_params(folder)
    report = check_documented(sim.simulate(folder), params)
    assert report[0]["checked"] and report[0]["met"]
    assert abs(report[0]["simulated"] - 0.15) < 0.03
    assert report[1] == {"metric": "hashtag_reads", "source": "s1", "checked": False,
                         "why": "exposure (reads), not mentions", "value": 1000000.0,
                         "simulated": None, "met": None}
    assert report[2]["met"] and report[2]["simulated"] > 5000
    assert report[3]["met"] and 0 <= report[3]["simulated"] < 12
    frame = sim.simulate(folder)
    strict = sim.Check(stat="min_mentions", **{"from": 0}, to=48, target=10**7)
    assert measure(frame, strict) < 10**7
    assert not check_documented(frame, params.model_copy(update={"documented": [
        sim.Documented(metric="m", source="s1", check=strict)]}))[0]["met"]


#: A documented effect (the test fixture's source s1 stands for a source that measured it).
DOCUMENTED = ("effects:\n  apology: {negative: -0.3, positive: 0.04, source: s1}\n"
              "  denial: {negative: 0.08, volume: 0.25, tau_hours: 3, source: s1}\n")


def test_strategy_codes_change_nothing_without_a_documented_effect(tmp_path):
    base = sim.simulate(make_case(tmp_path / "a"))
    swapped = EVENTS.replace("apology;mortification", "denial").replace(",denial,", ",apology,")
    assert sim.simulate(make_case(tmp_path / "b", events=swapped)).equals(base)


def test_a_documented_effect_shifts_the_negative_share(tmp_path):
    with_it = sim.simulate(make_case(tmp_path / "a", simulation=SIMULATION + DOCUMENTED))
    without = sim.simulate(make_case(tmp_path / "b"))
    a, b = window(with_it, 26, 72), window(without, 26, 72)
    assert b["negative"] / b["mentions"] - a["negative"] / a["mentions"] > 0.03
    assert window(with_it, -12, 4).equals(window(without, -12, 4))  # the past is unchanged


def test_weight_and_repeats_scale_a_documented_response(tmp_path):
    spec = SIMULATION + DOCUMENTED
    full = sim.simulate(make_case(tmp_path / "a", simulation=spec))
    muted = sim.simulate(make_case(tmp_path / "b", simulation=spec.replace(
        "  e4: {size: 0.4}", "  e4: {size: 0.4}\n  e5: {weight: 0}")))
    a, b = window(full, 30, 72), window(muted, 30, 72)
    assert b["negative"] / b["mentions"] - a["negative"] / a["mentions"] > 0.03
    assert a["mentions"] == b["mentions"]          # weight scales sentiment, not attention


def test_an_effect_needs_its_source():
    with pytest.raises(ValueError, match="source"):
        sim.Params(seed=1, platforms=["weibo"], effects={"apology": {"negative": -0.2}})
    params = sim.Params(seed=1, platforms=["weibo"],
                        effects={"apology": {"negative": -0.2, "source": "s1"}})
    assert params.effect("apology").negative == -0.2
    assert params.effect("denial") == sim.NO_EFFECT  # no default coefficients


def test_daily_periods_start_at_local_midnight(tmp_path):
    spec = SIMULATION.replace("period: hour", "period: day").replace(
        "end_hour: 120", "end_hour: 720")
    frame = sim.simulate(make_case(tmp_path, simulation=spec))
    assert len(frame) == 32 * 2
    assert (frame["time"].dt.hour == 0).all() and frame["time"].iloc[0].day == 29
    assert frame.groupby("hours")["mentions"].sum().idxmax() == pytest.approx(-10.5)


@pytest.mark.parametrize(("change", "words"), [
    (("platforms: [weibo, douyin]", "platforms: [weibo, duoyin]"), "did you mean 'douyin'"),
    (("    checked: false\n", ""), "needs `check"),
    (("seed: 7\n", ""), "missing key 'seed'"),
    (("half_life_hours: 8", "half_life: 8"), "unknown key 'half_life'"),
])
def test_bad_parameters_are_explained(tmp_path, change, words):
    folder = make_case(tmp_path, simulation=SIMULATION.replace(*change))
    with pytest.raises(CaseError) as info:
        sim.simulate(folder)
    assert words in str(info.value)
    assert "simulation.yaml:" in str(info.value)


def test_unknown_event_and_oversize_grid_are_refused(tmp_path):
    bad = make_case(tmp_path / "a", simulation=SIMULATION.replace("e4: {size", "e9: {size"))
    with pytest.raises(ValueError, match="no event 'e9'"):
        sim.simulate(bad)
    big = make_case(tmp_path / "b", simulation=SIMULATION.replace("end_hour: 120",
                                                                  "end_hour: 2000"))
    with pytest.raises(ValueError, match="more than 3000 rows"):
        sim.simulate(big)


def test_a_broken_reactions_file_is_simply_regenerated(tmp_path):
    folder = make_case(tmp_path)
    (folder / "reactions.csv").write_text("time,platform\nnot,a file\n", encoding="utf-8")
    assert wb.validate(folder)
    sim.write_reactions(folder)
    assert [p for p in wb.validate(folder) if p.is_error] == []


def test_command_line_writes_and_checks(tmp_path, capsys):
    folder = make_case(tmp_path / "cases")
    assert sim.main([str(tmp_path / "cases")]) == 0
    assert (folder / "reactions.csv").exists()
    assert sim.main(["--check", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "up to date" in out and "✓ negative_share_before [s1]" in out
    assert "not checked (exposure (reads), not mentions)" in out
    (folder / sim.FILE).write_text(SIMULATION.replace("seed: 7", "seed: 9"), encoding="utf-8")
    assert sim.main(["--check", str(folder)]) == 1
    assert "STALE" in capsys.readouterr().out


def test_command_line_reports_in_chinese(tmp_path, capsys):
    """``--lang zh``: the report in the string table's Chinese, a refusal too."""
    folder = make_case(tmp_path / "cases")
    assert sim.main(["--lang", "zh", str(folder)]) == 0
    wrote = capsys.readouterr().out.splitlines()[0]
    assert wrote.endswith("reactions.csv：写入 266 行（模拟数据，种子 7）"), wrote
    assert sim.main(["--check", "--lang", "zh", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "reactions.csv：已是最新" in out and "✓ negative_share_before [s1]：第 " in out
    assert "不核对（exposure (reads), not mentions）" in out
    assert not re.search(r"up to date|over hours|documented:|not checked", out)
    (folder / sim.FILE).write_text(SIMULATION.replace("seed: 7", "seed: x"), encoding="utf-8")
    assert sim.main(["--check", "--lang", "zh", str(folder)]) == 1
    refused = capsys.readouterr().out
    assert refused.startswith(f"{folder}：") and "simulation.yaml:" in refused
    assert "应为整数" in refused or "整数" in refused, refused


def test_demo_case_is_simulated_in_memory_and_ignores_its_strategy_codes(tmp_path):
    demo = CASES / "demo-lumen-2024"
    before = (demo / "reactions.csv").read_bytes()
    params = sim.Params(seed=3, platforms=["douyin", "weibo", "wechat"], end_hour=96)
    copy = tmp_path / "demo-lumen-2024"
    shutil.copytree(demo, copy)
    text = (copy / "events.csv").read_text(encoding="utf-8")
    (copy / "events.csv").write_text(text.replace("apology", "denial"), encoding="utf-8")
    assert sim.simulate(copy, params).equals(sim.simulate(demo, params))
    assert (demo / "reactions.csv").read_bytes() == before   # the fictional case is untouched


# -- every bundled simulated case -------------------------------------------------------
def _ids(folders: list[Path]) -> list[str]:
    return [f.name for f in folders]


def test_simulated_provenance_and_simulation_files_go_together():
    for folder in sorted(p for p in CASES.iterdir() if (p / "case.yaml").exists()):
        meta = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8-sig"))
        simulated = meta["provenance"]["reactions"] == "simulated"
        assert simulated == (folder / sim.FILE).exists(), folder.name


@pytest.mark.parametrize("folder", SIMULATED, ids=_ids(SIMULATED))
def test_bundled_file_equals_a_fresh_regeneration(folder):
    fresh = sim.to_csv(sim.simulate(folder))
    assert (folder / "reactions.csv").read_text(encoding="utf-8") == fresh, (
        f"regenerate: python -m workbench.analysis.simulate {folder}")


@pytest.mark.parametrize("folder", SIMULATED, ids=_ids(SIMULATED))
def test_bundled_case_is_valid_and_loads(folder):
    assert [str(p) for p in wb.validate(folder) if p.is_error] == []
    case = wb.load_case(folder)
    assert case.meta.provenance.reactions == "simulated" and case.reactions_simulated
    r = case.reactions
    assert 0 < len(r) <= sim.MAX_ROWS
    params = sim.read_params(folder)
    assert case.has_sentiment is not params.attention_only
    if case.has_sentiment:
        assert (r[["negative", "neutral", "positive"]].sum(axis=1) <= r["mentions"]).all()
    else:  # no documented sentiment figure: mentions only, and the assumptions say so
        assert list(r.columns) == ["time", "platform", "mentions", "hours"]
        assert "attention only" in params.assumptions.en and "关注度" in params.assumptions.zh
    assert params.assumptions is not None
    assert set(r["platform"]) == set(params.platforms)
    assert r["hours"].min() < 0 <= r["hours"].max()


@pytest.mark.parametrize("folder", SIMULATED, ids=_ids(SIMULATED))
def test_documented_figures_are_sourced_and_met(folder):
    params = sim.read_params(folder)
    sources = {s.id for s in wb.load_case(folder).meta.sources}
    frame = from_file(folder)
    if not params.documented:   # allowed, but the case must say so in plain words
        assert "no reaction figures" in params.assumptions.en
        assert "没有" in params.assumptions.zh and "反应数据" in params.assumptions.zh
    for doc in params.documented:
        assert set(doc.source.replace(" ", "").split(";")) <= sources, doc.metric
        if not doc.checked:
            assert doc.why
            continue
        c = doc.check
        rows = frame[frame["platform"] == c.platform] if c.platform else frame
        if c.stat == "peak_hour":
            peak = rows.groupby("hours")["mentions"].sum().idxmax()
            assert c.from_ <= peak < c.to, (doc.metric, peak)
            continue
        totals = window(rows, c.from_, c.to)
        if c.stat == "min_mentions":
            assert totals["mentions"] >= c.target, doc.metric
            continue
        if c.stat == "mentions":
            assert abs(totals["mentions"] - c.target) <= c.tolerance * c.target, doc.metric
            continue
        got = totals[c.stat.removesuffix("_share")] / totals["mentions"]
        assert abs(got - c.target) <= c.tolerance, (doc.metric, got, c.target)
        if isinstance(doc.value, float):   # the target is the documented value (% or share)
            assert c.target == pytest.approx(doc.value) or c.target == pytest.approx(
                doc.value / 100), doc.metric


@pytest.mark.parametrize("folder", SIMULATED, ids=_ids(SIMULATED))
def test_removing_a_brand_statement_changes_the_series(folder, tmp_path):
    case = wb.load_case(folder)
    ev = case.events
    moves = ev[ev["brand_side"] & (ev["kind"] == "statement") & (ev["strategy"] != "")]
    params = sim.read_params(folder)
    moves = moves[[not params.events.get(i, sim.EventSetting()).ignore for i in moves["id"]]]
    assert len(moves), "a simulated case needs at least one brand statement with a strategy"
    first = moves.iloc[0]
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy)
    (copy / "questions.yaml").unlink(missing_ok=True)  # its before: may name the dropped event
    drop_event(copy, first["id"])
    hour = params.events.get(first["id"], sim.EventSetting()).hour
    start = first["hours"] if hour is None else hour
    span = 72 if params.period == "hour" else 24 * 14
    a = window(sim.simulate(folder), start, start + span)
    b = window(sim.simulate(copy), start, start + span)
    share_change = (abs(a["negative"] / a["mentions"] - b["negative"] / b["mentions"])
                    if "negative" in a else 0.0)
    volume_change = abs(a["mentions"] - b["mentions"]) / b["mentions"]
    assert share_change > 0.01 or volume_change > 0.03, (first["id"], share_change,
                                                         volume_change)


@pytest.mark.parametrize("folder", SIMULATED, ids=_ids(SIMULATED))
def test_apology_to_denial_leaves_the_reactions_unchanged(folder, tmp_path):
    """No simulated series encodes a strategy effect: SCCT cannot be 'found' in it."""
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy)
    events = pd.read_csv(copy / "events.csv", dtype=str, keep_default_na=False)
    events["strategy"] = events["strategy"].str.replace(
        r"apology|mortification|corrective-action|compensation", "denial", regex=True)
    assert (events["strategy"].str.contains("denial")).any()
    events.to_csv(copy / "events.csv", index=False)
    assert sim.to_csv(sim.simulate(copy)) == (folder / "reactions.csv").read_text(
        encoding="utf-8")


# -- attention only (issue 14: no documented sentiment figure, no sentiment split) -------------
ATTENTION_ONLY = ("kfc-uk-2018", "nongfu-spring-2024", "samsung-note7-2016")


@pytest.mark.parametrize("name", ATTENTION_ONLY)
def test_cases_without_a_sentiment_figure_are_attention_only(name):
    params = sim.read_params(CASES / name)
    assert params.attention_only and not params.documented
    text = (CASES / name / "reactions.csv").read_text(encoding="utf-8")
    assert text.startswith("time,platform,mentions\n")
    assert not wb.load_case(name).has_sentiment


def _attention_only(**extra) -> str:
    """SIMULATION as attention only: no sentiment settings, no share checks."""
    data = yaml.safe_load(SIMULATION)
    data["documented"] = []
    for key in ("crisis_sentiment", "baseline_sentiment"):
        data.pop(key, None)
    return yaml.safe_dump({**data, "attention_only": True, **extra}, sort_keys=False)


def test_attention_only_keeps_the_mentions_of_the_split_series(tmp_path):
    folder = make_case(tmp_path)
    split = sim.simulate(folder)
    (folder / sim.FILE).write_text(_attention_only(), encoding="utf-8")
    only = sim.simulate(folder)
    assert list(only.columns) == ["time", "platform", "mentions", "hours"]
    assert only["mentions"].equals(split["mentions"])   # the same draws, the same attention
    sim.write_reactions(folder)
    assert (folder / "reactions.csv").read_text(encoding="utf-8").startswith(
        "time,platform,mentions\n")
    assert [p for p in wb.validate(folder) if p.is_error] == []
    assert not wb.load_case(folder).has_sentiment


@pytest.mark.parametrize("setting", ["crisis_sentiment: {negative: 0.5, positive: 0.1}",
                                     "baseline_sentiment: {negative: 0.1, positive: 0.1}"])
def test_attention_only_refuses_a_sentiment_setting_with_its_line(tmp_path, setting):
    folder = make_case(tmp_path)
    (folder / sim.FILE).write_text(_attention_only() + setting + "\n", encoding="utf-8")
    with pytest.raises(CaseError) as err:
        sim.read_params(folder)
    message = str(err.value)
    assert "attention_only: true" in message and setting.split(":")[0] in message
    key = setting.split(":")[0]
    assert f": {key}: attention_only: true, but {key}" in message  # located at its key
