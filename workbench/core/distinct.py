"""Whole-column checks on a million posts, computed once per distinct value.

A posts column such as ``platform`` or ``sentiment`` holds a handful of distinct texts
over a million rows. :func:`values` factorises the column once (one hash pass, in C) into
row codes and its distinct texts, so normalising, parsing and checking run over the few
distinct texts and are broadcast back to the rows by the codes. :func:`ids_unique` answers
"are the ids unique?" with one pyarrow sort (measured faster than a hash set on a
million ids); only a file that has duplicates goes on to
the row-by-row report (see ``Table.unique_ids`` in :mod:`workbench.core.validate_table`).

>>> codes, texts = values(pd.Series([" Weibo", "douyin", None, " Weibo"]))
>>> texts.tolist(), codes.tolist()
(['Weibo', 'douyin', ''], [0, 1, 2, 0])
>>> ids_unique(pd.Series(["a", " a", "b"])), ids_unique(pd.Series(["a", "", "", None]))
(False, True)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def values(col: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """(codes, texts): ``texts[codes]`` equals the column as stripped text, missing as "".

    The texts are what ``Table.column`` gives row by row (``fillna("").astype(str).strip()``),
    but computed for each distinct value once; the last text is always "" (missing cells).
    """
    cat = col.array if isinstance(col.dtype, pd.CategoricalDtype) else pd.Categorical(col)
    texts = pd.Series(np.asarray(cat.categories, dtype=object).astype(str), dtype=object)
    texts = pd.concat([texts.str.strip(), pd.Series([""], dtype=object)], ignore_index=True)
    codes = np.asarray(cat.codes, dtype=np.int64)
    return np.where(codes < 0, len(texts) - 1, codes), texts


def broadcast(per_text: pd.Series | np.ndarray, codes: np.ndarray) -> np.ndarray:
    """A per-distinct-text result, spread back over the rows."""
    return np.asarray(per_text)[codes]


def as_category(per_text: pd.Series, codes: np.ndarray) -> pd.Categorical:
    """Per-distinct-text labels (missing allowed) as a categorical over the rows."""
    labels = pd.Series(per_text, dtype=object)
    cats = sorted({v for v in labels if isinstance(v, str)})
    lookup = {v: n for n, v in enumerate(cats)}
    text_codes = np.array([lookup.get(v, -1) if isinstance(v, str) else -1 for v in labels],
                          dtype=np.int64)
    return pd.Categorical.from_codes(text_codes[codes], categories=cats)


def all_digits(col: pd.Series | pa.Array) -> bool:
    """True when every cell is empty or missing or only the digits 0-9 (ASCII).

    >>> all_digits(pd.Series(["570306133677760513", "", None])), all_digits(pd.Series(["1e5"]))
    (True, False)
    """
    arr = col if isinstance(col, pa.Array | pa.ChunkedArray) else pa.array(col, from_pandas=True)
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        return False
    return bool(pc.all(pc.or_kleene(pc.ascii_is_decimal(arr), pc.equal(arr, "")))
                .as_py() in (True, None))


def _decimal_ids(arr: pa.Array | pa.ChunkedArray) -> np.ndarray | None:
    """The non-empty ids as int64 when each is a decimal number of at most 18 digits with no
    leading zero (text and number then correspond one to one); None otherwise."""
    if arr.null_count or pc.any(pc.equal(arr, "")).as_py():
        arr = arr.filter(pc.not_equal(arr, ""))  # drops the missing ones too
    if len(arr) == 0 or not pc.all(pc.ascii_is_decimal(arr)).as_py():
        return None
    length = pc.binary_length(arr)
    if pc.max(length).as_py() > 18 or pc.any(pc.and_(pc.starts_with(arr, "0"),
                                                      pc.greater(length, 1))).as_py():
        return None
    return pc.cast(arr, pa.int64()).to_numpy()


def ids_unique(col: pd.Series, *, stripped: bool = False) -> bool | None:
    """True when no non-empty id (as stripped text) repeats: one pyarrow sort.

    False when some id repeats, None when the column cannot be read by pyarrow (mixed or
    nested cells); the caller then checks it row by row. ``stripped``: the text is known
    to be stripped already (the importer's ids), so it is not stripped again.
    """
    try:
        arr = pa.array(col, from_pandas=True)
    except (pa.ArrowException, TypeError, ValueError):
        return None
    text = pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)
    if isinstance(arr, pa.ChunkedArray) and not text:  # text is read chunk by chunk below
        arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    if pa.types.is_floating(arr.type):  # 1.0 and 1 print differently only across types
        if pc.any(pc.not_equal(arr, pc.floor(arr))).as_py():
            return None
        arr = pc.cast(arr, pa.int64(), safe=False)
    text = pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)
    if text and not stripped:
        arr = pc.utf8_trim_whitespace(arr)
    elif not (text or pa.types.is_integer(arr.type) or pa.types.is_boolean(arr.type)):
        return None
    if len(arr) - arr.null_count < 2:
        return True
    if text:
        numbers = _decimal_ids(arr)
        if numbers is not None:  # the usual ids, 4990000000000007919: sorted as integers
            numbers = np.sort(numbers, kind="stable")  # timsort: ids in order cost one pass
            return not (numbers[1:] == numbers[:-1]).any()
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
    ordered = pc.take(arr, pc.array_sort_indices(arr))  # a sort beats a hash set here (2-4×)
    same = pc.equal(ordered.slice(1), ordered.slice(0, len(ordered) - 1))  # null beside null
    if text:  # is null, skipped by any(); empty ids sort first and may repeat
        same = pc.and_(same, pc.not_equal(ordered.slice(1), ""))
    return not pc.any(same).as_py()
