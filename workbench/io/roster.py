"""Class rosters and how names are matched (one student, however the name was typed); the
teams of a roster that has a team column (the class hub makes their team folders from it:
``deploy/jupyterhub/workbench_hub.py add-teams``).

>>> read_roster(["王芳", " ", "# comment", "Li Lei"])
['王芳', 'Li Lei']
>>> read_teams([("王芳", "A组"), ("Li Lei", "A组"), ("韩梅梅", "B组"), ("张伟", "")])
{'A组': ['王芳', 'Li Lei'], 'B组': ['韩梅梅']}
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

__all__ = ["ROSTER_HEADERS", "TEAM_HEADERS", "name_key", "read_roster", "read_teams"]

#: Roster headers recognised in a CSV roster (else its first column holds the names).
ROSTER_HEADERS = ("name", "student", "姓名", "学生", "名字", "学生姓名")
#: Headers of a roster's team column (:func:`read_teams`).
TEAM_HEADERS = ("team", "group", "小组", "组", "组别", "组名", "团队", "队伍")


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
        path, text = _read_text(roster)
        if path.suffix.lower() == ".csv":
            rows = _rows(text)
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


def _read_text(roster: str | Path) -> tuple[Path, str]:
    path = Path(roster).expanduser()
    if not path.is_file():
        raise FileNotFoundError(f"no roster file {path}: give a CSV or a text file with "
                                "one name per line")
    raw = path.read_bytes()
    try:
        return path, raw.decode("utf-8-sig")
    except UnicodeDecodeError:  # a spreadsheet saved on Chinese Windows: GBK/GB18030
        return path, raw.decode("gb18030", errors="replace")


def _rows(text: str) -> list[list[str]]:
    return [r for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]


def read_teams(roster: str | Path | Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """The teams of a roster, {team: [names]} in the roster's order: a CSV whose header
    has a team column (team/group/小组/组/组别…) beside the names (a column named as in
    :data:`ROSTER_HEADERS` or login/username, else the first other column); or (name, team)
    pairs. Rows without a team are left out; a roster without a team column has no teams.
    """
    if isinstance(roster, (str, Path)):
        rows = _rows(_read_text(roster)[1])
        header = [c.strip().casefold() for c in rows[0]] if rows else []
        team = next((i for i, h in enumerate(header) if h in TEAM_HEADERS), None)
        if team is None:
            return {}
        names = (*ROSTER_HEADERS, "login", "username")
        name = next((i for i, h in enumerate(header) if h in names),
                    next((i for i in range(len(header)) if i != team), None))
        pairs: Iterable[tuple[str, str]] = [
            (r[name] if name is not None and name < len(r) else "",
             r[team] if team < len(r) else "") for r in rows[1:]]
    else:
        pairs = roster
    teams: dict[str, list[str]] = {}
    for who, where in pairs:
        who, where = who.strip(), where.strip()
        if where and not who.startswith("#"):
            members = teams.setdefault(where, [])
            if who and who not in members:
                members.append(who)
    return teams
