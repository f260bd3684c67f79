"""The documented figures a simulated series is checked against, and the simulator's
command that prints that report, in Chinese or English.

``python -m workbench.analysis.simulate [--check] [--lang zh|en] PATH…`` regenerates (or with
``--check`` verifies) each case's reactions.csv from its simulation.yaml, and prints per case
what it wrote and each documented figure against the simulated value. ``--lang``: the
language of the report and of a refusal (default: the current language, as for
``workbench signals``); the words are in the string table (``sim_cli_*``).

>>> import workbench as wb
>>> lines = report_lines(wb.load_case("kfc-uk-2018").folder, check=True, lang="zh")[0]
>>> lines[0].endswith("reactions.csv：已是最新")
True
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..foundation import i18n
from ..foundation.problems import CaseError
from .simulate import FILE, Check, Params, read_params, simulate, to_csv, write_reactions


def measure(frame: pd.DataFrame, check: Check) -> float | None:
    """``check.stat`` over the periods lying wholly inside [from, to] hours (None: no data)."""
    rows = frame[frame["platform"] == check.platform] if check.platform else frame
    if check.stat == "peak_hour":  # the start hour of the busiest period
        return float(rows.groupby("hours")["mentions"].sum().idxmax()) if len(rows) else None
    starts = np.unique(rows["hours"].to_numpy())
    step = float(np.median(np.diff(starts))) if len(starts) > 1 else 1.0    # period length
    rows = rows[(rows["hours"] >= check.from_) & (rows["hours"] + step <= check.to + 1e-9)]
    mentions = rows["mentions"].sum()
    if check.stat.endswith("mentions"):
        return float(mentions)
    if check.stat.removesuffix("_share") not in rows:  # attention only: no share to measure
        return None
    return float(rows[check.stat.removesuffix("_share")].sum() / mentions) if mentions else None


def _met(got: float | None, c: Check) -> bool:
    if got is None:
        return False
    if c.stat in ("peak_hour", "min_mentions"):
        return c.from_ <= got < c.to if c.stat == "peak_hour" else got >= c.target
    return abs(got - c.target) <= c.tolerance * (c.target if c.stat == "mentions" else 1.0)


def check_documented(frame: pd.DataFrame, params: Params) -> list[dict]:
    """Each documented figure: checked or not, the simulated value and whether it is met."""
    report = []
    for doc in params.documented:
        c = doc.check if doc.checked else None
        got = measure(frame, c) if c else None
        report.append({"metric": doc.metric, "source": doc.source, "checked": doc.checked,
                       "why": doc.why, "value": doc.value, "simulated": got,
                       "met": None if c is None else _met(got, c)})
    return report


def report_lines(folder: Path, *, check: bool, lang: str | None = None) -> tuple[list[str], bool]:
    """Regenerate (``check=False``) or compare one case's reactions.csv; the lines to print
    and True when all is well (the file up to date, every checked figure met)."""
    t = lambda key, **kw: i18n.t(key, lang=lang, **kw)  # noqa: E731
    params = read_params(folder)
    frame = simulate(folder, params)
    target, ok = folder / "reactions.csv", True
    if check:
        ok = target.exists() and target.read_text(encoding="utf-8") == to_csv(frame)
        lines = [t("sim_cli_up_to_date" if ok else "sim_cli_stale", path=target)]
    else:
        lines = [t("sim_cli_wrote", path=write_reactions(folder), n=len(frame),
                   seed=params.seed)]
    for doc, row in zip(params.documented, check_documented(frame, params), strict=True):
        if not row["checked"]:
            lines.append(t("sim_cli_not_checked", metric=row["metric"], source=row["source"],
                           why=row["why"]))
            continue
        got = (t("sim_cli_nothing") if row["simulated"] is None
               else f"{row['simulated']:.4g}")
        c = doc.check
        lines.append(t("sim_cli_figure", mark="✓" if row["met"] else t("sim_cli_not_met"),
                       metric=row["metric"], source=row["source"], stat=c.stat, got=got,
                       lo=f"{c.from_:g}", hi=f"{c.to:g}", value=row["value"]))
        ok &= bool(row["met"])
    return lines, ok


def _folders(path: Path) -> list[Path]:
    """The case folder ``path``, or the folders in it that have a simulation.yaml."""
    if path.is_dir() and not (path / FILE).exists():
        return sorted(p for p in path.iterdir() if (p / FILE).exists())
    return [path]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command (see the module docstring); 0 when every case is well, else 1."""
    parser = argparse.ArgumentParser(prog="python -m workbench.analysis.simulate", description=(
        "Regenerate reactions.csv (simulated / 模拟数据) for each PATH: a case or cases folder."))
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a file is stale or a figure is not met")
    parser.add_argument("--lang", choices=["zh", "en"],
                        help="language of the report (default: the current language, as for "
                        "workbench signals)")
    args, ok = parser.parse_args(argv), True
    lang = args.lang or i18n.get_language()
    i18n.set_language(lang)  # a refusal is worded in it too
    for folder in (f for path in map(Path, args.paths) for f in _folders(path)):
        try:
            lines, fine = report_lines(folder, check=args.check, lang=lang)
        except (CaseError, ValueError) as exc:
            lines, fine = [i18n.labelled(folder, exc, lang=lang)], False
        print("\n".join(lines))
        ok &= fine
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
