"""Bring your own data: turn a social-listening export into cases (``workbench import``).

Reads CSV, JSON Lines or XLSX (:mod:`workbench.io.import_read`), finds the time, text, id,
brand, sentiment and platform columns (given, or guessed and said so —
:mod:`workbench.io.import_columns`), drops duplicate ids and unreadable times, keeps or scores
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

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import numpy as np
import pandas as pd

from ..analysis import sentiment as senti
from ..core import distinct
from ..core.schema import CASE_ID
from ..foundation import vocab
from ..foundation.i18n import get_language, t
from ..foundation.problems import did_you_mean, one_of
from ..foundation.steps import Steps
from . import import_columns as cols
from .import_columns import Plan
from .import_read import ImportRefused, read_source, refuse
from .import_summary import (
    ImportedCase,
    ImportResult,
    case_yaml,
    check_written,
    reason_text,
    write_case,
)
from .import_times import Times, parse_times

__all__ = ["ImportRefused", "ImportResult", "ImportedCase", "default_root", "import_posts",
           "work_folder"]
PROVENANCES = ("observed", "simulated", "fictional")
MAX_BRANDS = 20
_SCI = r"^[+-]?[0-9](?:\.[0-9]+)?[eE][+]?[0-9]+$"


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
        ids = _ids(plan) if roles["id"] else None
        if ids is not None:
            unique = distinct.ids_unique(ids, stripped=True)  # the row-wise pass for repeats
            dup = (np.zeros(len(ids), dtype=bool) if unique else
                   (ids.duplicated() & (ids != "")).to_numpy())
            _count(dropped, "duplicate id", dup)
            keep &= ~dup
        steps.next("import_step_times")
        times = _times(plan)
        missing = (np.zeros(len(frame), dtype=bool) if times.readable.all() else  # no cell empty
                   (frame[roles["time"]].astype("string").str.strip().fillna("") == "").to_numpy())
        _count(dropped, "missing time", keep & missing)
        _count(dropped, "unreadable time", keep & ~missing & ~times.readable.to_numpy())
        keep &= times.readable.to_numpy()
        texts = (frame[roles["text"]].astype("string").fillna("").str.strip() if roles["text"]
                 else pd.Series("", index=frame.index, dtype="string"))
        platforms = _platforms(plan, times.kind)
        zone = tz or _zone(plan, times, platforms[keep], texts[keep])
        brands = _brands(plan, keep, dropped, case)
        keep &= brands.notna().to_numpy()
        if not keep.any():
            why = ", ".join(f"{n} {reason_text(reason)}" for reason, n in dropped.items())
            raise refuse(shown, 1, str(roles["brand"] or roles["time"]),
                         t("ir_nothing_left", why=why),
                         t("ir_nothing_left_brand" if roles["brand"] else "ir_nothing_left_expected"),
                         t("ir_nothing_left_hint"))
        groups = _case_ids(case, brands[keep], roles["brand"] is not None)
        folders = {cid: root / cid for cid in groups}
        for folder in folders.values():
            if folder.exists() and not replace:
                raise refuse(str(folder), 1, "case", t("ir_folder_exists"),
                             t("ir_folder_exists_expected"), t("ir_folder_exists_hint"))
        posts = pd.DataFrame({"time": times.localized(zone), "platform": platforms,
                              "text": texts.astype(str)})[keep]
        steps.next("import_step_sentiment")
        labels, not_sentiment, source_note = _sentiment(plan, texts[keep], keep, progress)
        posts = _extras(plan, posts, labels, ids, brands, keep)
        cases, written = [], []
        steps.next("import_step_write")
        for cid, brand_name in groups.items():
            subset = posts if roles["brand"] is None else posts[posts["brand"] == brand_name]
            if not subset["time"].is_monotonic_increasing:  # an export is usually in order
                subset = subset.sort_values("time", kind="stable")
            subset = subset.reset_index(drop=True)
            if "brand" in subset and roles["brand"] is not None:
                subset["brand"] = subset["brand"].cat.remove_unused_categories()
            yaml_text = case_yaml(cid, brand_name, subset, zone=zone, source=path.name,
                                  region=region or _region(zone, subset), provenance=provenance,
                                  machine=plan.sentiment_mode == "machine")
            write_case(folders[cid], subset, yaml_text, replace, plan.notices)
            written.append(subset)
            cases.append(ImportedCase(cid, folders[cid], brand_name, len(subset),
                                      subset["time"].iloc[0], subset["time"].iloc[-1],
                                      _label_counts(subset)))
        result = ImportResult(
            source=path, kind=plan.src.kind, encoding=plan.src.encoding,
            delimiter=plan.src.delimiter, columns=_shown_roles(plan), guessed=plan.guessed,
            rows_read=len(frame), dropped=dropped, timezone=zone, sentiment_from=source_note,
            not_sentiment=not_sentiment, cases=cases, notices=plan.notices, root=root)
        steps.next("import_step_check")
        check_written(result, written)
        return result


#: The steps the progress bar names (files over :data:`PROGRESS_BYTES` only).
STEPS = ("import_step_read", "import_step_columns", "import_step_times",
         "import_step_sentiment", "import_step_write", "import_step_check")
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


# -- values ------------------------------------------------------------------------------
def _count(dropped: dict[str, int], reason: str, mask: np.ndarray) -> None:
    if mask.any():
        dropped[reason] = dropped.get(reason, 0) + int(mask.sum())


def _damage(plan: Plan, mask: pd.Series | np.ndarray, column: str, what: str,
            expected: str, hint: str) -> None:
    rows = np.flatnonzero(np.asarray(mask, dtype=bool))
    if len(rows):
        raise refuse(plan.src.shown, plan.src.line(int(rows[0])), column,
                     what.format(value=plan.src.frame[column].iloc[rows[0]],
                                 n=t("ir_n_of", n=len(rows), total=len(plan.src.frame))),
                     expected, hint)


def _ids(plan: Plan) -> pd.Series:
    column = plan.roles["id"]
    values = plan.src.frame[column]
    hint = t("ir_id_hint")
    if values.dtype != object and pd.api.types.is_string_dtype(values):  # a CSV: all text
        text = values.astype("string").str.strip().fillna("")
        if not distinct.all_digits(text):  # 4.99E+15 is not: only then the regex
            _damage(plan, text.str.match(_SCI), column, t("ir_id_scientific"),
                    t("ir_id_scientific_expected"), hint)
        return text
    number = pd.to_numeric(values, errors="coerce")
    if values.dtype == object:  # spreadsheet cells: numbers and text mixed
        is_float = values.map(lambda v: isinstance(v, float))
        is_number = values.map(lambda v: isinstance(v, int | float) and not isinstance(v, bool))
    else:
        is_float = pd.Series(pd.api.types.is_float_dtype(values), index=values.index)
        is_number = pd.Series(pd.api.types.is_numeric_dtype(values), index=values.index)
    lossy = is_float | (is_number & (plan.src.kind == "XLSX"))  # Excel keeps 15 digits
    _damage(plan, lossy & (number.abs() >= 1e15), column,
            t("ir_id_number"), t("ir_id_number_expected"), hint)
    text = values.astype("string").str.strip().fillna("")
    whole = is_float & number.notna() & (number == number.round())
    text = text.mask(whole, number.round().astype("Int64").astype("string"))
    _damage(plan, text.str.match(_SCI), column, t("ir_id_scientific"),
            t("ir_id_scientific_expected"), hint)
    return text


def _times(plan: Plan) -> Times:
    column = plan.roles["time"]
    times = parse_times(plan.src.frame[column])
    if times.serial is not None:
        _damage(plan, times.serial, column, t("ir_serial"), t("ir_serial_expected"),
                t("ir_serial_hint"))
    if times.readable.all():  # every cell read (an empty one never is): nothing to tell
        if times.notice:
            plan.notices.append(times.notice)
        return times
    raw = plan.src.frame[column].astype("string").str.strip().fillna("")
    unreadable = (raw != "") & ~times.readable
    filled = int((raw != "").sum())
    if filled == 0:
        raise refuse(plan.src.shown, 1, column, t("ir_time_empty"), t("ir_time_empty_expected"),
                     t("ir_pass_time"))
    if unreadable.sum() > 0.5 * filled:
        _damage(plan, unreadable, column,
                t("ir_time_unreadable"),
                t("ir_time_unreadable_expected"), t("ir_pass_time"))
    if unreadable.any():
        plan.notices.append(t("imp_n_unreadable", n=int(unreadable.sum()),
                              value=raw[unreadable].iloc[0]))
    if times.notice:
        plan.notices.append(times.notice)
    return times


def _platform_label(slug: str) -> str:
    """The platform's name in the current language ("twitter" → 推特/X in Chinese)."""
    term = vocab.CHANNELS.get(slug)
    return term.label(get_language()) if term else slug


