"""provenance.signals_window: the watched span of signals.csv (the back-test's baseline)."""

from __future__ import annotations

import shutil

import pytest

import workbench as wb
from workbench.core.cases import bundled_root


@pytest.fixture
def haitian(tmp_path):
    folder = tmp_path / "haitian-2022"
    shutil.copytree(bundled_root() / "haitian-2022", folder)
    return folder


def _set_window(folder, start: str, end: str) -> None:
    path = folder / "case.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("start: 2022-09-01T08:00:00+08:00", f"start: {start}")
    text = text.replace("end: 2022-10-12T08:00:00+08:00", f"end: {end}")
    path.write_text(text, encoding="utf-8")


def test_the_window_is_read_in_hours_since_the_trigger():
    start, end = wb.load_case("haitian-2022").signals_window
    assert start == pytest.approx(-(30 * 24 + 5 + 50 / 60))   # 1 Sep 08:00 → 1 Oct 13:50
    assert end == pytest.approx(10 * 24 + 18 + 10 / 60)
    assert wb.load_case("demo-lumen-2024").signals_window is None


def test_a_naive_window_is_in_the_case_time_zone(haitian):
    _set_window(haitian, "2022-09-01T08:00", "2022-10-12T08:00")
    assert wb.load_case(haitian).signals_window[0] == pytest.approx(-725.8333, abs=1e-3)


def test_an_end_before_the_start_is_one_line(haitian):
    _set_window(haitian, "2022-09-01T08:00:00+08:00", "2022-08-01T08:00:00+08:00")
    problems = [str(p) for p in wb.validate(haitian)]
    assert len(problems) == 1
    assert "case.yaml:31: provenance.signals_window.end:" in problems[0]
    assert "is not after start" in problems[0]


def test_rows_outside_the_window_are_a_warning(haitian):
    _set_window(haitian, "2022-09-01T08:00:00+08:00", "2022-10-10T08:00:00+08:00")
    problems = wb.validate(haitian)
    assert [p.is_error for p in problems] == [False]
    assert "row(s) fall outside the declared window" in str(problems[0])
    (haitian / "signals.csv").unlink()
    assert "no signals rows" in str(wb.validate(haitian)[-1])
