"""The importer's fast paths (pyarrow CSV reader, one-pass plain times, whole-number counts,
per-distinct platforms) give exactly what the general paths give, and the progress bar
names its steps (issue 16, item 3)."""

from __future__ import annotations

import io

import pandas as pd
import pytest

import workbench as wb
from workbench.io import import_columns as cols
from workbench.io import import_read as r
from workbench.io import import_times as times

CSVS = [
    "time,text\n2024-05-10 08:00:00,hello\n",
    'time,text\r\n2024-05-10 08:00:00,"multi\r\nline, with comma"\r\n\r\n2024-05-10 09:00:00,\r\n',
    " time ;内容 \n2024-05-10 08:00;你好\n2024-05-10 08:01;\"引号\"\"里\"\"\"\n",
    "a|b|c\n1||3\n ||\n",
    "id\ttext\n001\t  padded  \n002\t\n",
    # no quote anywhere: read without quoting (blocks split at any line end), same rows
    "time,text\r\n2024-05-10 08:00:00,a\r\n\r\n2024-05-10 09:00:00,b c\r\n",
    "a;b\n1;2\n\n3;\n",
]


@pytest.mark.parametrize("text", CSVS)
def test_pyarrow_reader_reads_what_pandas_read(text):
    data = text.encode("utf-8")
    fast = r._utf8_csv(data, "x.csv")
    assert fast is not None, "the usual CSV takes the fast path"
    delim = r.sniff_delimiter(text)
    slow = pd.read_csv(io.StringIO(text), sep=delim, dtype=str, keep_default_na=False,
                       na_filter=False, skip_blank_lines=True)
    slow.columns = [c.strip() for c in slow.columns]
    assert fast.frame.astype(object).to_dict("list") == slow.astype(object).to_dict("list")
    assert fast.delimiter == delim and fast.encoding == "UTF-8"


@pytest.mark.parametrize("text", [
    "a,a\n1,2\n",              # repeated header: pandas names them a, a.1
    ",b\n1,2\n",               # blank header name
    'a,b\n1,"open\n2,3\n',     # unclosed quote: pandas says where
    "a,b\n1,2,3\n4,5\n",       # ragged rows
    '[{"a": 1}]',              # JSON
])
def test_files_pyarrow_should_not_judge_take_the_general_path(text):
    assert r._utf8_csv(text.encode("utf-8"), "x.csv") is None