def _platforms(plan: Plan, time_kind: str) -> pd.Series:
    frame, column = plan.src.frame, plan.roles["platform"]
    index = frame.index
    if plan.platform_value:  # one platform for every post: a category of one
        return pd.Series(pd.Categorical.from_codes(np.zeros(len(index), dtype=np.int8),
                                                   [plan.platform_value]), index=index)
    out = pd.Series(None, index=index, dtype=object)
    if column is not None:
        codes, texts = distinct.values(frame[column])
        slugs = cols.platform_slugs(texts)
        if slugs[np.bincount(codes, minlength=len(texts)) > 0].notna().all():
            # every post's platform known: nothing to tell or guess, a category per platform
            return pd.Series(distinct.as_category(slugs, codes), index=index)
        out = pd.Series(distinct.broadcast(slugs, codes), index=index, dtype=object)
        unknown = out.isna() & (distinct.broadcast(texts, codes) != "")
        if unknown.any():
            top = pd.Series(texts.to_numpy()[codes[unknown.to_numpy()]]).value_counts().head(3)
            plan.notices.append(t("imp_unknown_platforms", n=int(unknown.sum()),
                                  top=", ".join(f"'{k}' ×{v}" for k, v in top.items())))
            out = out.mask(unknown, "other")
    if plan.roles["url"] is not None and out.isna().any():
        out = out.fillna(cols.platform_from_urls(frame[plan.roles["url"]]))
    if out.isna().any():
        guess = cols.signature_platform(frame) or (
            "twitter" if time_kind == "Twitter-style times" else None)
        why = (t("imp_platform_guess", platform=_platform_label(guess)) if guess
               else t("imp_platform_other"))
        plan.notices.append(t("imp_platform_missing", n=int(out.isna().sum()), why=why))
        out = out.fillna(guess or "other")
    return out


