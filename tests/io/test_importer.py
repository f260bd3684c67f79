"""workbench import: every file quirk, every guess and every refusal, on small files made here."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import workbench as wb
from workbench.core import derived
from workbench.core.validate import EVENT_COLUMNS
from workbench.io.importer import ImportResult, default_root, import_posts, work_folder

LINE = re.compile(r"^\S.*:\d+: \S+: [^\n]+$")
AIRLINE = ("tweet_id,airline_sentiment,airline,text,tweet_created\n"
           "570306133677760513,neutral,Virgin America,@VirginAmerica What @dhepburn said.,"
           "2015-02-24 11:35:52 -0800\n"
           "570301130888122368,positive,Virgin America,@VirginAmerica thanks!,"
           "2015-02-24 11:15:59 -0800\n"
           "570301083672813571,negative,United,\"@united late again, no info\","
           "2015-02-24 11:15:48 -0800\n"
           "570301031407624196,irrelevant,United,@united lol,2015-02-24 11:15:36 -0800\n")


def write(folder: Path, name: str, text: str, *, encoding: str = "utf-8", bom: bool = False,
          crlf: bool = False) -> Path:
    path = folder / name
    data = (text.replace("\n", "\r\n") if crlf else text).encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def run(path: Path, **options) -> ImportResult:
    options.setdefault("case", "acme-2024")
    options.setdefault("out", path.parent / "cases")
    return import_posts(path, **options)


def refusal(path: Path, **options) -> str:
    with pytest.raises(wb.ImportRefused) as info:
        run(path, **options)
    message = str(info.value)
    assert LINE.match(message), message
    assert info.value._render_traceback_() == [f"ImportRefused: {message}"]
    return message


# -- the whole round trip ----------------------------------------------------------------------
def test_airline_export_round_trip(tmp_path):
    export = write(tmp_path, "airline.csv", AIRLINE)
    before = hashlib.sha256(export.read_bytes()).hexdigest()
    result = run(export)
    assert hashlib.sha256(export.read_bytes()).hexdigest() == before  # never modified
    assert (result.rows_read, result.rows_kept, result.dropped) == (4, 4, {})
    assert result.columns["time"] == "tweet_created" and result.columns["id"] == "tweet_id"
    assert "--time tweet_created (guessed from its name)" in result.summary()
    assert result.sentiment_counts() == {"negative": 1, "neutral": 1, "positive": 1, "empty": 1}
    assert "'irrelevant' ×1" in result.summary()
    assert result.timezone == "America/Los_Angeles"
    assert "brands; pass --brand airline" in result.summary()
    folder = result.cases[0].folder
    assert folder == tmp_path / "cases" / "acme-2024"
    assert sorted(p.name for p in folder.iterdir()) == [
        ".reactions-cache.parquet", "case.yaml", "events.csv", "posts.parquet"]
    assert (folder / "events.csv").read_text(encoding="utf-8") == ",".join(EVENT_COLUMNS) + "\n"
    meta = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    assert meta["provenance"]["events"] == "pending"
    assert meta["provenance"]["reactions"] == "observed"
    assert pd.Timestamp(meta["trigger"]) == pd.Timestamp("2015-02-24 11:15:36 -0800")
    problems = wb.validate(folder)
    assert problems and not [p for p in problems if p.is_error]
    assert any("no events yet; fill events.csv" in str(p) for p in problems)
    case = wb.load_case(folder)
    assert case.meta.provenance.events == "pending" and len(case.events) == 0
    assert case.posts["platform"].astype(str).unique().tolist() == ["twitter"]
    assert case.reactions["mentions"].sum() == 4
    assert case.visible_at("plan").posts is not None


def test_summary_text_and_html(tmp_path):
    export = write(tmp_path, "x.csv", "time,text,brand\n2024-05-10T20:15:00+08:00,hi,<b>Acme</b>\n")
    result = run(export, platform="weibo", sentiment="none")
    text = result.summary()
    for heading in ("Imported:", "Rows: 1 read, 1 kept, 0 dropped", "Time: 2024-05-10 20:15",
                    "Brands: <b>Acme</b> (1)", "Sentiment: none", "Warning: each trigger is set"):
        assert heading in text
    page = result._repr_html_()
    assert "&lt;b&gt;Acme&lt;/b&gt;" in page and "<b>Acme</b>" not in page
    assert repr(result).startswith("<ImportResult x.csv: 1 of 1 rows kept")
    assert str(result) == text


# -- CSV dialects and encodings ------------------------------------------------------------
@pytest.mark.parametrize("delim", [",", ";", "\t", "|"])
@pytest.mark.parametrize(("bom", "crlf"), [(False, False), (True, True)])
def test_any_delimiter_quotes_bom_and_crlf(tmp_path, delim, bom, crlf):
    rows = [["id", "created_at", "text"], ["1", "2024-05-10T20:15:00+08:00", f'"a{delim} b\nc"'],
            ["2", "2024-05-10T21:15:00+08:00", '"say ""no"""'], ["3", "2024-05-10T22:15:00+08:00", "x"]]
    export = write(tmp_path, "e.csv", "\n".join(delim.join(r) for r in rows) + "\n", bom=bom,
                   crlf=crlf)
    result = run(export, platform="weibo", sentiment="none")
    assert result.delimiter == delim and result.rows_kept == 3
    assert result.encoding == ("UTF-8 with BOM" if bom else "UTF-8")
    posts = result.load()[0].posts
    newline = "\r\n" if crlf else "\n"
    assert posts["text"].tolist() == [f"a{delim} b{newline}c", 'say "no"', "x"]


@pytest.mark.parametrize(("encoding", "name"), [
    ("gb18030", "GBK/GB18030"), ("gbk", "GBK/GB18030"), ("cp1252", "Latin-1 (Windows-1252)"),
    ("utf-16", "UTF-16")])
def test_encodings_are_detected(tmp_path, encoding, name):
    text = ("发布时间;内容;平台\n2024-05-10 20:15;太差了，退钱;微博\n" if "gb" in encoding
            else "date;text;site\n2024-05-10 20:15;Café très déçu, naïve;twitter\n")
    export = write(tmp_path, "e.csv", text, encoding=encoding)
    result = run(export, tz="Asia/Shanghai", sentiment="none")
    assert result.encoding == name
    assert result.load()[0].posts["text"].iloc[0] in ("太差了，退钱", "Café très déçu, naïve")


def test_unknown_or_wrong_encoding_is_refused_with_the_fix(tmp_path, monkeypatch):
    import charset_normalizer

    export = tmp_path / "e.csv"
    export.write_bytes(b"time,text\n2024-05-10 20:15,\x81\x81\x8d\x9d\n")
    monkeypatch.setattr(charset_normalizer, "from_bytes",
                        lambda data: charset_normalizer.CharsetMatches())  # the detector gives up
    message = refusal(export)
    assert "e.csv:2: encoding: cannot tell the file's encoding" in message
    assert "tried UTF-8, UTF-16, GBK/GB18030 and charset-normalizer" in message
    monkeypatch.undo()
    assert "--encoding" in message
    utf8 = write(tmp_path, "u.csv", "time,text\n2024-05-10 20:15,太差了\n")
    assert "the file is not ascii" in refusal(utf8, encoding="ascii")
    assert "unknown encoding 'klingon'" in refusal(utf8, encoding="klingon")


def test_explicit_encoding_is_used(tmp_path):
    export = write(tmp_path, "e.csv", "time,text\n2024-05-10 20:15,Ça va\n", encoding="latin-1")
    result = run(export, encoding="latin-1", tz="Europe/Paris", sentiment="none")
    assert result.encoding == "latin-1"


# -- JSON Lines and XLSX --------------------------------------------------------------------
def test_json_lines_with_nested_fields(tmp_path):
    lines = [{"id_str": "1", "created_at": "Tue Oct 18 21:53:25 +0000 2011", "full_text": "I love it",
              "user": {"screen_name": "ann"}},
             {"id_str": "2", "created_at": "Tue Oct 18 22:53:25 +0000 2011",
              "full_text": "Worst thing ever", "user": {"screen_name": "bob"}}]
    export = write(tmp_path, "t.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n\n")
    result = run(export, sentiment="none")
    assert result.kind == "JSON Lines" and result.columns["author"] == "user.screen_name"
    posts = result.load()[0].posts
    assert posts["author"].tolist() == ["ann", "bob"]
    assert posts["time"].iloc[0] == pd.Timestamp("2011-10-18T21:53:25Z")
    assert posts["platform"].astype(str).iloc[0] == "twitter"  # from Twitter-style times


