"""Files written the safe way: the one atomic write every module uses (journals, exports).

A write goes to a temporary file in the same folder, is flushed and ``fsync``-ed, then
replaces the target with ``os.replace``: a crash or a full disk at any moment leaves either
the old file or the new one, never half of one.

**Permissions are those of an ordinary write.** A new file gets ``0o666`` less the
process's umask (the class hub starts students' servers with umask 027, so a journal is
``0640`` and the instructors' group, which owns the student's folders, may read it; see
``deploy/jupyterhub``). Rewriting a file keeps its mode and, where the process may set
it, its group — an atomic write never widens or narrows who can read a student's work.

**Shared folders** (:func:`is_shared`: set-group-ID and group-writable, not writable by
others — the hub's class folder for team rooms and drills, ``deploy/jupyterhub``): a
folder made inside one (:func:`make_folder`, which every write here uses) gets the same
permission bits, sticky bit included, so the whole tree stays shared by the group; a new
file written there is ``0o640`` (plus "others may read" when the folder gives others
read): the folder's group reads it, only its owner changes it, whatever the umask.

>>> import tempfile
>>> from pathlib import Path
>>> target = Path(tempfile.mkdtemp()) / "sub" / "a.txt"
>>> write_atomic(target, "李雷\\n") == target, target.read_text(encoding="utf-8")
(True, '李雷\\n')
>>> _ = write_atomic(target, b"\\x89PNG"); target.read_bytes()
b'\\x89PNG'
>>> sorted(p.name for p in target.parent.iterdir())  # no temporary file left behind
['a.txt']
>>> os.chmod(target, 0o604); _ = write_atomic(target, "again"); oct(target.stat().st_mode & 0o777)
'0o604'
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def is_shared(folder: str | Path | os.stat_result) -> bool:
    """Whether a folder (a path or its ``stat``) is shared by its group: set-group-ID and
    group-writable, not writable by others (``/tmp`` is not: it is writable by all)."""
    st = folder if isinstance(folder, os.stat_result) else os.stat(folder)
    mode = st.st_mode
    return bool(mode & stat.S_ISGID and mode & stat.S_IWGRP and not mode & stat.S_IWOTH)


def make_folder(path: str | Path) -> Path:
    """``path`` and any missing parent folders (as ``mkdir(parents=True, exist_ok=True)``);
    a folder made inside a shared folder (:func:`is_shared`) gets that folder's mode.

    >>> import tempfile
    >>> shared = Path(tempfile.mkdtemp()); os.chmod(shared, 0o3770)
    >>> made = make_folder(shared / "teams" / "A组")
    >>> oct(stat.S_IMODE(made.stat().st_mode)), is_shared(made), make_folder(made) == made
    ('0o3770', True, True)
    """
    path = Path(path)
    missing = []
    folder = path
    while not folder.is_dir() and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    path.mkdir(parents=True, exist_ok=True)
    for made in reversed(missing):
        with contextlib.suppress(OSError):  # made by a classmate at the same moment: theirs
            parent = os.stat(made.parent)
            if is_shared(parent):
                os.chmod(made, stat.S_IMODE(parent.st_mode) & ~stat.S_IWOTH)
    return path


def _temporary(folder: Path, name: str) -> tuple[int, Path]:
    """A new, empty temporary file beside the target, created ``0o666`` less the umask.

    (``tempfile.mkstemp`` would make it ``0600`` whatever the umask.)
    """
    for _ in range(100):
        tmp = folder / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(tmp, _FLAGS, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"{folder}: no free temporary name for {name}")


def _keep_mode(fd: int, old: os.stat_result) -> None:
    """Give the temporary file the replaced file's mode and (if allowed) its group."""
    if hasattr(os, "fchown") and old.st_gid != os.fstat(fd).st_gid:
        with contextlib.suppress(OSError):  # only the owner's own groups are allowed
            os.fchown(fd, -1, old.st_gid)
    if hasattr(os, "fchmod"):
        with contextlib.suppress(OSError):
            os.fchmod(fd, old.st_mode & 0o7777)


def _shared_mode(fd: int, folder: Path) -> None:
    """A new file in a shared folder: ``0o640``, plus others' read when the folder has it."""
    with contextlib.suppress(OSError, AttributeError):  # no fchmod (Windows): as it is
        parent = os.stat(folder)
        if is_shared(parent):
            os.fchmod(fd, 0o640 | (parent.st_mode & stat.S_IROTH))


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write ``data`` (text as UTF-8, or bytes) to ``path`` atomically; return the path.

    The folder is created when missing; the temporary file is removed on any failure. A
    new file's mode follows the umask; a rewritten file keeps its mode (see above).
    """
    path = Path(path)
    make_folder(path.parent)
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    try:
        old = path.stat()
    except OSError:
        old = None
    fd, tmp = _temporary(path.parent, path.name)
    try:
        if old is not None:
            _keep_mode(fd, old)
        else:
            _shared_mode(fd, path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path
