"""Reading social-listening exports for ``workbench import``: files and encodings.

CSV (any delimiter, sniffed; quotes, CRLF; UTF-8 with or without BOM, UTF-16, GBK/GB18030,
Latin-1), JSON Lines (or a JSON array) and XLSX. Whatever cannot be read is refused with
one line in the workbench's error style (:class:`ImportRefused`), never a traceback. The
time column is read by :mod:`workbench.io.import_times`.

>>> text, name = decode("时间,内容\\n".encode("gb18030"), None, "x.csv")
>>> name
'GBK/GB18030'
>>> sniff_delimiter('id;text;time\\n1;"a;b";2024-05-10\\n')
';'
"""

from __future__ import annotations

import csv
import io
import mmap
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from ..foundation import i18n
from ..foundation.limits import loads_json
from ..foundation.problems import CaseError, Problem

DELIMITERS = ",;\t|"
SAMPLE = 1 << 16
#: Files this big are memory-mapped, not read: pyarrow parses the page cache in place, and a
#: 100 MB export costs no 100 MB copy (on a VM each fresh page of such a copy is a fault).
MAP_BYTES = 8 * 2**20


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
    utf8: bytes | mmap.mmap = field(default=b"", repr=False)  # the file, when no ``text``

    def line(self, row: int) -> int:
        """The line in the file (header = 1) where data row ``row`` (0-based) starts."""
        if self.lines is None and self.kind == "CSV":
            text = self.text or str(self.utf8, "utf-8")
            self.lines = _csv_row_lines(text, self.delimiter)
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
            raise refuse(shown, 1, "encoding", i18n.t("ir_unknown_encoding", value=encoding),
                         i18n.t("ir_unknown_encoding_expected"),
                         i18n.t("ir_unknown_encoding_hint")) from None
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise refuse(shown, line, "encoding", i18n.t("ir_not_encoding", value=encoding),
                         i18n.t("ir_not_encoding_expected"),
                         i18n.t("ir_not_encoding_hint")) from None
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
        raise refuse(shown, bad[0], "encoding",
                     i18n.t("ir_mixed_encodings", good=_few(good), bad=_few(bad)),
                     i18n.t("ir_mixed_encodings_expected"),
                     i18n.t("ir_mixed_encodings_hint")) from None
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
    raise refuse(shown, bad[0] if bad else 1, "encoding", i18n.t("ir_encoding_unknown"),
                 i18n.t("ir_encoding_unknown_expected"),
                 i18n.t("ir_encoding_unknown_hint")) from None


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
    return shown + (i18n.t("ir_few_more", n=len(numbers)) if len(numbers) > 5 else "")


def _strict(data: bytes, codec: str, shown: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise refuse(shown, line, "encoding", i18n.t("ir_bom_not_utf8"),
                     i18n.t("ir_bom_not_utf8_expected"), i18n.t("ir_resave_utf8")) from None


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
        data = _contents(path)
    except FileNotFoundError:
        raise refuse(shown, 1, "file", i18n.t("vm_file_not_found"), i18n.t("ir_an_export"),
                     i18n.t("ir_check_path")) from None
    except OSError as exc:
        raise refuse(shown, 1, "file", i18n.t("vm_file_unreadable", why=exc.strerror)) from None
    first = data[:4096]
    if first.startswith(b"PK\x03\x04"):
        from .import_xlsx import read_xlsx  # imported when used: openpyxl is big

        return read_xlsx(path, shown)
    if first.startswith(b"\xd0\xcf\x11\xe0"):
        raise refuse(shown, 1, "file", i18n.t("ir_xls"), i18n.t("ir_xls_expected"),
                     i18n.t("ir_xls_hint"))
    if b"\x00" in first and not first.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise refuse(shown, 1, "file", i18n.t("ir_binary"), i18n.t("ir_binary_expected"),
                     i18n.t("ir_binary_hint"))
    if encoding is None and not first.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        fast = _utf8_csv(data, shown)
        if fast is not None:
            return fast
    data = data if isinstance(data, bytes) else data[:]  # the general path decodes a copy
    text, name = decode(data, encoding, shown)
    text = text.lstrip("\ufeff")
    start = re.compile(r"\s*").match(text).end()  # no copy of a 100 MB text
    if start == len(text):
        raise refuse(shown, 1, "file", i18n.t("vm_file_empty"), i18n.t("ir_empty_expected"))
    head = text[start:start + 1]
    if head in "[{" and (path.suffix.lower() in (".json", ".jsonl", ".ndjson") or head == "{"):
        return _read_json(text, shown, name)
    return _read_csv(text, shown, name, utf8=data if name == "UTF-8" else None)


def _contents(path: Path) -> bytes | mmap.mmap:
    """The file's bytes: read when small, memory-mapped from :data:`MAP_BYTES` on."""
    with path.open("rb") as handle:
        if os.fstat(handle.fileno()).st_size < max(MAP_BYTES, 1):  # an empty file cannot map
            return handle.read()
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


def _quotes(whole: str | bytes | mmap.mmap) -> int:
    """How many double quotes the file holds: no quote is one search, a count otherwise
    (in 1 MB slices of a mapped file, which has no ``count``)."""
    mark = '"' if isinstance(whole, str) else b'"'
    if whole.find(mark) == -1:
        return 0
    if not isinstance(whole, mmap.mmap):
        return whole.count(mark)
    step = 1 << 20
    return sum(whole[i:i + step].count(mark) for i in range(0, len(whole), step))


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


def _read_csv(text: str, shown: str, encoding: str, *,
              utf8: bytes | None = None) -> Source:
    """Every cell as text. pyarrow's multi-threaded reader does the work; a file it will not
    take as it is (ragged rows, a stray quote, repeated or blank header names) is read by
    pandas instead, which says where the damage is in the same words as ever."""
    delim = sniff_delimiter(text)
    frame = _arrow_csv(text, delim, utf8)
    if frame is not None:
        return Source(frame, "CSV", shown, encoding, delim, text=text)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delim, dtype=str, keep_default_na=False,
                            na_filter=False, skip_blank_lines=True, engine="c")
    except pd.errors.ParserError as exc:
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if found:
            want, line, saw = found.groups()
            raise refuse(shown, int(line), "row", i18n.t("vm_row_fields", n=saw, m=want),
                         i18n.t("ir_fields_expected", m=want, sep=_name(delim)),
                         i18n.t("ir_fields_hint")) from None
        unclosed = re.search(r"EOF inside string starting at row (\d+)", str(exc))
        if unclosed:
            raise refuse(shown, int(unclosed.group(1)) + 1, "csv", i18n.t("ir_unclosed"),
                         i18n.t("ir_unclosed_expected"), i18n.t("ir_unclosed_hint")) from None
        raise refuse(shown, 1, "csv", i18n.t("ir_csv_unparsable", why=exc),
                     i18n.t("ir_csv_expected"), i18n.t("vm_csv_hint")) from None
    except pd.errors.EmptyDataError:
        raise refuse(shown, 1, "file", i18n.t("ir_no_header"),
                     i18n.t("ir_no_header_expected")) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return Source(frame, "CSV", shown, encoding, delim, text=text)


