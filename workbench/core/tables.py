"""Tables of text for people to read: a DataFrame shown whole, left-aligned, blanks blank.

JupyterLab's table style suits numbers: every cell right-aligned, a fixed layout that
squeezes long text into narrow columns, pandas cutting long cells with "…" and showing
missing values as NaN or <NA>. A :class:`ReadingTable` is an ordinary DataFrame that is
*shown* differently: text left-aligned and never cut, short labels on one line (a 渠道
column never wraps one character per line), long text given room to wrap, numbers on the
right, missing values blank.

>>> table = ReadingTable({"渠道": ["微博"], "概述": ["先道歉，再说明整改"], "n": [None]})
>>> "NaN" in table._repr_html_() or "&lt;NA&gt;" in table._repr_html_()
False
>>> type(table.head(1)).__name__  # selections stay readable tables
'ReadingTable'
"""

from __future__ import annotations

import html
import re

import pandas as pd

SHORT = 12  # a column whose cells are all at most this long stays on one line
LONG = 30  # a column whose cells average more than this gets room to wrap
MAX_ROWS = 200
#: Columns of names a student types in code (``wb.load_case("id")``): shown as code.
CODE_COLUMNS = frozenset({"id", "slug", "code"})
#: One Latin word, id or number up to 24 characters (a case id, a file name): never broken.
_TOKEN = re.compile(r"[\x21-\x7e]{1,24}")


class ReadingTable(pd.DataFrame):
    """A DataFrame shown as a readable table (see the module's docstring)."""

    @property
    def _constructor(self):  # a head(), a selection or a sort stays readable
        return ReadingTable

    def _repr_html_(self) -> str:
        return reading_html(self)


def _blank(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists, arrays: not a missing value
        return False


def _text(value: object) -> str:
    return "" if _blank(value) else str(value)


def _cell_style(values: pd.Series) -> str:
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return "text-align:right;white-space:nowrap"
    texts = [_text(v) for v in values]
    lengths = [len(t) for t in texts]
    if not lengths or max(lengths) <= SHORT or all(_TOKEN.fullmatch(t) for t in texts if t):
        return "text-align:left;white-space:nowrap"  # short labels, ids like haidilao-2017
    if sum(lengths) / len(lengths) > LONG:
        return "text-align:left;white-space:normal;min-width:18em;max-width:40em"
    if max(lengths) > LONG:  # mostly short, some sentences: room for a few words a line
        return "text-align:left;white-space:normal;min-width:12em"
    return "text-align:left;white-space:normal;min-width:6em"


def reading_html(frame: pd.DataFrame, *, max_rows: int = MAX_ROWS) -> str:
    """``frame`` as an HTML table for reading (escaped; index shown unless it is a range)."""
    e = html.escape
    shown = frame.head(max_rows)
    index = not isinstance(frame.index, pd.RangeIndex)
    head = "text-align:left;vertical-align:bottom;white-space:nowrap;padding:4px 8px"
    cell = "vertical-align:top;padding:4px 8px"
    styles = [_cell_style(shown.iloc[:, i]) for i in range(shown.shape[1])]
    names = ([frame.index.name or ""] if index else []) + [str(c) for c in frame.columns]
    code = [n in CODE_COLUMNS for n in names]

    def text(value: object, is_code: bool) -> str:
        shown = e(_text(value))
        return f"<code>{shown}</code>" if is_code and shown else shown

    rows = []
    for label, values in zip(shown.index, shown.itertuples(index=False), strict=True):
        cells = ([f"<th style='{head};vertical-align:top'>{text(label, code[0])}</th>"]
                 if index else [])
        cells += [f"<td style='{cell};{style}'>{text(v, is_code)}</td>"
                  for v, style, is_code in zip(values, styles, code[index:], strict=True)]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    more = (f"<div style='color:#6b7280;font-size:0.85em'>… {len(frame) - max_rows} "
            f"/ {len(frame)}</div>" if len(frame) > max_rows else "")
    return ("<div class='wb-reading-table' style='overflow-x:auto'>"
            "<table style='table-layout:auto;margin-left:0;border-collapse:collapse'>"
            "<thead><tr>" + "".join(f"<th style='{head}'>{text(n, c)}</th>"
                                    for n, c in zip(names, code, strict=True))
            + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>" + more + "</div>")
