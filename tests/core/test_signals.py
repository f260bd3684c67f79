"""signals.csv: the validator's one-line problems, the loader and the phase-end rule."""

from __future__ import annotations

from pathlib import Path

import pytest

import workbench as wb
from workbench.core.validate import check_case

GOOD = """time,platform,signal,topic,value
2024-05-10T21:00,weibo,hot-search-rank,露门茶饮投诉,12
2024-05-10T21:00,weibo,hot-search-heat,露门茶饮投诉,820000
2024-05-11T09:00:00+08:00,weibo,hot-search-rank,露门茶饮投诉,1
2024-05-13T09:00:00+08:00,weibo,hot-search-rank,露门茶饮回应,3
"""


def with_signals(folder: Path, text: str, *, provenance: str = "fictional") -> Path:
    (folder / "signals.csv").write_text(text, encoding="utf-8")
    yaml = folder / "case.yaml"
    body = yaml.read_text(encoding="utf-8")
    yaml.write_text(body.replace("  reactions: fictional\n",
                                 f"  reactions: fictional\n  signals: {provenance}\n", 1),
                    encoding="utf-8")
    return folder


def test_a_case_without_signals_has_an_empty_tz_aware_table():
    case = wb.load_case("demo-lumen-2024")
    assert case.signals.empty and not case.has_signals
    assert str(case.signals["time"].dt.tz) == "Asia/Shanghai"
    assert case.meta.provenance.signals == "none"


def test_signals_load_tz_aware_with_hours(demo_folder: Path):
    case = wb.load_case(with_signals(demo_folder, GOOD))
    s = case.signals
    assert case.has_signals and len(s) == 4
    assert str(s["time"].dt.tz) == "Asia/Shanghai"
    assert s["hours"].iloc[0] == pytest.approx(0.75)  # 21:00 is 45 min after the trigger
    assert s["value"].dtype == "float64"


def test_a_phase_view_shows_signals_up_to_the_phase_end(demo_folder: Path):
    case = wb.load_case(with_signals(demo_folder, GOOD))
    for phase in ("team", "analyse", "plan", "coordinate", "act"):
        view = case.visible_at(phase)
        assert (view.signals["time"] <= view.phase_end).all()
        assert len(view.signals) == (case.signals["time"] <= view.phase_end).sum()
    assert len(case.visible_at("evaluate").signals) == 4  # the last phase shows everything


@pytest.mark.parametrize(("row", "column", "phrase"), [
    ("2024-05-10 21:00,weibo,hot-search-rank,露门,0", "value", "not a whole number ≥ 1"),
    ("2024-05-10T21:00,weibo,hot-search-rank,露门,2.5", "value", "not a whole number ≥ 1"),
    ("2024-05-10T21:00,weibo,hot-search-heat,露门,lots", "value", "not a number"),
    ("2024-05-10T21:00,weibo,hot-serch-rank,露门,3", "signal", "unknown value"),
    ("2024-05-10T21:00,weibo,hot-search-rank,,3", "topic", "missing topic"),
    ("2024-05-10T21:00,weibu,hot-search-rank,露门,3", "platform", "unknown value"),
    ("10/05/2024 21:00,weibo,hot-search-rank,露门,3", "time", "cannot read"),
    ("2024-05-10T21:00,weibo,hot-search-rank,露门茶饮投诉,4", "time", "duplicate row"),
])
def test_bad_rows_are_reported_on_their_line(demo_folder, row, column, phrase):
    with_signals(demo_folder, GOOD + row + "\n")
    problems = [p for p in check_case(demo_folder).problems if p.is_error]
    assert len(problems) == 1, problems
    p = problems[0]
    assert p.path.endswith("signals.csv") and p.line == 6 and p.column == column
    assert phrase in str(p)


def test_did_you_mean_for_a_misspelt_signal(demo_folder: Path):
    with_signals(demo_folder, GOOD + "2024-05-10T22:00,weibo,hot-serch-rank,露门,3\n")
    (p,) = [p for p in check_case(demo_folder).problems if p.is_error]
    assert "hot-search-rank" in str(p)


def test_every_bad_row_in_one_pass_and_a_missing_column(demo_folder: Path):
    rows = "".join(f"2024-05-1{n}T09:00,weibo,hot-search-rank,t{n},0\n" for n in range(3))
    with_signals(demo_folder, GOOD + rows)
    assert sum(p.column == "value" for p in check_case(demo_folder).problems) == 3
    (demo_folder / "signals.csv").write_text("time,platform,signal,value\n", encoding="utf-8")
    (p,) = [p for p in check_case(demo_folder).problems if p.is_error]
    assert p.column == "topic" and p.line == 1


def test_signals_without_provenance_warn(demo_folder: Path):
    (demo_folder / "signals.csv").write_text(GOOD, encoding="utf-8")
    problems = check_case(demo_folder).problems
    assert [p.column for p in problems] == ["provenance.signals"]
    assert not any(p.is_error for p in problems)


def test_unknown_provenance_value_suggests(demo_folder: Path):
    with_signals(demo_folder, GOOD, provenance="observd")
    (p,) = [p for p in check_case(demo_folder).problems if p.is_error]
    assert "observed" in str(p) and p.column == "provenance.signals"