def _utf8_csv(data: bytes | mmap.mmap, shown: str) -> Source | None:
    """The usual case, a UTF-8 CSV, read without decoding the whole file in Python:
    pyarrow checks the UTF-8 as it parses. None when the file is anything else (JSON,
    another encoding, damage): :func:`read_source` then takes the general path."""
    start = re.compile(rb"\s*").match(data).end()
    if start == len(data) or data[start:start + 1] in (b"[", b"{"):
        return None
    head = data[: 4 * SAMPLE + 4].decode("utf-8", errors="ignore")  # ≥ SAMPLE characters
    delim = sniff_delimiter(head)
    frame = _arrow_csv(head, delim, data)
    return None if frame is None else Source(frame, "CSV", shown, "UTF-8", delim, utf8=data)


def _arrow_csv(text: str, delim: str,
               utf8: bytes | mmap.mmap | None) -> pd.DataFrame | None:
    """The file as a frame of text columns read by pyarrow, or None to let pandas read it."""
    try:
        header = next(csv.reader(io.StringIO(text), delimiter=delim))
    except (StopIteration, csv.Error):
        return None
    names = [c.strip() for c in header]
    quotes = _quotes(utf8 if utf8 is not None else text)
    if quotes % 2:
        return None  # an unclosed quote: pyarrow would read to the end; pandas says where
    if not all(names) or len(set(header)) < len(header) or len(set(names)) < len(names):
        return None  # pandas names blank and repeated columns ("Unnamed: 0", "a.1")
    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(utf8) if utf8 is not None else text.encode("utf-8")),
            read_options=pacsv.ReadOptions(block_size=1 << 24),
            # no quote in the file: no value can hold a line break, so the blocks are split
            # at any newline (faster, and multi-threaded), the same rows as with quoting
            parse_options=pacsv.ParseOptions(delimiter=delim, newlines_in_values=bool(quotes),
                                             quote_char='"' if quotes else False),
            convert_options=pacsv.ConvertOptions(
                # large_string: the type pandas keeps its text in, so to_pandas copies nothing
                column_types={c: pa.large_string() for c in header}, strings_can_be_null=False,
                quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if table.num_columns != len(header):
        return None
    frame = table.to_pandas()
    frame.columns = names
    return frame


def _name(delim: str) -> str:
    return i18n.t({",": "ir_sep_commas", ";": "ir_sep_semicolons", "\t": "ir_sep_tabs",
                   "|": "ir_sep_pipes"}[delim])


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
    if text[re.compile(r"\s*").match(text).end():].startswith("["):
        try:
            records = loads_json(text)
        except ValueError as exc:
            raise refuse(shown, getattr(exc, "lineno", 1), "json", i18n.t("ir_bad_json"),
                         i18n.t("ir_bad_json_expected")) from None
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
                raise refuse(shown, n, "json", i18n.t("ir_bad_json_line", why=exc.args[0][:60]),
                             i18n.t("ir_bad_json_line_expected"),
                             i18n.t("ir_bad_json_line_hint")) from None
            numbers.append(n)
        lines, kind = np.asarray(numbers, dtype=int), "JSON Lines"
    bad = next((i for i, r in enumerate(records) if not isinstance(r, dict)), None)
    if bad is not None:
        raise refuse(shown, lines[bad] if lines is not None else 1, "json",
                     i18n.t("ir_not_object"), i18n.t("ir_not_object_expected"))
    frame = pd.json_normalize(records, sep=".") if records else pd.DataFrame()
    return Source(frame, kind, shown, encoding, lines=lines)