def test_json_array_and_bad_json_line(tmp_path):
    array = write(tmp_path, "a.json", json.dumps([{"time": "2024-05-10T20:15:00Z", "text": "x"}]))
    assert run(array, sentiment="none").kind == "JSON"
    bad = write(tmp_path, "b.jsonl", '{"time": "2024-05-10T20:15:00Z"}\n{"time": oops}\n')
    assert refusal(bad).startswith(f"{bad}:2: json: line is not valid JSON")
    not_object = write(tmp_path, "c.jsonl", '{"time": "2024-05-10T20:15:00Z"}\n[1, 2]\n')
    assert "record is not an object" in refusal(not_object)


def test_xlsx_with_date_cells(tmp_path):
    export = tmp_path / "e.xlsx"
    pd.DataFrame({"发布时间": pd.to_datetime(["2024-05-10 20:15", "2024-05-10 21:00"]),
                  "内容": ["好评", "差评"], "微博ID": ["a1", "a2"], "点赞数": [3, 12000]}
                 ).to_excel(export, index=False)
    result = run(export, platform="微博", sentiment="none")
    assert result.kind == "XLSX" and "Asia/Shanghai" in result.timezone
    posts = result.load()[0].posts
    assert posts["time"].iloc[0] == pd.Timestamp("2024-05-10T20:15:00+08:00")
    assert posts["likes"].tolist() == [3, 12000]


def test_xlsx_damage_is_refused(tmp_path):
    numbers = tmp_path / "n.xlsx"
    pd.DataFrame({"time": ["2015-02-24 11:35", "2015-02-24 11:36"], "text": ["a", "b"],
                  "tweet_id": [5.70306e17, 5.70301e17]}).to_excel(numbers, index=False)
    message = refusal(numbers)
    assert message.startswith(f"{numbers}:2: tweet_id: id 570306000000000000 is stored as a number")
    serial = tmp_path / "s.xlsx"
    pd.DataFrame({"time": [42059.48, 42059.5], "text": ["a", "b"]}).to_excel(serial, index=False)
    assert "'42059.48' looks like a spreadsheet date serial number" in refusal(serial)


# -- times -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("values", "expected", "options"), [
    (["2024-05-10T20:15:00+08:00", "2024-05-10T12:16:00Z"],
     ["2024-05-10T12:15:00Z", "2024-05-10T12:16:00Z"], {}),
    (["Tue Oct 18 21:53:25 +0000 2011", "Wed Oct 19 01:00:00 +0000 2011"],
     ["2011-10-18T21:53:25Z", "2011-10-19T01:00:00Z"], {}),
    (["2015-02-24 11:35:52 -0800", "2015-02-24 11:35:52 -0500"],
     ["2015-02-24T19:35:52Z", "2015-02-24T16:35:52Z"], {}),
    (["1715343300", "1715343360"], ["2024-05-10T12:15:00Z", "2024-05-10T12:16:00Z"], {}),
    (["1715343300000", "1715343360500"], ["2024-05-10T12:15:00Z", "2024-05-10T12:16:00.5Z"], {}),
    (["2024-05-10 20:15", "2024/5/10 21:05"], ["2024-05-10T12:15:00Z", "2024-05-10T13:05:00Z"],
     {"tz": "Asia/Shanghai"}),
    (["2024年5月10日 20:15", "2024-05-10 20:16:30"], ["2024-05-10T18:15:00Z", "2024-05-10T18:16:30Z"],
     {"tz": "Europe/Berlin"}),
    (["05/13/2024 08:15 PM", "05/14/2024 9:00 AM"], ["2024-05-14T00:15:00Z", "2024-05-14T13:00:00Z"],
     {"tz": "America/New_York"}),
])
def test_time_formats(tmp_path, values, expected, options):
    export = write(tmp_path, "t.csv", "created_at,text\n" + "".join(f"{v},post\n" for v in values))
    result = run(export, sentiment="none", platform="other", **options)
    times = result.load()[0].posts["time"].dt.tz_convert("UTC")  # sorted by time
    assert times.tolist() == sorted(pd.Timestamp(x) for x in expected)
    if "tz" in options:
        assert result.timezone == options["tz"]


