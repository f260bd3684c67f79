"""Items 2, 3, 4, 5, 7, 8, 11, 13: hostile files end in one line or correct data."""

from __future__ import annotations

import json
import os
import zipfile

import pandas as pd
import pytest

from workbench.core.journal import Journal
from workbench.core.validate import validate
from workbench.io.collect import collect
from workbench.io.import_read import ImportRefused, decode, read_source

CASE = "demo-lumen-2024"


def test_xlsx_dimension_bomb_is_refused_before_reading(tmp_path, bounded):
    sheet = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData>'
             '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
             '</sheetData></worksheet>')
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    done = bounded(f"from pathlib import Path\nfrom workbench.io.import_read import read_source"
                   f"\ntry:\n    read_source(Path({str(path)!r}))\nexcept Exception as e:"
                   f"\n    print(e)")
    assert done.returncode == 0, done.stderr[-500:]
    assert "spans 1,048,576 rows × 16,384 columns; expected at most 20,000,000 cells" in done.stdout


def test_billion_laughs_case_yaml_is_one_located_line(demo_folder, bounded):
    laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n"
        for i in range(9))
    (demo_folder / "case.yaml").write_text(laughs, encoding="utf-8")
    (demo_folder / "questions.yaml").write_text("loop: &l [*l]\n", encoding="utf-8")
    done = bounded(f"from workbench.core.validate import validate\nfor p in validate("
                   f"{str(demo_folder)!r}): print(p)")
    assert done.returncode == 0, done.stderr[-500:]
    assert "case.yaml:" in done.stdout and "aliases expand to more than 100,000" in done.stdout
    assert "questions.yaml:1: yaml: an alias refers to itself" in done.stdout


@pytest.mark.parametrize("payload", ["[" * 5000 + "]" * 5000,
                                     '{"format": 1, "student": "x", "case": "y", "n": '
                                     + "9" * 5000 + "}"])
def test_hostile_json_hand_in_is_skipped_and_a_journal_set_aside(tmp_path, payload):
    (tmp_path / "bad.json").write_text(payload, encoding="utf-8")
    Journal.load("王芳", CASE, journal_dir=tmp_path / "work").set_answer("plan-1", "ok")
    result = collect(tmp_path)
    assert result.skipped.set_index("file").loc["bad.json", "problem"] == "corrupt"
    target = tmp_path / "work" / "王芳" / f"{CASE}.json"
    target.write_text(payload, encoding="utf-8")
    again = Journal.load("王芳", CASE, journal_dir=tmp_path / "work")
    assert again.problem and "could not be read" in again.problem


def test_formulas_are_neutralised_in_the_class_csv_only(tmp_path):
    j = Journal.load("李雷", CASE, journal_dir=tmp_path)
    j.set_answer("plan-1", '=HYPERLINK("http://x","y")')
    j.set_rating("fast-response", 3, "=1+cmd|' /C calc'!A0")
    result = collect(tmp_path)
    out = pd.read_csv(result.to_csv(tmp_path / "class-table.csv"), dtype=str)
    cells = out.fillna("").to_numpy().ravel().tolist()
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    assert """'=HYPERLINK("http://x","y")""" in cells
    assert Journal.load("李雷", CASE, journal_dir=tmp_path).answers["plan-1"].startswith("=")


def test_forged_saved_at_never_replaces_the_real_work(tmp_path):
    Journal.load("李雷", CASE, journal_dir=tmp_path).set_answer("plan-1", "real work")
    forged = {"format": 1, "student": "李雷", "case": CASE, "answers": {"plan-1": "forged"},
              "saved_at": "9999-12-31T00:00:00+00:00"}
    (tmp_path / "forged.json").write_text(json.dumps(forged), encoding="utf-8")
    result = collect(tmp_path)
    assert result.journals[0]["answers"]["plan-1"] == "real work"
    assert result.skipped.set_index("file").loc["forged.json", "problem"] == "suspect"


def test_mixed_encoding_is_refused_with_the_lines(tmp_path):
    data = "text\nTrès bien\n".encode() + "Très mauvais café\n".encode("cp1252")
    with pytest.raises(ImportRefused, match="lines 2 are UTF-8, lines 3 are not"):
        decode(data, None, "x.csv")
    latin = "text\nTrès mauvais café, déçu. Service très lent, à éviter!\nÇa ne va pas.\n"
    text, name = decode(latin.encode("latin-1"), None, "x.csv")
    assert text == latin and name.startswith("Latin-1")  # placed by the detector
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    with pytest.raises(ImportRefused):
        read_source(path)


def test_symlinks_out_of_the_roots_are_not_followed(demo_folder, tmp_path):
    (demo_folder / "reactions.csv").unlink()
    os.symlink("/etc/passwd", demo_folder / "reactions.csv")
    lines = [str(p) for p in validate(demo_folder)]
    assert any("reactions.csv:1: file: a link to a file outside" in line for line in lines)
    assert not any("root:x:" in line for line in lines)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    os.symlink("/etc/passwd", inbox / "passwd.json")
    assert collect(inbox).skipped["problem"].tolist() == ["symlink"]


def test_brand_move_markers_are_capped():
    from workbench.display.charts import MAX_ROWS, brand_markers

    n = 6000
    events = pd.DataFrame({"brand_side": True, "kind": "statement", "id": range(n),
                           "hours": range(n), "time": pd.Timestamp("2024-01-01", tz="UTC"),
                           "approx": False, "precision": "minute", "summary_zh": "x",
                           "summary_en": "x"})
    assert len(brand_markers(events, lang="en")) <= MAX_ROWS // 5
