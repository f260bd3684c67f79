"""Check a posts.parquet that stays on disk with DuckDB aggregate queries.

The same checks as :func:`workbench.core.validate.check_posts`, with the same one-line
problems (``path:line: column: what; expected … (hint)``) at the same lines, but the posts
never come into memory: one ``GROUP BY`` pass counts posts per quarter hour × raw
platform × raw sentiment, which gives the missing times, every distinct platform and
sentiment text (checked once each, in Python) and the hourly reactions; beside it, in a
second thread, a pass checks the ids (plain whole numbers by value, one timsort pass when
in order; others by one sort of 64-bit hashes). Only when something is wrong does a query
fetch the first lines of each kind of problem — and, for ids, the few rows whose hashes
repeat, which the pandas check then reports exactly. One difference: ids are compared as
written (the in-memory check strips spaces around an id first; stripping ten million ids
would triple the pass).

Shapes this check does not serve are read into memory as before (``None`` from
:func:`check_on_disk`): times stored as text or dates, and list or map columns.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from ..foundation import i18n, vocab
from ..foundation.problems import Problem, did_you_mean, one_of
from . import posts as store
from . import reactions
from .posts_disk import Disk, connect, quote, score_label_sql
from .validate import MAX_PER_COLUMN, POST_COLUMNS, POST_REQUIRED, Table

NESTED = ("[]", "STRUCT", "MAP", "UNION", "[")
BAD = "\0bad"  # a numeric sentiment outside [-1, 1], located by a second query
NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "FLOAT", "DOUBLE",
           "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "DECIMAL")

def check_on_disk(path: Path, shown: str, tz: str, *, ids_checked: bool = False
                  ) -> tuple[store.Posts | None, list[Problem]] | None:
    """Check ``path`` (a large posts.parquet) in DuckDB; the on-disk store and its problems.

    None when the file's shape needs the in-memory check (times as text, nested columns).
    """
    con = connect()
    try:
        return _check(con, Path(path), shown, tz, ids_checked)
    finally:
        con.close()


def _check(con, path: Path, shown: str, tz: str, ids_checked: bool):
    src = f"read_parquet({quote(path)}, file_row_number=true)"
    types = {name: str(kind).upper() for name, kind, *_ in
             con.execute(f"DESCRIBE SELECT * FROM read_parquet({quote(path)})").fetchall()}
    time_type = types.get("time", "")
    if "time" in types and not time_type.startswith("TIMESTAMP"):
        return None
    if any(any(mark in types[c] for mark in NESTED) for c in POST_COLUMNS if c in types):
        return None
    header = Table(pd.DataFrame(columns=list(types)), np.array([], dtype=int), shown)
    if not header.columns_present(POST_COLUMNS, POST_REQUIRED):
        return None, header.problems
    problems = header.problems
    naive = "TIME ZONE" not in time_type
    numeric_sentiment = types.get("sentiment", "").startswith(NUMERIC)
    sentiment_sql = ("NULL" if "sentiment" not in types else
                     _score_sql() if numeric_sentiment else 'CAST("sentiment" AS VARCHAR)')
    plain = f"read_parquet({quote(path)})"  # no row numbers: the passes that count
    with ThreadPoolExecutor(1) as pool:  # ids hashed and sorted while the posts are counted
        ids = (pool.submit(_sorted_id_hashes, con.cursor(), plain)
               if "id" in types and not ids_checked else None)
        quarters = con.execute(reactions.quarter_sql(plain, 'CAST("platform" AS VARCHAR)',
                                                     sentiment_sql)).df()
        hashes = None if ids is None else ids.result()
    rows = int(quarters["n"].sum())

    def locate(cond: str, value: str, params: list | None = None) -> tuple[list, int]:
        got = con.execute(f"SELECT file_row_number + 1 AS line, {value} AS v, count(*) OVER () "
                          f"AS total FROM {src} WHERE {cond} ORDER BY line "
                          f"LIMIT {MAX_PER_COLUMN + 1}", params or []).fetchall()
        return [(int(line), v) for line, v, _ in got], (int(got[0][2]) if got else 0)

    # times: missing, or (no zone) a wall time that does not exist or happens twice
    bad_q = _bad_quarters(quarters["q"].dropna().unique(), tz) if naive else []
    if quarters["q"].isna().any() or len(bad_q):
        cond = "time IS NULL" + (" OR list_contains(?, epoch_us(time) // "
                                 f"{reactions.QUARTER_US})" if len(bad_q) else "")
        found, total = locate(cond, "NULL", [list(map(int, bad_q))] if len(bad_q) else [])
        _report(problems, shown, found, total, "time", i18n.t("vm_post_time", tz=tz),
                i18n.t("vm_post_time_expected"))
    # platforms, once per distinct text
    platforms, missing, unknown = {}, [], []
    for raw in quarters["p"].drop_duplicates():
        raw = None if pd.isna(raw) else raw
        normal = ("" if raw is None else str(raw).strip()).lower()
        if normal == "":
            missing.append(raw)
        elif normal not in vocab.CHANNELS:
            unknown.append(raw)
        else:
            platforms[raw] = normal
    if missing:
        blank = [m for m in missing if m is not None]
        found, total = locate('"platform" IS NULL' + (' OR list_contains(?, CAST("platform" '
                                                      'AS VARCHAR))' if blank else ""),
                              "NULL", [blank] if blank else [])
        _report(problems, shown, found, total, "platform", i18n.t("vm_missing_value"),
                one_of(vocab.CHANNELS))
    if unknown:
        found, total = locate('list_contains(?, CAST("platform" AS VARCHAR))',
                              'CAST("platform" AS VARCHAR)', [unknown])
        _report(problems, shown, found, total, "platform",
                lambda v: i18n.t("vm_unknown_value", value=v.strip()), one_of(vocab.CHANNELS),
                lambda v: did_you_mean(v.strip(), vocab.CHANNELS))
    sentiments = None
    if "sentiment" in types:
        sentiments, bad = _sentiments(quarters["s"].drop_duplicates(), numeric_sentiment)
        if bad:
            cond, value = (('abs(CAST("sentiment" AS DOUBLE)) > 1', 'CAST("sentiment" AS '
                            'VARCHAR)') if numeric_sentiment else
                           ('list_contains(?, CAST("sentiment" AS VARCHAR))',
                            'CAST("sentiment" AS VARCHAR)'))
            found, total = locate(cond, value, [] if numeric_sentiment else [bad])
            _report(problems, shown, found, total, "sentiment",
                    lambda v: i18n.t("vm_unknown_sentiment", value=v.strip().lower()),
                    i18n.t("vm_sentiment_expected"))
    if hashes is not None:
        problems += _duplicate_ids(con, src, shown, hashes)
    normal = quarters.assign(p=quarters["p"].map(platforms),
                             s=quarters["s"].map(sentiments or {}) if sentiments is not None
                             and not numeric_sentiment else quarters["s"].where(
                                 quarters["s"].isin(reactions.LABELS)))
    disk = Disk(path=path, tz=tz, rows=rows, columns=tuple(types), naive=naive,
                platforms=platforms, sentiments=sentiments,
                numeric_sentiment=numeric_sentiment,
                text_counts=tuple(c for c in store.COUNTS if c in types
                                  and not types[c].startswith(NUMERIC)),
                hourly=reactions.hourly(normal, tz, naive=naive))
    return store.Posts(disk=disk), problems


def _score_sql() -> str:
    """A numeric sentiment column grouped by label (bad scores marked, missing ones NULL)."""
    s = 'CAST("sentiment" AS DOUBLE)'
    return (f"CASE WHEN {s} IS NULL OR isnan({s}) THEN NULL WHEN {s} < -1 OR {s} > 1 "
            f"THEN {quote(BAD)} ELSE ({score_label_sql('sentiment')}) END")


def _sentiments(raws: pd.Series, numeric: bool) -> tuple[dict, list]:
    """Each distinct sentiment text → its label (as the pandas check reads it), and the bad."""
    if numeric:
        values = [v for v in raws if isinstance(v, str)]
        return {v: v for v in values if v != BAD}, [BAD] if BAD in values else []
    texts = pd.Series([None if pd.isna(r) else r for r in raws], dtype=object)
    low = texts.fillna("").astype(str).str.strip().str.lower()
    score = pd.to_numeric(low, errors="coerce")
    label = low.where(low.isin(list(vocab.SENTIMENTS)))
    bad = (low != "") & label.isna() & (score.isna() | (score.abs() > 1))
    binned = pd.cut(score, [-1.01, -0.05, 0.05, 1.01],
                    labels=["negative", "neutral", "positive"]).astype("object")
    labels = label.fillna(pd.Series(binned, index=low.index))
    mapping = {t: (None if pd.isna(lab) else lab) for t, lab in zip(texts, labels, strict=True)
               if t is not None}
    return mapping, [t for t, b in zip(texts, bad, strict=True) if b and t is not None]


def _bad_quarters(quarters: np.ndarray, tz: str) -> np.ndarray:
    """Quarter hours of wall time (no zone) that do not exist or happen twice in ``tz``."""
    q = np.asarray(quarters, dtype="int64")
    local = pd.DatetimeIndex(pd.to_datetime(q * reactions.QUARTER_US, unit="us")).tz_localize(
        tz, ambiguous="NaT", nonexistent="NaT")
    return q[np.asarray(local.isna())]


def _sorted_id_hashes(con, src: str) -> np.ndarray:
    """The 64-bit hashes of the ids, sorted — or none at all when the ids are plain whole
    numbers and no two are alike (run in a thread beside the counting pass: DuckDB and
    numpy's sort release the GIL; ``con`` is a cursor of its own).

    Decimal ids (an export's 4990000000000007919) are compared by their value: in file order
    they usually increase, and timsort checks sorted values in one pass, where the hashes
    of ten million ids take a full sort. Repeats, or ids of any other kind, take the hashes.
    """
    try:
        numbers = _decimal_ids(con, src)
        if numbers is not None:
            numbers.sort(kind="stable")
            if not (numbers[1:] == numbers[:-1]).any():
                return np.zeros(0, dtype=np.uint64)  # no two ids alike: nothing to report
        hashes = con.execute(f'SELECT hash("id") AS h FROM {src} WHERE "id" IS NOT NULL'
                             ).fetchnumpy()["h"]
    finally:
        con.close()
    hashes.sort()
    return hashes


_PLAIN_ID = re.compile(r"0|[1-9][0-9]{0,18}")
ID_SAMPLE = 1000  # ids looked at before reading the whole column as numbers


def _decimal_ids(con, src: str) -> np.ndarray | None:
    """The ids as int64 when each is a whole number written plainly (no sign, space or
    leading zero: text and number then correspond one to one), else None — told from the
    first :data:`ID_SAMPLE` ids before the whole column is read."""
    sample = con.execute(f'SELECT CAST("id" AS VARCHAR) FROM {src} WHERE "id" IS NOT NULL '
                         f"LIMIT {ID_SAMPLE}").fetchall()
    if not sample or not all(_PLAIN_ID.fullmatch(v) for (v,) in sample):
        return None
    got = con.execute('SELECT CASE WHEN CAST(TRY_CAST("id" AS BIGINT) AS VARCHAR) = '
                      'CAST("id" AS VARCHAR) THEN TRY_CAST("id" AS BIGINT) END AS i '
                      f'FROM {src} WHERE "id" IS NOT NULL').fetchnumpy()["i"]
    if np.ma.isMaskedArray(got) and np.ma.is_masked(got):  # some id is not plain
        return None
    return np.asarray(got, dtype=np.int64)


def _duplicate_ids(con, src: str, shown: str, hashes: np.ndarray) -> list[Problem]:
    """Unique ids by one sort of 64-bit hashes; only the rows whose hashes repeat are then
    checked by the pandas check (which reports them). Ids are hashed as written: on disk,
    an id padded with spaces is another id (the in-memory check strips them)."""
    repeated = hashes[1:] == hashes[:-1]
    if not repeated.any():
        return []
    dup = np.unique(hashes[1:][repeated])
    del hashes
    con.register("dup_hashes", pa.table({"h": pa.array(dup, pa.uint64())}))
    rows = con.execute(f'SELECT file_row_number + 1 AS line, "id" FROM {src} '
                       'WHERE hash("id") IN (SELECT h FROM dup_hashes) ORDER BY line').df()
    table = Table(rows[["id"]].reset_index(drop=True), rows["line"].to_numpy(), shown)
    table.unique_ids("id")
    return table.problems


def _report(out: list[Problem], shown: str, found: list, total: int, column: str,
            what: str | Callable[[str], str], expected: str,
            hint: str | Callable[[str], str] = "", severity: str = "error") -> None:
    """Problems for the first located rows, then one counting the rest (as ``Table.report``)."""
    for line, value in found[:MAX_PER_COLUMN]:
        out.append(Problem(shown, line, column, what(value) if callable(what) else what,
                           expected, hint(value) if callable(hint) else hint, severity))
    if total > MAX_PER_COLUMN:
        out.append(Problem(shown, found[MAX_PER_COLUMN][0], column,
                           i18n.t("vm_more_rows", n=total - MAX_PER_COLUMN),
                           expected, severity=severity))
