"""Bring your own data: turn a social-listening export into cases (``workbench import``).

Reads CSV, JSON Lines or XLSX (:mod:`workbench.io.import_read`), finds the time, text, id,
brand, sentiment and platform columns (given, or guessed and said so —
:mod:`workbench.io.import_columns`), drops duplicate ids and unreadable times
(:mod:`workbench.io.import_values`), keeps or scores
sentiment (:mod:`workbench.analysis.sentiment`) and writes one case skeleton per brand: posts.parquet,
case.yaml (``events: pending``, the trigger at the first post) and a header-only events.csv.
Refusals are one line, ``path:line: column: what; expected (hint)``; the input file is
never changed. See docs/import.md.

>>> import tempfile, workbench as wb
>>> tmp = Path(tempfile.mkdtemp())
>>> _ = (tmp / "export.csv").write_text(
...     "id,created_at,text,sentiment\\n"
...     "1,2024-05-10T20:15:00+08:00,Their reply made it worse,neg\\n"
...     "1,2024-05-10T20:15:00+08:00,Their reply made it worse,neg\\n"
...     "2,2024-05-10T21:40:00+08:00,等官方说明,中性\\n", encoding="utf-8")
>>> result = import_posts(tmp / "export.csv", case="acme-2024", platform="weibo", out=tmp)
>>> result.rows_read, result.rows_kept, result.dropped
(3, 2, {'duplicate id': 1})
>>> wb.load_case(result.cases[0].folder).meta.provenance.events
'pending'
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import numpy as np
import pandas as pd

from ..core import distinct
from ..core.schema import CASE_ID
from ..foundation.i18n import t
from ..foundation.problems import did_you_mean, one_of
from ..foundation.steps import Steps
from . import import_columns as cols
from . import import_values as values
from .import_columns import Plan
from .import_read import ImportRefused, read_source, refuse
from .import_summary import (
    ImportedCase,
    ImportResult,
    case_yaml,
    reason_text,
    write_case,
)

__all__ = ["ImportRefused", "ImportResult", "ImportedCase", "default_root", "import_posts",
           "work_folder"]
PROVENANCES = ("observed", "simulated", "fictional")


def default_root() -> Path:
    """The project's cases/ in a checkout, else ./cases."""
    from ..core.cases import project_root
    root = project_root()
    return root / "cases" if root is not None else Path("cases")


def work_folder(name: str = "imported") -> Path:
    """A folder for notebook output: ``$WORKBENCH_WORK/name``, else ``work/name`` in the
    project (``./work/name`` outside a checkout) — never cases/."""
    from ..core.library import work_folder as folder

    return folder(name)


