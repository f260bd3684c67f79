"""Posts that stay on disk: the DuckDB path gives what the pandas path gives.

Every test writes a small case and loads it twice: once as today (in memory) and once with
``WORKBENCH_LARGE_POSTS=1``, which sends any posts.parquet through DuckDB.
"""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

import workbench as wb
from workbench.core import posts_disk
from workbench.core.cases import bundled_root, load_case
from workbench.core.validate import check_case

DEMO = bundled_root() / "demo-lumen-2024"


def _case(tmp_path, frame: pd.DataFrame, *, tz: str | None = None):
    folder = tmp_path / "demo-lumen-2024"
    shutil.copytree(DEMO, folder)
    (folder / "posts.csv").unlink()
    frame.to_parquet(folder / "posts.parquet", index=False)
    if tz:
        yaml = folder / "case.yaml"
        yaml.write_text(yaml.read_text(encoding="utf-8").replace(
            "timezone: Asia/Shanghai", f"timezone: {tz}"), encoding="utf-8")
    return folder


def _both(folder, monkeypatch, fn):
    """``fn(folder)`` in memory, then on disk (the reactions cache removed before each)."""
    out = []
    for limit in (None, "1"):
        (folder / ".reactions-cache.parquet").unlink(missing_ok=True)
        if limit is None:
            monkeypatch.delenv(posts_disk.THRESHOLD_ENV, raising=False)
        else:
            monkeypatch.setenv(posts_disk.THRESHOLD_ENV, limit)
        out.append(fn(folder))
    return out


@pytest.fixture
def demo_posts() -> pd.DataFrame:
    return wb.load_case("demo-lumen-2024").posts


def _by_hand(posts: pd.DataFrame) -> pd.DataFrame:
    """The demo posts as someone writes them by hand: plain text, mixed-case platforms."""
    out = posts.astype({c: str for c in ("platform", "sentiment", "sentiment_source")})
    out["platform"] = out["platform"].str.title()
    out["sentiment"] = out["sentiment"].mask(out.index % 7 == 0, "0.6")
    return out


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(["time", "platform"]).reset_index(drop=True)


def test_threshold_is_read_from_the_environment(monkeypatch):
    monkeypatch.delenv(posts_disk.THRESHOLD_ENV, raising=False)
    assert posts_disk.threshold() == posts_disk.LARGE_POSTS == 2_000_000
    monkeypatch.setenv(posts_disk.THRESHOLD_ENV, "5")
    assert posts_disk.threshold() == 5


@pytest.mark.parametrize("shape", ["importer", "by hand"])
def test_reactions_from_disk_equal_the_pandas_ones(tmp_path, monkeypatch, demo_posts, shape):
    frame = demo_posts if shape == "importer" else _by_hand(demo_posts)
    folder = _case(tmp_path, frame)
    memory, disk = _both(folder, monkeypatch, load_case)
    assert not memory.post_store.on_disk and disk.post_store.on_disk
    pd.testing.assert_frame_equal(memory.reactions, disk.reactions)
    for phase in ("team", "plan", "evaluate"):
        a, b = memory.visible_at(phase), disk.visible_at(phase)
        pd.testing.assert_frame_equal(a.reactions, b.reactions)
        assert len(a.post_store) == len(b.post_store) == len(a.posts)
        pd.testing.assert_frame_equal(_sorted(a.post_store.reactions()),
                                      _sorted(b.post_store.reactions()))


def test_views_from_disk_equal_the_pandas_ones(tmp_path, monkeypatch, demo_posts):
    folder = _case(tmp_path, demo_posts)
    memory, disk = (c.post_store for c in _both(folder, monkeypatch, load_case))

    def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
        assert list(a.columns) == list(b.columns)
        pd.testing.assert_frame_equal(a.reset_index(drop=True).astype(object),
                                      b.reset_index(drop=True).astype(object))

    same(memory.top(7), disk.top(7))
    same(memory.top(3, by="shares"), disk.top(3, by="shares"))
    same(memory.first(4), disk.first(4))
    start = pd.Timestamp("2024-05-11T00:00:00+08:00")
    for filters in ({"platform": "weibo"}, {"keyword": "WORSE"}, {"sentiment": "negative"},
                    {"platform": ["douyin", "wechat"], "start": start},
                    {"keyword": "道歉", "start": start, "end": start + pd.Timedelta(days=3)}):
        a, b = memory.where(**filters), disk.where(**filters)
        assert len(a) == len(b) > 0, filters
        same(a.frame(), b.frame())
        pd.testing.assert_frame_equal(_sorted(a.reactions()), _sorted(b.reactions()))
    assert memory.machine_share() == disk.machine_share() == 0


def test_filters_on_raw_columns_equal_the_pandas_ones(tmp_path, monkeypatch, demo_posts):
    """Posts written by hand ("Weibo", scores as text): the platform and sentiment filters
    run on the file's own texts inside the scan, and still pick the same posts."""
    frame = _by_hand(demo_posts)
    frame.loc[[2, 4], "text"] = ["a.b (Worse?)", "A.B (WORSE?) \\E"]
    memory, disk = (c.post_store for c in _both(_case(tmp_path, frame), monkeypatch, load_case))
    for filters in ({"platform": "weibo"}, {"platform": ["Nowhere"]}, {"sentiment": "positive"},
                    {"keyword": "(worse?)"}, {"keyword": "\\e"},
                    {"platform": ["weibo", "douyin"], "sentiment": "negative",
                     "end": pd.Timestamp("2024-05-12T00:00:00+08:00")}):
        a, b = memory.where(**filters), disk.where(**filters)
        assert len(a) == len(b), filters
        pd.testing.assert_frame_equal(a.frame().reset_index(drop=True).astype(object),
                                      b.frame().reset_index(drop=True).astype(object))
        pd.testing.assert_frame_equal(a.top(3).reset_index(drop=True).astype(object),
                                      b.top(3).reset_index(drop=True).astype(object))


