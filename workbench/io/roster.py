"""Class rosters and how names are matched (one student, however the name was typed).

>>> read_roster(["王芳", " ", "# comment", "Li Lei"])
['王芳', 'Li Lei']
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

__all__ = ["ROSTER_HEADERS", "name_key", "read_roster"]

#: Roster headers recognised in a CSV roster (else its first column holds the names).
ROSTER_HEADERS = ("name", "student", "姓名", "学生", "名字", "学生姓名")


def name_key(name: str) -> str:
    """How names are matched: Unicode-normalised, spaces collapsed, case-insensitive.

    >>> name_key(" Li  Lei ") == name_key("li lei"), name_key("王芳") == name_key("王 芳")
    (True, False)
    """
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", name)).strip().casefold()


def read_roster(roster: str | Path | Iterable[str]) -> list[str]:
    """Names from a roster: a CSV (a column named name/student/姓名/学生, else the first
    column) or a text file with one name per line (UTF-8, BOM allowed; a file that is not
    UTF-8 is read as GB18030, as Excel saves CSV on Chinese Windows); or a list of names.

    >>> read_roster(["王芳", " ", "# comment", "Li Lei"])
    ['王芳', 'Li Lei']
    """
    if isinstance(roster, (str, Path)):
        path = Path(roster).expanduser()
        if not path.is_file():
            raise FileNotFoundError(f"no roster file {path}: give a CSV or a text file with "
                                    "one name per line")
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:  # a spreadsheet saved on Chinese Windows: GBK/GB18030
            text = raw.decode("gb18030", errors="replace")
        if path.suffix.lower() == ".csv":
            rows = [r for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]
            column = 0
            if rows:
                header = [c.strip().casefold() for c in rows[0]]
                hit = next((i for i, h in enumerate(header) if h in ROSTER_HEADERS), None)
                if hit is not None:
                    column, rows = hit, rows[1:]
            names: Iterable[str] = [r[column] if column < len(r) else "" for r in rows]
        else:
            names = text.splitlines()
    else:
        names = roster
    out = [n.strip() for n in names if n.strip() and not n.strip().startswith("#")]
    return list(dict.fromkeys(out))
