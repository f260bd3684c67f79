"""Issue #20: every validation and refusal message reads in the chosen language.

A student in Chinese mode reads what is wrong, what was expected and the hint in Chinese;
the line keeps its shape ``path:line: column: what；应为 expected（hint）`` and its path, line
and column; English reads exactly as before (the other tests compare those messages).
"""

from __future__ import annotations

import ast
import re
import shutil
import string
from pathlib import Path

import pytest

import workbench as wb
from workbench.cli import main
from workbench.core.validate import validate
from workbench.foundation.problems import CaseError
from workbench.foundation.strings import STRINGS
from workbench.io.import_read import ImportRefused
from workbench.io.importer import import_posts
from workbench.io.signal_sources import build_signals

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "bluefin-2023"
PACKAGE = Path(wb.__file__).resolve().parent
CJK = re.compile(r"[\u3400-\u9fff]")
#: The string-table prefixes of the validator's (vm_), the importer's (ir_), the
#: signals builder's (sr_), the simulator's (sim_), the hand-in reader's (hand_), the
#: journal's (jr_), the student name's (nm_), the export's (exp_), the team room's (team_),
#: the drill's (pacing_), the reveal rule's (reveal_) and the posts store's (posts_) messages
#: (the early-warning rules' refusal, ew_unknown_rule, is checked by its own test below).
PREFIXES = ("vm_", "ir_", "sr_", "val_", "sim_", "hand_", "jr_", "nm_", "exp_", "team_",
            "pacing_", "reveal_", "posts_")
#: The modules that build those messages.
MODULES = ("core/validate.py", "core/validate_table.py", "core/validate_posts.py",
           "core/posts_check.py", "core/schema.py", "core/schema_problems.py",
           "core/yaml_lines.py", "core/cases.py", "core/placeholders.py",
           "foundation/problems.py", "io/import_read.py", "io/import_xlsx.py", "io/importer.py",
           "io/import_values.py",
           "io/import_columns.py", "io/import_summary.py", "io/signal_sources.py",
           "analysis/simulate.py", "io/submission.py", "io/collect.py", "core/journal.py",
           "core/names.py", "core/student.py", "io/export/__init__.py", "io/export/team.py",
           "core/team.py", "core/pacing.py", "io/export/charts.py", "core/progress.py",
           "core/posts.py", "analysis/simulation_report.py", "analysis/warning.py")
#: Modules whose every ``raise X("…")`` reaches a student or an instructor: the message
#: (argument 2 of SubmissionError, else argument 1) comes from the string table.
RAISING = MODULES[MODULES.index("analysis/simulate.py"):]
RAISED_ARG = {"SubmissionError": 1}
#: Where the what / expected / hint arguments sit in each message-building call.
MESSAGE_ARGS = {"Problem": slice(3, 6), "refuse": slice(3, 6), "report": slice(2, 5),
                "_report": slice(5, 8), "_damage": slice(3, 6)}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(k for k in STRINGS if k.startswith(PREFIXES)))
def test_every_message_has_chinese_text_with_the_same_fields(key):
    zh, en = STRINGS[key]
    if key != "vm_hint":  # "（{hint}）": full-width brackets around the hint
        assert CJK.search(zh), f"{key}: the Chinese text has no Chinese: {zh!r}"
    assert not zh.isascii(), f"{key}: ASCII-only Chinese text {zh!r}"
    assert _fields(zh) == _fields(en), f"{key}: the two texts take different fields"


def _literal_messages(path: Path) -> list[str]:
    """Message arguments written as English text instead of a string-table lookup."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", None) or getattr(node.func, "id", "")
        for arg in node.args[MESSAGE_ARGS[name]] if name in MESSAGE_ARGS else []:
            literal = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            if isinstance(arg, ast.JoinedStr) or (literal and re.search("[A-Za-z]", arg.value)):
                found.append(f"{path.name}:{node.lineno}: {ast.unparse(arg)[:60]}")
    return found


def _english(arg: ast.expr) -> bool:
    literal = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
    return isinstance(arg, ast.JoinedStr) or bool(literal and re.search("[A-Za-z]", arg.value))


def _literal_raises(path: Path) -> list[str]:
    """``raise X("English")`` / ``raise X(f"…")``: a refusal written in the code."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            call = node.exc
            name = getattr(call.func, "attr", None) or getattr(call.func, "id", "")
            at = RAISED_ARG.get(name, 0)
            if len(call.args) > at and _english(call.args[at]):
                found.append(f"{path.name}:{node.lineno}: {ast.unparse(call.args[at])[:60]}")
    return found


def test_no_message_is_written_in_english_in_the_code():
    found = [line for module in MODULES for line in _literal_messages(PACKAGE / module)]
    found += [line for module in RAISING for line in _literal_raises(PACKAGE / module)]
    assert not found, "messages not in the string table:\n" + "\n".join(found)


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


#: Real mistakes in a copy of the format's reference case: (file, old, new).
MISTAKES = {
    "phase typo": ("events.csv", ",analyse,trigger,", ",analyze-it,trigger,"),
    "bad time": ("events.csv", "b1,2023-12-22T07:30:00+00:00", "b1,22/12/2023 7:30"),
    "duplicate id": ("events.csv", "b2,2023-12-22T09:00", "b1,2023-12-22T09:00"),
    "bad strategy": ("events.csv", "b2,2023-12-22T09:00:00+00:00,hour,team,action,executive,"
                     "other,,", "b2,2023-12-22T09:00:00+00:00,hour,team,action,executive,"
                     "other,apologise-ish,"),
    "region": ("case.yaml", "region: GB", "region: UK"),
    "timezone": ("case.yaml", "timezone: Europe/London", "timezone: Europe/Londres"),
    "unknown key": ("case.yaml", "industry: airlines", "industry: airlines\nindustri: x"),
    "missing en": ("case.yaml", '  en: "Bluefin Air: the lost-luggage storm"\n', ""),
    "yaml syntax": ("case.yaml", "region: GB", "region: [GB"),
    "count above": ("reactions.csv", "twitter,120,80,30,10", "twitter,120,800,30,10"),
    "unknown question phase": ("questions.yaml", "team:", "teams:"),
}


@pytest.fixture
def case(tmp_path):
    folder = tmp_path / "bluefin-2023"
    shutil.copytree(FIXTURE, folder)
    return folder


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_a_malformed_case_reads_in_chinese(case, mistake):
    _edit(case, *MISTAKES[mistake])
    english = validate(case)
    wb.set_language("zh")
    chinese = validate(case)
    assert chinese and len(chinese) == len(english)
    for zh, en in zip(chinese, english, strict=True):
        assert (zh.path, zh.line, zh.column) == (en.path, en.line, en.column)
        assert CJK.search(zh.what), str(zh)
        for part in (zh.expected, zh.hint):
            assert not part or not part.isascii() or part == "1", str(zh)
        assert str(zh).startswith(f"{zh.path}:{zh.line}: {zh.column}: ")
        assert "\n" not in str(zh)
    with pytest.raises(CaseError) as err:
        wb.load_case(case)
    assert str(err.value).splitlines()[0] == f"{case} 中有 {sum(p.is_error for p in chinese)} 个问题："


def test_the_english_lines_read_as_before(case):
    _edit(case, *MISTAKES["phase typo"])
    assert [str(p) for p in validate(case)] == [
        f"{case}/events.csv:2: phase: unknown value 'analyze-it'; expected one of team, analyse, "
        "plan, coordinate, act, evaluate (did you mean 'analyse'?)"]


def test_a_file_in_the_wrong_encoding_and_a_missing_case(case):
    (case / "events.csv").write_bytes("id,time\nb1,触发\n".encode("gb18030"))
    wb.set_language("zh")
    line = next(str(p) for p in validate(case) if p.column == "encoding")
    assert "文件不是 UTF-8 编码" in line and "中文版 Excel" in line
    with pytest.raises(CaseError) as err:
        wb.load_case("bluefin-2032")
    assert "没有案例“bluefin-2032”" in str(err.value)


