"""Items 6, 9 and 10: every case-file mistake is one located line in validate and one
CaseError in load_case; what validates also loads; names never share a journal."""

from __future__ import annotations

import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import workbench as wb
from workbench.core.cases import bundled_root
from workbench.core.journal import Journal, journal_path
from workbench.core.names import StudentNameError
from workbench.core.validate import validate
from workbench.foundation.problems import CaseError

LINE = re.compile(r"^.+:\d+: [\w.]+: .+")
TRIGGER = "trigger: 2024-05-10T20:15:00+08:00"


def _case_yaml(folder, old, new):
    path = folder / "case.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(("old", "new", "said"), [
    (TRIGGER, "trigger: 2023-02-30T10:00:00+08:00", "is not a valid time"),
    (TRIGGER, "trigger: 2024-05-10T25:00:00+08:00", "is not a valid time"),
    (TRIGGER, "trigger: 9999-05-10T20:15:00+08:00", "between 1900 and 2200"),
    (TRIGGER, "trigger: 0", "is not a valid time"),
    ("format: 1", "format: " + "5" * 5000, "unknown value"),
    ("format: 1", "format: true", "unknown value"),
    ("timezone: Asia/Shanghai", "timezone: America/New_York", "does not exist"),
    ("timezone: Asia/Shanghai", "timezone: America/New_York", "happens twice"),
])
def test_case_yaml_mistakes_are_one_located_line(demo_folder, old, new, said):
    _case_yaml(demo_folder, old, new)
    if "New_York" in new:
        when = "2024-03-10T02:30:00" if said == "does not exist" else "2024-11-03T01:30:00"
        _case_yaml(demo_folder, TRIGGER, f"trigger: {when}")
    lines = [str(p) for p in validate(demo_folder) if p.is_error]
    assert any(said in line for line in lines), lines
    assert all(LINE.match(line) and len(line) < 400 for line in lines)
    with pytest.raises(CaseError):
        wb.load_case(demo_folder)


@pytest.mark.parametrize(("file", "row", "said"), [
    ("reactions.csv", "2024-05-11T08:00:00+08:00,weibo,inf,0,0,0", "is not a count"),
    ("reactions.csv", "2024-05-11T08:00:00+08:00,weibo,1e30,0,0,0", "is not a count"),
    ("events.csv", None, "is not a number"),
])
def test_table_mistakes_are_one_located_line(demo_folder, file, row, said):
    path = demo_folder / file
    lines = path.read_text(encoding="utf-8").splitlines()
    if row is None:  # an event value of 1e400
        header = lines[0].split(",")
        cells = next(r for r in lines[1:] if r.count(",") == len(header) - 1).split(",")
        cells[header.index("metric")], cells[header.index("value")] = "views", "1e400"
        row = ",".join(cells)
    path.write_text("\n".join([*lines, row]) + "\n", encoding="utf-8")
    problems = [str(p) for p in validate(demo_folder) if p.is_error]
    assert any(said in p for p in problems), problems
    with pytest.raises(CaseError):
        wb.load_case(demo_folder)


def test_one_bad_case_never_stops_the_others(tmp_path):
    for name in ("demo-lumen-2024", "haidilao-2017"):
        shutil.copytree(bundled_root() / name, tmp_path / name)
    _case_yaml(tmp_path / "demo-lumen-2024", TRIGGER, "trigger: 2023-02-30T10:00:00+08:00")
    (tmp_path / "haidilao-2017" / "questions.yaml").write_text("loop: &l [*l]\n")
    shown = {p.path.split("/")[-2] for p in validate(tmp_path)}
    assert shown == {"demo-lumen-2024", "haidilao-2017"}


def test_case_id_with_a_trailing_newline_is_refused():
    from workbench.core.schema import CASE_ID

    assert CASE_ID.match("acme-2024") and not CASE_ID.match("acme-2024\n")


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(when=st.datetimes(min_value=__import__("datetime").datetime(1800, 1, 1),
                         max_value=__import__("datetime").datetime(9999, 1, 1)),
       zone=st.sampled_from(["America/New_York", "Europe/London", "Asia/Shanghai", "UTC"]),
       offset=st.booleans(), mentions=st.sampled_from(["3", "inf", "1e30", "-1", "2.5", "7"]))
def test_what_validates_also_loads(tmp_path_factory, when, zone, offset, mentions):
    folder = tmp_path_factory.mktemp("c") / "demo-lumen-2024"
    shutil.copytree(bundled_root() / "demo-lumen-2024", folder)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%S") + ("+00:00" if offset else "")
    _case_yaml(folder, TRIGGER, f"trigger: {stamp}")
    _case_yaml(folder, "timezone: Asia/Shanghai", f"timezone: {zone}")
    path = folder / "reactions.csv"
    path.write_text(path.read_text(encoding="utf-8") +
                    f"{stamp},weibo,{mentions},0,0,0\n", encoding="utf-8")
    if not any(p.is_error for p in validate(folder)):
        wb.load_case(folder)  # never raises when validate was clean


@pytest.mark.parametrize(("a", "b"), [("Li Lei.", "Li Lei"), ("a/b", "ab"), ("..x", "x")])
def test_different_names_never_share_a_journal(tmp_path, a, b):
    assert journal_path(a, "x-1", journal_dir=tmp_path) != journal_path(b, "x-1",
                                                                         journal_dir=tmp_path)


@pytest.mark.parametrize("name", [".", "..", "x" * 300])
def test_impossible_names_are_refused_in_one_sentence(tmp_path, name):
    with pytest.raises(StudentNameError) as err:
        Journal.load(name, "x-1", journal_dir=tmp_path)
    assert str(tmp_path) not in str(err.value) and "\n" not in str(err.value)


def test_the_app_opens_on_a_broken_case_and_a_too_long_name(tmp_path):
    from workbench.widgets.app import App

    for name in ("demo-lumen-2024", "haidilao-2017"):
        shutil.copytree(bundled_root() / name, tmp_path / name)
    _case_yaml(tmp_path / "demo-lumen-2024", TRIGGER, "trigger: 2023-02-30T10:00:00+08:00")
    app = App(case="demo-lumen-2024", root=tmp_path, journal_dir=tmp_path / "w", lang="en")
    assert "demo-lumen-2024" in app.message.value and app.stepper is None
    app.case_picker.value = "haidilao-2017"  # the user picks another case
    assert app.stepper is not None and app.stepper.case.id == "haidilao-2017"
    app.student.value = "x" * 300
    assert app.stepper is None and "at most 64" in app.message.value
    assert str(tmp_path) not in app.message.value
    app.close()
