"""The class's team folders on the hub, made as root from the instructor's roster.

``teams/<team>/`` (``root:<class group>`` 2750) for each team of the roster, and in each
``<case>/`` (``root:<class group>`` 3770: set-gid and sticky) for each case of the class
library: no student owns a folder there, so in a case folder only a role file's owner may
replace, rename or delete it, and no student can start a team or a case folder (see
``workbench_hub.py`` and docs/deploy.md). Run by ``workbench_hub.prepare_shared`` before
every server starts and by ``workbench_hub.py add-teams``.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

__all__ = ["case_ids", "prepare_teams"]


def case_ids(library: Path) -> list[str]:
    """The ids of the cases in the class's library (its folders holding a case.yaml).

    >>> from workbench.core.cases import bundled_root
    >>> "haidilao-2017" in case_ids(bundled_root()), case_ids(Path("/no/such/folder"))
    (True, [])
    """
    if not library.is_dir():
        return []
    return sorted(p.name for p in library.iterdir()
                  if not p.name.startswith(".") and (p / "case.yaml").is_file())


_NOFOLLOW = os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_NOFOLLOW", 0)


def _subfolders(fd: int) -> set[str]:
    with os.scandir(fd) as entries:
        return {e.name for e in entries
                if not e.name.startswith(".") and e.is_dir(follow_symlinks=False)}


def _folder_at(parent: int, name: str, gid: int, mode: int) -> int | None:
    """Folder ``name`` in the open folder ``parent``, made when missing, owned by
    root:``gid`` with ``mode``; its descriptor (None for a link or a file of that name:
    root never follows a link a student may have put there)."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(name, 0o700, dir_fd=parent)
    try:
        fd = os.open(name, _NOFOLLOW, dir_fd=parent)
    except OSError:
        return None
    os.fchown(fd, 0, gid)
    os.fchmod(fd, mode)
    return fd


def prepare_teams(teams: Path, gid: int, names: tuple[str, ...] | list[str] = (), *,
                  cases: list[str] | tuple[str, ...] = ()) -> list[str]:
    """The team folders (as root): ``teams/<team>/`` for each of ``names`` (the roster's
    teams) and each team folder already there, ``root:<class> 2750`` — students may not
    add, rename or remove one — and in each ``<case>/`` for each case id and each case
    folder already there, ``root:<class> 3770`` — set-gid and sticky: every member writes
    a role file, only its owner may replace, rename or delete it. Folders a student made
    before (a hub set up when any classmate could start a team) are taken over the same
    way; links are never followed. Returns the team folders' names."""
    from workbench.core.cases import safe_name
    from workbench.core.names import student_folder

    wanted = {student_folder(n) for n in names}
    cases = {safe_name(c) for c in cases}
    top = os.open(teams, _NOFOLLOW)
    try:
        made = []
        for name in sorted(wanted | _subfolders(top)):
            fd = _folder_at(top, name, gid, 0o2750)
            if fd is None:
                continue
            try:
                for case in sorted(cases | _subfolders(fd)):
                    sub = _folder_at(fd, case, gid, 0o3770)
                    if sub is not None:
                        os.close(sub)
            finally:
                os.close(fd)
            made.append(name)
        return made
    finally:
        os.close(top)
