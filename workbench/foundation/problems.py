"""Problems found in user files, reported the way a teacher would: what, where, how to fix.

Every problem prints as one line, ``path:line: column: what; expected … (hint)``.

>>> print(Problem("cases/x/events.csv", 7, "phase", "unknown value 'planing'",
...               expected="one of team, plan", hint="did you mean 'plan'?"))
cases/x/events.csv:7: phase: unknown value 'planing'; expected one of team, plan (did you mean 'plan'?)
>>> did_you_mean("planing", ["team", "plan"])
"did you mean 'plan'?"
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a case file. ``severity`` is ``"error"`` or ``"warning"``."""

    path: str
    line: int
    column: str
    what: str
    expected: str = ""
    hint: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.column}: {self.what}"
        if self.expected:
            from . import i18n  # i18n imports this module: look it up when printing
            text += i18n.t("val_expected", expected=self.expected)
        if self.hint:
            text += f" ({self.hint})"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class WorkbenchError(ValueError):
    """The base of every error a user's input can cause (a case, an import, a hand-in).

    Its message is the whole story, so IPython shows it without a traceback.
    """

    def _render_traceback_(self) -> list[str]:
        """IPython shows this instead of a traceback."""
        return [f"{type(self).__name__}: {self}"]


class CaseError(WorkbenchError):
    """A case could not be loaded; ``.problems`` lists every reason, one line each."""

    def __init__(self, where: str, problems: list[Problem]):
        self.where = where
        self.problems = problems
        errors = [p for p in problems if p.is_error]
        lines = "\n".join(str(p) for p in errors)
        super().__init__(f"{len(errors)} problem(s) in {where}:\n{lines}")


def did_you_mean(value: object, options: Iterable[str]) -> str:
    """A hint naming the closest allowed value, or ``""`` when none is close."""
    options = list(options)
    text = str(value).strip().lower()
    match = difflib.get_close_matches(text, options, n=1, cutoff=0.6)
    if not match:
        match = [o for o in options if text and (o.startswith(text) or text.startswith(o))][:1]
    return f"did you mean '{match[0]}'?" if match else ""


def one_of(options: Iterable[str], *, limit: int = 12) -> str:
    """``"one of a, b, c"`` — the expected-values phrase, shortened when long."""
    options = list(options)
    shown = ", ".join(options[:limit])
    return f"one of {shown}" + (f", … ({len(options)} in all)" if len(options) > limit else "")


ENCODINGS_TO_TRY = (("gb18030", "GBK/GB18030 (Chinese Excel's default)"),
                    ("cp1252", "Windows-1252 / Latin-1"))


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """Read a text file as UTF-8 (with or without BOM; CRLF is fine).

    Returns ``(text, [])`` or ``(None, [problem])`` saying which encoding was found
    and how to re-save the file.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(shown, 1, "file", "file not found", "the file in the case folder")]
    except OSError as exc:
        return None, [Problem(shown, 1, "file", f"cannot be read ({exc.strerror})")]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(shown, 1, "encoding", "file is UTF-16 (Excel's 'Unicode text')",
                              "UTF-8", "re-save it as 'CSV UTF-8' or with a text editor as UTF-8")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        found = "an unknown encoding"
        for codec, name in ENCODINGS_TO_TRY:
            try:
                data.decode(codec)
            except UnicodeDecodeError:
                continue
            found = name
            break
        return None, [Problem(shown, line, "encoding", f"file is not UTF-8; it looks like {found}",
                              "UTF-8", "in Excel use Save As → 'CSV UTF-8 (Comma delimited)'; "
                              "or run: iconv -f GB18030 -t UTF-8 old.csv > new.csv")]
    if not text.strip():
        return None, [Problem(shown, 1, "file", "file is empty", "content",
                              "see docs/case-format.md for a minimal example")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []
