"""One-server JupyterHub for the workbench: Unix users, folders, permissions, the spawner.

The shape The Littlest JupyterHub uses: one Unix user per student, JupyterHub's
LocalProcessSpawner, the workbench installed once in a shared environment. This module
holds what the stock pieces do not: the class's folders and their permissions
(provisioned as root by the hub before each server starts, so a first login, a roster
import and an OAuth login all end in the same layout) and a command line for the
instructor.

Layout (``root`` is ``$WORKBENCH_HUB_ROOT``, default ``/srv/workbench``)::

    /home/<student>/            student:instructors 2750  the student's own home
        work/<student>/<case>.json                        journals (0640; others: nothing)
        notebooks/                                        a copy of the course notebooks
        handin -> <root>/handin/<student>
    <root>/handin/<student>/    student:instructors 2750  the hand-in box of one student
    <root>/cases/               root:instructors    2775  the instructor's cases (read-only
                                                          for students; $WORKBENCH_CASES)
    <root>/shared/              root:classmates     2750  the class folder ($WORKBENCH_CLASS):
        teams/                  root:classmates     2750  the roster's teams (made here only)
            <team>/             root:classmates     2750  one per team of the roster
                <case>/         root:classmates     3770  one per case of <root>/cases:
                    <role>.json <student>           0640  one file per role
        drills/                 root:instructors    2775  the instructors' pacing files (0644)

Students are in the group ``students``; instructors in ``instructors``; both in the class
group ``classmates`` (see :class:`Groups`). A student's files are created with umask 027,
so the instructors' group may read them and no other student can: the home and the
hand-in box have no permission bits for "others", so a classmate cannot even list them.

The class folder is the one place classmates share, and only the class group may enter it
(a login outside the group gets "Permission denied" on ``shared/`` itself). Team folders
are made here, as root, from the instructor's roster (:func:`prepare_teams`; students may
not make one, so nobody squats a team name) and no student owns one: a case folder is
group-writable, set-group-ID and *sticky*, so only a file's owner may replace, rename or
delete it — no classmate's write (an atomic write is a rename) and no ``rm`` can take
another role's file. The workbench writes role files ``0640``, refuses a role another
account holds in one sentence, and lets the holder release a role to hand it on.
``drills/`` is writable by the instructors' group only; students (in the class group, so
past ``shared/``) read it.

The command line (run as root)::

    python workbench_hub.py add-students roster.csv > passwords.csv   # login[,team] columns
    python workbench_hub.py add-teams roster.csv     # or team names: add-teams A组 B组
    python workbench_hub.py add-instructor lee

>>> valid_name("li-lei") and not valid_name("Li Lei") and not valid_name("../x")
True
"""

from __future__ import annotations

import argparse
import csv
import grp
import os
import pwd
import re
import secrets
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # hub_teams.py sits beside this file
from hub_teams import case_ids, prepare_teams

#: Unix login names the hub accepts (also JupyterHub's ``username_pattern``).
NAME_PATTERN = r"^[a-z][a-z0-9_-]{0,30}$"
UMASK = 0o027
HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def valid_name(name: str) -> bool:
    """Whether ``name`` can be a student's Unix login (lower case, no spaces or slashes)."""
    return re.fullmatch(NAME_PATTERN, name) is not None


@dataclass(frozen=True)
class Groups:
    """The Unix groups of a class: ``$WORKBENCH_HUB_STUDENTS``, ``$WORKBENCH_HUB_INSTRUCTORS``
    and the class group ``$WORKBENCH_HUB_CLASS`` (every student and instructor: the group
    of the shared class folder)."""

    students: str = "students"
    instructors: str = "instructors"
    classmates: str = "classmates"

    @classmethod
    def from_env(cls) -> Groups:
        return cls(os.environ.get("WORKBENCH_HUB_STUDENTS", "students"),
                   os.environ.get("WORKBENCH_HUB_INSTRUCTORS", "instructors"),
                   os.environ.get("WORKBENCH_HUB_CLASS", "classmates"))


def hub_root() -> Path:
    """The class's shared folder: ``$WORKBENCH_HUB_ROOT`` or ``/srv/workbench``."""
    return Path(os.environ.get("WORKBENCH_HUB_ROOT", "/srv/workbench"))


def _run(*cmd: str) -> None:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def ensure_group(name: str) -> int:
    """The gid of group ``name``, created (``groupadd``) when missing."""
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        _run("groupadd", name)
        return grp.getgrnam(name).gr_gid


def ensure_user(name: str, *, group: str, password: str | None = None) -> pwd.struct_passwd:
    """The Unix user ``name`` (created with a home when missing), in ``group``.

    ``password`` (optional) is set with ``chpasswd``, for PAM logins.
    """
    if not valid_name(name):
        raise ValueError(f"{name!r} is not a usable login; expected lower-case letters, "
                         "digits, '-' or '_', starting with a letter (e.g. li-lei)")
    try:
        user = pwd.getpwnam(name)
    except KeyError:
        _run("useradd", "--create-home", "--shell", "/bin/bash", "--groups", group, name)
        user = pwd.getpwnam(name)
    else:
        _run("usermod", "--append", "--groups", group, name)
    if password is not None:
        subprocess.run(["chpasswd"], input=f"{name}:{password}\n", text=True, check=True)
    return user


