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
            text += t("vm_hint", hint=self.hint)
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
        super().__init__(t("vm_case_error", n=len(errors), where=where) + f"\n{lines}")


def t(key: str, **fmt: object) -> str:
    """The message ``key`` in the current language (i18n imports this module: look it up late)."""
    from . import i18n
    return i18n.t(key, **fmt)


def closest(value: object, options: Iterable[str]) -> str | None:
    """The allowed value closest to ``value``, or None when none is close.

    >>> closest("legl", ["legal", "pr"]), closest("zzz", ["legal", "pr"])
    ('legal', None)
    """
    options = list(options)
    text = str(value).strip().lower()
    match = difflib.get_close_matches(text, options, n=1, cutoff=0.6)
    if not match:
        match = [o for o in options if text and (o.startswith(text) or text.startswith(o))][:1]
    return match[0] if match else None


def did_you_mean(value: object, options: Iterable[str]) -> str:
    """A hint naming the closest allowed value (in the chosen language), or ``""``."""
    match = closest(value, options)
    return t("vm_did_you_mean", value=match) if match else ""


def one_of(options: Iterable[str], *, limit: int = 12) -> str:
    """``"one of a, b, c"`` — the expected-values phrase, shortened when long."""
    options = list(options)
    shown = ", ".join(options[:limit])
    more = t("vm_one_of_more", n=len(options)) if len(options) > limit else ""
    return t("vm_one_of", options=shown) + more


ENCODINGS_TO_TRY = (("gb18030", "vm_enc_gb18030"), ("cp1252", "vm_enc_cp1252"))


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """Read a text file as UTF-8 (with or without BOM; CRLF is fine).

    Returns ``(text, [])`` or ``(None, [problem])`` saying which encoding was found
    and how to re-save the file.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(shown, 1, "file", t("vm_file_not_found"),
                              t("vm_file_not_found_expected"))]
    except OSError as exc:
        return None, [Problem(shown, 1, "file", t("vm_file_unreadable", why=exc.strerror))]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(shown, 1, "encoding", t("vm_utf16"), t("vm_utf8"),
                              t("vm_utf16_hint"))]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        found = t("vm_enc_unknown")
        for codec, name in ENCODINGS_TO_TRY:
            try:
                data.decode(codec)
            except UnicodeDecodeError:
                continue
            found = t(name)
            break
        return None, [Problem(shown, line, "encoding", t("vm_not_utf8", found=found),
                              t("vm_utf8"), t("vm_not_utf8_hint"))]
    if not text.strip():
        return None, [Problem(shown, 1, "file", t("vm_file_empty"), t("vm_file_empty_expected"),
                              t("vm_file_empty_hint"))]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []
