"""A CSV table read with its line numbers, and the whole-column checks every table shares.

:func:`read_table` reads a case CSV file (header = line 1) into a :class:`Table`, which
reports problems by row (``path:line: column: what``), normalises controlled-vocabulary
columns, parses ISO 8601 times (:func:`parse_times`) and counts — each check one
whole-column operation, never row by row.

>>> import numpy as np, pandas as pd
>>> t = Table(pd.DataFrame({"n": ["3", "x"]}), np.array([2, 3]), "f.csv")
>>> t.counts("n").tolist(), [str(p) for p in t.problems][0].split(";")[0]
([3, 0], "f.csv:3: n: 'x' is not a count")
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from ..foundation import i18n
from ..foundation.limits import MAX_COUNT
from ..foundation.problems import Problem, did_you_mean, one_of, read_text
from . import distinct

MAX_PER_COLUMN = 20  # rows reported per column and kind of problem; the rest are counted

_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$")
_OFFSET = re.compile(r"(?:Z|[+-]\d{2}(?::?\d{2})?)$")
_DATE = r"^\d{4}-\d{2}-\d{2}$"
_SERIAL = r"^\d{5}(\.\d+)?$"


class Table:
    """A CSV file read with its line numbers, for whole-column checks."""

    def __init__(self, frame: pd.DataFrame, lines: np.ndarray, shown: str):
        self.df, self.lines, self.shown = frame, lines, shown
        self.problems: list[Problem] = []

    def report(self, mask: pd.Series | np.ndarray, column: str, what: str | Iterable[str],
               expected: str = "", hint: str | Iterable[str] = "", *,
               severity: str = "error") -> None:
        """Add one problem per row where ``mask`` holds (capped, the rest counted)."""
        rows = np.flatnonzero(np.asarray(mask, dtype=bool))
        whats = [what] * len(rows) if isinstance(what, str) else list(what)
        hints = [hint] * len(rows) if isinstance(hint, str) else list(hint)
        for n, row in enumerate(rows[:MAX_PER_COLUMN]):
            self.problems.append(Problem(self.shown, int(self.lines[row]), column, whats[n],
                                         expected, hints[n], severity))
        if len(rows) > MAX_PER_COLUMN:
            self.problems.append(Problem(
                self.shown, int(self.lines[rows[MAX_PER_COLUMN]]), column,
                i18n.t("vm_more_rows", n=len(rows) - MAX_PER_COLUMN), expected,
                severity=severity))

    def column(self, name: str) -> pd.Series:
        if name in self.df:
            col = self.df[name]
            col = col.astype(object) if isinstance(col.dtype, pd.CategoricalDtype) else col
            return col.fillna("").astype(str).str.strip()
        return pd.Series([""] * len(self.df), index=self.df.index, dtype=str)

    def columns_present(self, known: tuple, required: tuple) -> bool:
        for name in required:
            if name not in self.df.columns:
                self.problems.append(Problem(self.shown, 1, name, i18n.t("vm_missing_column"),
                                             i18n.t("vm_missing_column_expected",
                                                    columns=", ".join(required)),
                                             did_you_mean(name, self.df.columns) or
                                             i18n.t("vm_missing_column_hint")))
        for name in self.df.columns:
            if name not in known:
                self.problems.append(Problem(self.shown, 1, str(name),
                                             i18n.t("vm_unknown_column"),
                                             one_of(known), did_you_mean(name, known),
                                             severity="warning"))
        return all(name in self.df.columns for name in required)

    def choice(self, name: str, table: dict, *, aliases: dict | None = None,
               default: str | None = None) -> pd.Series:
        """Normalise a controlled-vocabulary column; report unknown and missing values."""
        values = self.column(name)
        normal = values.str.lower().replace(aliases or {})
        if default is not None:
            normal = normal.mask(normal == "", default)
        else:
            self.report(normal == "", name, i18n.t("vm_missing_value"), one_of(table))
        bad = (normal != "") & ~normal.isin(list(table))
        self.report(bad, name, (i18n.t("vm_unknown_value", value=v) for v in values[bad]),
                    one_of(table),
                    (did_you_mean(v, table) for v in values[bad]))
        return normal

    def unique_ids(self, name: str) -> None:
        if distinct.ids_unique(self.df[name]):  # one sort; duplicates are reported below
            return
        ids = self.column(name)
        dup = ids.duplicated() & (ids != "")
        if not dup.any():
            return
        firsts = ids[~dup & ids.isin(ids[dup])]
        first = dict(zip(firsts, self.lines[self.df.index.get_indexer(firsts.index)],
                         strict=True))
        self.report(dup, name, (i18n.t("vm_duplicate_id", value=v) for v in ids[dup]),
                    i18n.t("vm_duplicate_id_expected"),
                    (i18n.t("vm_first_used", line=first[v]) for v in ids[dup]))

    def times(self, name: str, tz: str) -> tuple[pd.Series, pd.Series]:
        """Parse ISO 8601 times (offset optional → ``tz``). Returns (times, date_only)."""
        raw = self.column(name)
        return parse_times(raw, tz, self, name)

    def counts(self, name: str) -> pd.Series:
        raw = self.column(name)
        num = pd.to_numeric(raw, errors="coerce").astype("float64")
        bad = num.isna() | (num < 0) | (num != num.round()) | ~(num.abs() <= MAX_COUNT)
        self.report(bad, name, (i18n.t("vm_not_a_count", value=v[:40]) for v in raw[bad]),
                    i18n.t("vm_not_a_count_expected", max=MAX_COUNT))
        return num.where(~bad, 0).astype("int64")


def parse_times(raw: pd.Series, tz: str, table: Table, name: str) -> tuple[pd.Series, pd.Series]:
    """Whole-column ISO 8601 parsing; bad values are reported on ``table``."""
    date_only = raw.str.match(_DATE)
    shaped = raw.str.match(_TIME.pattern) | date_only
    aware = shaped & ~date_only & raw.str.contains(_OFFSET.pattern)
    out = pd.Series(pd.NaT, index=raw.index, dtype=f"datetime64[us, {tz}]")
    if aware.any():
        parsed = pd.to_datetime(raw[aware].str.replace(" ", "T", n=1), format="ISO8601",
                                errors="coerce", utc=True)
        out[aware] = parsed.dt.tz_convert(tz).dt.as_unit("us")
    naive = shaped & ~aware
    if naive.any():
        parsed = pd.to_datetime(raw[naive], format="ISO8601", errors="coerce")
        local = parsed.dt.tz_localize(tz, ambiguous="NaT", nonexistent="NaT").dt.as_unit("us")
        out[naive] = local
        gap = pd.Series(False, index=raw.index)
        gap[naive] = (parsed.notna() & local.isna()).to_numpy()
        table.report(gap, name, (i18n.t("vm_time_gap", value=v, tz=tz) for v in raw[gap]),
                     i18n.t("vm_time_gap_expected"), i18n.t("vm_time_gap_hint"))
        raw = raw.mask(gap, "\0gap")  # reported once
    serial = raw.str.match(_SERIAL)
    table.report(serial, name, (i18n.t("vm_time_serial", value=v) for v in raw[serial]),
                 i18n.t("vm_time_serial_expected"), i18n.t("vm_time_serial_hint"))
    table.report(raw == "", name, i18n.t("vm_missing_time"), i18n.t("vm_missing_time_expected"))
    bad = out.isna() & (raw != "") & ~serial & (raw != "\0gap")
    table.report(bad, name, (i18n.t("vm_time_unreadable", value=v[:40]) for v in raw[bad]),
                 i18n.t("vm_time_unreadable_expected"), i18n.t("vm_time_unreadable_hint"))
    return out, date_only


def read_table(path: Path, shown: str) -> tuple[Table | None, list[Problem]]:
    """Read a CSV file with the line number where each row starts (header = line 1)."""
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip() for h in next(reader)]
        rows, lines, last = [], [], reader.line_num
        for row in reader:
            start, last = last + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                problems.append(Problem(
                    shown, start, "row", i18n.t("vm_row_fields", n=len(row), m=len(header)),
                    i18n.t("vm_row_fields_expected", m=len(header)),
                    i18n.t("vm_row_fields_hint")))
                continue
            rows.append(row)
            lines.append(start)
    except csv.Error as exc:
        return None, [*problems, Problem(shown, reader.line_num, "csv",
                                         i18n.t("vm_csv_unparsable", why=exc),
                                         i18n.t("vm_csv_expected"), i18n.t("vm_csv_hint"))]
    frame = pd.DataFrame(rows, columns=header, dtype=str)
    if frame.columns.duplicated().any():
        dup = frame.columns[frame.columns.duplicated()][0]
        return None, [*problems, Problem(shown, 1, dup, i18n.t("vm_column_twice"),
                                         i18n.t("vm_column_twice_expected"))]
    table = Table(frame, np.asarray(lines, dtype=int), shown)
    table.problems = problems
    return table, []

