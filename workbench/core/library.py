"""The case library: where cases and student work live, and the one cache of loaded cases.

Every view asks the library (never the environment, never a cache of its own):

- **where the cases are**: ``root=`` when given, else ``$WORKBENCH_CASES``, else the bundled
  cases (:func:`cases_root`);
- **where student work goes**: ``$WORKBENCH_WORK``, else ``work/`` in the checkout, else
  ``./work`` (:func:`work_folder`);
- **where a class's team rooms and drills go** (``teams/``, ``drills/``): ``$WORKBENCH_CLASS``,
  else the work folder (:func:`class_folder`) — on the class hub a folder the class group
  shares, while each student's journals stay in their private work folder;
- **which cases exist** (:meth:`Library.ids`, :meth:`Library.available`) and **a loaded
  case** (:meth:`Library.load`, cached until a file of the case changes). A case loaded
  by path is remembered by its id, so a journal of it exports with its chart;
- :meth:`Library.find`: the case for an id read from a journal or a hand-in — ``None``
  when unknown, and ids only, never paths, so text from a submission cannot point elsewhere.

>>> lib = library()
>>> lib.find("demo-lumen-2024").id, lib.find("no-such-case"), lib.find("../etc")
('demo-lumen-2024', None, None)
>>> lib.load("demo-lumen-2024") is lib.load("demo-lumen-2024")  # one cache
True
>>> available("demo-lumen-2024", "no-such-case", at_least=1)
['demo-lumen-2024']
"""

from __future__ import annotations

import os
from collections import OrderedDict
from pathlib import Path

import pandas as pd

from ..foundation.problems import CaseError
from . import cases as _cases
from .cases import Case, bundled_root, list_cases, project_root, resolve
from .schema import CASE_ID

#: The environment variables the library reads (and nothing else reads them).
CASES_ENV = "WORKBENCH_CASES"
WORK_ENV = "WORKBENCH_WORK"
CLASS_ENV = "WORKBENCH_CLASS"
#: Loaded cases kept in memory per library (a Case is immutable: sharing one is safe).
MAX_CACHED = 32
#: Cases loaded by path, by id: shared by every library of the process.
_REMEMBERED: dict[str, Path] = {}
_libraries: dict[Path, Library] = {}


def cases_root() -> Path:
    """Where cases are looked up by id: ``$WORKBENCH_CASES``, else the bundled cases."""
    env = os.environ.get(CASES_ENV, "").strip()
    return Path(env).expanduser() if env else bundled_root()


def work_folder(name: str | None = None) -> Path:
    """Where student work goes: ``$WORKBENCH_WORK``, else ``work/`` in the checkout (the
    folder holding cases/), else ``./work``; ``name`` gives a subfolder (never cases/).

    >>> work_folder("imported").name
    'imported'
    """
    env = os.environ.get(WORK_ENV, "").strip()
    base = Path(env).expanduser() if env else (project_root() or Path.cwd()) / "work"
    return base / name if name else base


def class_folder() -> Path:
    """The class folder, holding the team rooms' ``teams/`` and the drills' ``drills/``:
    ``$WORKBENCH_CLASS``, else the work folder (:func:`work_folder`: one server, one folder).

    >>> os.environ[CLASS_ENV] = "/srv/workbench/shared"
    >>> class_folder().as_posix(), work_folder() != class_folder()
    ('/srv/workbench/shared', True)
    >>> del os.environ[CLASS_ENV]; class_folder() == work_folder()
    True
    """
    env = os.environ.get(CLASS_ENV, "").strip()
    return Path(env).expanduser() if env else work_folder()


def folder_stamp(folder: str | Path) -> tuple:
    """What tells a changed case from the cached one: each file's name, time and size."""
    try:
        return tuple(sorted((p.name, st.st_mtime_ns, st.st_size) for p in Path(folder).iterdir()
                            if p.is_file() for st in [p.stat()]))
    except OSError:
        return ()


