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
#: The string-table prefixes of the validator's (vm_), the importer's (ir_) and the
#: signals builder's (sr_) messages.
PREFIXES = ("vm_", "ir_", "sr_", "val_")
#: The modules that build those messages.
MODULES = ("core/validate.py", "core/validate_table.py", "core/validate_posts.py",
           "core/posts_check.py", "core/schema.py", "core/schema_problems.py",
           "core/yaml_lines.py", "core/cases.py", "core/placeholders.py",
           "foundation/problems.py", "io/import_read.py", "io/importer.py", "io/import_values.py",
           "io/import_columns.py", "io/import_summary.py", "io/signal_sources.py")
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


def test_no_message_is_written_in_english_in_the_code():
    found = [line for module in MODULES for line in _literal_messages(PACKAGE / module)]
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
