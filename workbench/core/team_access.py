"""Who may write where in a team's folder: a role's holder, the hub's roster, a hand-over.

A role belongs to the account that wrote its file. On a class folder shared by a Unix group
(the hub, ``deploy/jupyterhub``) a role file another account wrote is refused in one line
(:func:`check_holder`), never taken over; only its holder hands it on, by releasing it
(:func:`release`: the file is kept aside as ``.<role>.json.released-<time>``, and the next
student to open the role starts from it, :func:`released_data`).

On the hub the team folders come from the instructor's roster: the hub's set-up (run as
root) makes ``teams/<team>/<case>/`` for every team and case, owned by root, and students
may not make new ones. A team or a case the set-up did not make is refused in one line
(:func:`check_room`), not met with a bare "Permission denied". Off the hub (any folder the
account may write) teams are started by their name, as before.

>>> import tempfile
>>> from pathlib import Path
>>> path = Path(tempfile.mkdtemp()) / "teams" / "A组" / "demo-lumen-2024" / "legal.json"
>>> check_room(path, "A组", "demo-lumen-2024")        # a folder this account may write: fine
>>> path.parent.mkdir(parents=True); _ = path.write_text('{"student": "李雷", "moves": {}}')
>>> archive = release(path, "legal", "A组")
>>> archive.name.startswith(".legal.json.released-"), path.exists()
(True, False)
>>> released_data(path)                      # what the next holder starts from (no name)
{'moves': {}}
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import stat
from pathlib import Path
from typing import Any

from ..foundation import i18n
from ..foundation.files import is_shared
from ..foundation.limits import JSONRefused, loads_json
from ..foundation.problems import WorkbenchError
from .journal import lock_path, locked

__all__ = ["TeamError", "check_holder", "check_room", "read_role", "release",
           "released_data"]

#: What a released role file is renamed to (a dot file: ``workbench collect`` skips it).
RELEASED = ".{name}.released-"


class TeamError(WorkbenchError):
    """A role, phase, channel, strategy or message a team plan cannot hold."""


def read_role(path: Path) -> dict[str, Any]:
    """A role file as a dict ({} when missing or unreadable — never raises)."""
    try:
        data = loads_json(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, JSONRefused, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _login(path: Path) -> str:
    """The login of the account owning ``path`` ("" when unknown)."""
    try:
        import pwd

        return pwd.getpwuid(path.stat().st_uid).pw_name
    except (ImportError, KeyError, OSError):
        return ""


def holder(path: Path) -> str:
    """Who holds the role of ``path``: the name in the file, else the owning login."""
    return str(read_role(path).get("student") or "") or _login(path) or "?"


def taken(path: Path, role: str, team: str, *, key: str = "team_role_taken") -> TeamError:
    """The one-line refusal of a role another account holds."""
    return TeamError(i18n.t(key, name=path.name, role=role, team=team, holder=holder(path)))


def check_holder(path: Path, role: str, team: str, *, key: str = "team_role_taken") -> None:
    """A role file another account wrote, in a shared folder, is that classmate's: refused
    in one line (``key``: the strings entry saying so), never taken over."""
    try:
        owner = path.stat().st_uid
    except OSError:
        return
    if hasattr(os, "geteuid") and owner != os.geteuid() and is_shared(path.parent):
        raise taken(path, role, team, key=key)


def _closed(folder: Path) -> bool:
    """A folder an administrator set up for the class (set-group-ID) this account may not
    write in: the hub's ``teams/`` and team folders."""
    try:
        mode = folder.stat().st_mode
    except OSError:
        return False
    return bool(mode & stat.S_ISGID) and not os.access(folder, os.W_OK)


def check_room(path: Path, team: str, case: str) -> None:
    """Refuse, in one line, a team or a case whose folder is missing where this account may
    not make it (the hub: team folders come from the roster); anywhere else, nothing."""
    folder = path.parent
    team_dir, root = folder.parent, folder.parent.parent
    if folder.is_dir():
        return
    if not team_dir.is_dir():
        if _closed(root):
            teams = sorted(p.name for p in root.iterdir() if p.is_dir()
                           and not p.name.startswith("."))
            raise TeamError(i18n.t("team_not_on_roster", folder=team_dir, team=team,
                                   teams=i18n.t("list_sep").join(teams) or "—"))
    elif _closed(team_dir):
        raise TeamError(i18n.t("team_no_case", folder=folder, team=team, case=case))


def release(path: Path, role: str, team: str) -> Path | None:
    """Hand ``role`` on: its holder's file is renamed ``.<role>.json.released-<time>`` (kept
    for the instructor and for the next holder, :func:`released_data`) and its lock file
    removed, so another classmate may take the role; the archive's path (None when the role
    has no file). A role file another account holds is refused in one line."""
    if not path.exists():
        return None
    check_holder(path, role, team, key="team_release_not_yours")
    when = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    archive = path.with_name(RELEASED.format(name=path.name) + when)
    try:
        with locked(path, busy="team_busy"):
            os.rename(path, archive)
    except PermissionError:  # a sticky folder: only the file's owner may rename it
        raise taken(path, role, team, key="team_release_not_yours") from None
    with contextlib.suppress(OSError):  # the next holder makes a lock file of their own
        lock_path(path).unlink()
    return archive


def released_data(path: Path) -> dict[str, Any]:
    """What the role's last holder left when releasing it (without their name); {} when
    the role was never released."""
    for archive in sorted(path.parent.glob(RELEASED.format(name=path.name) + "*"),
                          reverse=True):
        data = read_role(archive)
        if data:
            data.pop("student", None)
            return data
    return {}
