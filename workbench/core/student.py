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
from .journal import ANONYMOUS, Journal, default_dir, write_atomic

#: The file (in the work folder) that remembers the name given to :func:`set_student`.
NAME_FILE = ".student"  # hidden: `workbench collect` skips dot files
#: The rule's last resort: a name nobody chose.
PLACEHOLDER = "student"


def _folder(journal_dir: str | Path | None) -> Path:
    return Path(journal_dir).expanduser() if journal_dir is not None else default_dir()


def chosen_student(*, journal_dir: str | Path | None = None) -> str:
    """The name someone chose: ``$WORKBENCH_STUDENT``, the remembered name or the hub's
    user name; ``""`` when the rule would fall back to ``$USER`` or ``"student"`` (the
    classroom app then asks for a name instead of saving under one nobody chose).

    >>> import tempfile
    >>> chosen_student(journal_dir=tempfile.mkdtemp()) in ("", os.environ.get(
    ...     "WORKBENCH_STUDENT", os.environ.get("JUPYTERHUB_USER", "")).strip())
    True
    """
    env = os.environ.get("WORKBENCH_STUDENT", "").strip()
    if env:
        return env
    try:
        saved = (_folder(journal_dir) / NAME_FILE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        saved = ""
    return saved or os.environ.get("JUPYTERHUB_USER", "").strip()


def get_student(*, journal_dir: str | Path | None = None) -> str:
    """The student's name by the one rule above (never blank).

    >>> import tempfile
    >>> os.environ["WORKBENCH_STUDENT"] = "韩梅梅"
    >>> get_student(journal_dir=tempfile.mkdtemp())
    '韩梅梅'
    >>> del os.environ["WORKBENCH_STUDENT"]
    """
    return (chosen_student(journal_dir=journal_dir) or os.environ.get("USER", "").strip()
            or PLACEHOLDER)


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


def carry_over(scratch: str | Path, name: str, *,
               journal_dir: str | Path | None = None) -> list[Path]:
    """Keep what was done before a name was typed: each journal of ``scratch`` (where an
    app keeps the unnamed student's work, under ``anonymous``) goes into ``name``'s
    journal of the same case — an answer or a rating only where ``name`` has none, the
    reveals and skips added — and is then removed. Returns the journals written.

    >>> import tempfile
    >>> scratch, work = tempfile.mkdtemp(), tempfile.mkdtemp()
    >>> Journal.load(None, "demo-lumen-2024", scratch).set_answer("team-1", "先组队")
    >>> [p.parent.name for p in carry_over(scratch, "李雷", journal_dir=work)]
    ['李雷']
    >>> Journal.load("李雷", "demo-lumen-2024", work).answers
    {'team-1': '先组队'}
    """
    folder, written = Path(scratch) / ANONYMOUS, []
    for file in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        old = Journal.load(ANONYMOUS, file.stem, scratch, autosave=False)
        new = Journal.load(name, file.stem, journal_dir, autosave=False)
        before = new.to_dict()
        for qid, text in old.answers.items():
            if qid not in new.answers:
                new.set_answer(qid, text)
        for slug, rating in old.ratings.items():
            if slug not in new.ratings:
                new.set_rating(slug, rating["score"], rating.get("note", ""))
        for qid in old.revealed:
            new.reveal(qid)
        for phase in old.skipped:
            new.skip(phase)
        if new.phase is None and old.phase:
            new.set_phase(old.phase)
        if new.to_dict() != before:
            written.append(new.save())
        file.unlink()
    return written