def test_naive_times_without_tz_are_guessed_and_said(tmp_path):
    chinese = write(tmp_path, "c.csv", "发布时间,内容\n2024-05-10 20:15,等官方回应\n")
    result = run(chinese, sentiment="none")
    assert result.timezone == "Asia/Shanghai"
    assert "read as Asia/Shanghai (Chinese platforms or text)" in result.summary()
    english = write(tmp_path, "e.csv", "time,text\n2024-05-10 20:15,waiting\n")
    result = run(english, case="acme-2025", sentiment="none")
    assert result.timezone == "UTC" and "pass --tz ZONE" in result.summary()


def test_unreadable_and_missing_times_are_dropped_and_counted(tmp_path):
    rows = ["2024-05-10 20:15", "刚刚", "", "2024-05-10 21:15", "2024-05-10 22:15"]
    export = write(tmp_path, "e.csv", "time,text\n" + "".join(f"{r},x\n" for r in rows))
    result = run(export, tz="UTC", sentiment="none")
    assert result.dropped == {"missing time": 1, "unreadable time": 1}
    assert "e.g. '刚刚', were dropped" in result.summary()


def test_no_usable_time_column_is_refused(tmp_path):
    export = write(tmp_path, "e.csv", "a,b\nhello,world\n")
    assert refusal(export) == (f"{export}:1: time: no column of post times found (columns: a, b); "
                               "expected a column of dates and times such as created_at or 发布时间 "
                               "(name it with --time COLUMN)")
    mostly_bad = write(tmp_path, "m.csv", "time,text\nyesterday,x\nlast week,y\n2024-05-10,z\n")
    assert refusal(mostly_bad).startswith(f"{mostly_bad}:2: time: cannot read 'yesterday' as a "
                                          "time (2 of 3 rows)")
    empty = write(tmp_path, "n.csv", "time,text\n,x\n")
    assert "the time column is empty" in refusal(empty)
    assert "did you mean 'time'?" in refusal(mostly_bad, time="tme")


def test_time_column_guessed_from_values(tmp_path):
    export = write(tmp_path, "e.csv", "when,msg\n2024-05-10T20:15:00Z,hello there\n"
                                      "2024-05-10T20:16:00Z,bad bad bad\n")
    result = run(export, sentiment="none")
    assert "--time when (guessed from its values)" in result.summary()
    assert "--text msg (guessed: the longest text)" in result.summary()


# -- spreadsheet damage --------------------------------------------------------------------
def test_scientific_notation_ids_are_refused(tmp_path):
    export = write(tmp_path, "e.csv", AIRLINE.replace("570301130888122368", "5.70301E+17"))
    assert refusal(export) == (
        f"{export}:3: tweet_id: id '5.70301E+17' is in scientific notation: Excel rounded it, so "
        "posts can no longer be told apart (1 of 4 rows); expected whole-number ids such as "
        "570306133677760513 (export again from the source, or in Excel format the column as "
        "Text before saving; --id none imports without ids)")
    assert run(export, id="none").rows_kept == 4


def test_serial_number_dates_are_refused(tmp_path):
    export = write(tmp_path, "e.csv", AIRLINE.replace("2015-02-24 11:15:59 -0800", "42059.48"))
    assert refusal(export).startswith(
        f"{export}:3: tweet_created: '42059.48' looks like a spreadsheet date serial number "
        "(1 of 4 rows); expected a date and time such as 2015-02-24 11:35:52")


def test_line_numbers_count_multi_line_fields(tmp_path):
    export = write(tmp_path, "e.csv", 'id,time,text\n1,2024-05-10 20:15,"two\nlines"\n'
                                      "5.7E+17,2024-05-10 20:16,x\n")
    assert refusal(export, tz="UTC").startswith(f"{export}:4: id:")


