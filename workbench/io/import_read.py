"""Reading social-listening exports for ``workbench import``: files, encodings, times.

CSV (any delimiter, sniffed; quotes, CRLF; UTF-8 with or without BOM, UTF-16, GBK/GB18030,
Latin-1), JSON Lines (or a JSON array) and XLSX. Times are parsed a whole column at a
time. Whatever cannot be read is refused with one line in the workbench's error style
(:class:`ImportRefused`), never a traceback.

>>> text, name = decode("时间,内容\\n".encode("gb18030"), None, "x.csv")
>>> name
'GBK/GB18030'
>>> sniff_delimiter('id;text;time\\n1;"a;b";2024-05-10\\n')
';'
>>> t = parse_times(pd.Series(["Tue Oct 18 21:53:25 +0000 2011", "2015-02-24 11:35:52 -0800"]))
>>> t.aware.dt.strftime("%Y-%m-%d %H:%M").tolist(), t.kind
(['2011-10-18 21:53', '2015-02-24 19:35'], 'text with UTC offsets')
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..foundation import i18n
from ..foundation.limits import MAX_XLSX_BYTES, MAX_XLSX_CELLS, loads_json
from ..foundation.problems import CaseError, Problem

DELIMITERS = ",;\t|"
SAMPLE = 1 << 16


class ImportRefused(CaseError):
    """The file cannot be imported as it is; the message is one line saying what and how."""

    def __init__(self, problem: Problem):
        self.where, self.problems, self.problem = problem.path, [problem], problem
        ValueError.__init__(self, str(problem))

    def _render_traceback_(self) -> list[str]:
        return [f"ImportRefused: {self}"]


def refuse(shown: str, line: int, column: str, what: str, expected: str = "",
           hint: str = "") -> ImportRefused:
    """An :class:`ImportRefused` for one line ``path:line: column: what; expected (hint)``."""
    return ImportRefused(Problem(shown, int(line), column, what, expected, hint))


@dataclass
class Source:
    """A file read into a table of raw values, with how it was read."""

    frame: pd.DataFrame
    kind: str
    shown: str
    encoding: str = ""
    delimiter: str = ""
    lines: np.ndarray | None = None  # file line of each row, when known
    text: str = field(default="", repr=False)

    def line(self, row: int) -> int:
        """The line in the file (header = 1) where data row ``row`` (0-based) starts."""
        if self.lines is None and self.kind == "CSV":
            self.lines = _csv_row_lines(self.text, self.delimiter)
        if self.lines is not None and row < len(self.lines):
            return int(self.lines[row])
        return row + 2


# -- bytes → text ------------------------------------------------------------------------
def decode(data: bytes, encoding: str | None, shown: str) -> tuple[str, str]:
    """Decode a text file: the given encoding, else UTF-8 (BOM or not), UTF-16 (BOM),
    GBK/GB18030, Latin-1 — or refuse saying which ``--encoding`` to pass."""
    if encoding:
        try:
            return data.decode(encoding).lstrip("\ufeff"), encoding
        except LookupError:
            raise refuse(shown, 1, "encoding", f"unknown encoding '{encoding}'",
                         "a Python codec name", "e.g. --encoding utf-8, gb18030, latin-1, "
                         "utf-16") from None
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise refuse(shown, line, "encoding", f"the file is not {encoding}",
                         "the file's real encoding",
                         "leave out --encoding to let the importer detect it") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data, "utf-8-sig", shown), "UTF-8 with BOM"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    good, bad = _utf8_lines(data)
    if good and bad:
        raise refuse(shown, bad[0], "encoding", "the file mixes encodings: lines "
                     f"{_few(good)} are UTF-8, lines {_few(bad)} are not",
                     "one encoding for the whole file",
                     "re-type or re-save the lines that are not UTF-8 (often pasted from "
                     "another program), then save the file as CSV UTF-8") from None
    found = charset_normalizer.from_bytes(data)
    names = [m.encoding for m in found]
    chinese = not names or any(n.startswith(("gb", "big5", "hz")) for n in names)
    try:
        text = data.decode("gb18030")
        if chinese and _looks_chinese(text[:SAMPLE]):
            return text, "GBK/GB18030"
    except UnicodeDecodeError:
        pass
    best = next((m for m in found if m.encoding == "cp1252"), found.best())  # Western first
    if best is not None:
        names = {"cp1252": "Latin-1 (Windows-1252)", "latin_1": "Latin-1 (ISO 8859-1)"}
        return str(best), names.get(best.encoding, f"{best.encoding} (detected)")
    raise refuse(shown, bad[0] if bad else 1, "encoding", "cannot tell the file's encoding "
                 "(tried UTF-8, UTF-16, GBK/GB18030 and charset-normalizer's detection)",
                 "a text file in one known encoding",
                 "pass --encoding, e.g. --encoding big5 or --encoding shift_jis; or "
                 "re-save it as CSV UTF-8") from None


def _utf8_lines(data: bytes) -> tuple[list[int], list[int]]:
    """Line numbers of non-ASCII lines that are valid UTF-8, and of lines that are not."""
    good, bad = [], []
    for n, line in enumerate(data.split(b"\n"), 1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            good.append(n)
        except UnicodeDecodeError:
            bad.append(n)
    return good, bad


def _few(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:5]))
    return shown + (f" … ({len(numbers)} in all)" if len(numbers) > 5 else "")


def _strict(data: bytes, codec: str, shown: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise refuse(shown, line, "encoding", "the file says UTF-8 (it has a BOM) but is not",
                     "UTF-8 throughout", "re-save it as CSV UTF-8") from None


def _looks_chinese(text: str) -> bool:
    """GBK decodes many byte pairs; real Chinese text uses the common (GB2312) characters."""
    wide = [c for c in text if ord(c) > 0x7F][:2000]
    if not wide:
        return True
    common = 0
    for c in wide:
        try:
            c.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common >= 0.8 * len(wide)


# -- reading the three kinds of file -------------------------------------------------------
def read_source(path: Path, *, encoding: str | None = None, shown: str | None = None) -> Source:
    """Read CSV, JSON Lines / JSON or XLSX (told apart by content, then by extension)."""
    shown = shown or str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise refuse(shown, 1, "file", "file not found", "a CSV, JSON Lines or XLSX export",
                     "check the path") from None
    except OSError as exc:
        raise refuse(shown, 1, "file", f"cannot be read ({exc.strerror})") from None
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(path, shown)
    if data[:8].startswith(b"\xd0\xcf\x11\xe0"):
        raise refuse(shown, 1, "file", "this is an old Excel .xls file", "CSV or XLSX",
                     "in Excel use Save As → Excel Workbook (.xlsx) or CSV UTF-8")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise refuse(shown, 1, "file", "this looks like a binary file, not a text export",
                     "CSV, JSON Lines or XLSX", "export the data again as CSV")
    text, name = decode(data, encoding, shown)
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise refuse(shown, 1, "file", "file is empty", "a header row and one row per post")
    head = text.lstrip()[:1]
    if head in "[{" and (path.suffix.lower() in (".json", ".jsonl", ".ndjson") or head == "{"):
        return _read_json(text, shown, name)
    return _read_csv(text, shown, name)


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first rows into equal, widest records."""
    sample = text[:SAMPLE]
    if len(text) > SAMPLE and "\n" in sample:
        sample = sample[: sample.rfind("\n")]
    try:
        found = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        found = ""
    best, best_score = ",", (-1, -1)
    for delim in DELIMITERS:
        try:
            rows = [r for r in csv.reader(io.StringIO(sample), delimiter=delim) if r][:50]
        except csv.Error:
            continue
        if not rows:
            continue
        width = len(rows[0])
        body = rows[1:-1] if len(rows) > 2 else rows[1:]  # the last row may be cut short
        steady = width > 1 and all(len(r) == width for r in body)
        score = (int(steady), width + (1 if delim == found else 0))
        if score > best_score:
            best, best_score = delim, score
    return best


def _read_csv(text: str, shown: str, encoding: str) -> Source:
    delim = sniff_delimiter(text)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delim, dtype=str, keep_default_na=False,
                            na_filter=False, skip_blank_lines=True, engine="c")
    except pd.errors.ParserError as exc:
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if found:
            want, line, saw = found.groups()
            raise refuse(shown, int(line), "row", f"row has {saw} fields but the header has "
                         f"{want}", f"{want} fields separated by {_name(delim)}",
                         "put text that contains the delimiter in double quotes") from None
        unclosed = re.search(r"EOF inside string starting at row (\d+)", str(exc))
        if unclosed:
            raise refuse(shown, int(unclosed.group(1)) + 1, "csv", "a quoted field is never "
                         "closed", "a closing double quote", "check for a stray double quote; "
                         'write a quote inside a field as ""') from None
        raise refuse(shown, 1, "csv", f"cannot parse the file ({exc})", "a delimited text file",
                     "check for a stray double quote") from None
    except pd.errors.EmptyDataError:
        raise refuse(shown, 1, "file", "file has no header row", "a header row") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return Source(frame, "CSV", shown, encoding, delim, text=text)


def _name(delim: str) -> str:
    return {",": "commas", ";": "semicolons", "\t": "tabs", "|": "pipes"}[delim]


def _csv_row_lines(text: str, delim: str) -> np.ndarray:
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    next(reader, None)
    lines, last = [], reader.line_num
    for row in reader:
        start, last = last + 1, reader.line_num
        if row:
            lines.append(start)
    return np.asarray(lines, dtype=int)


def _read_json(text: str, shown: str, encoding: str) -> Source:
    if text.lstrip().startswith("["):
        try:
            records = loads_json(text)
        except ValueError as exc:
            raise refuse(shown, getattr(exc, "lineno", 1), "json", "not valid JSON",
                         "a JSON array of objects or one JSON object per line") from None
        lines = None
        kind = "JSON"
    else:
        records, numbers = [], []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                records.append(loads_json(line))
            except ValueError as exc:
                raise refuse(shown, n, "json", f"line is not valid JSON ({exc.args[0][:60]})",
                             "one JSON object per line (JSON Lines)",
                             "a record may not span several lines") from None
            numbers.append(n)
        lines, kind = np.asarray(numbers, dtype=int), "JSON Lines"
    bad = next((i for i, r in enumerate(records) if not isinstance(r, dict)), None)
    if bad is not None:
        raise refuse(shown, lines[bad] if lines is not None else 1, "json",
                     "record is not an object", "one {\"key\": value, …} object per post")
    frame = pd.json_normalize(records, sep=".") if records else pd.DataFrame()
    return Source(frame, kind, shown, encoding, lines=lines)