def import_posts(path: str | Path, *, case: str, time: str | None = None,
                 text: str | None = None, brand: str | None = None,
                 sentiment: str | None = None, platform: str | None = None,
                 id: str | None = None, tz: str | None = None, encoding: str | None = None,
                 out: str | Path | None = None, region: str | None = None,
                 provenance: str = "observed", replace: bool = False,
                 progress: bool | None = None) -> ImportResult:
    """Import an export as case ``case`` (one case per brand with ``brand=COLUMN``).

    Column options name a column of the file; ``platform`` is a column or a platform
    (``weibo``, ``微博``, ``X``…); ``sentiment`` is a column, ``"machine"`` (score the text
    offline even when labels exist) or ``"none"``; ``id="none"`` ignores ids. ``tz`` reads
    times written without an offset; ``out`` is a cases root (default: the project's
    cases/). ``provenance`` is the reactions provenance (``observed`` unless the data is
    simulated or fictional). ``replace=True`` refreshes posts.parquet of an existing case
    and keeps its case.yaml and events.csv. Raises :class:`ImportRefused` (one line).
    """
    path = Path(path)
    shown = str(path)
    _check_options(shown, case, tz, provenance, region)
    root = Path(out) if out is not None else default_root()
    with Steps(STEPS, show=_show_progress(path, progress)) as steps:
        steps.next("import_step_read")
        plan = Plan(read_source(path, encoding=encoding, shown=shown))
        steps.next("import_step_columns")
        frame = plan.src.frame
        if frame.empty:
            raise refuse(shown, 2, "file", t("ir_no_rows"), t("ir_no_rows_expected"))
        cols.choose_columns(plan, dict(time=time, text=text, brand=brand, sentiment=sentiment,
                                   id=id, platform=platform))
        roles = plan.roles
        keep = np.ones(len(frame), dtype=bool)
        dropped: dict[str, int] = {}
        # the columns are read side by side (pyarrow's kernels release the GIL): the times
        # and platforms in a thread, the ids and texts here; refusals as in this order
        with ThreadPoolExecutor(max_workers=1) as pool:
            timed = pool.submit(_times_and_platforms, plan)
            ids = values.ids(plan) if roles["id"] else None
            unique = ids is None or distinct.ids_unique(ids, stripped=True)
            texts = (frame[roles["text"]].astype("string").fillna("").str.strip()
                     if roles["text"] else pd.Series("", index=frame.index, dtype="string"))
            steps.next("import_step_times")
            times, platforms = timed.result()
        if ids is not None:
            dup = (np.zeros(len(ids), dtype=bool) if unique else  # the row-wise pass for repeats
                   (ids.duplicated() & (ids != "")).to_numpy())
            values.count(dropped, "duplicate id", dup)
            keep &= ~dup
        missing = (np.zeros(len(frame), dtype=bool) if times.readable.all() else  # no cell empty
                   (frame[roles["time"]].astype("string").str.strip().fillna("") == "").to_numpy())
        values.count(dropped, "missing time", keep & missing)
        values.count(dropped, "unreadable time", keep & ~missing & ~times.readable.to_numpy())
        keep &= times.readable.to_numpy()
        zone = tz or values.zone(plan, times, platforms[keep], texts[keep])
        brands = values.brands(plan, keep, dropped, case)
        keep &= brands.notna().to_numpy()
        if not keep.any():
            why = ", ".join(f"{n} {reason_text(reason)}" for reason, n in dropped.items())
            raise refuse(shown, 1, str(roles["brand"] or roles["time"]),
                         t("ir_nothing_left", why=why),
                         t("ir_nothing_left_brand" if roles["brand"] else "ir_nothing_left_expected"),
                         t("ir_nothing_left_hint"))
        groups = values.case_ids(case, brands[keep], roles["brand"] is not None)
        folders = {cid: root / cid for cid in groups}
        for folder in folders.values():
            if folder.exists() and not replace:
                raise refuse(str(folder), 1, "case", t("ir_folder_exists"),
                             t("ir_folder_exists_expected"), t("ir_folder_exists_hint"))
        posts = pd.DataFrame({"time": times.localized(zone), "platform": platforms,
                              "text": texts.astype(str)})[keep]
        steps.next("import_step_sentiment")
        with ThreadPoolExecutor(max_workers=2) as pool:  # the counts beside the labels
            counts = values.counts(plan, keep, pool)
            labels, not_sentiment, source_note = values.sentiment(plan, texts[keep], keep,
                                                                  progress)
        posts = values.extras(plan, posts, labels, ids, brands, keep,
                              {role: job.result() for role, job in counts.items()})
        cases, warnings = [], []
        steps.next("import_step_write")
        for cid, brand_name in groups.items():
            subset = posts if roles["brand"] is None else posts[posts["brand"] == brand_name]
            if not subset["time"].is_monotonic_increasing:  # an export is usually in order
                subset = subset.sort_values("time", kind="stable")
            subset = subset.reset_index(drop=True)
            if "brand" in subset and roles["brand"] is not None:
                subset["brand"] = subset["brand"].cat.remove_unused_categories()
            yaml_text = case_yaml(cid, brand_name, subset, zone=zone, source=path.name,
                                  region=region or values.region(zone, subset),
                                  provenance=provenance, machine=plan.sentiment_mode == "machine")
            warnings += write_case(folders[cid], subset, yaml_text, replace, plan.notices)
            cases.append(ImportedCase(cid, folders[cid], brand_name, len(subset),
                                      subset["time"].iloc[0], subset["time"].iloc[-1],
                                      values.label_counts(subset)))
        result = ImportResult(
            source=path, kind=plan.src.kind, encoding=plan.src.encoding,
            delimiter=plan.src.delimiter, columns=values.shown_roles(plan), guessed=plan.guessed,
            rows_read=len(frame), dropped=dropped, timezone=zone, sentiment_from=source_note,
            not_sentiment=not_sentiment, cases=cases, notices=plan.notices, root=root,
            warnings=warnings)
        return result


def _times_and_platforms(plan: Plan) -> tuple[values.Times, pd.Series]:
    times = values.times(plan)
    return times, values.platforms(plan, times.kind)


#: The steps the progress bar names (files over :data:`PROGRESS_BYTES` only).
STEPS = ("import_step_read", "import_step_columns", "import_step_times",
         "import_step_sentiment", "import_step_write")
#: About 50,000 posts of a typical export: smaller files import too fast to need a bar.
PROGRESS_BYTES = 5 * 2**20


def _show_progress(path: Path, progress: bool | None) -> bool:
    if progress is not None:
        return progress
    try:
        return path.stat().st_size > PROGRESS_BYTES
    except OSError:
        return False


# -- options and columns -----------------------------------------------------------------
def _check_options(shown: str, case: str, tz: str | None, provenance: str,
                   region: str | None) -> None:
    if not isinstance(case, str) or not CASE_ID.match(case):
        raise refuse(shown, 1, "--case", t("vm_bad_case_id", value=case),
                     t("ir_case_id_expected"), t("ir_case_id_hint"))
    if tz is not None:
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise refuse(shown, 1, "--tz", t("vm_not_iana", value=tz), t("ir_tz_expected"),
                         did_you_mean(tz, sorted(available_timezones()))) from None
    if provenance not in PROVENANCES:
        raise refuse(shown, 1, "--provenance", t("vm_unknown_value", value=provenance),
                     one_of(PROVENANCES), did_you_mean(provenance, PROVENANCES))
    if region is not None and not (len(region) == 2 and region.isalpha() and region.isupper()):
        raise refuse(shown, 1, "--region", t("vm_not_iso", value=region), t("ir_region_expected"))