def test_damage_is_still_located(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text("time,text\n2024-05-10 08:00:00,ok\n2024-05-10 09:00:00,a,b\n",
                    encoding="utf-8")
    with pytest.raises(wb.ImportRefused) as info:
        wb.import_posts(path, case="acme-2024", out=tmp_path / "cases", tz="UTC")
    assert f"{path}:3: row: row has 3 fields but the header has 2" in str(info.value)


@pytest.mark.parametrize("values", [
    ["2024-05-10 08:00:00", "2024-05-10 23:59:59"],
    ["2024-05-10T08:00:00", "2024-05-11T00:00:01"],
    ["2024-05-10 08:00", "2024-05-10 08:05"],
])
def test_plain_times_match_the_general_parser(values):
    col = pd.Series(values, dtype="str")
    fast = times._plain_times(col)
    assert fast is not None
    text = col.astype("string").str.strip().fillna("")
    iso = times._normalise(text)
    slow = pd.to_datetime(iso, format="ISO8601").dt.as_unit("us")
    assert fast.naive.tolist() == slow.tolist()
    assert fast.kind == "text without UTC offset" and not fast.serial.any()


@pytest.mark.parametrize("values", [
    ["2024-05-10 08:00:00", "2024-05-10 08:00:00+08:00"],   # an offset: general path
    ["2024-05-10 08:00:00", "2024-05-10 8:00:00"],          # not one width
    ["2024-05-10 08:00:00", "10/05/2024 08:00"],
    ["1715343300", "1715343360"],
])
def test_other_times_take_the_general_path(values):
    assert times._plain_times(pd.Series(values, dtype="str")) is None


@pytest.mark.parametrize("values", [
    ["2024-05-10 08:00:00", "2024-05-10T09:00:00"],          # a space and a T, one width
    ["2024-05-10T08:00", "2024-05-10 09:00"],
    ["2024-05-10 08:00:00", "2024-02-30 08:00:00"],          # no such day
    ["2024-05-10 08:00:00", "2024-05-10 08:00:60"],          # no such second
    ["2024-05-10 08:00:00", "2024-05-10 08:00+08"],          # an offset, as wide
    ["2024-05-10 08:00:00", "2024-05-10 08Z:00:0"],
])
def test_fast_and_general_paths_read_the_same_times(values, monkeypatch):
    col = pd.Series(values, dtype="str")
    fast = times.parse_times(col)
    monkeypatch.setattr(times, "_plain_times", lambda values: None)
    slow = times.parse_times(col)
    assert fast.naive.tolist() == slow.naive.tolist()
    assert fast.aware.tolist() == slow.aware.tolist()
    assert fast.readable.tolist() == slow.readable.tolist()


@pytest.mark.parametrize("values", [["0", "12", "123456789"], ["1,234", "1.2万", "3k", ""],
                                    ["-1", "5"], ["7", "n/a"]])
def test_counts_fast_and_general_agree(values):
    col = pd.Series(values, dtype="str")
    codes, texts = cols.distinct.values(col)
    general = cols._counts(texts.str.lower().str.replace(",", "", regex=False))
    expected = general.array[codes].tolist()
    assert cols.read_counts(col).tolist() == expected


def test_platforms_per_distinct_value():
    col = pd.Series([" 微博", "Twitter", "b站", "Toutiao", None] * 3, dtype="str")
    assert cols.platform_of(col).tolist() == ["weibo", "twitter", "bilibili", None, None] * 3


def test_progress_bar_names_its_steps(tmp_path, capsys):
    path = tmp_path / "e.csv"
    path.write_text("time,text\n2024-05-10 08:00:00,ok\n", encoding="utf-8")
    wb.import_posts(path, case="acme-2024", out=tmp_path / "cases", tz="UTC",
                    sentiment="none", progress=True)
    err = capsys.readouterr().err
    assert "5/5" in err and ("done" in err or "完成" in err)
    wb.import_posts(path, case="acme-2025", out=tmp_path / "cases", tz="UTC",
                    sentiment="none")
    assert capsys.readouterr().err == "", "a small file shows no bar"


def test_import_checks_in_memory_and_caches_the_reactions(tmp_path):
    """The written case is checked without reading posts.parquet back, and its reactions
    are cached, so the first load needs no count; both agree with a fresh check."""
    from workbench.core import derived
    path = tmp_path / "e.csv"
    path.write_text("id,time,text,platform,sentiment\n"
                    "1,2024-05-10 08:00:00,ok,weibo,neg\n2,2024-05-10 09:30:00,好,微博,正面\n"
                    "3,2024-05-10 09:40:00,x,douyin,\n", encoding="utf-8")
    result = wb.import_posts(path, case="acme-2024", out=tmp_path / "cases", tz="UTC")
    folder = result.cases[0].folder
    assert derived.fresh(folder, "UTC")
    cached = derived.load(folder, "UTC")
    assert result.warnings == [str(p) for p in wb.validate(folder)]
    (folder / derived.CACHE_NAME).unlink()
    recounted = wb.load_case(folder).reactions
    pd.testing.assert_frame_equal(
        cached.sort_values(["time", "platform"]).reset_index(drop=True),
        recounted[cached.columns].reset_index(drop=True))


@pytest.mark.parametrize("platforms", [["微博", "Douyin ", "weibo", "B站"], ["微博", "Toutiao", "weibo", ""]])
def test_platform_categories_as_the_general_path_makes_them(tmp_path, platforms):
    """Known platforms become categories at once; unknown or missing ones take the path
    that tells about them: the written column is the same either way."""
    path = tmp_path / "e.csv"
    rows = "".join(f"{n},2024-05-10 0{n}:00:00,t{n},{p}\n" for n, p in enumerate(platforms))
    path.write_text("id,time,text,platform\n" + rows, encoding="utf-8")
    result = wb.import_posts(path, case="acme-2024", out=tmp_path / "cases", tz="UTC",
                             sentiment="none")
    written = pd.read_parquet(result.cases[0].folder / "posts.parquet")["platform"]
    slugs = [cols.platform_of(pd.Series([p])).iloc[0] or "other" for p in platforms]
    assert written.tolist() == slugs
    assert written.cat.categories.tolist() == sorted(set(slugs))


@pytest.mark.parametrize("text", [
    'id,time,text\n1,2024-05-10 08:00:00,"a, b"\n2,2024-05-10 09:00:00,"say ""hi"""\n',
    "id,time,text\n1,2024-05-10 08:00:00,plain\n2,2024-05-10 09:00:00,again\n",
    "\ufeffid,time,text\n1,2024-05-10 08:00:00,bom\n",
])
def test_a_mapped_file_imports_as_a_read_one(tmp_path, monkeypatch, text):
    """Big files are memory-mapped rather than read: the same rows, times and summary."""
    from workbench.io import import_read
    path = tmp_path / "e.csv"
    path.write_text(text, encoding="utf-8")
    read = wb.import_posts(path, case="read-2024", out=tmp_path / "a", tz="UTC",
                           sentiment="none")
    monkeypatch.setattr(import_read, "MAP_BYTES", 0)
    mapped = wb.import_posts(path, case="read-2024", out=tmp_path / "b", tz="UTC",
                             sentiment="none")
    assert mapped.summary().replace("/b", "/a") == read.summary()
    pd.testing.assert_frame_equal(pd.read_parquet(mapped.cases[0].folder / "posts.parquet"),
                                  pd.read_parquet(read.cases[0].folder / "posts.parquet"))


def test_a_mapped_file_with_an_unclosed_quote_is_located(tmp_path, monkeypatch):
    from workbench.io import import_read
    monkeypatch.setattr(import_read, "MAP_BYTES", 0)
    path = tmp_path / "e.csv"
    path.write_text('time,text\n2024-05-10 08:00:00,ok\n2024-05-10 09:00:00,"open\n',
                    encoding="utf-8")
    with pytest.raises(wb.ImportRefused) as info:
        wb.import_posts(path, case="acme-2024", out=tmp_path / "cases", tz="UTC")
    assert f"{path}:3: csv:" in str(info.value)
