"""Reading spreadsheet exports (XLSX) for ``workbench import``, within stated limits.

A workbook is a zip of XML parts: :func:`check_xlsx` refuses one whose unpacked size or cell
range is past :data:`~workbench.foundation.limits.MAX_XLSX_BYTES` /
:data:`~workbench.foundation.limits.MAX_XLSX_CELLS` before openpyxl reads a cell.

>>> _column_number(b"AB")
28
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from ..foundation import i18n
from ..foundation.limits import MAX_XLSX_BYTES, MAX_XLSX_CELLS
from .import_read import Source, refuse

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
                raise refuse(shown, 1, "file", i18n.t("ir_xlsx_big", mb=total / 2**20),
                             i18n.t("ir_xlsx_big_expected", mb=MAX_XLSX_BYTES // 2**20),
                             i18n.t("ir_export_sheet"))
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
                    raise refuse(shown, 1, "file", i18n.t("ir_xlsx_cells", name=member.filename,
                                                          rows=rows, cols=cols),
                                 i18n.t("ir_xlsx_cells_expected", max=MAX_XLSX_CELLS),
                                 i18n.t("ir_xlsx_cells_hint"))
    except zipfile.BadZipFile:
        raise refuse(shown, 1, "file", i18n.t("ir_xlsx_unreadable", why=i18n.t("ir_not_zip")),
                     i18n.t("ir_xlsx_expected"), i18n.t("ir_xlsx_hint")) from None


def read_xlsx(path: Path, shown: str) -> Source:
    """The first sheet as a table of raw cells (the header row names the columns)."""
    check_xlsx(path, shown)
    try:
        frame = pd.read_excel(path, sheet_name=0, engine="openpyxl", dtype=object)
    except Exception as exc:  # openpyxl raises many types for damaged workbooks
        raise refuse(shown, 1, "file", i18n.t("ir_xlsx_unreadable", why=type(exc).__name__),
                     i18n.t("ir_xlsx_expected"), i18n.t("ir_xlsx_hint")) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return Source(frame.dropna(how="all"), "XLSX", shown,
                  lines=np.arange(2, len(frame) + 2)[frame.notna().any(axis=1).to_numpy()])
