"""Posts checked column-wise (core/validate_posts.py, core/distinct.py) report what a
row-by-row reading would: the same problems on the same lines, for Parquet and CSV."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import workbench as wb
from workbench.core import derived, distinct


def _spoil(posts: pd.DataFrame) -> pd.DataFrame:
    posts = posts.copy()
    posts.loc[3, "platform"] = "wiebo"
    posts.loc[5, "platform"] = ""
    posts.loc[7, "sentiment"] = "bad"
    posts.loc[8, "sentiment"] = "0.7"  # a score: valid
    posts.loc[9, "sentiment"] = "3"
    posts.loc[12, "id"] = " " + posts.loc[2, "id"]  # the same id once stripped
    return posts


def _errors(folder, name: str) -> list[str]:
    """Error texts without the file name (line numbers kept)."""
    return sorted(str(p).split(name, 1)[1] for p in wb.validate(folder)
                  if p.is_error and name in p.path)


def test_hand_written_parquet_reports_what_csv_reports(demo_folder):
    csv_posts = pd.read_csv(demo_folder / "posts.csv", dtype=str, keep_default_na=False)
    spoiled = _spoil(csv_posts)
    spoiled.to_csv(demo_folder / "posts.csv", index=False)
    from_csv = _errors(demo_folder, "posts.csv")
    typed = spoiled.astype({c: "int64" for c in ("likes", "shares", "comments")})
    (demo_folder / "posts.csv").unlink()
    typed.to_parquet(demo_folder / "posts.parquet", index=False)  # plain text columns
    from_parquet = _errors(demo_folder, "posts.parquet")
    assert len(from_csv) == 5
    # CSV line = Parquet row + 1 (the header): shift the CSV's line numbers back by one
    shifted = sorted(re.sub(r"(^:|line )(\d+)", lambda m: f"{m[1]}{int(m[2]) - 1}", e)
                     for e in from_csv)
    assert from_parquet == shifted
    assert any(":4: platform: unknown value 'wiebo'" in e for e in from_parquet)
    assert any(":13: id: duplicate id" in e and "first used on line 3" in e
               for e in from_parquet)


def test_text_columns_are_read_as_categories(demo_folder):
    posts = pd.read_csv(demo_folder / "posts.csv", dtype=str, keep_default_na=False)
    (demo_folder / "posts.csv").unlink()
    posts.to_parquet(demo_folder / "posts.parquet", index=False)
    case = wb.load_case(demo_folder)
    assert isinstance(case.posts["platform"].dtype, pd.CategoricalDtype)
    assert set(case.posts["sentiment"].dropna()) <= {"negative", "neutral", "positive"}
    assert case.reactions["mentions"].sum() > 0


@pytest.mark.parametrize("values, unique", [
    (["a", "b", " a"], False), (["a", "", "", None, None], True), ([1, 2, 3], True),
    ([1.0, 2.0, 1.0], False), (pd.Categorical(["x", "y", "x"]), False),
    # decimal ids are compared as integers only where text and number agree one to one
    (["01", "1"], True), (["0", "00"], True), (["7", " 7", ""], False),
    (["4990000000000007919", "4990000000000007919"], False), (["12", "", None, "12"], False),
    (["3", "2", "1"], True)])
def test_ids_unique(values, unique):
    assert distinct.ids_unique(pd.Series(values)) is unique


@pytest.mark.parametrize("zone, start, freq", [
    ("America/New_York", "2024-11-03 03:00", "37s"),   # the repeated 01:00 hour
    ("Australia/Lord_Howe", "2024-04-06 10:00", "23s"),  # a half-hour DST change
    ("Asia/Kolkata", "2024-05-10 00:00", "41s")])      # a half-hour offset
def test_reactions_count_each_local_hour(zone, start, freq):
    n = 4000
    times = pd.Series(pd.date_range(start, periods=n, freq=freq, tz="UTC").tz_convert(zone))
    rng = np.random.default_rng(3)
    posts = pd.DataFrame({"time": times,
                          "platform": pd.Categorical(rng.choice(["weibo", "douyin"], n)),
                          "sentiment": rng.choice(["negative", "neutral", "positive", None], n)})
    got = derived.reactions_from_posts(posts)
    wall = times.dt.tz_localize(None).dt.floor("h")
    offset = times.map(lambda t: t.utcoffset())
    want = posts.groupby([wall, offset, posts["platform"]], observed=True).size()
    assert len(got) == len(want) and got["mentions"].sum() == n
    assert sorted(got["mentions"]) == sorted(want)
    assert not got.duplicated(["time", "platform"]).any()
    labelled = got[["negative", "neutral", "positive"]].sum().sum()
    assert labelled == posts["sentiment"].notna().sum()


def test_a_table_checked_in_memory_reports_what_reading_it_back_reports(demo_folder):
    """The importer checks the table it just wrote as it is in memory (check_case's
    ``posts``): the same problems, lines and checked posts as reading posts.parquet back."""
    from workbench.core.validate import check_case
    posts = _spoil(pd.read_csv(demo_folder / "posts.csv", dtype=str, keep_default_na=False))
    posts = posts.astype({c: "int64" for c in ("likes", "shares", "comments")})
    posts["time"] = pd.to_datetime(posts["time"], format="ISO8601", utc=True)
    posts.loc[4, "time"] = pd.NaT
    posts["platform"] = pd.Categorical(posts["platform"])
    (demo_folder / "posts.csv").unlink()
    posts.to_parquet(demo_folder / "posts.parquet", index=False)
    read_back = check_case(demo_folder)
    in_memory = check_case(demo_folder, posts=posts)
    assert [str(p) for p in in_memory.problems] == [str(p) for p in read_back.problems]
    assert {"time", "platform", "sentiment", "id"} <= {p.column for p in in_memory.problems}
    pd.testing.assert_frame_equal(in_memory.posts, read_back.posts, check_categorical=False)
