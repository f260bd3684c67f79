"""One student identity for every notebook, the app and the CLI.

The rule, in order: ``$WORKBENCH_STUDENT``; the name remembered by :func:`set_student` in
``<work folder>/.student``; the hub's user name (``$JUPYTERHUB_USER``); ``$USER``;
``"student"``. Journals then live in ``<work folder>/<name>/`` — the folder that
``workbench export <name>`` reads.

>>> import tempfile, os
>>> folder = tempfile.mkdtemp()
>>> set_student(" 李雷 ", journal_dir=folder)
'李雷'
>>> get_student(journal_dir=folder)
'李雷'
"""

from __future__ import annotations

import os
from pathlib import Path

from ..foundation import i18n
from .journal import default_dir, write_atomic

#: The file (in the work folder) that remembers the name given to :func:`set_student`.
NAME_FILE = ".student"  # hidden: `workbench collect` skips dot files


def _folder(journal_dir: str | Path | None) -> Path:
    return Path(journal_dir).expanduser() if journal_dir is not None else default_dir()


def get_student(*, journal_dir: str | Path | None = None) -> str:
    """The student's name by the one rule above (never blank).

    >>> import tempfile
    >>> os.environ["WORKBENCH_STUDENT"] = "韩梅梅"
    >>> get_student(journal_dir=tempfile.mkdtemp())
    '韩梅梅'
    >>> del os.environ["WORKBENCH_STUDENT"]
    """
    env = os.environ.get("WORKBENCH_STUDENT", "").strip()
    if env:
        return env
    try:
        saved = (_folder(journal_dir) / NAME_FILE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        saved = ""
    return (saved or os.environ.get("JUPYTERHUB_USER", "").strip()
            or os.environ.get("USER", "").strip() or "student")


def set_student(name: str, *, journal_dir: str | Path | None = None) -> str:
    """Remember ``name`` (one line, trimmed) for every later notebook; returns it.

    A blank name forgets the remembered one (the rule's next step applies).

    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> set_student("a\\nb", journal_dir=folder)
    'a b'
    """
    if not isinstance(name, str):
        raise TypeError(i18n.t("nm_not_text", kind=type(name).__name__))
    clean = " ".join(name.split())
    path = _folder(journal_dir) / NAME_FILE
    if clean:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, clean + "\n")
    else:
        path.unlink(missing_ok=True)
    return clean
