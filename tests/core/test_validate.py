"""The validator: a corpus of broken variants of the demo case, each with the exact
file, line, column and a key phrase of its message; what is legitimate is accepted;
and random damage never produces a traceback or a message without ``path:line``."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import workbench as wb
from workbench.core.cases import bundled_root

DEMO = bundled_root() / "demo-lumen-2024"
# The reference example lives in shared/ beside the checkout; a verbatim copy is kept in
# tests/fixtures for checkouts without it (a test checks the copy is unchanged).
SHARED_BLUEFIN = Path(__file__).resolve().parents[3] / "shared" / "examples" / "bluefin-2023"
BLUEFIN = SHARED_BLUEFIN if SHARED_BLUEFIN.is_dir() else (
    Path(__file__).resolve().parents[1] / "fixtures" / "bluefin-2023")
LINE = re.compile(r"^(?:warning: )?\S.*:\d+: \S")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in {path}")


def errors(folder: Path, severity: str = "error") -> list[wb.Problem]:
    return [p for p in wb.validate(folder) if p.severity == severity]


def assert_problem(problems, file: str, line: int, column: str, phrase: str) -> None:
    for p in problems:
        if p.path.endswith(file) and p.line == line and p.column == column and phrase in str(p):
            return
    shown = "\n".join(str(p) for p in problems) or "(no problems)"
    raise AssertionError(f"expected {file}:{line}: {column}: …{phrase}… among:\n{shown}")


# -- what is legitimate ------------------------------------------------------------------------
def test_demo_and_reference_example_are_clean():
    assert wb.validate(DEMO) == []
    assert errors(BLUEFIN) == []
    case = wb.load_case(BLUEFIN)
    assert case.id == "bluefin-2023" and len(case.events) == 6


def test_fixture_copy_of_the_reference_example_is_unchanged():
    if not SHARED_BLUEFIN.is_dir():
        pytest.skip("shared/examples is not beside this checkout")
    copy = Path(__file__).resolve().parents[1] / "fixtures" / "bluefin-2023"
    for path in SHARED_BLUEFIN.iterdir():
        assert (copy / path.name).read_bytes() == path.read_bytes(), path.name


def test_bom_crlf_and_chinese_phase_alias_are_accepted(demo_folder: Path):
    events = demo_folder / "events.csv"
    text = events.read_text(encoding="utf-8").replace(",act,action,customer", ",实施协同行动,action,customer")
    events.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    yaml_path = demo_folder / "case.yaml"
    yaml_path.write_bytes(b"\xef\xbb\xbf" + yaml_path.read_bytes().replace(b"\n", b"\r\n"))
    assert errors(demo_folder) == []
    loaded = wb.load_case(demo_folder)
    assert loaded.events.set_index("id").loc["d8", "phase"] == "act"


def test_quoted_trigger_and_metric_on_any_event(demo_folder: Path):
    edit(demo_folder / "case.yaml", "trigger: 2024-05-10T20:15:00+08:00", 'trigger: "2024-05-10T20:15:00+08:00"')
    edit(demo_folder / "events.csv", "brief,confirmed,,\nd6", "brief,confirmed,regulator_posts,3\nd6")
    assert errors(demo_folder) == []


# -- the corpus of broken variants -------------------------------------------------------------
def _drop(name):
    return lambda c: (c / name).unlink()


def _yaml(old, new):
    return lambda c: edit(c / "case.yaml", old, new)


def _events(old, new):
    return lambda c: edit(c / "events.csv", old, new)


def _questions(old, new):
    return lambda c: edit(c / "questions.yaml", old, new)


def _gbk(c):
    text = (c / "events.csv").read_text(encoding="utf-8")
    (c / "events.csv").write_bytes(text.encode("gb18030"))


def _empty(c):
    (c / "events.csv").write_text("", encoding="utf-8")


def _rename_folder_id(c):
    edit(c / "case.yaml", "id: demo-lumen-2024", "id: demo-lumen-2025")


# (mutation, file, line finder, column, phrase). A line finder is an int or a needle
# searched for after the mutation.
CORPUS = [
    ("no case.yaml", _drop("case.yaml"), "case.yaml", 1, "file", "file not found"),
    ("no events.csv", _drop("events.csv"), "events.csv", 1, "file", "file not found"),
    ("yaml syntax", _yaml('industry: {zh: "餐饮", en: "food and beverage"}', "industry: [food"), "case.yaml",
     "region: CN", "yaml", "YAML syntax error"),
    ("unknown key", _yaml("industry:", "industy:"), "case.yaml", "industy:", "industy",
     "did you mean 'industry'?"),
    ("missing key", _yaml("license: CC0-1.0\n", ""), "case.yaml", 1, "license",
     "missing key 'license'"),
    ("id differs", _rename_folder_id, "case.yaml", "id: demo-lumen-2025", "id",
     "differs from the folder name"),
    ("bad id", _yaml("id: demo-lumen-2024", "id: Demo_Lumen"), "case.yaml", "id: Demo_Lumen",
     "id", "bad case id"),
    ("missing en", _yaml('  en: "Lumen Tea: the expired-ingredients video (fictional training case)"\n', ""),
     "case.yaml", "title:", "title.en", "missing the English text"),
    ("empty zh", _yaml("  zh: 流明茶饮\n", "  zh: ''\n"), "case.yaml", "zh: ''", "brand.zh",
     "empty zh text"),
    ("scct", _yaml("scct_cluster: preventable", "scct_cluster: preventible"), "case.yaml",
     "scct_cluster", "classification.scct_cluster", "did you mean 'preventable'?"),
    ("scope", _yaml("scope: external", "scope: externel"), "case.yaml", "scope:",
     "classification.scope", "did you mean 'external'?"),
    ("nature", _yaml("nature: human", "nature: humen"), "case.yaml", "nature:",
     "classification.nature", "did you mean 'human'?"),
    ("provenance", _yaml("reactions: fictional", "reactions: simulted"), "case.yaml",
     "reactions: simulted", "provenance.reactions", "did you mean 'simulated'?"),
    ("timezone", _yaml("timezone: Asia/Shanghai", "timezone: Asia/Shangai"), "case.yaml",
     "timezone:", "timezone", "did you mean 'Asia/Shanghai'?"),
    ("region UK", _yaml("region: CN", "region: UK"), "case.yaml", "region:", "region",
     "the ISO code for the United Kingdom is GB"),
    ("trigger", _yaml("trigger: 2024-05-10T20:15:00+08:00", "trigger: last friday"),
     "case.yaml", "trigger:", "trigger", "is not a valid time"),
    ("url", _yaml("url: https://example.org/lumen-tea-log", "url: ftp://example.org/x"),
     "case.yaml", "ftp://", "sources.url", "expected an http"),
    ("dup source", _yaml("  - id: log", "  - id: brief"), "case.yaml", 37, "sources.id",
     "duplicate source id 'brief'"),
    ("dup yaml key", _yaml("license: CC0-1.0", "license: CC0-1.0\nregion: CN"), "case.yaml",
     43, "region", "duplicate key"),
    ("phase", _events(",plan,statement,", ",planing,statement,"), "events.csv", "d4,", "phase",
     "did you mean 'plan'?"),
    ("kind", _events(",statement,executive", ",statment,executive"), "events.csv", "d7,",
     "kind", "did you mean 'statement'?"),
    ("actor", _events(",customer-service,", ",custmer-service,"), "events.csv", "d8,", "actor",
     "did you mean 'customer-service'?"),
    ("channel", _events(",livestream,", ",livestrem,"), "events.csv", "d9,", "channel",
     "did you mean 'livestream'?"),
    ("strategy", _events(",apology;mortification,", ",apologie;mortification,"), "events.csv",
     "d7,", "strategy", "did you mean 'apology'?"),
    ("precision", _events(",hour,team,", ",hours,team,"), "events.csv", "d2,", "precision",
     "did you mean 'hour'?"),
    ("certainty", _events("log,uncertain", "log,unsure"), "events.csv", "d10,", "certainty",
     "unknown value 'unsure'"),
    ("bad time", _events("2024-05-11T09:00:00+08:00", "2024/05/11 9am"), "events.csv", "d5,",
     "time", "cannot read '2024/05/11 9am' as a time"),
    ("serial date", _events("2024-05-11T14:00:00+08:00", "45423.58"), "events.csv", "d7,",
     "time", "spreadsheet date serial number"),
    ("dup id", _events("d11,", "d3,"), "events.csv", "The regulator publishes", "id",
     "first used on line 4"),
    ("unknown source", _events("log,confirmed,hashtag_reads", "logs,confirmed,hashtag_reads"),
     "events.csv", "d3,", "source", "did you mean 'log'?"),
    ("no source", lambda c: (_yaml("events: fictional", "events: documented")(c),
                             _events("brief,confirmed,,\nd6", ",confirmed,,\nd6")(c)),
     "events.csv", "d5,", "source", "documented event without a source"),
    ("missing column", _events("id,time,precision,phase,", "id,time,precision,stage,"),
     "events.csv", 1, "phase", "missing required column"),
    ("missing summary", _events(",The regulator publishes its findings: a fine for the franchisee and an order "
                                "to tighten franchise oversight.,", ",,"), "events.csv", "d11,",
     "summary_en", "missing en summary"),
    ("value", _events("hashtag_reads,12000000", "hashtag_reads,lots"), "events.csv", "d3,",
     "value", "'lots' is not a number"),
    ("field count", _events("d12,2024-05-17T10:00:00+08:00,minute,",
                            "d12,2024-05-17T10:00:00+08:00,"), "events.csv", "d12,", "row",
     "fields but the header has 14"),
    ("empty", _empty, "events.csv", 1, "file", "file is empty"),
    ("gbk", _gbk, "events.csv", 2, "encoding", "GBK/GB18030"),
    ("reaction over", lambda c: _reactions_over(c), "reactions.csv", 2, "negative",
     "is above mentions"),
    ("reaction negative", lambda c: _reactions_cell(c, "mentions", "-5"), "reactions.csv", 2,
     "mentions", "'-5' is not a count"),
    ("question phase", _questions("evaluate:", "evalute:"), "questions.yaml", "evalute:",
     "phase", "did you mean 'evaluate'?"),
    ("question en", _questions("    en: Which rebuilds more trust — the full refunds or the kitchen livestream? Why?\n", ""),
     "questions.yaml", "- id: act-3", "act.en", "missing the English text"),
]


def _reactions_cell(c: Path, column: str, value: str) -> None:
    path = c / "reactions.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index(column)] = value
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _reactions_over(c: Path) -> None:
    path = c / "reactions.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[3] = str(int(cells[2]) + 5)  # negative above mentions
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize(("name", "mutate", "file", "line", "column", "phrase"), CORPUS,
                         ids=[c[0] for c in CORPUS])
def test_broken_variant_is_reported_precisely(demo_folder, name, mutate, file, line, column, phrase):
    mutate(demo_folder)
    if isinstance(line, str):
        line = line_of(demo_folder / file, line)
    problems = wb.validate(demo_folder)
    assert_problem(problems, file, line, column, phrase)
    for p in problems:
        assert LINE.match(str(p)), str(p)
    if any(p.is_error for p in problems):
        with pytest.raises(wb.CaseError) as info:
            wb.load_case(demo_folder)
        assert str(problems[0]) in str(info.value) or not problems[0].is_error


def test_corpus_is_large_enough():
    assert len(CORPUS) >= 30


def test_unknown_extra_column_is_a_warning(demo_folder: Path):
    edit(demo_folder / "events.csv", "metric,value\n", "metric,value,notes\n")
    text = (demo_folder / "events.csv").read_text(encoding="utf-8").splitlines()
    text = [text[0]] + [row + "," for row in text[1:]]
    (demo_folder / "events.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    assert errors(demo_folder) == []
    assert_problem(errors(demo_folder, "warning"), "events.csv", 1, "notes", "unknown column")
    wb.load_case(demo_folder)  # warnings do not stop loading


def test_questions_get_derived_ids(demo_folder: Path):
    loaded = wb.load_case(demo_folder)
    assert [q["id"] for q in loaded.questions["plan"]] == ["plan-1", "plan-2"]
    assert loaded.questions["plan"][0]["decision"] is True


def test_folder_of_cases_and_missing_folder(tmp_path: Path, demo_folder: Path):
    assert wb.validate(demo_folder.parent) == []
    problems = wb.validate(tmp_path / "nope")
    assert problems and "case folder not found" in str(problems[0])


def test_cli_exit_codes_and_output(demo_folder: Path):
    run = [sys.executable, "-m", "workbench", "validate", str(demo_folder)]
    clean = subprocess.run(run, capture_output=True, text=True, check=False)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    edit(demo_folder / "events.csv", ",plan,statement,", ",planing,statement,")
    broken = subprocess.run(run, capture_output=True, text=True, check=False)
    assert broken.returncode == 1
    assert "events.csv:5: phase: unknown value 'planing'" in broken.stdout
    assert "Traceback" not in broken.stdout + broken.stderr


def test_case_error_renders_without_traceback(demo_folder: Path):
    edit(demo_folder / "events.csv", ",plan,statement,", ",planing,statement,")
    with pytest.raises(wb.CaseError) as info:
        wb.load_case(demo_folder)
    rendered = info.value._render_traceback_()
    assert len(rendered) == 1 and "did you mean 'plan'?" in rendered[0]


# -- random damage -----------------------------------------------------------------------------
CELL_VALUES = st.one_of(
    st.sampled_from(["", " ", "x", "-1", "1e9", "2024-13-45", "NaN", "；", "\"", "a,b", "🙂",
                     "2024-05-10", "plan", "<script>", "0", "45423.5", "\t"]),
    st.text(max_size=12),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(row=st.integers(0, 12), col=st.integers(0, 13), value=CELL_VALUES)
def test_random_cell_damage_never_crashes(tmp_path_factory, row, col, value):
    folder = tmp_path_factory.mktemp("fuzz") / "demo-lumen-2024"
    shutil.copytree(DEMO, folder)
    path = folder / "events.csv"
    import csv
    import io
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[row][col] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    _assert_graceful(folder)


YAML_KEYS = ["format", "id", "title", "brand", "summary", "outcome", "industry", "region",
             "timezone", "trigger", "classification", "provenance", "sources", "license"]


@settings(max_examples=40, deadline=None)
@given(key=st.sampled_from(YAML_KEYS), value=st.sampled_from(
    ["", "[]", "{}", "~", "1", "x: y", "'2024-02-30'", "[a, b", "{zh: 只有中文}", "-"]),
    rename=st.booleans())
def test_random_yaml_damage_never_crashes(tmp_path_factory, key, value, rename):
    folder = tmp_path_factory.mktemp("fuzzy") / "demo-lumen-2024"
    shutil.copytree(DEMO, folder)
    path = folder / "case.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    out = []
    for line in lines:
        if line.startswith(f"{key}:"):
            line = f"{key}x: {value}" if rename else f"{key}: {value}"
        out.append(line)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    _assert_graceful(folder)


def _assert_graceful(folder: Path) -> None:
    problems = wb.validate(folder)
    for p in problems:
        assert LINE.match(str(p)), str(p)
        assert p.line >= 1
    try:
        wb.load_case(folder)
    except wb.CaseError as exc:
        assert exc.problems


def test_the_documented_minimal_example_is_valid(tmp_path: Path):
    doc = (Path(__file__).resolve().parents[2] / "docs" / "case-format.md").read_text(encoding="utf-8")
    example = doc.split("## A minimal complete example", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(yaml|csv)\n(.*?)```", example, re.S)
    folder = tmp_path / "acme-2020"
    folder.mkdir()
    (folder / "case.yaml").write_text(blocks[0][1], encoding="utf-8")
    (folder / "events.csv").write_text(blocks[1][1], encoding="utf-8")
    assert wb.validate(folder) == []
    assert len(wb.load_case(folder).events) == 3


def test_a_repeated_reaction_period_is_reported_at_its_line(tmp_path):
    """reactions.csv: the second row for one hour and platform is the duplicate."""
    from workbench.core.cases import bundled_root
    folder = tmp_path / "demo-lumen-2024"
    shutil.copytree(bundled_root() / "demo-lumen-2024", folder)
    (folder / "reactions.csv").write_text(
        "time,platform,mentions,negative,neutral,positive\n"
        "2024-05-10T08:00:00+08:00,weibo,10,5,3,2\n"
        "2024-05-10T09:00:00+08:00,weibo,12,5,5,2\n"
        "2024-05-10T08:00:00+08:00,weibo,9,4,3,2\n"
        "2024-05-10T08:00:00+08:00,douyin,9,4,3,2\n", encoding="utf-8")
    found = [str(p) for p in wb.validate(folder) if "duplicate period" in str(p)]
    assert len(found) == 1 and "reactions.csv:4: time: duplicate period" in found[0], found
