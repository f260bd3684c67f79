"""Journals: a student's answers and ratings for one case, kept in a file.

A journal is ``<journal_dir>/<student>/<case-id>.json``::

    {"format": 1, "student": "李雷", "case": "demo-lumen-2024",
     "answers": {"plan-1": "…"}, "ratings": {"fast-response": {"score": 4, "note": "…"}},
     "saved_at": "2024-05-20T08:00:00+00:00", "phase": "plan", "revealed": ["team-1"], "skipped": []}

``journal_dir`` defaults to ``$WORKBENCH_WORK`` when set, else ``work/`` in the project
root (the folder holding ``cases/``) from a checkout, else ``./work``.

The API (shared by the phase stepper and the brand comparison board):

- ``Journal.load(student, case_id, journal_dir=None)`` opens (or starts) a journal. A file
  that cannot be read is moved aside as ``<case-id>.json.corrupt-<time>`` (never
  overwritten) and ``.problem`` says so in one sentence.
- ``.answers`` ({question id: text}), ``.ratings`` ({principle slug: {"score": 1–5,
  "note": str}}), ``.phase`` (last phase visited), ``.revealed`` (decisions whose brand
  moves the student asked to see without answering), ``.skipped`` (phases revealed that
  way by older versions) — read them; change them through the setters.
- ``.set_answer(qid, text)``, ``.set_rating(slug, score, note="")`` (``score=None``
  removes the rating), ``.set_phase(slug)``, ``.reveal(qid)``, ``.skip(slug)``: each writes the file at
  once (``autosave=True``, the default), synchronously — no event loop, no timer.
- ``.save()`` writes now and returns the path.

Concurrent writers (a notebook and the app, two app tabs, a stepper and a board) never
lose an answer: every save takes an OS file lock (``filelock``, the hidden
``.<case-id>.json.lock`` beside the journal), reads the file again, applies only the
changes this writer made since its last save (per answer, per rating, the phase, the
skips: the last save of a key wins), writes a temporary file, fsyncs it, moves it
over the journal with ``os.replace`` and releases the lock. A crash or ``kill -9`` at any
moment leaves the old or the new file, never half of one; a temporary file it leaves is
removed on the next save or load. The student name becomes a folder by the rules of
:mod:`workbench.core.names` (two different names never share a file). A journal file is
read within the JSON limits of :mod:`workbench.foundation.limits`.

>>> import tempfile
>>> folder = tempfile.mkdtemp()
>>> j = Journal.load("李雷", "demo-lumen-2024", journal_dir=folder)
>>> j.set_answer("plan-1", "先道歉，再查明事实")
>>> j.set_rating("fast-response", 4, "two hours to the first reply")
>>> again = Journal.load("李雷", "demo-lumen-2024", journal_dir=folder)
>>> again.answers["plan-1"], again.ratings["fast-response"]["score"]
('先道歉，再查明事实', 4)
>>> again.path.relative_to(folder).as_posix()
'李雷/demo-lumen-2024.json'
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..foundation import i18n, vocab
from ..foundation.files import is_shared, make_folder, write_atomic
from ..foundation.limits import JSONRefused, loads_json
from ..foundation.problems import did_you_mean
from .cases import safe_name
from .library import work_folder
from .names import ANONYMOUS, StudentNameError, normalise_name, student_folder

__all__ = ["ANONYMOUS", "Journal", "JournalBusy", "StudentNameError", "journal_path"]

FORMAT = 1
#: Seconds a save waits for another writer's lock before giving up with JournalBusy.
LOCK_TIMEOUT = 15.0
#: Principles a journal may rate: the five coordination principles and the 5S.
RATABLE: dict[str, vocab.Term] = {**vocab.PRINCIPLES, **vocab.FIVE_S}


class Rating(BaseModel):
    model_config = ConfigDict(extra="forbid")
    score: int = Field(ge=1, le=5)
    note: str = ""


class JournalFile(BaseModel):
    """The shape of a journal file (extra keys from newer versions are kept)."""

    model_config = ConfigDict(extra="allow")
    format: int = Field(ge=1, le=FORMAT)
    student: str
    case: str
    answers: dict[str, str] = Field(default_factory=dict)
    ratings: dict[str, Rating] = Field(default_factory=dict)
    saved_at: str | None = None
    phase: str | None = None
    skipped: list[str] = Field(default_factory=list)
    revealed: list[str] = Field(default_factory=list)


def default_dir() -> Path:
    """Where journals go: ``$WORKBENCH_WORK``, else ``<project root>/work``, else ``./work``
    (:func:`workbench.core.library.work_folder`)."""
    return work_folder()


def journal_path(student: str | None, case_id: str, *,
                 journal_dir: str | Path | None = None) -> Path:
    """The file of ``student``'s journal for ``case_id`` (see :mod:`workbench.core.names`).

    >>> journal_path("../../etc", "demo-lumen-2024", journal_dir="/tmp/w").parent.name
    'etc~74ccf3'
    >>> journal_path(None, "demo-lumen-2024", journal_dir="/tmp/w").parent.name
    'anonymous'
    """
    folder = Path(journal_dir).expanduser() if journal_dir is not None else default_dir()
    return folder / student_folder(student) / f"{safe_name(case_id)}.json"


class JournalBusy(OSError):
    """Another program held the journal's lock for longer than :data:`LOCK_TIMEOUT`."""