# -- columns, platforms, brands, duplicates --------------------------------------------------
def test_duplicates_keep_the_first_in_file_order(tmp_path):
    export = write(tmp_path, "e.csv", "id,time,text\n7,2024-05-10 22:00,first\n"
                                      "8,2024-05-10 20:00,other\n7,2024-05-10 21:00,second\n"
                                      ",2024-05-10 21:30,no id\n,2024-05-10 21:31,no id\n")
    result = run(export, tz="UTC", sentiment="none")
    assert result.dropped == {"duplicate id": 1} and result.rows_kept == 4
    posts = result.load()[0].posts
    assert posts.loc[posts["id"] == "7", "text"].tolist() == ["first"]


def test_platform_option_column_and_guesses(tmp_path):
    body = "time,text,site,url\n2024-05-10 20:15,a,微博,\n2024-05-10 20:16,b,Toutiao,\n" \
           "2024-05-10 20:17,c,,https://www.douyin.com/video/1\n"
    export = write(tmp_path, "e.csv", body)
    result = run(export, tz="Asia/Shanghai", sentiment="none")
    assert result.columns["platform"] == "site"
    posts = result.load()[0].posts
    assert posts["platform"].astype(str).tolist() == ["weibo", "other", "douyin"]
    assert "'Toutiao' ×1" in result.summary()
    constant = run(export, case="acme-2025", tz="UTC", sentiment="none", platform="X")
    assert constant.columns["platform"] == "= twitter"
    assert "did you mean 'twitter'?" in refusal(export, platform="twiter")
    bare = write(tmp_path, "b.csv", "time,text\n2024-05-10 20:15,a\n")
    result = run(bare, case="acme-2026", tz="UTC", sentiment="none")
    assert "platform of 1 posts not given: 'other'" in result.summary()


def test_one_case_per_brand(tmp_path):
    rows = ["Northwind Air,Late again", "青禾咖啡,太差了", "northwind air ,Refund now",
            ",no brand", "Northwind Air,ok"]
    export = write(tmp_path, "e.csv", "time,品牌,text\n" + "".join(
        f"2024-05-10 1{n}:00,{r}\n" for n, r in enumerate(rows)))
    result = run(export, brand="品牌", tz="Asia/Shanghai", sentiment="none", platform="weibo")
    assert result.ids == ["acme-2024-northwind-air", "acme-2024-qinghekafei"]
    assert result.dropped == {"no brand": 1}
    brands = {c.id: c.brand for c in result.cases}
    assert brands["acme-2024-northwind-air"] == "Northwind Air"  # most common spelling
    northwind, qinghe = result.load()
    assert northwind.meta.brand.en == "Northwind Air" and len(northwind.posts) == 3
    assert qinghe.meta.brand.en == "青禾咖啡" and qinghe.posts["brand"].astype(str).tolist() == [
        "青禾咖啡"]
    assert northwind.trigger == pd.Timestamp("2024-05-10 10:00", tz="Asia/Shanghai")


def test_nothing_left_is_refused(tmp_path):
    export = write(tmp_path, "e.csv", "time,brand,text\n2024-05-10 20:00,,x\n2024-05-10 21:00,,y\n")
    assert "brand: no posts left to import (2 no brand)" in refusal(export, brand="brand", tz="UTC")


def test_too_many_brands_is_refused(tmp_path):
    export = write(tmp_path, "e.csv", "time,brand,text\n" + "".join(
        f"2024-05-10 20:{n:02d},b{n},x\n" for n in range(25)))
    assert "25 different brands in this column" in refusal(export, brand="brand", tz="UTC")


def test_counts_and_authors(tmp_path):
    export = write(tmp_path, "e.csv", "time,text,作者,点赞数,转发数,评论数\n"
                                      '2024-05-10 20:15,x,ann,1.2万,"1,234",3k\n'
                                      "2024-05-10 20:16,y,bob,—,7,\n")
    posts = run(export, tz="UTC", sentiment="none").load()[0].posts
    assert posts["author"].tolist() == ["ann", "bob"]
    assert posts["likes"].tolist()[0] == 12000 and pd.isna(posts["likes"].iloc[1])
    assert posts["shares"].tolist() == [1234, 7] and posts["comments"].iloc[0] == 3000


