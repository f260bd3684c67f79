"""Files written the safe way: the one atomic write every module uses (journals, exports).

A write goes to a temporary file in the same folder, is flushed and ``fsync``-ed, then
replaces the target with ``os.replace``: a crash or a full disk at any moment leaves either
the old file or the new one, never half of one.

**Permissions are those of an ordinary write.** A new file gets ``0o666`` less the
process's umask (the class hub starts students' servers with umask 027, so a journal is
``0640`` and the instructors' group, which owns the student's folders, may read it; see
``deploy/jupyterhub``). Rewriting a file keeps its mode and, where the process may set
it, its group — an atomic write never widens or narrows who can read a student's work.

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
from pathlib import Path

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


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


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write ``data`` (text as UTF-8, or bytes) to ``path`` atomically; return the path.

    The folder is created when missing; the temporary file is removed on any failure. A
    new file's mode follows the umask; a rewritten file keeps its mode (see above).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    try:
        old = path.stat()
    except OSError:
        old = None
    fd, tmp = _temporary(path.parent, path.name)
    try:
        if old is not None:
            _keep_mode(fd, old)
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
