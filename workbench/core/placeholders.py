"""Lines a case author has still to fill in: the ``FILL IN`` marks left by ``workbench new``.

Each one is a warning, not an error, so a scaffolded case validates (and opens) while its
author works through it — the validator's list of warnings is the to-do list.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "case.yaml").write_text("title:\\n  zh: FILL IN 标题\\n", encoding="utf-8")
>>> print(check(folder, lambda name: f"x/{name}")[0])
x/case.yaml:2: zh: still says FILL IN; expected your own text (fill this in: docs/authoring.md)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from ..foundation.i18n import t
from ..foundation.problems import Problem

MARK = "FILL IN"
FILES = ("case.yaml", "events.csv", "questions.yaml")
_KEY = re.compile(r"^\s*(?:-\s*)?([A-Za-z_][\w-]*)\s*:")


def check(folder: Path, where: Callable[[str], str]) -> list[Problem]:
    """A warning for each line of the case's text files that still holds :data:`MARK`."""
    problems = []
    for name in FILES:
        path = folder / name
        if not path.is_file() or path.is_symlink():
            continue
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError):
            continue  # the readers report unreadable files
        header = lines[0].split(",") if name.endswith(".csv") and lines else []
        for number, line in enumerate(lines, start=1):
            if MARK not in line:
                continue
            if header:
                cells = line.split(",")
                column = next((header[i] for i, c in enumerate(cells)
                               if MARK in c and i < len(header)), "row")
            else:
                found = _KEY.match(line)
                column = found.group(1) if found else "text"
            problems.append(Problem(where(name), number, column, t("val_fill_in", mark=MARK),
                                    t("val_fill_in_expected"), t("val_fill_in_hint"),
                                    severity="warning"))
    return problems