def _own(path: Path, uid: int, gid: int, mode: int) -> None:
    os.chown(path, uid, gid, follow_symlinks=False)
    os.chmod(path, mode)


def prepare_root(root: Path, groups: Groups, *, cases: Path | None = None) -> None:
    """The shared folders: ``handin/`` (traversable, not listable), ``cases/`` and the
    class folder ``shared/`` (``teams/``, ``drills/``; see the module)."""
    igid = ensure_group(groups.instructors)
    ensure_group(groups.students)
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o755)
    handin = root / "handin"
    handin.mkdir(exist_ok=True)
    _own(handin, 0, igid, 0o2751)  # instructors list it; students only pass through
    prepare_shared(root, groups)
    library = root / "cases"
    if not library.exists():
        source = cases or _bundled_cases()
        shutil.copytree(source, library, ignore=shutil.ignore_patterns(".*", "__pycache__"))
        for path in [library, *library.rglob("*")]:
            _own(path, 0, igid, 0o2775 if path.is_dir() else 0o664)


def prepare_shared(root: Path, groups: Groups, *, teams: tuple[str, ...] | list[str] = ()
                   ) -> Path:
    """The class folder ``<root>/shared`` with ``teams/`` and ``drills/`` (see the module;
    idempotent, cheap: run before every server starts); ``teams``: team names to add
    (:func:`prepare_teams`, which also keeps every team already there); returns it."""
    igid = ensure_group(groups.instructors)
    cgid = ensure_group(groups.classmates)
    shared = root / "shared"
    for folder, gid, mode in ((shared, cgid, 0o2750), (shared / "teams", cgid, 0o2750),
                              (shared / "drills", igid, 0o2775)):
        folder.mkdir(parents=True, exist_ok=True)
        _own(folder, 0, gid, mode)
    prepare_teams(shared / "teams", cgid, teams, cases=case_ids(root / "cases"))
    return shared


def _bundled_cases() -> Path:
    from workbench.core.cases import bundled_root

    return bundled_root()


def provision(name: str, *, root: Path | None = None, groups: Groups | None = None,
              instructor: bool = False, notebooks: Path | None = None) -> Path:
    """Folders and permissions of one user (idempotent); returns the user's hand-in box.

    Students: home and hand-in box ``<name>:instructors`` with mode 2750, ``~/work``,
    ``~/notebooks`` (copied once, never overwritten), ``~/handin`` and ``~/shared`` (a link
    to the class folder). Instructors get a home of their own (0750), the notebooks and
    the link. Everyone is put in the class group (read when the server starts).
    """
    root = root or hub_root()
    groups = groups or Groups.from_env()
    user = pwd.getpwnam(name)
    prepare_shared(root, groups)
    if name not in grp.getgrnam(groups.classmates).gr_mem:
        _run("usermod", "--append", "--groups", groups.classmates, name)
    igid = grp.getgrnam(groups.instructors).gr_gid
    home = Path(user.pw_dir)
    home.mkdir(exist_ok=True)
    if instructor:
        _own(home, user.pw_uid, user.pw_gid, 0o750)
    else:
        _own(home, user.pw_uid, igid, 0o2750)
    source = notebooks or (REPO / "notebooks")
    mine = home / "notebooks"
    if source.is_dir() and not mine.exists():
        shutil.copytree(source, mine, ignore=shutil.ignore_patterns(".*", "__pycache__"))
        gid = user.pw_gid if instructor else igid
        for path in [mine, *mine.rglob("*")]:
            _own(path, user.pw_uid, gid, 0o2750 if path.is_dir() else 0o640)
    _link(home / "shared", root / "shared", user.pw_uid, user.pw_gid if instructor else igid)
    box = root / "handin" / name
    if instructor:
        return box
    work = home / "work"
    work.mkdir(exist_ok=True)
    _own(work, user.pw_uid, igid, 0o2750)
    box.mkdir(exist_ok=True)
    _own(box, user.pw_uid, igid, 0o2750)
    _link(home / "handin", box, user.pw_uid, igid)
    return box


def _link(link: Path, target: Path, uid: int, gid: int) -> None:
    """``link`` → ``target`` in a home, unless something by that name is there already."""
    if not link.is_symlink() and not link.exists():
        link.symlink_to(target)
        os.chown(link, uid, gid, follow_symlinks=False)


def user_environment(name: str, *, root: Path | None = None) -> dict[str, str]:
    """The workbench settings for ``name``'s server: journals in the home (private), the
    cases, the hand-in box, and the class folder for team rooms and drills.

    >>> env = user_environment("li-lei", root=Path("/srv/workbench"))
    >>> env["WORKBENCH_HANDIN"], env["WORKBENCH_CLASS"]
    ('/srv/workbench/handin/li-lei', '/srv/workbench/shared')
    """
    root = root or hub_root()
    home = Path(os.path.expanduser(f"~{name}"))
    return {"WORKBENCH_WORK": str(home / "work"), "WORKBENCH_CASES": str(root / "cases"),
            "WORKBENCH_HANDIN": str(root / "handin" / name),
            "WORKBENCH_CLASS": str(root / "shared")}


# -- the spawner ------------------------------------------------------------------------

def _spawner_class():
    from jupyterhub.spawner import LocalProcessSpawner

    class WorkbenchSpawner(LocalProcessSpawner):
        """LocalProcessSpawner that provisions the user's folders first and starts the
        server with umask 027 (files readable by the instructors' group, nobody else).

        Unix users missing on first login (OAuth) are created when
        ``$WORKBENCH_HUB_CREATE_USERS`` is ``1``.
        """

        def make_preexec_fn(self, name):
            switch_user = super().make_preexec_fn(name)

            def preexec() -> None:
                switch_user()
                os.umask(UMASK)
            return preexec

        async def start(self):
            name = self.user.name
            groups = Groups.from_env()
            admin = bool(getattr(self.user, "admin", False))
            try:
                pwd.getpwnam(name)
            except KeyError:
                if os.environ.get("WORKBENCH_HUB_CREATE_USERS") != "1":
                    raise
                ensure_user(name, group=groups.students)
            instructor = admin or name in grp.getgrnam(groups.instructors).gr_mem
            provision(name, groups=groups, instructor=instructor)
            return await super().start()

        def get_env(self):
            return {**super().get_env(), **user_environment(self.user.name)}

    return WorkbenchSpawner


def __getattr__(attr: str):
    # ``c.JupyterHub.spawner_class = "workbench_hub.WorkbenchSpawner"`` imports this module
    # in the hub; building the class lazily keeps the module importable without jupyterhub.
    if attr == "WorkbenchSpawner":
        return _spawner_class()
    raise AttributeError(attr)


# -- the command line -------------------------------------------------------------------

def _roster(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    if rows and rows[0] and rows[0][0].strip().lower() in {"name", "login", "username"}:
        rows = rows[1:]
    return [r[0].strip() for r in rows if r and r[0].strip() and not r[0].startswith("#")]


def _teams(items: list[str]) -> dict[str, list[str]]:
    """Teams from roster files (their team column) and team names, in order."""
    from workbench.io.roster import read_teams

    teams: dict[str, list[str]] = {}
    for item in items:
        found = read_teams(item) if Path(item).is_file() else {item: []}
        for team, members in found.items():
            teams.setdefault(team, []).extend(members)
    return teams


def _add_teams(groups: Groups, items: list[str], *, quiet: bool = False) -> int:
    try:
        shared = prepare_shared(hub_root(), groups, teams=list(_teams(items)))
    except ValueError as err:  # a team name with no letter: one sentence
        print(f"workbench_hub: {err}", file=sys.stderr)
        return 1
    if not quiet:
        print(f"teams: {', '.join(sorted(os.listdir(shared / 'teams'))) or '-'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="workbench_hub", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add-students", help="create students from a roster (first column: "
                                              "login; a team column makes the teams); prints "
                                              "login,password as CSV")
    add.add_argument("roster", type=Path)
    teams = sub.add_parser("add-teams", help="make the team folders of a roster (a CSV with a "
                                             "team column) or of the team names given")
    teams.add_argument("teams", nargs="*", help="roster files or team names (none: only "
                                                "the folders of new cases)")
    teacher = sub.add_parser("add-instructor", help="create or promote an instructor")
    teacher.add_argument("name")
    teacher.add_argument("--password")
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        print("workbench_hub: run as root (it creates Unix users and folders)", file=sys.stderr)
        return 2
    groups = Groups.from_env()
    prepare_root(hub_root(), groups)
    out = csv.writer(sys.stdout)
    if args.command == "add-students":
        names = _roster(args.roster)
        bad = [n for n in names if not valid_name(n)]
        if bad:
            print(f"{args.roster}: {len(bad)} login(s) not usable: {', '.join(bad[:5])}; expected "
                  "lower-case letters, digits, '-' or '_' (e.g. li-lei)", file=sys.stderr)
            return 1
        out.writerow(["login", "password"])
        for name in names:
            password = secrets.token_urlsafe(9)
            ensure_user(name, group=groups.students, password=password)
            provision(name, groups=groups)
            out.writerow([name, password])
        return _add_teams(groups, [str(args.roster)], quiet=True)
    elif args.command == "add-teams":
        return _add_teams(groups, args.teams)
    else:
        ensure_user(args.name, group=groups.instructors, password=args.password)
        provision(args.name, groups=groups, instructor=True)
        print(f"{args.name}: instructor (group {groups.instructors})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