def lock_path(path: Path) -> Path:
    """The lock file beside ``path`` that :func:`locked` takes (``.<name>.lock``)."""
    return path.with_name(f".{path.name}.lock")


@contextlib.contextmanager
def locked(path: Path, *, busy: str | None = None) -> Iterator[None]:
    """Hold the OS lock of journal ``path`` (other writers wait; a killed holder's lock
    is released by the OS). Orphan temporary files of ``path`` are removed meanwhile.
    ``busy``: the strings key (``{name}``, ``{seconds}``) of what :class:`JournalBusy`
    says when the lock cannot be had, for a file that is not a journal."""
    make_folder(path.parent)
    # In a folder a group shares (the hub's class folder) the group may take the lock too
    # (two instructors' tabs on one drill); the file it guards keeps its own mode.
    shared = {"mode": 0o660} if is_shared(path.parent) else {}
    lock = FileLock(str(lock_path(path)), timeout=LOCK_TIMEOUT, is_singleton=False, **shared)
    try:
        lock.acquire()
    except Timeout:
        if busy is not None:
            raise JournalBusy(i18n.t(busy, name=path.name,
                                     seconds=f"{LOCK_TIMEOUT:.0f}")) from None
        raise JournalBusy(i18n.t("jr_busy", name=path.name,
                                 seconds=f"{LOCK_TIMEOUT:.0f}")) from None
    try:
        for orphan in path.parent.glob(f".{path.name}.*.tmp"):  # left by a killed writer
            with contextlib.suppress(OSError):
                orphan.unlink()
        yield
    finally:
        lock.release()


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class Journal:
    """One student's answers and ratings for one case, saved to a JSON file.

    Build it with :meth:`load`; see the module docstring for the file and the API.
    """

    def __init__(self, student: str | None, case_id: str, *,
                 journal_dir: str | Path | None = None, autosave: bool = True) -> None:
        self.student = normalise_name(student)
        self.case = case_id
        self.path = journal_path(self.student, case_id, journal_dir=journal_dir)
        self.autosave = autosave
        self._answers: dict[str, str] = {}
        self._ratings: dict[str, dict[str, Any]] = {}
        self._extra: dict[str, Any] = {}
        self.phase: str | None = None
        self._skipped: list[str] = []
        self._revealed: list[str] = []
        self.saved_at: str | None = None
        #: One sentence when the file on disk could not be read (else None).
        self.problem: str | None = None
        #: Where an unreadable file was moved (else None).
        self.backup: Path | None = None
        self._seen: tuple[int, ...] | None = None  # (inode, mtime_ns, size) of the file we know
        #: Changes not yet saved: {("answer", qid) | ("rating", slug): value or None,
        #: ("phase", ""): slug, ("skip", slug): True} — replayed over the file on save.
        self._pending: dict[tuple[str, str], Any] = {}

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def load(cls, student: str | None, case_id: str, journal_dir: str | Path | None = None,
             *, autosave: bool = True) -> Journal:
        """Open the journal of ``student`` for ``case_id``; a new one when there is no file."""
        journal = cls(student, case_id, journal_dir=journal_dir, autosave=autosave)
        if journal.path.parent.is_dir():
            with locked(journal.path):
                if journal.path.exists():
                    journal._read()
        return journal

    def _stamp(self) -> tuple[int, ...] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)  # os.replace gives a new inode

    def _refresh(self) -> None:
        """Read the file again when another writer changed it since we last saw it."""
        stamp = self._stamp()
        if stamp is not None and stamp != self._seen:
            self._read()
            self._replay()  # changes not saved yet stay on top

    def _read(self) -> None:
        self._seen = self._stamp()
        try:
            raw = loads_json(self.path.read_text(encoding="utf-8"))
            data = JournalFile.model_validate(raw)
        except (OSError, UnicodeDecodeError, JSONRefused, ValidationError) as err:
            self._set_aside(_reason(err))
            return
        self._answers = dict(data.answers)
        self._ratings = {k: v.model_dump() for k, v in data.ratings.items()}
        self.phase = data.phase
        self._skipped = list(dict.fromkeys(data.skipped))
        self._revealed = list(dict.fromkeys(data.revealed))
        self.saved_at = data.saved_at
        self._extra = dict(data.model_extra or {})

    def _set_aside(self, reason: str) -> None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while backup.exists():
            n += 1
            backup = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        os.replace(self.path, backup)
        self.backup = backup
        self.problem = i18n.t("jr_set_aside", path=self.path, why=reason, backup=backup.name)

    # -- reading ---------------------------------------------------------------------------
    @property
    def answers(self) -> dict[str, str]:
        """Answers by question id (a copy)."""
        return dict(self._answers)

    @property
    def ratings(self) -> dict[str, dict[str, Any]]:
        """Ratings by principle slug: ``{"score": 1–5, "note": str}`` (a copy)."""
        return {k: dict(v) for k, v in self._ratings.items()}

    @property
    def skipped(self) -> tuple[str, ...]:
        """Phases whose brand moves were revealed without an answer, in order."""
        return tuple(self._skipped)

    @property
    def revealed(self) -> tuple[str, ...]:
        """Decisions (question ids) whose brand moves the student asked to see without
        answering ("show me the brand's move"), in order."""
        return tuple(self._revealed)

    def to_dict(self) -> dict[str, Any]:
        """The file's content, as plain JSON-serialisable data."""
        return {**self._extra, "format": FORMAT, "student": self.student, "case": self.case,
                "answers": self.answers, "ratings": self.ratings, "saved_at": self.saved_at,
                "phase": self.phase, "skipped": list(self._skipped),
                "revealed": list(self._revealed)}

    # -- changing --------------------------------------------------------------------------
    def set_answer(self, qid: str, text: str) -> None:
        """Keep ``text`` as the answer to question ``qid`` (blank text removes it)."""
        if not isinstance(text, str):
            raise TypeError(i18n.t("jr_answer_type", kind=type(text).__name__))
        self._before_change()
        if text.strip():
            self._answers[str(qid)] = text
        elif self._answers.pop(str(qid), None) is None:
            return
        self._pending["answer", str(qid)] = text if text.strip() else None
        self._changed()

    def set_rating(self, slug: str, score: int | None, note: str = "") -> None:
        """Rate a principle (a slug of ``vocab.PRINCIPLES`` or ``vocab.FIVE_S``) from 1 to 5.

        ``score=None`` removes the rating.
        """
        if slug not in RATABLE:
            hint = did_you_mean(slug, list(RATABLE))
            raise ValueError(i18n.t("jr_unknown_principle", slug=slug, options=", ".join(RATABLE))
                             + i18n.bracketed(hint))
        if score is not None and (isinstance(score, bool) or int(score) != score
                                  or not 1 <= score <= 5):
            raise ValueError(i18n.t("jr_bad_rating", score=repr(score)))
        self._before_change()
        if score is None:
            self._ratings.pop(slug, None)
        else:
            self._ratings[slug] = {"score": int(score), "note": str(note)}
        self._pending["rating", slug] = self._ratings.get(slug)
        self._changed()

    def set_phase(self, phase: str) -> None:
        """Remember the phase the student is at (saved at once)."""
        self._before_change()
        if phase != self.phase:
            self.phase = phase
            self._pending["phase", ""] = phase
            self._changed()

    def skip(self, phase: str) -> None:
        """Record that the student revealed ``phase``'s brand moves without answering."""
        self._before_change()
        if phase not in self._skipped:
            self._skipped.append(phase)
            self._pending["skip", phase] = True
            self._changed()

    def reveal(self, qid: str) -> None:
        """Record that the student asked to see the brand's move of decision ``qid``
        without answering it (see :mod:`workbench.core.progress`)."""
        self._before_change()
        if str(qid) not in self._revealed:
            self._revealed.append(str(qid))
            self._pending["reveal", str(qid)] = True
            self._changed()

    def _before_change(self) -> None:
        if self.autosave:
            self._refresh()

    def _changed(self) -> None:
        if self.autosave:
            self.save()

    def save(self) -> Path:
        """Merge this writer's changes into the file under its lock, write it atomically
        and return its path (:class:`JournalBusy` when the lock cannot be had)."""
        with locked(self.path):
            self._refresh()  # the file as others left it, this writer's changes on top
            self.saved_at = _now()
            text = json.dumps(self.to_dict(), ensure_ascii=False, indent=2)
            write_atomic(self.path, text + "\n")
            self._seen = self._stamp()
            self._pending.clear()
        return self.path

    def _replay(self) -> None:
        for (kind, key), value in self._pending.items():
            table = {"answer": self._answers, "rating": self._ratings}.get(kind)
            if table is not None and value is None:
                table.pop(key, None)
            elif table is not None:
                table[key] = value
            elif kind == "phase":
                self.phase = value
            elif kind == "reveal":
                if key not in self._revealed:
                    self._revealed.append(key)
            elif key not in self._skipped:
                self._skipped.append(key)

    # -- display ---------------------------------------------------------------------------
    def __repr__(self) -> str:
        return (f"<Journal {self.student} · {self.case}: {len(self._answers)} answers, "
                f"{len(self._ratings)} ratings>")

    def _repr_html_(self) -> str:
        e = html.escape
        rows = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{e(q)}</th>"
                       f"<td style='white-space:pre-wrap;text-align:left'>{e(a)}</td></tr>"
                       for q, a in self._answers.items())
        rows += "".join(f"<tr><th style='text-align:left'>{e(s)}</th>"
                        f"<td style='text-align:left'>{'★' * r['score']}"
                        f" {e(r['note'])}</td></tr>" for s, r in self._ratings.items())
        return (f"<div class='wb-journal'><b>{e(self.student)}</b> · <code>{e(self.case)}"
                f"</code> · <code>{e(str(self.path))}</code><table>{rows}</table></div>")


def _reason(err: Exception) -> str:
    if isinstance(err, JSONRefused):
        return str(err)
    if isinstance(err, ValidationError):
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "file"
        return f"{where}: {first['msg']}"
    return type(err).__name__ + (f": {err}" if str(err) else "")
