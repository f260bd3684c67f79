"""build_signals / `workbench signals`: an archive folder and a plain CSV made in the test."""

from __future__ import annotations

import csv
import gzip
import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import workbench as wb
from workbench.cli import main

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _ts(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=SHANGHAI).timestamp()) + 4


def _archive(root: Path) -> Path:
    """Two UTC days (2022-05-22 08:00 China time is the start of the 22nd's file)."""
    snaps = []
    for m in range(30):
        words = [{"word": "别的话题", "rank": 1, "hot_value": 9_000_000}]
        if m >= 3:
            words.append({"word": "奥迪致歉", "rank": 40 - m, "hot_value": 1000 * m})
        snaps.append({"timestamp": _ts(f"2022-05-22T09:{m:02d}"), "hotwords": words})
    snaps[20]["hotwords"] = None
    day = root / "2022" / "05" / "22.json.gz"
    day.parent.mkdir(parents=True)
    day.write_bytes(gzip.compress(json.dumps(snaps, ensure_ascii=False).encode()))
    return root


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_archive_folder_on_the_grid(tmp_path):
    built = wb.build_signals(_archive(tmp_path / "a"), keywords=["奥迪"],
                             out=tmp_path / "case")
    rows = _rows(tmp_path / "case" / "signals.csv")
    assert {r["topic"] for r in rows} == {"奥迪致歉"}
    assert rows[0]["time"] == "2022-05-22T09:03:00+08:00"            # exact first minute
    assert {r["time"] for r in rows} >= {"2022-05-22T09:10:00+08:00",
                                          "2022-05-22T09:20:00+08:00"}  # null → stand-in
    text = built.summary()
    assert "Titles: 1 found (奥迪致歉)" in text
    assert "2022-05-22 09:03 → 2022-05-22 09:20 (Asia/Shanghai)" in text
    assert f"Rows: {len(rows)}" in text and "1 null" in text


def test_any_time_zone(tmp_path):
    built = wb.build_signals(_archive(tmp_path / "a"), keywords=["奥迪"], tz="UTC",
                             start="2022-05-22T01:00", end="2022-05-22T01:15")
    assert built.rows[0].time == "2022-05-22T01:03:00+00:00"
    assert max(r.time for r in built.rows) == "2022-05-22T01:10:00+00:00"


def test_plain_csv_filtered_and_windowed(tmp_path):
    src = tmp_path / "ranks.csv"
    src.write_text("时间,标题,排名,热度\n2022-05-22T09:00:00+08:00,奥迪致歉,12,\"35,000\"\n"
                   "2022-05-22 09:10,奥迪致歉,3,\n2022-05-22 09:10,别的话题,1,9\n"
                   "2022-05-23 09:10,奥迪致歉,9,100\n", encoding="utf-8")
    built = wb.build_signals(src, keywords=["奥迪"], end="2022-05-23T00:00", out=tmp_path / "x.csv")
    assert [(r["time"], r["signal"], r["value"]) for r in _rows(tmp_path / "x.csv")] == [
        ("2022-05-22T09:00:00+08:00", "hot-search-rank", "12"),
        ("2022-05-22T09:00:00+08:00", "hot-search-heat", "35000"),
        ("2022-05-22T09:10:00+08:00", "hot-search-rank", "3")]
    assert wb.validate(tmp_path) is not None and "Wrote" in built.summary()


@pytest.mark.parametrize(("text", "message"), [
    ("time,topic,heat\n2022-05-22,奥迪,1\n", "ranks.csv:1: rank: missing column 'rank'; expected"),
    ("time,topic,rank\n2022-05-22 09:00,奥迪,0\n", "ranks.csv:2: rank: '0' is not a rank"),
    ("time,topic,rank\nsoon,奥迪,1\n", "ranks.csv:2: time: 'soon' is not a time"),
    ("time,topic,rank,heat\n2022-05-22 09:00,奥迪,1,-3\n", "ranks.csv:2: heat: '-3' is not"),
    ("time,topic,rank\n2022-05-22 09:00,奥迪,1\n2022-05-22 09:00,奥迪,2\n",
     "ranks.csv:3: time: a second row for '奥迪'"),
    ("time,topic,rank\n2022-05-22 09:00,别的,1\n", "ranks.csv:1: keywords: no title contains"),
])
def test_plain_csv_refusals_are_one_line(tmp_path, text, message):
    (tmp_path / "ranks.csv").write_text(text, encoding="utf-8")
    with pytest.raises(wb.ImportRefused) as err:
        wb.build_signals(tmp_path / "ranks.csv", keywords=["奥迪"])
    assert message in str(err.value) and "\n" not in str(err.value)


def test_archive_refusals(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(wb.ImportRefused, match="archive: no daily files found"):
        wb.build_signals(tmp_path / "empty", keywords=["x"])
    bad = tmp_path / "bad" / "2022" / "05" / "22.json.gz"
    bad.parent.mkdir(parents=True)
    bad.write_bytes(gzip.compress(b'[{"hotwords": []}]'))
    with pytest.raises(wb.ImportRefused, match=r"22\.json\.gz:1: timestamp: snapshot 1"):
        wb.build_signals(tmp_path / "bad", keywords=["x"])
    with pytest.raises(wb.ImportRefused, match="tz: unknown time zone 'Mars/Base'"):
        wb.build_signals(_archive(tmp_path / "a"), keywords=["奥迪"], tz="Mars/Base")


def test_cli_prints_the_summary_and_refuses_in_one_line(tmp_path, capsys):
    archive = _archive(tmp_path / "a")
    assert main(["signals", str(archive), "-k", "奥迪", "--out", str(tmp_path / "c")]) == 0
    out = capsys.readouterr().out
    assert "Titles: 1 found" in out and (tmp_path / "c" / "signals.csv").is_file()
    assert main(["signals", str(archive), "-k", "钟薛高"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"{archive}:1: keywords: no title contains 钟薛高") and "\n" not in err


def test_the_summary_speaks_the_current_language_or_lang(tmp_path, capsys):
    """The summary and the CLI's messages are in Chinese or English, like `workbench import`:
    the current language (wb.set_language), or --lang for one run."""
    from workbench.foundation import i18n

    archive = _archive(tmp_path / "a")
    built = wb.build_signals(archive, keywords=["奥迪"])
    assert built.summary("zh").splitlines()[1] == "找到的标题：1 个（奥迪致歉）"
    assert built.summary("en").splitlines()[1] == "Titles: 1 found (奥迪致歉)"
    assert "热搜存档" in built.summary("zh") and "hot-search archive" in built.summary("en")
    assert main(["signals", str(archive), "-k", "奥迪", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("读取：") and "未写入" in out and "Titles" not in out
    before = i18n.get_language()
    try:
        i18n.set_language("zh")
        assert main(["signals", str(archive), "-k", "奥迪"]) == 0
        assert "行：" in capsys.readouterr().out
        assert main(["signals", str(archive), "-k", "奥迪", "--lang", "en"]) == 0
        assert "Not written" in capsys.readouterr().out
    finally:
        i18n.set_language(before)