_REF = re.compile(rb'<(?:\w+:)?(?:c|dimension)\b[^>]*?\b(?:r|ref)="(?:[A-Z]+[0-9]+:)?([A-Z]{1,3})([0-9]{1,7})"')


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def check_xlsx(path: Path, shown: str) -> None:
    """Refuse a workbook before reading it when its unpacked size or the cell range of a
    sheet (declared ``<dimension>`` or cells used) is past the stated limits."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            total = sum(m.file_size for m in members)
            if total > MAX_XLSX_BYTES:
                raise refuse(shown, 1, "file", f"the workbook unpacks to {total / 2**20:,.0f} MB",
                             f"at most {MAX_XLSX_BYTES // 2**20:,} MB",
                             "export the sheet as CSV UTF-8")
            for member in members:
                if not member.filename.startswith("xl/worksheets/"):
                    continue
                rows = cols = 0
                tail = b""
                with archive.open(member) as handle:
                    while chunk := handle.read(1 << 20):
                        block = tail + chunk
                        for col, row in _REF.findall(block):
                            rows, cols = max(rows, int(row)), max(cols, _column_number(col))
                        tail = block[-200:]
                if rows * cols > MAX_XLSX_CELLS:
                    raise refuse(shown, 1, "file", f"{member.filename} spans {rows:,} rows × "
                                 f"{cols:,} columns", f"at most {MAX_XLSX_CELLS:,} cells",
                                 "delete the empty rows and columns beyond the data, or "
                                 "export the sheet as CSV UTF-8")
    except zipfile.BadZipFile:
        raise refuse(shown, 1, "file", "cannot read the workbook (not a valid zip file)",
                     "an .xlsx file saved by Excel or LibreOffice",
                     "open and save it again, or export it as CSV UTF-8") from None


def _read_xlsx(path: Path, shown: str) -> Source:
    check_xlsx(path, shown)
    try:
        frame = pd.read_excel(path, sheet_name=0, engine="openpyxl", dtype=object)
    except Exception as exc:  # openpyxl raises many types for damaged workbooks
        raise refuse(shown, 1, "file", f"cannot read the workbook ({type(exc).__name__})",
                     "an .xlsx file saved by Excel or LibreOffice",
                     "open and save it again, or export it as CSV UTF-8") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return Source(frame.dropna(how="all"), "XLSX", shown,
                  lines=np.arange(2, len(frame) + 2)[frame.notna().any(axis=1).to_numpy()])


# -- times -------------------------------------------------------------------------------
TWITTER = re.compile(r"^[A-Za-z]{3} [A-Za-z]{3} [0-9]{1,2} [0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4} [0-9]{4}$")
_AWARE = r"[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?[ \t]*(?:Z|UTC|GMT|[+-][0-9]{2}:?[0-9]{2})$"
_SERIAL = (20_000, 80_000)  # spreadsheet day numbers for 1954–2119
EPOCH_UNITS = ((1e8, 1e11, "s"), (1e11, 1e14, "ms"), (1e14, 1e17, "us"), (1e17, 1e20, "ns"))


@dataclass
class Times:
    """A time column read whole: UTC times where an offset was given, naive ones apart."""

    aware: pd.Series
    naive: pd.Series
    kind: str
    serial: pd.Series | None = None  # rows that look like spreadsheet serial numbers
    notice: str = ""
    offsets: pd.Series | None = None  # UTC offsets written in the text, in minutes

    @property
    def readable(self) -> pd.Series:
        return self.aware.notna() | self.naive.notna()

    def localized(self, tz: str) -> pd.Series:
        """Every readable time in ``tz`` (naive ones read as wall-clock times in ``tz``)."""
        out = self.aware.dt.tz_convert(tz)
        if self.naive.notna().any():
            naive = self.naive.dt.tz_localize(tz, ambiguous=np.zeros(len(self.naive), bool),
                                              nonexistent="shift_forward")
            out = out.where(self.aware.notna(), naive)
        return out.dt.as_unit("us")


def parse_times(values: pd.Series) -> Times:
    """Parse a time column whole: ISO 8601 (with or without offset), Twitter's
    ``Tue Oct 18 21:53:25 +0000 2011``, ``2015-02-24 11:35:52 -0800``, ``2024/3/1 8:05``,
    ``2024年3月1日 08:05``, ``05/10/2024 08:15 PM``, epoch s/ms/µs/ns, spreadsheet datetimes.

    >>> t = parse_times(pd.Series(["1715343300", "1715343360"]))
    >>> t.kind, str(t.aware.iloc[0])
    ('epoch seconds', '2024-05-10 12:15:00+00:00')
    """
    index = values.index
    nat_utc = pd.Series(pd.NaT, index=index, dtype="datetime64[us, UTC]")
    nat = pd.Series(pd.NaT, index=index, dtype="datetime64[us]")
    if pd.api.types.is_datetime64_any_dtype(values):
        if values.dt.tz is not None:
            return Times(values.dt.tz_convert("UTC").dt.as_unit("us"), nat, "datetimes")
        return Times(nat_utc, values.dt.as_unit("us"), "datetimes without time zone")
    if values.dtype == object:  # spreadsheet cells: datetimes, numbers and text mixed
        is_time = values.map(lambda v: isinstance(v, dt.date | np.datetime64))
        if is_time.any():
            values = values.where(~is_time, values[is_time].astype(str))
    text = values.astype("string").str.strip().fillna("")
    number = numbers(text)
    filled = text != ""
    if filled.any() and number[filled].notna().mean() > 0.9:
        return _numeric_times(number, nat_utc, nat)
    iso = _normalise(text)
    twitter = text.str.match(TWITTER.pattern)
    aware_mask = iso.str.contains(_AWARE, regex=True) & ~twitter
    aware = nat_utc.copy()
    if twitter.any():
        aware[twitter] = pd.to_datetime(text[twitter], format="%a %b %d %H:%M:%S %z %Y",
                                        errors="coerce", utc=True).dt.as_unit("us")
    if aware_mask.any():
        spaced = iso[aware_mask].str.replace(r"[ \t]*(?:UTC|GMT)$", "+00:00", regex=True)
        spaced = spaced.str.replace(r"[ \t]+([+-][0-9]{2}:?[0-9]{2})$", r"\1", regex=True)
        aware[aware_mask] = pd.to_datetime(spaced, format="ISO8601", errors="coerce",
                                           utc=True).dt.as_unit("us")
    rest = filled & ~twitter & ~aware_mask
    naive = nat.copy()
    if rest.any():
        naive[rest] = pd.to_datetime(iso[rest], format="ISO8601", errors="coerce").dt.as_unit("us")
        for fmt in ("%Y-%m-%d %I:%M:%S %p", "%Y-%m-%d %I:%M %p"):
            left = rest & naive.isna()
            if left.any():
                naive[left] = pd.to_datetime(iso[left], format=fmt, errors="coerce").dt.as_unit("us")
    found = ("Twitter-style times" if twitter.mean() > 0.5 else
             "text with UTC offsets" if (twitter | aware_mask).mean() > 0.5 else
             "text without UTC offset")
    written = text[aware_mask | twitter].head(10_000)  # enough to find the usual offset
    parts = written.str.extract(r"([+-])([0-9]{2}):?([0-9]{2})(?:[ \t]+[0-9]{4})?$")
    minutes = (parts[1].astype(float) * 60 + parts[2].astype(float)) * parts[0].map(
        {"+": 1.0, "-": -1.0}).astype(float)
    minutes = minutes.mask(written.str.contains(r"(?:Z|UTC|GMT)$", regex=True), 0.0)
    return Times(aware, naive, found, serial=number.between(*_SERIAL) & filled,
                 notice=iso.attrs.get("notice", ""), offsets=minutes)


_NUMBER = r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"


def numbers(text: pd.Series) -> pd.Series:
    """``pd.to_numeric(text, errors="coerce")`` as float64 for a column of stripped text, at
    pyarrow speed: rows shaped like a decimal number are cast in C, the rest are NaN.

    >>> numbers(pd.Series(["12", "-1.5e3", "", "2024-05-10", None, ".5"])).tolist()
    [12.0, -1500.0, nan, nan, nan, 0.5]
    """
    arr = pa.array(text.astype("string"), from_pandas=True)
    shaped = pc.fill_null(pc.match_substring_regex(arr, _NUMBER), False)
    out = np.full(len(text), np.nan)
    rows = np.flatnonzero(shaped.to_numpy(zero_copy_only=False))
    if len(rows):
        picked = pc.filter(arr, shaped)
        try:
            out[rows] = pc.cast(picked, pa.float64()).to_numpy(zero_copy_only=False)
        except pa.ArrowInvalid:  # a shape pyarrow's parser refuses: pandas decides
            out[rows] = pd.to_numeric(pd.Series(picked.to_pylist()), errors="coerce")
    return pd.Series(out, index=text.index)


def _numeric_times(number: pd.Series, nat_utc: pd.Series, nat: pd.Series) -> Times:
    typical = number.abs().median()
    serial = number.between(*_SERIAL)
    if _SERIAL[0] <= typical < _SERIAL[1]:
        return Times(nat_utc, nat, "spreadsheet serial numbers", serial=serial)
    for lo, hi, unit in EPOCH_UNITS:
        if lo <= typical < hi:
            ok = number.between(lo, hi)
            whole = number.where(ok).round()
            aware = pd.to_datetime(whole, unit=unit, utc=True, errors="coerce").dt.as_unit("us")
            name = {"s": "seconds", "ms": "milliseconds", "us": "microseconds",
                    "ns": "nanoseconds"}[unit]
            return Times(aware, nat, f"epoch {name}", serial=serial)
    return Times(nat_utc, nat, "numbers that are not times", serial=serial)


def _normalise(text: pd.Series) -> pd.Series:
    """Year-first dates with - between parts; d/m/Y or m/d/Y put year first.

    Only the rows that need it are rewritten (the fast path is plain ISO 8601)."""
    out = text.copy()
    chinese = text.str.contains("年", regex=False)
    if chinese.any():
        out[chinese] = text[chinese].str.replace(
            r"([0-9]{4})[ \t]*年[ \t]*([0-9]{1,2})[ \t]*月[ \t]*([0-9]{1,2})[ \t]*日?", r"\1-\2-\3", regex=True)
    slashed = out.str.match(r"[0-9]{4}[/.][0-9]{1,2}[/.][0-9]{1,2}")
    if slashed.any():
        out[slashed] = out[slashed].str.replace(r"^([0-9]{4})[/.]([0-9]{1,2})[/.]([0-9]{1,2})",
                                                r"\1-\2-\3", regex=True)
    year_last = out.str.match(r"[0-9]{1,2}[/.][0-9]{1,2}[/.][0-9]{4}")
    if year_last.any():
        dmy = out[year_last].str.extract(r"^([0-9]{1,2})[/.]([0-9]{1,2})[/.]([0-9]{4})").astype(float)
        day_first = bool((dmy[0] > 12).any()) and not bool((dmy[1] > 12).any())
        pattern = r"\3-\2-\1" if day_first else r"\3-\1-\2"
        out[year_last] = out[year_last].str.replace(r"^([0-9]{1,2})[/.]([0-9]{1,2})[/.]([0-9]{4})",
                                                    pattern, regex=True)
        order = i18n.t("imp_order_dmy") if day_first else i18n.t("imp_order_mdy")
        out.attrs["notice"] = i18n.t("imp_dates_order", value=text[year_last].iloc[0],
                                     order=order)
    return out