def test_posts_on_disk_are_not_one_frame(tmp_path, monkeypatch, demo_posts):
    folder = _case(tmp_path, demo_posts)
    _, case = _both(folder, monkeypatch, load_case)
    with pytest.raises(wb.WorkbenchError, match=r"posts.parquet:1: posts: 300 posts stay on "
                                                r"disk.*expected a view of case.post_store"):
        _ = case.posts
    assert case.has_posts and "300" in case._repr_html_()
    assert len(case.post_store.frame(limit=5)) == 5


def _problems(folder, monkeypatch) -> tuple[list[str], list[str]]:
    return _both(folder, monkeypatch, lambda f: [str(p) for p in check_case(f).problems])


def test_bad_posts_give_the_same_problems_on_disk(tmp_path, monkeypatch, demo_posts):
    bad = _by_hand(demo_posts)
    bad["extra"] = 1  # an unknown column (a warning)
    bad.loc[3, "time"] = pd.NaT
    bad.loc[[5, 9], "platform"] = ["Weibbo", "  "]
    bad.loc[list(range(20, 60)), "platform"] = None  # more than 20: the rest are counted
    bad.loc[[11, 12], "sentiment"] = ["angry", "2"]
    bad["id"] = bad["id"].mask(bad.index.isin([40, 41, 299]), bad["id"].iloc[0])
    memory, disk = _problems(_case(tmp_path, bad), monkeypatch)
    assert memory == disk
    text = "\n".join(disk)
    for expected in ("posts.parquet:1: extra: unknown column (ignored)",
                     "posts.parquet:4: time: missing time",
                     "posts.parquet:6: platform: unknown value 'Weibbo'",
                     "posts.parquet:10: platform: missing value",
                     "platform: … and 21 more rows with this problem",
                     "posts.parquet:12: sentiment: unknown sentiment 'angry'",
                     "posts.parquet:13: sentiment: unknown sentiment '2'",
                     "posts.parquet:42: id: duplicate id", "(first used on line 1)"):
        assert expected in text


def test_numeric_scores_and_missing_columns_give_the_same_problems(tmp_path, monkeypatch,
                                                                   demo_posts):
    scored = demo_posts.copy()
    scored["sentiment"] = np.linspace(-1.5, 1.5, len(scored))
    memory, disk = _problems(_case(tmp_path, scored), monkeypatch)
    assert memory == disk and any("unknown sentiment '-1.5'" in p for p in disk)
    shutil.rmtree(tmp_path / "demo-lumen-2024")
    memory, disk = _problems(_case(tmp_path, demo_posts.drop(columns=["text"])), monkeypatch)
    assert memory == disk and any("text: missing required column" in p for p in disk)


def test_wall_times_across_a_clock_change_on_disk(tmp_path, monkeypatch, demo_posts):
    """Times without a zone: the ones a clock change skips or repeats are reported alike,
    and the hours of the others are counted alike."""
    frame = demo_posts.head(6).copy()
    frame["time"] = pd.to_datetime(["2024-03-10 01:30", "2024-03-10 02:30", "2024-03-10 03:30",
                                    "2024-11-03 00:59", "2024-11-03 01:30", "2024-11-03 02:10"])
    folder = _case(tmp_path, frame, tz="America/New_York")
    memory, disk = _problems(folder, monkeypatch)
    assert memory == disk
    assert [p.split(": ")[0].rsplit(":", 1)[1] for p in disk if ": time: " in p] == ["2", "5"]
    good = frame.drop(index=[1, 4])
    shutil.rmtree(folder)
    folder = _case(tmp_path, good, tz="America/New_York")
    a, b = _both(folder, monkeypatch, load_case)
    pd.testing.assert_frame_equal(a.reactions, b.reactions)


def test_share_of_voice_and_machine_note_from_disk(tmp_path, monkeypatch, demo_posts):
    folder = _case(tmp_path, demo_posts)
    memory, disk = _both(folder, monkeypatch, load_case)
    for measure in ("mentions", "engagement"):
        pd.testing.assert_frame_equal(wb.share_of_voice(memory.posts, measure=measure),
                                      wb.share_of_voice(disk.post_store, measure=measure),
                                      check_dtype=False)
    assert wb.machine_note(memory) == wb.machine_note(disk) == ""


@pytest.mark.parametrize("ids", [
    lambda n: [str(4990000000000000 + 7919 * i) for i in range(n)],          # in order
    lambda n: [str(4990000000000000 + 7919 * ((i * 37) % n)) for i in range(n)],  # shuffled
    lambda n: ["007", "7"] + [str(100 + i) for i in range(n - 2)],            # not one to one
    lambda n: [str(i) for i in range(n - 1)] + ["+5"],
])
@pytest.mark.parametrize("repeat", [False, True])
def test_decimal_ids_are_checked_on_disk_as_in_memory(tmp_path, monkeypatch, demo_posts, ids,
                                                      repeat):
    """Plain whole-number ids are compared by value on disk (no hash sort); a repeat, a
    leading zero or a sign take the hashes: the problems are the memory path's either way."""
    from workbench.core import posts_check
    monkeypatch.setattr(posts_check, "ID_SAMPLE", 3)  # a bad id past the sample: read whole
    posts = demo_posts.copy()
    posts["id"] = ids(len(posts))
    if repeat:
        posts.loc[50, "id"] = posts.loc[10, "id"]
    memory, disk = _problems(_case(tmp_path, posts), monkeypatch)
    assert memory == disk
    assert any("posts.parquet:51: id: duplicate id" in p for p in disk) == repeat