def _zone(plan: Plan, times: Times, platforms: pd.Series, texts: pd.Series) -> str:
    if times.naive.notna().any():
        chinese = platforms.isin(cols.CHINESE_PLATFORMS).mean() > 0.5 or (
            senti.is_chinese(texts.head(2000)).mean() > 0.5)
        zone = "Asia/Shanghai" if chinese else "UTC"
        why = t("imp_zone_why_chinese") if chinese else t("imp_zone_why_none")
        plan.notices.append(t("imp_zone_naive", zone=zone, why=why))
        return zone
    if times.kind.startswith("epoch"):
        plan.notices.append(t("imp_zone_epoch"))
        return "UTC"
    offsets = times.offsets.dropna() if times.offsets is not None else pd.Series(dtype=float)
    minutes = int(offsets.mode().iloc[0]) if len(offsets) else 0
    zone = cols.OFFSET_ZONES.get(minutes) or (
        f"Etc/GMT{-minutes // 60:+d}" if minutes % 60 == 0 else "UTC")
    plan.notices.append(t("imp_zone_offsets", zone=zone))
    return zone


def _brands(plan: Plan, keep: np.ndarray, dropped: dict[str, int], case: str) -> pd.Series:
    frame, column = plan.src.frame, plan.roles["brand"]
    if column is None:
        found = cols.find_by_name(frame, "brand", taken=set(filter(None, plan.roles.values())))
        if found is None:
            return pd.Series("", index=frame.index, dtype=object)
        plan.brand_column = found
        values = frame[found].astype("string").str.strip().fillna("")
        distinct = values[keep].loc[lambda s: s != ""].unique()
        if 1 < len(distinct) <= MAX_BRANDS:
            plan.notices.append(t("imp_brand_column", column=found, n=len(distinct)))
        return values.astype(object)
    plan.brand_column = column
    raw = frame[column].astype("string").str.strip().fillna("")
    _count(dropped, "no brand", keep & (raw == "").to_numpy())
    key = raw.str.casefold()
    spelled = raw[keep].groupby(key[keep]).agg(lambda s: s.value_counts().index[0])
    if len(spelled) > MAX_BRANDS:
        raise refuse(plan.src.shown, 1, column, t("ir_many_brands", n=len(spelled)),
                     t("ir_many_brands_expected", max=MAX_BRANDS), t("ir_many_brands_hint"))
    return key.map(spelled).where(raw != "").astype(object)


