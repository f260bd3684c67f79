"""Who may write where in a team's folder: a role's holder, the hub's roster, a hand-over.

A role belongs to the account that wrote its file. On a class folder shared by a Unix group
(the hub, ``deploy/jupyterhub``) a role file another account wrote is refused in one line
(:func:`check_holder`), never taken over; only its holder hands it on, by releasing it
(:func:`release`: the file is kept aside as ``.<role>.json.released-<time>``, and the next
student to open the role starts from it, :func:`take_released` — only when that file's Unix
owner is the account recorded in it as the role's holder, ``"account"``, so a file a
classmate planted from a terminal is not carried over).

A lock file (``.<role>.json.lock``) another account left in a case folder, or holds from a
program of theirs, is named in one line with its owner and whether it is stale (no program
holds it): :func:`lock_problem`.

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
>>> _ = archive.write_text('{"student": "李雷", "account": "someone-else", "moves": {}}')
>>> take_released(path)[1].startswith(archive.name + ": not carried over: the released file ")
True
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
from .journal import JournalBusy, lock_path, locked
from .names import ANONYMOUS

__all__ = ["TeamError", "account", "check_holder", "check_room", "lock_problem", "read_role",
           "refused", "release", "released_data", "released_roles", "take_released"]

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


def _account(uid: int) -> str:
    """The login of ``uid``; its number when the system knows no login for it."""
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except ImportError:
        return ""
    except KeyError:
        return str(uid)


def account() -> str:
    """This program's account, as a role file records it (``"account"``): its login (its
    uid where it has none; "" where the system has no Unix accounts)."""
    return _account(os.geteuid()) if hasattr(os, "geteuid") else ""


def _owner(path: Path) -> str:
    """Who owns ``path``, for a sentence: the login, else "uid N (no such account)"."""
    uid = path.stat().st_uid
    name = _account(uid)
    return i18n.t("team_uid_gone", uid=uid) if name in ("", str(uid)) else name


def _login(path: Path) -> str:
    """The login of the account owning ``path`` ("" when unknown)."""
    try:
        return _owner(path)
    except OSError:
        return ""


def holder(path: Path) -> str:
    """Who holds the role of ``path``: the name in the file, else the owning login."""
    name = str(read_role(path).get("student") or "")
    return (name if name != ANONYMOUS else "") or _login(path) or "?"


def taken(path: Path, role: str, team: str, *, key: str = "team_role_taken") -> TeamError:
    """The one-line refusal of a role another account holds."""
    return TeamError(i18n.t(key, name=path.name, role=role, team=team, holder=holder(path)))


def _in_use(lock: Path) -> bool | None:
    """Whether a program holds ``lock`` now (None: this account cannot tell)."""
    try:
        import fcntl

        fd = os.open(lock, os.O_RDONLY | os.O_NONBLOCK)
    except (ImportError, OSError):
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return None
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def lock_problem(path: Path, role: str, team: str) -> TeamError | None:
    """The one-line refusal when the lock file of ``path`` belongs to another account (left
    there by a crash or from a terminal): its owner, and whether it is stale (no program
    holds it) or in use; None when there is no such lock file."""
    lock = lock_path(path)
    try:
        uid = lock.stat().st_uid
        owner = _owner(lock)
    except OSError:
        return None
    if not hasattr(os, "geteuid") or uid == os.geteuid():
        return None
    key = {True: "team_lock_held", False: "team_lock_stale"}.get(_in_use(lock),
                                                                   "team_lock_unknown")
    return TeamError(i18n.t(key, lock=lock.name, owner=owner, role=role, team=team, path=lock))


def refused(path: Path, role: str, team: str, *, key: str = "team_role_taken") -> TeamError | None:
    """Why this account may not write ``path``: another account's lock file
    (:func:`lock_problem`), else the role's holder (:func:`taken`); None when neither
    explains it."""
    problem = lock_problem(path, role, team)
    if problem is None and path.exists():
        problem = taken(path, role, team, key=key)
    return problem


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
        problem = refused(path, role, team, key="team_release_not_yours")
        if problem is None:
            raise
        raise problem from None
    except JournalBusy:  # held: by another tab, or by another account's program
        problem = lock_problem(path, role, team)
        if problem is None:
            raise
        raise problem from None
    with contextlib.suppress(OSError):  # the next holder makes a lock file of their own
        lock_path(path).unlink()
    return archive


def _by_holder(archive: Path, data: dict[str, Any]) -> bool:
    """Whether ``archive`` is owned by the account it records as the role's holder (no
    Unix owners: one user, always; no account recorded — a file of an older version — only
    off a shared folder)."""
    if not hasattr(os, "geteuid"):
        return True
    recorded = str(data.get("account") or "")
    if not recorded:
        return not is_shared(archive.parent)
    try:
        return recorded == _account(archive.stat().st_uid)
    except OSError:
        return False


def take_released(path: Path) -> tuple[dict[str, Any], str]:
    """What the role's last holder left when releasing it (without their name and account;
    {} when the role was never released), and one line ("" when nothing was passed over)
    naming the newest released file not carried over because its Unix owner is not the
    account recorded in it (a file planted from a terminal)."""
    skipped: list[tuple[Path, dict[str, Any]]] = []
    found: tuple[Path, dict[str, Any]] | None = None
    for archive in sorted(path.parent.glob(RELEASED.format(name=path.name) + "*"),
                          reverse=True):
        data = read_role(archive)
        if not data:
            continue
        if _by_holder(archive, data):
            found = archive, data
            break
        skipped.append((archive, data))
    note = ""
    if skipped:
        archive, data = skipped[0]
        then = (i18n.t("team_carried_instead", other=found[0].name) if found
                else i18n.t("team_started_empty"))
        with contextlib.suppress(OSError):
            note = i18n.t("team_release_not_carried", name=archive.name, owner=_owner(archive),
                          account=str(data.get("account") or "") or i18n.t("team_no_account"),
                          then=then)
    if found is None:
        return {}, note
    data = dict(found[1])
    data.pop("student", None)
    data.pop("account", None)
    return data, note


def released_data(path: Path) -> dict[str, Any]:
    """What the next holder of ``path``'s role starts from (:func:`take_released`)."""
    return take_released(path)[0]


def released_roles(folder: Path) -> dict[str, str]:
    """{role: the name its holder typed} for every role of case folder ``folder`` with a
    released file, from the newest one its holder released ("" when none is theirs)."""
    found: dict[str, str] = {}
    for archive in sorted(folder.glob(".*.json.released-*"), reverse=True) if (
            folder.is_dir()) else []:
        role = archive.name[1:].split(".json.released-")[0]
        if found.get(role):
            continue
        data = read_role(archive)
        found[role] = (str(data.get("student") or "") if data and _by_holder(archive, data)
                       else "")
    return found