class Library:
    """The cases under one root, and one cache of loaded cases.

    ``root``: a folder of cases (default: :func:`cases_root`). Cases loaded by path
    (``load("/some/folder/x")``) are remembered by id. Use :func:`library` to get the
    library every view shares rather than making new ones.
    """

    def __init__(self, root: str | Path | None = None) -> None:
        self.root = Path(root).expanduser() if root is not None else cases_root()
        self._cases: OrderedDict[Path, tuple[tuple, Case]] = OrderedDict()
        self._by_id: dict[str, Path] = _REMEMBERED

    def __repr__(self) -> str:
        return f"<Library {self.root}: {len(self._cases)} cases loaded>"

    # -- which cases exist ---------------------------------------------------------------
    def catalog(self) -> pd.DataFrame:
        """One row per case under the root (the ``wb.list_cases`` columns)."""
        return list_cases(self.root) if self.root.is_dir() else pd.DataFrame(columns=["id"])

    def ids(self) -> list[str]:
        """The case ids under the root, in catalog order."""
        listed = self.catalog()
        return [] if listed.empty else listed["id"].astype(str).tolist()

    def available(self, *ids: str, at_least: int = 2) -> list[str]:
        """The ids among ``ids`` that load here, topped up with other loadable cases (in
        catalog order) until there are ``at_least`` — so a notebook written for particular
        cases still runs in a copy that lacks some of them."""
        known = self.ids()
        found = [i for i in dict.fromkeys(ids) if i in known and self.find(i) is not None]
        for case_id in known:
            if len(found) >= at_least:
                break
            if case_id not in found and self.find(case_id) is not None:
                found.append(case_id)
        return found

    # -- loading ---------------------------------------------------------------------------
    def load(self, id_or_path: str | Path | Case) -> Case:
        """The case for a bare id (under the root, else one loaded by path before) or a
        folder; :class:`CaseError` when it is not valid. Cached until one of its files changes.
        """
        if isinstance(id_or_path, Case):
            self._remember(id_or_path, folder_stamp(id_or_path.folder))
            return id_or_path
        text = str(id_or_path)
        if (isinstance(id_or_path, str) and text in self._by_id
                and not (self.root / text).is_dir() and self._by_id[text].is_dir()):
            folder = self._by_id[text]
        else:
            folder = resolve(id_or_path, self.root)
        folder = folder.resolve()
        hit = self._cases.get(folder)
        if hit is not None and hit[0] == folder_stamp(folder):
            self._cases.move_to_end(folder)
            return hit[1]
        case = _cases.load_case(folder)
        self._remember(case, folder_stamp(folder))
        return case

    def _remember(self, case: Case, stamp: tuple) -> None:
        folder = Path(case.folder).resolve()
        self._cases[folder] = (stamp, case)
        self._cases.move_to_end(folder)
        if folder.parent != self.root.resolve():
            self._by_id[case.id] = folder
        while len(self._cases) > MAX_CACHED:
            self._cases.popitem(last=False)

    def find(self, case_id: str) -> Case | None:
        """The case ``case_id`` (an id, never a path) — under the root, else loaded by path
        before, else bundled — or None when it is unknown or does not load: for ids read
        from journals and hand-ins."""
        if not isinstance(case_id, str) or not CASE_ID.match(case_id):
            return None
        try:
            if case_id in self._by_id or (self.root / case_id).is_dir():
                return self.load(case_id)
            if (bundled_root() / case_id).is_dir():
                return self.load(bundled_root() / case_id)
        except (CaseError, OSError, ValueError):
            return None
        return None


def library(root: str | Path | Library | None = None) -> Library:
    """The library for ``root``: a given :class:`Library` as is; else the one library of
    that folder that every view shares (``None``: :func:`cases_root`, so a change of
    ``$WORKBENCH_CASES`` is followed).

    >>> library() is library(), library("/tmp/x").root.name
    (True, 'x')
    """
    if isinstance(root, Library):
        return root
    folder = Path(root).expanduser() if root is not None else cases_root()
    key = folder.resolve()
    if key not in _libraries:
        if len(_libraries) >= 8:
            _libraries.pop(next(iter(_libraries)))
        _libraries[key] = Library(folder)
    return _libraries[key]


def load_case(id_or_path: str | Path, *, root: str | Path | None = None) -> Case:
    """Load a case by bare id (``"haidilao-2017"``) or by folder path (``wb.load_case``).

    Raises :class:`CaseError` listing every problem when the case is not valid.
    """
    return library(root).load(id_or_path)


def available(*ids: str, root: str | Path | None = None, at_least: int = 2) -> list[str]:
    """:meth:`Library.available` of the library for ``root`` (default: :func:`cases_root`)."""
    return library(root).available(*ids, at_least=at_least)
