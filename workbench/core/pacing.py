"""Instructor-paced drill: which phases are open and which injects are out, for a whole class.

A drill is optional per class session. Without one every team plays at its own pace.
With one, the instructor (``wb.DrillControl``) opens phases for every team of the class
at once and can release an *inject*: an event of the case, named by its id (a regulator's
notice, a journalist's report), that every team then sees even though its phase has not
come yet. The state is **one file in the class folder** (the folder holding ``teams/``:
``$WORKBENCH_CLASS``, else the work folder, :func:`workbench.core.library.class_folder`)::

    <class>/drills/<session>/<case-id>.json
    {"format": 1, "kind": "workbench-drill", "case": "demo-lumen-2024", "session": "周三",
     "open": ["team", "analyse"], "released": [{"event": "d5", "at": "…"}],
     "revision": 3, "updated_at": "…"}

``open`` lists phases in lifecycle order (opening a phase opens every phase before it;
closing one closes every phase after it); ``released`` the injects in the order they went
out; ``revision`` grows by one with each change, so a team view polling the file redraws
only when it changed. Every change takes the file's OS lock, reads the file again,
changes one thing and writes atomically (:func:`workbench.foundation.files.write_atomic`):
two instructors' tabs never lose each other's clicks.

Reading is cheap and safe to poll every ~2 s: :func:`read_pacing` costs one ``stat`` when
the file has not changed and never raises (a missing or damaged file reads as "no drill").

>>> import tempfile
>>> folder = tempfile.mkdtemp()
>>> drill = Pacing.load(folder, "demo-lumen-2024", session="周三")
>>> drill.paced, drill.is_open("act")          # no drill yet: every phase is open
(False, True)
>>> drill.open_phase("analyse"); drill.release("d5")
>>> drill.open_phases, drill.released, drill.is_open("plan")
(('team', 'analyse'), ('d5',), False)
>>> again = Pacing.load(folder, "demo-lumen-2024", session="周三")
>>> again.revision, again.open_phases
(2, ('team', 'analyse'))
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from ..foundation import i18n, vocab
from ..foundation.files import write_atomic
from ..foundation.limits import JSONRefused, loads_json
from ..foundation.problems import WorkbenchError
from .cases import Case, phase_slug, safe_name
from .journal import locked
from .library import class_folder
from .names import normalise_name, student_folder

__all__ = ["DEFAULT_SESSION", "KIND", "Pacing", "PacingError", "drills_root", "injects",
           "pacing_path", "read_pacing"]

FORMAT = 1
#: The ``kind`` of a pacing file (tells it from a journal or a role file in a class folder).
KIND = "workbench-drill"
DEFAULT_SESSION = "class"
_ORDER = [p.slug for p in vocab.PHASE_LIST]
#: path → (stat signature, parsed state): a poll of an unchanged file costs one stat.
_CACHE: dict[str, tuple[tuple[int, int, int], dict[str, Any]]] = {}


class PacingError(WorkbenchError):
    """A phase or an event the drill cannot open or release."""


def drills_root(class_dir: str | Path | None = None) -> Path:
    """``<class>/drills`` (the class folder defaults to
    :func:`workbench.core.library.class_folder`: ``$WORKBENCH_CLASS``, else the work folder)."""
    base = Path(class_dir).expanduser() if class_dir is not None else class_folder()
    return base / "drills"


def pacing_path(case_id: str, *, session: str = DEFAULT_SESSION,
                class_dir: str | Path | None = None) -> Path:
    """The pacing file of ``session`` for ``case_id`` (names made safe: never escapes).

    >>> pacing_path("c", session="../x", class_dir="/tmp/k").parent.parent.name
    'drills'
    """
    return drills_root(class_dir) / student_folder(session) / f"{safe_name(case_id)}.json"


def _empty() -> dict[str, Any]:
    return {"open": [], "released": [], "released_at": {}, "revision": 0, "updated_at": None, "paced": False}


def _clean(raw: Any) -> dict[str, Any]:
    """The state a file holds, with anything malformed dropped (never raises)."""
    if not isinstance(raw, dict) or raw.get("kind") != KIND:
        return _empty()
    opened = raw.get("open") if isinstance(raw.get("open"), list) else []
    released = raw.get("released") if isinstance(raw.get("released"), list) else []
    times = {str(r["event"]): str(r.get("at") or "") for r in released
             if isinstance(r, dict) and r.get("event")}
    revision = raw.get("revision")
    return {"open": [p for p in _ORDER if p in opened], "released": list(times),
            "released_at": times,
            "revision": revision if isinstance(revision, int) else 0,
            "updated_at": raw.get("updated_at") if isinstance(raw.get("updated_at"), str)
            else None, "paced": True}


def read_pacing(path: str | Path) -> dict[str, Any]:
    """The state in a pacing file: ``open``, ``released``, ``revision``, ``updated_at``,
    ``paced`` (False when there is no usable file). One ``stat`` when unchanged; never raises.
    """
    key = os.fspath(path)  # a str key: no Path built or hashed on the polling path
    try:
        st = os.stat(key)
    except OSError:
        _CACHE.pop(key, None)
        return _empty()
    stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] == stamp:
        return dict(hit[1])
    try:
        with open(key, encoding="utf-8") as handle:
            state = _clean(loads_json(handle.read()))
    except (OSError, UnicodeDecodeError, JSONRefused, ValueError):
        state = _empty()
    _CACHE[key] = (stamp, state)
    return dict(state)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class Pacing:
    """The drill of one class session on one case. Build it with :meth:`load`.

    Read ``.paced`` (a drill is running), ``.open_phases``, ``.released``, ``.revision``;
    ask :meth:`is_open` and :meth:`visible`. The instructor's :meth:`open_phase`,
    :meth:`close_phase`, :meth:`release`, :meth:`withdraw` and :meth:`end` write the file at once.
    """

    def __init__(self, class_dir: str | Path | None, case: str | Case, *,
                 session: str = DEFAULT_SESSION) -> None:
        self.case = case.id if isinstance(case, Case) else str(case)
        self.session = normalise_name(session) or DEFAULT_SESSION
        self.path = pacing_path(self.case, session=self.session, class_dir=class_dir)
        self.state: dict[str, Any] = _empty()

    @classmethod
    def load(cls, class_dir: str | Path | None, case: str | Case, *,
             session: str = DEFAULT_SESSION) -> Pacing:
        """The drill of ``session`` on ``case`` in ``class_dir`` (None: the work folder)."""
        pacing = cls(class_dir, case, session=session)
        pacing.reload()
        return pacing

    def reload(self) -> bool:
        """Read the file again (cheap); True when it changed since the last read."""
        before = (self.state["revision"], self.state["paced"])
        self.state = read_pacing(self.path)
        return (self.state["revision"], self.state["paced"]) != before

    # -- reading ----------------------------------------------------------------------------
    @property
    def paced(self) -> bool:
        """True while a drill runs (the file exists); otherwise every phase is open."""
        return bool(self.state["paced"])

    @property
    def open_phases(self) -> tuple[str, ...]:
        return tuple(self.state["open"])

    @property
    def released(self) -> tuple[str, ...]:
        return tuple(self.state["released"])

    @property
    def revision(self) -> int:
        return int(self.state["revision"])

    @property
    def current(self) -> str | None:
        """The furthest open phase (None before the first is opened)."""
        return self.open_phases[-1] if self.open_phases else None

    def is_open(self, phase: str | int) -> bool:
        """May teams play ``phase`` now? (Always, when no drill runs.)"""
        return not self.paced or phase_slug(phase) in self.state["open"]

    def visible(self, case: Case, phase: str | int) -> Case:
        """What a team sees at ``phase``: the time rules plus every released inject."""
        return case.visible_at(phase, release=self.released)

    # -- the instructor's changes ----------------------------------------------------------
    def _change(self, update: Any) -> None:
        try:
            self._write(update)
        except PermissionError:  # a student's account in the class folder: instructors only
            raise PacingError(i18n.t("pacing_denied", name=self.path.name,
                                     folder=str(self.path.parent.parent))) from None

    def _write(self, update: Any) -> None:
        """Under the file's lock: read again, ``update(state)``, write (``None``: remove)."""
        with locked(self.path, busy="pacing_busy"):
            _CACHE.pop(os.fspath(self.path), None)
            if update is None:  # the end of the drill
                self.path.unlink(missing_ok=True)
                self.state = _empty()
                return
            state = read_pacing(self.path)
            update(state)
            times = state["released_at"]
            released = [{"event": e, "at": times.get(e) or _now()} for e in state["released"]]
            data = {"format": FORMAT, "kind": KIND, "case": self.case, "session": self.session,
                    "open": [p for p in _ORDER if p in state["open"]], "released": released,
                    "revision": state["revision"] + 1, "updated_at": _now()}
            write_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1))
            self.state = _clean(data)

    def open_phase(self, phase: str | int) -> None:
        """Open ``phase`` (and every phase before it) for every team of the class."""
        slug = self._phase(phase)
        upto = _ORDER[: _ORDER.index(slug) + 1]
        self._change(lambda s: s.update(open=list(dict.fromkeys([*s["open"], *upto]))))

    def close_phase(self, phase: str | int) -> None:
        """Close ``phase`` and every phase after it (a phase opened by mistake)."""
        slug = self._phase(phase)
        later = set(_ORDER[_ORDER.index(slug):])
        self._change(lambda s: s.update(open=[p for p in s["open"] if p not in later]))

    def release(self, event_id: str, case: Case | None = None) -> None:
        """Release the event ``event_id`` to every team; with ``case``, the id is checked."""
        event_id = str(event_id).strip()
        if case is not None and event_id not in set(case.events["id"].astype(str)):
            raise PacingError(i18n.t("pacing_no_event", event=event_id, case=case.id,
                                     options=", ".join(case.events["id"].astype(str))))
        if not event_id:
            raise PacingError(i18n.t("pacing_no_event_id"))
        self._change(lambda s: s.update(released=list(dict.fromkeys([*s["released"],
                                                                     event_id]))))

    def withdraw(self, event_id: str) -> None:
        """Take a released inject back (released by mistake)."""
        self._change(lambda s: s.update(released=[e for e in s["released"] if e != event_id]))

    def end(self) -> None:
        """End the drill: the file goes, every team plays at its own pace again."""
        self._change(None)

    @staticmethod
    def _phase(phase: str | int) -> str:
        try:
            return phase_slug(phase)
        except ValueError as err:
            raise PacingError(i18n.labelled("phase", err)) from None

    def __repr__(self) -> str:
        return (f"<Pacing {self.case} · {self.session}: open {list(self.open_phases)}, "
                f"released {list(self.released)}{'' if self.paced else ' (no drill)'}>")


def injects(case: Case, pacing: Pacing) -> list[str]:
    """The events the instructor may release next: not brand moves (the teams' own
    decisions stay theirs), not the trigger, not yet shown at the furthest open phase,
    not yet released — in time order."""
    ev = case.events
    shown = set(case.visible_at(pacing.current).events["id"]) if pacing.current else set()
    ok = (~ev["brand_side"].astype(bool)) & (ev["kind"] != "trigger")
    return [str(i) for i in ev.loc[ok, "id"] if i not in shown and i not in pacing.released]