def _case_ids(case: str, brands: pd.Series, per_brand: bool) -> dict[str, str]:
    """``{case id: brand}``, biggest brand first; ids ``<case>-<brand slug>``."""
    if not per_brand:
        distinct = [b for b in brands.unique() if b]
        return {case: str(distinct[0]) if len(distinct) == 1 else case}
    out: dict[str, str] = {}
    for n, name in enumerate(brands.value_counts().index, 1):
        tail = cols.slug(str(name)) or f"brand-{n}"
        cid = f"{case}-{tail}"[:64].rstrip("-")
        while cid in out:
            cid = f"{cid[:60]}-{n}"
        out[cid] = str(name)
    return out


def _sentiment(plan: Plan, texts: pd.Series, keep: np.ndarray, progress: bool | None):
    if plan.sentiment_mode == "none":
        return pd.Series(np.nan, index=texts.index), {}, t("imp_sentiment_none")
    if plan.sentiment_mode == "machine":
        labels = senti.score(texts, progress=progress)
        return labels, {}, t("imp_sentiment_machine")
    column = plan.roles["sentiment"]
    read = senti.read_labels(plan.src.frame[column][keep])
    if read.notice:
        plan.notices.append(read.notice)
    return read.labels, read.not_sentiment, t("imp_sentiment_column", column=column)


def _extras(plan: Plan, posts: pd.DataFrame, labels: pd.Series, ids: pd.Series | None,
            brands: pd.Series, keep: np.ndarray) -> pd.DataFrame:
    frame, roles = plan.src.frame[keep], plan.roles
    if ids is not None:
        posts["id"] = ids[keep].astype(str)
    if roles["author"]:
        posts["author"] = frame[roles["author"]].astype("string").fillna("").astype(str)
    posts["sentiment"] = pd.Categorical(labels, categories=list(senti.LABELS))
    if plan.sentiment_mode == "machine":
        posts["sentiment_source"] = pd.Categorical(["machine"] * len(posts))
    for role in ("likes", "shares", "comments"):
        if roles[role]:
            posts[role] = cols.read_counts(frame[roles[role]])
    if plan.brand_column:
        kept = brands[keep].astype(str)
        posts["brand"] = pd.Categorical(kept.where(kept != ""))
    platform = posts["platform"]
    posts["platform"] = (platform.cat.remove_unused_categories()  # categories as below
                         if isinstance(platform.dtype, pd.CategoricalDtype) else
                         pd.Categorical(platform))
    return posts


def _label_counts(posts: pd.DataFrame) -> dict[str, int]:
    counts = posts["sentiment"].value_counts()
    return {**{k: int(counts.get(k, 0)) for k in senti.LABELS},
            "empty": int(posts["sentiment"].isna().sum())}


def _region(zone: str, posts: pd.DataFrame) -> str:
    if zone in cols.REGIONS:
        return cols.REGIONS[zone]
    if zone.startswith("America/"):
        return "US"
    return "CN" if posts["platform"].isin(list(cols.CHINESE_PLATFORMS)).mean() > 0.5 else "US"


def _shown_roles(plan: Plan) -> dict[str, str]:
    order = ("time", "text", "id", "brand", "sentiment", "platform", "author", "likes",
             "shares", "comments", "url")
    shown = {role: str(plan.roles[role]) for role in order if plan.roles.get(role) is not None}
    if plan.platform_value:
        shown["platform"] = f"= {plan.platform_value}"
    if plan.sentiment_mode != "column":
        shown["sentiment"] = plan.sentiment_mode
    return shown
