"""Scale benchmark: a million-post case, loaded at the speed of pandas.

Run it with ``make bench`` (or ``.venv/bin/python benchmarks/bench_scale.py [--posts N]``).
It writes a synthetic listening export (CSV) to a temp folder, imports it with
``workbench import`` (posts.parquet), then measures side by side, each in a fresh
process so the peak memory is its own:

* floor  — bare ``pd.read_parquet`` + one ``groupby`` (hour × platform × sentiment);
* cold   — ``wb.load_case`` + ``case.reactions`` with no reactions cache;
* warm   — the same with the cache (``.reactions-cache.parquet``) in place;
* stepper phase changes (``case.visible_at(phase)``) and chart spec sizes.

It also loads the same posts written by hand (string ids, plain text columns, a
``likes`` column). It prints the ratios against the floor (goal: cold ≤ 1.5× for both
shapes, warm ≤ 1.5×), phase change times (goal:
≤ 50 ms), chart spec sizes (goal: ≤ 200 KB) and peak memory (max RSS). A benchmark,
not a test: numbers vary with the machine. ``--repeat`` rounds run every measurement once,
in turn, so a ratio's two sides see the same load; the goals are judged on the median of
the rounds' ratios, and the load average is printed before and after.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import fastest, interleaved, load_average, median_ratio, peak_mb, record

PLATFORMS = np.array(["微博", "抖音", "微信", "小红书", "Twitter", "B站"])
LABELS = np.array(["负面", "中性", "正面", "neg", "neutral", "pos"])
WORDS = np.array(["太离谱了", "等官方回应", "支持整改", "客服态度很差", "退款到账了",
                  "Their reply made it worse", "Waiting for the facts", "Good move",
                  "再也不买了", "希望说到做到", "Refund received", "Still angry"])
EVENTS = """id,time,precision,phase,kind,actor,channel,strategy,summary_zh,summary_en,source,certainty,metric,value
e1,{t0},minute,analyse,trigger,public,weibo,,顾客发布视频（虚构）。,A customer posts a video (fictional).,,confirmed,,
e2,{t2},hour,team,action,executive,other,,成立应急小组（虚构）。,An emergency team forms (fictional).,,confirmed,,
e3,{t5},minute,plan,statement,social-team,weibo,justification,首次回应（虚构）。,First reply (fictional).,,confirmed,,
e4,{t20},minute,coordinate,action,pr,press-release,,统一口径（虚构）。,One message on every channel (fictional).,,confirmed,,
e5,{t30},minute,act,statement,executive,weibo,apology,公开道歉（虚构）。,A public apology (fictional).,,confirmed,,
e6,{t90},day,evaluate,outcome,regulator,website,,调查结论（虚构）。,The findings (fictional).,,confirmed,,
"""


def make_export(path: Path, n: int, seed: int = 7) -> None:
    """A synthetic Weibo-style export: n posts over ~10 days, six platforms, labels."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2024-05-10 08:00:00")
    seconds = np.sort(rng.gamma(1.3, 40 * 3600, n).astype("int64"))
    times = (start + pd.to_timedelta(seconds, unit="s")).strftime("%Y-%m-%d %H:%M:%S")
    text = (pd.Series(WORDS[rng.integers(0, len(WORDS), n)]) + " #"
            + pd.Series(rng.integers(0, 10**6, n)).astype(str))
    frame = pd.DataFrame({
        "微博ID": (4_990_000_000_000_000 + np.arange(n) * 7919).astype(str),
        "发布时间": times, "用户昵称": "用户" + pd.Series(rng.integers(0, 10**5, n)).astype(str),
        "内容": text, "平台": PLATFORMS[rng.integers(0, len(PLATFORMS), n)],
        "情感倾向": LABELS[rng.choice(len(LABELS), n, p=[.4, .2, .1, .15, .1, .05])],
        "转发数": rng.integers(0, 500, n), "评论数": rng.integers(0, 300, n),
        "点赞数": rng.integers(0, 5000, n),
    })
    frame.to_csv(path, index=False)


