"""Files written the safe way: the one atomic write every module uses (journals, exports).

A write goes to a temporary file in the same folder, is flushed and ``fsync``-ed, then
replaces the target with ``os.replace``: a crash or a full disk at any moment leaves either
the old file or the new one, never half of one.

>>> import tempfile
>>> from pathlib import Path
>>> target = Path(tempfile.mkdtemp()) / "sub" / "a.txt"
>>> write_atomic(target, "李雷\\n") == target, target.read_text(encoding="utf-8")
(True, '李雷\\n')
>>> _ = write_atomic(target, b"\\x89PNG"); target.read_bytes()
b'\\x89PNG'
>>> sorted(p.name for p in target.parent.iterdir())  # no temporary file left behind
['a.txt']
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write ``data`` (text as UTF-8, or bytes) to ``path`` atomically; return the path.

    The folder is created when missing; the temporary file is removed on any failure.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
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
