"""The values of an export, column by column, for :func:`workbench.io.importer.import_posts`.

Each function reads one role of the :class:`~workbench.io.import_columns.Plan` (the chosen
columns): the ids (a number Excel rounded is refused), the times (mostly unreadable is
refused, a few are dropped and counted), the platforms and the time zone (guessed and said
so in ``plan.notices``), the brands and one case id per brand, the sentiment labels, and
the posts table written to posts.parquet. Refusals are one line (:func:`refuse`).

>>> case_ids("acme-2024", pd.Series(["Lumen", "Lumen", "Brew"]), per_brand=True)
{'acme-2024-lumen': 'Lumen', 'acme-2024-brew': 'Brew'}
>>> dropped = {}
>>> count(dropped, "no brand", np.array([True, False, True]))
>>> dropped
{'no brand': 2}
"""

from __future__ import annotations

from concurrent.futures import Executor, Future

import numpy as np
import pandas as pd

from ..analysis import sentiment as senti
from ..core import distinct
from ..foundation import vocab
from ..foundation.i18n import get_language, t
from . import import_columns as cols
from .import_columns import Plan
from .import_read import refuse
from .import_times import Times, parse_times

MAX_BRANDS = 20
_SCI = r"^[+-]?[0-9](?:\.[0-9]+)?[eE][+]?[0-9]+$"


def count(dropped: dict[str, int], reason: str, mask: np.ndarray) -> None:
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


def ids(plan: Plan) -> pd.Series:
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


def times(plan: Plan) -> Times:
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


def platforms(plan: Plan, time_kind: str) -> pd.Series:
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


def zone(plan: Plan, times: Times, platforms: pd.Series, texts: pd.Series) -> str:
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


def brands(plan: Plan, keep: np.ndarray, dropped: dict[str, int], case: str) -> pd.Series:
    frame, column = plan.src.frame, plan.roles["brand"]
    if column is None:
        found = cols.find_by_name(frame, "brand", taken=set(filter(None, plan.roles.values())))
        if found is None:  # no brand anywhere: one empty name, a category of one
            return pd.Series(pd.Categorical.from_codes(np.zeros(len(frame), dtype=np.int8),
                                                       [""]), index=frame.index)
        plan.brand_column = found
        values = frame[found].astype("string").str.strip().fillna("")
        distinct = values[keep].loc[lambda s: s != ""].unique()
        if 1 < len(distinct) <= MAX_BRANDS:
            plan.notices.append(t("imp_brand_column", column=found, n=len(distinct)))
        return values.astype(object)
    plan.brand_column = column
    raw = frame[column].astype("string").str.strip().fillna("")
    count(dropped, "no brand", keep & (raw == "").to_numpy())
    key = raw.str.casefold()
    spelled = raw[keep].groupby(key[keep]).agg(lambda s: s.value_counts().index[0])
    if len(spelled) > MAX_BRANDS:
        raise refuse(plan.src.shown, 1, column, t("ir_many_brands", n=len(spelled)),
                     t("ir_many_brands_expected", max=MAX_BRANDS), t("ir_many_brands_hint"))
    return key.map(spelled).where(raw != "").astype(object)


def case_ids(case: str, brands: pd.Series, per_brand: bool) -> dict[str, str]:
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


def sentiment(plan: Plan, texts: pd.Series, keep: np.ndarray, progress: bool | None):
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


def counts(plan: Plan, keep: np.ndarray, pool: Executor) -> dict[str, Future]:
    """The likes, shares and comments columns read in ``pool`` (pyarrow's casts release the
    GIL): ``{role: future of its counts}`` for the roles the file has."""
    roles = [role for role in ("likes", "shares", "comments") if plan.roles[role]]
    frame = plan.src.frame[list(dict.fromkeys(plan.roles[r] for r in roles))][keep]  # these only
    return {role: pool.submit(cols.read_counts, frame[plan.roles[role]]) for role in roles}


def extras(plan: Plan, posts: pd.DataFrame, labels: pd.Series, ids: pd.Series | None,
           brands: pd.Series, keep: np.ndarray, counts: dict[str, pd.Series]) -> pd.DataFrame:
    frame, roles = plan.src.frame[keep], plan.roles
    if ids is not None:
        posts["id"] = ids[keep].astype(str)
    if roles["author"]:
        posts["author"] = frame[roles["author"]].astype("string").fillna("").astype(str)
    posts["sentiment"] = pd.Categorical(labels, categories=list(senti.LABELS))
    if plan.sentiment_mode == "machine":
        posts["sentiment_source"] = pd.Categorical(["machine"] * len(posts))
    for role, counted in counts.items():
        posts[role] = counted
    if plan.brand_column:
        kept = brands[keep].astype(str)
        posts["brand"] = pd.Categorical(kept.where(kept != ""))
    posts["platform"] = _used_categories(posts["platform"])
    return posts


def _used_categories(values: pd.Series) -> pd.Series:
    """A categorical of the values present only (what ``pd.Categorical`` of them gives)."""
    if not isinstance(values.dtype, pd.CategoricalDtype):
        return pd.Series(pd.Categorical(values), index=values.index)
    codes = values.cat.codes.to_numpy()
    used = np.bincount(codes[codes >= 0], minlength=len(values.cat.categories)) > 0
    return values if used.all() else values.cat.remove_unused_categories()


def label_counts(posts: pd.DataFrame) -> dict[str, int]:
    counts = posts["sentiment"].value_counts()
    return {**{k: int(counts.get(k, 0)) for k in senti.LABELS},
            "empty": int(posts["sentiment"].isna().sum())}


def region(zone: str, posts: pd.DataFrame) -> str:
    if zone in cols.REGIONS:
        return cols.REGIONS[zone]
    if zone.startswith("America/"):
        return "US"
    return "CN" if posts["platform"].isin(list(cols.CHINESE_PLATFORMS)).mean() > 0.5 else "US"


def shown_roles(plan: Plan) -> dict[str, str]:
    order = ("time", "text", "id", "brand", "sentiment", "platform", "author", "likes",
             "shares", "comments", "url")
    shown = {role: str(plan.roles[role]) for role in order if plan.roles.get(role) is not None}
    if plan.platform_value:
        shown["platform"] = f"= {plan.platform_value}"
    if plan.sentiment_mode != "column":
        shown["sentiment"] = plan.sentiment_mode
    return shown