def test_workbench_validate_lang_zh(case, capsys):
    _edit(case, *MISTAKES["region"])
    assert main(["validate", "--lang", "zh", str(case)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (f"{case}/case.yaml:17: region: “UK”不是 ISO 3166 两位字母代码；应为 ISO 3166 "
                      "两位字母代码，例如 CN、US、GB（英国的 ISO 代码是 GB）")
    assert out[-1] == "1 个案例文件夹中：1 个错误，0 个警告"


def test_import_and_signals_refusals_in_chinese(tmp_path, capsys):
    export = tmp_path / "export.csv"
    export.write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["import", str(export), "--case", "x-2024", "--out", str(tmp_path),
                 "--lang", "zh"]) == 1
    refused = capsys.readouterr().err.strip()
    assert refused.startswith(f"{export}:1: time: 没有找到帖子时间的列（各列：a, b）；应为 ")
    with pytest.raises(ImportRefused, match="3-64 个小写字母"):
        import_posts(export, case="Bad Id", out=tmp_path)
    with pytest.raises(ImportRefused, match="没有给出关键词"):
        build_signals(export, keywords=[])
    wb.set_language("en")
    with pytest.raises(ImportRefused, match="no keyword given"):
        build_signals(export, keywords=[])


# --- simulation.yaml, hand-ins, journals, names, exports (issue #20, branch zhrest) ---
SIMULATED = wb.load_case("kfc-uk-2018").folder
SIM_MISTAKES = {
    "platform typo": ("platforms: [twitter]", "platforms: [twiter]"),
    "seed not a number": ("seed: 2018", "seed: x"),
    "negative half-life": ("half_life_hours: 18", "half_life_hours: -1"),
    "end before start": ("end_hour: 240", "end_hour: -30"),
    "unknown key": ("rise_hours: 6", "rise_hour: 6"),
    "split when attention only": ("period: hour", "period: hour\ncrisis_sentiment: "
                                  "{negative: 0.5, positive: 0.1}"),
}


@pytest.mark.parametrize("mistake", sorted(SIM_MISTAKES))
def test_simulation_yaml_reads_in_chinese(tmp_path, mistake):
    from workbench.analysis.simulate import read_params

    folder = tmp_path / SIMULATED.name
    shutil.copytree(SIMULATED, folder)
    _edit(folder, "simulation.yaml", *SIM_MISTAKES[mistake])
    with pytest.raises(CaseError) as english:
        read_params(folder)
    wb.set_language("zh")
    with pytest.raises(CaseError) as chinese:
        read_params(folder)
    en, zh = (str(e.value).splitlines()[1] for e in (english, chinese))
    assert zh.split(": ")[:2] == en.split(": ")[:2]          # path, line and column kept
    what = zh.split(": ", 2)[2]
    assert CJK.search(what), zh
    assert not re.search(r"\b(value error|input should|unknown|expected|but)\b", what), zh
    assert "\n" not in zh


@pytest.mark.parametrize(("mistake", "column"), [
    ("platform typo", "platforms"), ("end before start", "end_hour"),
    ("split when attention only", "crisis_sentiment"), ("negative half-life", "half_life_hours")])
def test_a_simulation_problem_points_at_its_key(tmp_path, mistake, column):
    """On the line of the offending key (not line 1), in pydantic's words without its
    "Value error, " before ours."""
    from workbench.analysis.simulate import read_params

    folder = tmp_path / SIMULATED.name
    shutil.copytree(SIMULATED, folder)
    _edit(folder, "simulation.yaml", *SIM_MISTAKES[mistake])
    text = (folder / "simulation.yaml").read_text(encoding="utf-8").splitlines()
    line = 1 + next(n for n, row in enumerate(text) if row.startswith(f"{column}:"))
    for lang in ("en", "zh"):
        wb.set_language(lang)
        with pytest.raises(CaseError) as err:
            read_params(folder)
        said = str(err.value).splitlines()[1]
        assert said.startswith(f"{folder}/simulation.yaml:{line}: {column}: "), said
        assert not re.search("value error|取值错误", said, re.IGNORECASE), said


def test_the_simulation_english_reads_as_before(tmp_path):
    from workbench.analysis.simulate import read_params

    folder = tmp_path / SIMULATED.name
    shutil.copytree(SIMULATED, folder)
    (folder / "simulation.yaml").unlink()
    with pytest.raises(CaseError) as err:
        read_params(folder)
    assert str(err.value).splitlines()[1] == (
        f"{folder}/simulation.yaml:1: file: no simulation.yaml; expected seed, platforms and "
        "parameters (docs/simulation.md)")


def test_pydantic_messages_are_said_in_english_as_pydantic_writes_them():
    from pydantic import BaseModel, Field, ValidationError

    from workbench.core.schema_problems import SAID, _other

    class Model(BaseModel):
        a: int = Field(0, gt=0)
        b: float = Field(0, ge=0.5)
        c: int = Field(0, lt=3)
        d: float = Field(0, le=1)
        i: int = 0
        f: float = 0
        flag: bool = False
        items: list = []
        table: dict = {}

    seen = set()
    for key, value in [("a", 0), ("b", 0.1), ("c", 5), ("d", 3), ("i", "x"), ("i", [1]),
                       ("i", 1.5), ("f", "x"), ("f", [1]), ("flag", "maybe"), ("flag", [1]),
                       ("items", 3), ("table", 3)]:
        with pytest.raises(ValidationError) as info:
            Model.model_validate({key: value})
        err = info.value.errors()[0]
        seen.add(err["type"])
        assert _other(err) == err["msg"][0].lower() + err["msg"][1:]
        wb.set_language("zh")
        assert CJK.search(_other(err)), err
        wb.set_language("en")
    assert seen == set(SAID)


def test_hand_in_journal_name_and_export_refusals_in_chinese(tmp_path):
    from workbench.core.journal import Journal
    from workbench.core.names import StudentNameError, student_folder
    from workbench.io.collect import collect
    from workbench.io.export import ExportError, export_journal
    from workbench.io.submission import SubmissionError, normalise_role

    wb.set_language("zh")
    with pytest.raises(SubmissionError, match="小组角色文件"):
        normalise_role({"format": 1, "team": "A组", "case": "c", "role": "chef"})
    with pytest.raises(StudentNameError, match="班级名单"):
        student_folder("..")
    journal = Journal("李雷", "demo-lumen-2024", journal_dir=tmp_path)
    with pytest.raises(ValueError, match=r"未知的原则“sincerty”.*（是不是“sincerity”？）"):
        journal.set_rating("sincerty", 3)
    with pytest.raises(ValueError, match="1 到 5 的整数"):
        journal.set_rating("sincerity", 7)
    with pytest.raises(TypeError, match="答案应为文字"):
        journal.set_answer("q", 3)
    with pytest.raises(ExportError, match=r"文件名必须以 \.html"):
        export_journal("李雷", tmp_path / "out.pdf", journal_dir=tmp_path)
    with pytest.raises(ExportError, match="没有“韩梅梅”的日志"):
        export_journal("韩梅梅", tmp_path / "out.html", journal_dir=tmp_path)
    with pytest.raises(FileNotFoundError, match="没有文件夹"):
        collect(tmp_path / "nowhere")
    hand_ins = tmp_path / "hand-ins"
    hand_ins.mkdir()
    (hand_ins / "drill.json").write_text('{"format": 1, "team": "A组", "case": "c", '
                                         '"role": "pr", "moves": []}', encoding="utf-8")
    reasons = list(collect(hand_ins).skipped["reason"])
    assert reasons and all(CJK.search(r) and not re.search("[A-Za-z]{4}", r.replace(
        "moves", "").replace("move", "").replace("phase", "")) for r in reasons), reasons


def test_svg_reveal_and_posts_refusals_in_chinese():
    """The refusals of the export's chart check, the reveal rule and the posts store."""
    import pandas as pd

    from workbench.core.posts import Posts
    from workbench.core.progress import check_mode
    from workbench.io.export import check_svg

    wb.set_language("zh")
    with pytest.raises(ValueError, match=r"^图表 SVG 含有事件处理属性（onload），未嵌入$"):
        check_svg('<svg xmlns="http://www.w3.org/2000/svg"><g onload="alert(1)"/></svg>')
    with pytest.raises(ValueError, match="<script> 元素"):
        check_svg('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>')
    with pytest.raises(ValueError, match=r"自身以外的内容（fill）"):
        check_svg('<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(http://x)"/></svg>')
    with pytest.raises(ValueError, match=r"不是揭晓方式；.*（是不是“always”？）"):
        check_mode("alway")
    with pytest.raises(ValueError, match="二者只取其一"):
        Posts()
    with pytest.raises(ValueError, match=r"未知的指标“views”；应为 engagement、likes、"):
        Posts(pd.DataFrame({"time": pd.to_datetime([]), "likes": []})).top(by="views")
    wb.set_language("en")
    with pytest.raises(ValueError, match=r"reveal='alway' is not a mode; expected 'after-answer' "
                                         r"or 'always' \(did you mean 'always'\?\)"):
        check_mode("alway")


def test_the_collect_skip_reasons_say_their_words_in_chinese():
    """No JSON key name in place of a Chinese word ("journals 列表" was one)."""
    zh = STRINGS["cl_skip_no_list"][0]
    assert CJK.search(zh) and not re.search("[A-Za-z]", zh), zh


def test_an_unknown_warning_rule_is_refused_in_chinese():
    """make_rule's refusal: one line from the string table, with the closest rule's name."""
    from workbench.analysis.warning import make_rule

    wb.set_language("zh")
    with pytest.raises(ValueError) as err:
        make_rule("hot-serch")
    assert str(err.value) == ("未知的预警规则“hot-serch”；应为 以下之一：volume, negative-share, "
                              "hot-search, change-point（是不是“hot-search”？）")
    with pytest.raises(ValueError, match=r"；应为 以下之一：[^（]*$"):
        make_rule("??")  # nothing close: no hint
    wb.set_language("en")
    with pytest.raises(ValueError) as err:
        make_rule("volum")
    assert str(err.value) == ("unknown rule 'volum'; expected one of volume, negative-share, "
                              "hot-search, change-point (did you mean 'volume'?)")
    zh, en = STRINGS["ew_unknown_rule"]
    assert CJK.search(zh) and _fields(zh) == _fields(en)