def test_sentiment_modes(tmp_path):
    export = write(tmp_path, "e.csv", "time,text,label\n2024-05-10 20:15,I love it,neg\n"
                                      "2024-05-10 20:16,awful,spam\n")
    kept = run(export, tz="UTC")
    assert kept.columns["sentiment"] == "label" and kept.not_sentiment == {"spam": 1}
    posts = kept.load()[0].posts
    assert posts["sentiment"].tolist()[0] == "negative" and "sentiment_source" not in posts
    machine = run(export, case="acme-2025", tz="UTC", sentiment="machine").load()[0].posts
    assert machine["sentiment"].tolist() == ["positive", "negative"]
    assert set(machine["sentiment_source"]) == {"machine"}
    none = run(export, case="acme-2026", tz="UTC", sentiment="none").load()[0].posts
    assert none["sentiment"].isna().all()


# -- refusals and what is never touched ----------------------------------------------------------
def test_option_refusals(tmp_path):
    export = write(tmp_path, "e.csv", AIRLINE)
    assert "bad case id 'Acme_2024'" in refusal(export, case="Acme_2024")
    assert "did you mean 'Asia/Shanghai'?" in refusal(export, tz="Asia/Shangai")
    assert "--provenance: unknown value 'real'" in refusal(export, provenance="real")
    assert "--region: 'UK1' is not an ISO" in refusal(export, region="UK1")
    assert "--brand: no column 'airlines'" in refusal(export, brand="airlines")


@pytest.mark.parametrize(("content", "phrase"), [
    (b"", "file is empty"), (b"time,text\n", "a header but no rows"),
    (b"\x00\x01\x02binary", "binary file"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".xls file"),
    (b'time,text\n2024-05-10,"a\n2024-05-11,b\n', "quoted field is never closed"),
    (b"time,text\n2024-05-10,a\n2024-05-11,b,c\n", "e.csv:3: row: row has 3 fields but the header has 2"),
])
def test_unreadable_files_are_refused(tmp_path, content, phrase):
    export = tmp_path / "e.csv"
    export.write_bytes(content)
    assert phrase in refusal(export)
    assert "file not found" in refusal(tmp_path / "missing.csv")


def test_existing_case_is_refused_and_replace_keeps_your_files(tmp_path):
    export = write(tmp_path, "e.csv", AIRLINE)
    first = run(export)
    folder = first.cases[0].folder
    assert "the case folder already exists" in refusal(export)
    (folder / "case.yaml").write_text((folder / "case.yaml").read_text(encoding="utf-8").replace(
        "industry: {zh: 待填写, en: to be written}", "industry: airlines"), encoding="utf-8")
    events = folder / "events.csv"
    events.write_text(events.read_text(encoding="utf-8") + "e1,2015-02-24T11:15:36-08:00,minute,"
                      "analyse,trigger,public,twitter,,投诉,A complaint,,confirmed,,\n",
                      encoding="utf-8")
    mine = {p.name: p.read_bytes() for p in (folder / "case.yaml", events)}
    fewer = write(tmp_path, "f.csv", AIRLINE.rsplit("\n", 2)[0] + "\n")
    again = run(fewer, replace=True)
    assert {p.name: p.read_bytes() for p in (folder / "case.yaml", events)} == mine
    assert "case.yaml and events.csv kept as they were" in again.summary()
    case = wb.load_case(folder)
    assert len(case.posts) == 3 and case.reactions["mentions"].sum() == 3
    assert case.meta.industry == "airlines" and len(case.events) == 1


def test_cli_prints_the_summary_and_refuses_in_one_line(tmp_path):
    export = write(tmp_path, "e.csv", AIRLINE)
    command = [sys.executable, "-m", "workbench", "import", str(export), "--case", "acme-2024",
               "--out", str(tmp_path / "cases"), "--brand", "airline", "--sentiment", "none"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "Rows: 4 read, 4 kept, 0 dropped" in done.stdout
    assert "acme-2024-virgin-america" in done.stdout and "acme-2024-united" in done.stdout
    again = subprocess.run(command, capture_output=True, text=True, check=False)
    assert again.returncode == 1 and "Traceback" not in again.stdout + again.stderr
    lines = again.stderr.strip().splitlines()
    assert len(lines) == 1 and LINE.match(lines[0]) and "already exists" in lines[0]
    validated = subprocess.run([sys.executable, "-m", "workbench", "validate",
                                str(tmp_path / "cases")], capture_output=True, text=True,
                               check=False)
    assert validated.returncode == 0 and "0 error(s), 2 warning(s)" in validated.stdout


def test_default_output_folders(tmp_path, monkeypatch):
    assert default_root().name == "cases"
    monkeypatch.setenv("WORKBENCH_WORK", str(tmp_path / "w"))
    assert work_folder() == tmp_path / "w" / "imported"


# -- the loader's side: cache, fast paths, phases ------------------------------------------------
def test_reactions_cache_is_used_and_invalidated(tmp_path):
    export = write(tmp_path, "e.csv", AIRLINE)
    folder = run(export, sentiment="none").cases[0].folder
    tz = wb.load_case(folder).meta.timezone
    assert derived.fresh(folder, tz)
    posts = pd.read_parquet(folder / "posts.parquet")
    posts = pd.concat([posts, posts.tail(1).assign(id="1")], ignore_index=True)
    posts.to_parquet(folder / "posts.parquet", index=False)
    assert not derived.fresh(folder, tz)
    assert wb.load_case(folder).reactions["mentions"].sum() == 5
    assert derived.fresh(folder, tz)


def test_parquet_problems_are_still_found(tmp_path):
    export = write(tmp_path, "e.csv", AIRLINE)
    folder = run(export, sentiment="none").cases[0].folder
    posts = pd.read_parquet(folder / "posts.parquet")
    assert isinstance(posts["platform"].dtype, pd.CategoricalDtype)
    posts["platform"] = pd.Categorical(["twitter", "twiter", "twitter", "twitter"])
    posts["id"] = ["1", "2", "1", "3"]
    posts.to_parquet(folder / "posts.parquet", index=False)
    problems = [str(p) for p in wb.validate(folder) if p.is_error]
    assert any("posts.parquet:2: platform: unknown value 'twiter'" in p for p in problems)
    assert any("posts.parquet:3: id: duplicate id '1'" in p and "first used on line 1" in p
               for p in problems)


def test_visible_at_slices_sorted_posts(tmp_path):
    times = pd.date_range("2024-05-10 08:00", periods=48, freq="h").strftime("%Y-%m-%d %H:%M")
    export = write(tmp_path, "e.csv", "time,text\n" + "".join(f"{t},x\n" for t in times))
    folder = run(export, tz="Asia/Shanghai", sentiment="none", platform="weibo").cases[0].folder
    events = folder / "events.csv"
    events.write_text(events.read_text(encoding="utf-8") +
                      "e1,2024-05-10T08:00:00+08:00,minute,analyse,trigger,public,weibo,,起,start,,,,\n"
                      "e2,2024-05-11T08:00:00+08:00,minute,plan,statement,pr,weibo,apology,歉,sorry,,,,\n",
                      encoding="utf-8")
    case = wb.load_case(folder)
    plan = case.visible_at("plan")
    assert plan.posts["time"].max() <= plan.phase_end and len(plan.posts) == 25
    assert np.shares_memory(plan.posts["time"].array._ndarray, case._posts["time"].array._ndarray)
    assert len(case.visible_at("evaluate").posts) == 48


def test_the_summary_in_chinese_has_full_width_punctuation(tmp_path):
    """Headings, lists and brackets the summary builds read as Chinese: 已导入：x（CSV、…）."""
    import re

    from workbench.foundation import i18n
    path = tmp_path / "e.csv"
    path.write_text("微博ID,发布时间,内容,平台,情感倾向\n1,2024-05-10 08:00:00,退款,微博,负面\n"
                    "2,2024-05-10 09:00:00,好,抖音,无关\n", encoding="utf-8")
    i18n.set_language("zh")
    try:
        text = wb.import_posts(path, case="acme-2024", out=tmp_path / "cases").summary()
    finally:
        i18n.set_language("en")
    assert "已导入：e.csv（CSV、UTF-8" in text and "；--time 发布时间（按列名推断）" in text
    assert not re.findall(r"[\u4e00-\u9fff][,:;(]|[,:;)][\u4e00-\u9fff]", text), text
