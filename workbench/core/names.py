"""Student names: how a typed name becomes a folder of journals, the same everywhere
(notebook, app, ``workbench export``).

The rules (docs/classwork.md):

1. The name is Unicode-normalised (NFKC) and runs of spaces become one space; leading
   and trailing spaces go. A blank name is the shared ``anonymous`` journal.
2. At most :data:`~workbench.foundation.limits.MAX_NAME_CHARS` characters, else
   :class:`StudentNameError` (one sentence saying so).
3. The folder name drops what no file system accepts (``/ \\ < > : " | ? *``, control
   characters, leading and trailing dots). When anything was dropped — or the result is
   a name Windows reserves (``CON``, ``NUL``, …) or one of the work folder's own folders
   (:data:`WORK_FOLDERS`: ``teams``, ``drills``, … in any letter case) — a short hash of
   the whole name is added (``Li Lei.`` → ``Li Lei~3f9a1c``, ``teams`` → ``teams~…``), so
   two different names never share a file and no student's journals land among the team
   rooms' or the drills' files. A name with nothing left (``.``, ``..``) is refused.

Names that differ only in letter case are one student to :mod:`workbench.io.collect`.

>>> student_folder("李雷"), student_folder("  Li   Lei "), student_folder("")
('李雷', 'Li Lei', 'anonymous')
>>> student_folder("Li Lei.") != student_folder("Li Lei"), student_folder("a/b") != "ab"
(True, True)
>>> student_folder("a/b")
'ab~c14cdd'
>>> student_folder("teams"), student_folder("Drills") == "Drills"
('teams~fadff6', False)
>>> student_folder("..")
Traceback (most recent call last):
...
workbench.core.names.StudentNameError: the name '..' has no letter or digit; type your name as the class roster writes it
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from ..foundation import i18n
from ..foundation.limits import MAX_NAME_CHARS

ANONYMOUS = "anonymous"
_UNSAFE = re.compile(r"[\\/\x00-\x1f\x7f<>:\"|?*]")
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)),
             *(f"LPT{i}" for i in range(10))}
#: The work folder's own subfolders, never a student's: ``teams`` (the team rooms,
#: :func:`workbench.core.team.teams_root`), ``drills`` (the instructor's pacing files,
#: :func:`workbench.core.pacing.drills_root`), ``exports`` (team exports of ``wb.TeamsView``)
#: and ``imported`` (``workbench.io.importer.work_folder``).
WORK_FOLDERS = frozenset({"teams", "drills", "exports", "imported"})


class StudentNameError(ValueError):
    """A name that cannot name a journal; the message says why in one sentence."""


def normalise_name(name: str | None) -> str:
    """The name as kept in a journal: NFKC, single spaces, trimmed (blank → anonymous).

    >>> normalise_name(" Ｌｉ  Lei ")
    'Li Lei'
    """
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", name or "")).strip()
    if len(text) > MAX_NAME_CHARS:
        raise StudentNameError(i18n.t("nm_too_long", n=len(text), max=MAX_NAME_CHARS))
    return text or ANONYMOUS


def student_folder(name: str | None) -> str:
    """The folder (one path component) for ``name``'s journals; see the module rules."""
    text = normalise_name(name)
    cleaned = _UNSAFE.sub("", text).strip(" .")
    if not re.search(r"\w", cleaned):
        raise StudentNameError(i18n.t("nm_no_letter", name=text[:MAX_NAME_CHARS]))
    if (cleaned != text or cleaned.split(".")[0].upper() in _RESERVED
            or cleaned.casefold() in WORK_FOLDERS):
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]
        cleaned = f"{cleaned}~{digest}"
    return cleaned