# -- the measurements, each run in a child process ------------------------------------------
def child(kind: str, folder: Path) -> dict:
    import pyarrow.parquet  # noqa: F401  (pd.read_parquet's lazy import: not a load's cost)
    out: dict = {}
    posts = folder / "posts.parquet"
    if kind == "cold":
        (folder / ".reactions-cache.parquet").unlink(missing_ok=True)
    if kind != "floor":
        import workbench as wb
        load_case = wb.load_case  # the lazy package import is start-up (bench_startup), not load
    t = time.perf_counter()
    if kind == "floor":
        frame = pd.read_parquet(posts)
        counts = frame.groupby([frame["time"].dt.floor("h"), "platform", "sentiment"],
                               observed=True).size()
        out["rows"] = int(counts.sum())
    else:
        case = load_case(folder)
        out["rows"] = int(case.reactions["mentions"].sum())
    out["seconds"] = time.perf_counter() - t
    if kind == "warm":
        out.update(_stepper_and_charts(case))
    out["peak_mb"] = peak_mb()
    return out


def hand_written(folder: Path, out: Path) -> Path:
    """The same case with posts of another shape: written by hand, not by the importer —
    plain string columns (no categories), string ids and an extra numeric ``likes``."""
    target = out / folder.name
    shutil.copytree(folder, target)
    (target / ".reactions-cache.parquet").unlink(missing_ok=True)
    frame = pd.read_parquet(folder / "posts.parquet")
    for c in frame.columns:
        if isinstance(frame[c].dtype, pd.CategoricalDtype):
            frame[c] = frame[c].astype(str)
    frame["id"] = "p" + pd.Series(np.arange(len(frame))).astype(str)
    frame["likes"] = np.arange(len(frame)) % 5000
    frame.to_parquet(target / "posts.parquet", index=False)
    return target


def _stepper_and_charts(case) -> dict:
    from workbench.foundation import vocab
    phases = [p.slug for p in vocab.PHASE_LIST]
    steps = []
    for phase in phases * 3:
        t = time.perf_counter()
        view = case.visible_at(phase)
        _ = (view.events, view.reactions, view.posts)
        steps.append(time.perf_counter() - t)
    sizes = {}
    try:
        from workbench.display.charts import reaction_chart
        for phase in ("analyse", "plan", "evaluate"):
            spec = reaction_chart(case.visible_at(phase)).to_dict()
            sizes[f"reaction_chart at {phase}"] = len(json.dumps(spec, ensure_ascii=False))
    except ImportError:
        pass
    return {"phase_ms_max": max(steps) * 1000, "phase_ms_median": float(np.median(steps)) * 1000,
            "spec_bytes": sizes, "reaction_rows": len(case.reactions)}


def run_child(kind: str, folder: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", kind, str(folder)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def complete_case(result) -> Path:
    """The imported case's folder, with the benchmark's events and ``events: fictional``."""
    folder, t0 = result.cases[0].folder, result.cases[0].first
    (folder / "events.csv").write_text(EVENTS.format(**{
        f"t{h}": (t0 + pd.Timedelta(hours=h)).isoformat() for h in (0, 2, 5, 20, 30, 90)}),
        encoding="utf-8")
    yaml_path = folder / "case.yaml"
    yaml_path.write_text(yaml_path.read_text(encoding="utf-8").replace(
        "events: pending", "events: fictional"), encoding="utf-8")
    return folder


def best(kind: str, folder: Path, repeat: int) -> dict:
    return fastest([run_child(kind, folder) for _ in range(repeat)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]))))
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="wb-bench-"))
    try:
        return _bench(tmp, args)
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def _bench(tmp: Path, args: argparse.Namespace) -> int:
    from workbench.io.importer import import_posts
    export = tmp / "export.csv"
    t = time.perf_counter()
    make_export(export, args.posts)
    print(f"generated {args.posts:,} posts ({export.stat().st_size / 2**20:.0f} MB CSV) "
          f"in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    result = import_posts(export, case="bench-scale", out=tmp / "cases", tz="Asia/Shanghai",
                          provenance="simulated")
    print(f"workbench import: {time.perf_counter() - t:.1f} s "
          f"({result.rows_kept:,} posts kept; includes validating and loading once)")
    folder = complete_case(result)
    size = (folder / "posts.parquet").stat().st_size / 2**20
    print(f"posts.parquet: {size:.1f} MB; {args.repeat} rounds, each run in a fresh process")
    hand = hand_written(folder, tmp / "by-hand")
    kinds = {"floor": ("floor", folder), "cold": ("cold", folder), "warm": ("warm", folder),
             "hand_floor": ("floor", hand), "hand_cold": ("cold", hand)}
    print(f"load average before: {load_average()}")
    rounds = interleaved({k: partial(run_child, *v) for k, v in kinds.items()}, args.repeat)
    print(f"load average after:  {load_average()}\n")
    floor, cold, warm, hand_floor, hand_cold = (fastest(list(rounds[k])) for k in kinds)
    ratios = {name: median_ratio(rounds[k], rounds[base]) for name, k, base in (
        ("cold", "cold", "floor"), ("warm", "warm", "floor"), ("hand", "hand_cold", "hand_floor"))}
    rows = [("floor: read_parquet + groupby", floor, floor, None),
            ("load_case, no cache (cold)", cold, floor, ratios["cold"]),
            ("load_case, cached reactions (warm)", warm, floor, ratios["warm"]),
            ("by hand: floor", hand_floor, hand_floor, None),
            ("by hand: load_case, cold", hand_cold, hand_floor, ratios["hand"])]
    print(f"{'':38} {'best s':>8} {'median s':>9} {'× floor':>8} {'median ×':>9} {'peak MB':>8}")
    for name, r, base, ratio in rows:
        shown = f"{ratio:9.2f}" if ratio is not None else " " * 9
        print(f"{name:38} {r['seconds']:8.3f} {r['median_seconds']:9.3f} "
              f"{r['seconds'] / base['seconds']:8.2f} {shown} {r['peak_mb']:8.0f}")
    print("× floor: best over best; median ×: the median of the rounds' ratios (a round runs\n"
          "floor, cold, warm, by-hand floor and by-hand cold one after the other, so the two\n"
          "sides of a ratio see the same load);\n"
          "peak MB: the whole process (Python, pandas, pyarrow; workbench also imports altair);\n"
          "cold = the first load after posts.parquet changed (counts reactions, checks ids);\n"
          "by hand = the same posts with string ids, plain text columns and a likes column")
    assert floor["rows"] == cold["rows"] == warm["rows"] == result.rows_kept == hand_cold["rows"]
    for name, key, goal in (("cold ratio (importer's posts)", "cold", "cold load, importer's posts"),
                            ("cold ratio (posts by hand)", "hand", "cold load, posts by hand"),
                            ("warm ratio", "warm", "warm load")):
        ratio = ratios[key]
        print(f"{name:38} {ratio:.2f} median (goal ≤ 1.5): {'OK' if ratio <= 1.5 else 'OVER'}")
        record(f"{goal} ({args.posts:,} posts) ≤ 1.5× floor", f"{ratio:.2f}× median",
               ratio <= 1.5)
    print(f"phase change (visible_at): max {warm['phase_ms_max']:.2f} ms, median "
          f"{warm['phase_ms_median']:.2f} ms (goal ≤ 50 ms): "
          f"{'OK' if warm['phase_ms_max'] <= 50 else 'OVER'}")
    record("phase change (case.visible_at) ≤ 50 ms", f"{warm['phase_ms_max']:.1f} ms max",
           warm["phase_ms_max"] <= 50)
    print(f"derived reactions: {warm['reaction_rows']:,} rows (hour × platform), "
          f"what every chart aggregates from")
    for name, n in warm["spec_bytes"].items():
        print(f"{name:38} {n / 1024:8.1f} KB (goal ≤ 200 KB): {'OK' if n <= 200 * 1024 else 'OVER'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
