"""Team plans: a class team plays one case in brand-side roles, each role in its own file.

A role's plan is ``<work>/teams/<team>/<case-id>/<role>.json``::

    {"format": 1, "team": "A组", "case": "demo-lumen-2024", "role": "legal",
     "student": "李雷", "account": "li-lei", "saved_at": "…",
     "moves": {"trigger": {"text": "…", "channel": "weibo", "hour": 2.0,
                           "strategies": ["apology"], "messages": [0, 2],
                           "facts": ["d1"]}},
     "key_messages": ["…"], "owners": {"trigger": ["pr", "legal"]}}

``student`` is the name the member typed — a role is never written under no name (a
blank name is refused in one line; the team room keeps an unnamed student's moves aside
until a name is typed, :mod:`workbench.core.team_unnamed`); ``account`` is the Unix account
that wrote the file. ``key_messages`` (at most :data:`MAX_KEY_MESSAGES`) and ``owners`` ({phase: [roles]})
are read only from the lead role's file (default ``pr``); a move's ``messages`` are
indexes into the lead's key messages, its ``facts`` the case event ids it rests on. The team folder is named by the rules of
:mod:`workbench.core.names`; ``role`` must be a brand-side actor of
:data:`workbench.foundation.vocab.BRAND_ACTORS`.

Two teammates never share a file, so they never overwrite each other; on a class folder
shared by a Unix group (the hub, ``deploy/jupyterhub``) a role file another account wrote
is refused in one line (:class:`TeamError`: the role is that classmate's), never taken over,
until its holder releases it (:meth:`RolePlan.release`; the next holder starts from what was
left, when the released file is its holder's; until then :attr:`TeamPlan.released` lists
the role), and a team the hub's roster did not set up is refused too
(:mod:`workbench.core.team_access`). The same role
open twice (two tabs) is safe too: each change takes the file's OS lock, reads the file
again, changes only its own key (one phase's move, the key messages, one phase's
owners) and writes atomically (:func:`workbench.foundation.files.write_atomic`).
:func:`load_team` merges every role's file on read; when the team has answered a phase,
and so what it sees, is the reveal rule of :mod:`workbench.core.team_reveal`
(:func:`phase_answered`, :func:`team_progress`).

>>> import tempfile
>>> folder = tempfile.mkdtemp()
>>> lead = RolePlan.load("A组", "demo-lumen-2024", "pr", student="韩梅梅", work_dir=folder)
>>> lead.set_key_messages(["我们道歉", "正在调查"])
>>> lead.set_owners("trigger", ["pr", "legal"])
>>> legal = RolePlan.load("A组", "demo-lumen-2024", "legal", student="李雷", work_dir=folder)
>>> legal.set_move("trigger", text="暂停发货", channel="weibo", hour=2,
...                strategies=["corrective-action"], messages=[1])
>>> team = load_team("A组", "demo-lumen-2024", work_dir=folder)
>>> sorted(team.roles), team.key_messages, team.owners
(['legal', 'pr'], ['我们道歉', '正在调查'], {'trigger': ['pr', 'legal']})
>>> team.roles["legal"].moves["trigger"]["hour"], team.members
(2.0, {'legal': '李雷', 'pr': '韩梅梅'})
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..foundation import i18n, vocab
from ..foundation.files import write_atomic
from ..foundation.problems import did_you_mean
from . import team_access as access
from .cases import safe_name
from .journal import JournalBusy, locked
from .library import class_folder
from .names import ANONYMOUS, normalise_name, student_folder
from .team_access import TeamError
from .team_access import read_role as _read
from .team_reveal import phase_answered, team_progress

__all__ = ["DEFAULT_LEAD", "MAX_KEY_MESSAGES", "RolePlan", "TeamError", "TeamPlan",
           "list_teams", "load_team", "phase_answered", "role_path", "team_folder",
           "team_progress", "teams_root"]

FORMAT = 1
DEFAULT_LEAD = "pr"
MAX_KEY_MESSAGES = 5
#: Characters a key message may have (a short point, not a statement).
MAX_KEY_MESSAGE_CHARS = 80
#: Hours since the trigger a move may be placed at (30 days).
MAX_HOUR = 24.0 * 30


def teams_root(work_dir: str | Path | None = None) -> Path:
    """``<class>/teams``: ``work_dir`` given, else the class folder
    (:func:`workbench.core.library.class_folder`: ``$WORKBENCH_CLASS``, else the work folder)."""
    base = Path(work_dir).expanduser() if work_dir is not None else class_folder()
    return base / "teams"


def team_folder(team: str, case_id: str, *, work_dir: str | Path | None = None) -> Path:
    """The folder holding every role file of ``team`` for ``case_id``.

    >>> team_folder("../x", "c", work_dir="/tmp/w").parent.name
    'x~d6b96a'
    """
    return teams_root(work_dir) / student_folder(team) / safe_name(case_id)


def check_role(role: str) -> str:
    """``role`` when it is a brand-side actor, else :class:`TeamError` (one line)."""
    if role not in vocab.BRAND_ACTORS:
        hint = did_you_mean(role, vocab.BRAND_ACTORS)
        raise TeamError(i18n.t("team_unknown_role", role=role,
                               options=", ".join(vocab.BRAND_ACTORS)) + i18n.bracketed(hint))
    return role


def role_path(team: str, case_id: str, role: str, *,
              work_dir: str | Path | None = None) -> Path:
    """The file of ``role``'s plan in ``team`` for ``case_id``."""
    return team_folder(team, case_id, work_dir=work_dir) / f"{check_role(role)}.json"


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _clean_move(text: str, channel: str | None, hour: float | None,
                strategies: list[str] | tuple[str, ...], messages: list[int] | tuple[int, ...],
                facts: list[str] | tuple[str, ...] = ()) -> dict[str, Any]:
    if channel is not None and channel not in vocab.CHANNELS:
        hint = did_you_mean(channel, vocab.CHANNELS)
        raise TeamError(i18n.t("team_unknown_channel", channel=channel) + i18n.bracketed(hint))
    for code in strategies:
        if code not in vocab.STRATEGIES:
            hint = did_you_mean(code, vocab.STRATEGIES)
            raise TeamError(i18n.t("team_unknown_strategy", code=code) + i18n.bracketed(hint))
    if hour is not None:
        hour = float(hour)
        if not math.isfinite(hour) or not 0 <= hour <= MAX_HOUR:
            raise TeamError(i18n.t("team_bad_hour", hour=hour, max=f"{MAX_HOUR:.0f}"))
    picked = sorted({int(m) for m in messages})
    if any(m < 0 or m >= MAX_KEY_MESSAGES for m in picked):
        raise TeamError(i18n.t("team_bad_messages", picked=picked, max=MAX_KEY_MESSAGES - 1))
    return {"text": str(text), "channel": channel, "hour": hour,
            "strategies": list(dict.fromkeys(strategies)), "messages": picked,
            "facts": list(dict.fromkeys(str(f) for f in facts))}


class RolePlan:
    """One role's plan in one team for one case; every setter writes the file at once.

    Build it with :meth:`load`. Read ``.moves`` ({phase: move dict}), ``.key_messages``
    and ``.owners`` (meaningful in the lead's file).
    """

    def __init__(self, team: str, case_id: str, role: str, *, student: str | None = None,
                 work_dir: str | Path | None = None) -> None:
        self.team = normalise_name(team)
        self.case = case_id
        self.role = check_role(role)
        self.student = normalise_name(student)
        self.path = role_path(self.team, case_id, role, work_dir=work_dir)
        self.data: dict[str, Any] = {}
        #: True once :meth:`release` handed the role on (this object writes no more).
        self.released = False
        #: One line when this plan's first write did not carry over a released file (a file
        #: whose Unix owner is not the holder it records: planted); else "".
        self.not_carried = ""

    @classmethod
    def load(cls, team: str, case_id: str, role: str, *, student: str | None = None,
             work_dir: str | Path | None = None) -> RolePlan:
        """Open (or start) ``role``'s plan."""
        plan = cls(team, case_id, role, student=student, work_dir=work_dir)
        plan.reload()
        return plan

    def reload(self) -> None:
        """Read the file again (a teammate in another tab may have written it)."""
        self.data = _read(self.path)

    @property
    def moves(self) -> dict[str, dict[str, Any]]:
        moves = self.data.get("moves")
        return dict(moves) if isinstance(moves, dict) else {}

    @property
    def key_messages(self) -> list[str]:
        messages = self.data.get("key_messages")
        return [str(m) for m in messages][:MAX_KEY_MESSAGES] if isinstance(messages, list) else []

    @property
    def owners(self) -> dict[str, list[str]]:
        owners = self.data.get("owners")
        if not isinstance(owners, dict):
            return {}
        return {str(k): [r for r in v if r in vocab.BRAND_ACTORS]
                for k, v in owners.items() if isinstance(v, list)}

    def _check_name(self) -> None:
        """A role is written under a name: no name (blank → "anonymous") is refused."""
        if self.student == ANONYMOUS:
            raise TeamError(i18n.t("team_unnamed", name=self.path.name, role=self.role,
                                   team=self.team))

    def _change(self, section: str, key: str | None, value: Any) -> None:
        """Under the file's lock: read again, set one key (``None`` removes it), write."""
        if self.released:
            raise TeamError(i18n.t("team_released", name=self.path.name, role=self.role,
                                   team=self.team))
        self._check_name()
        access.check_room(self.path, self.team, self.case)
        try:
            access.check_holder(self.path, self.role, self.team)
            self._write(section, key, value)
        except PermissionError:  # the role's holder, or a lock file another account left
            problem = access.refused(self.path, self.role, self.team)
            if problem is None:
                raise
            raise problem from None
        except JournalBusy:  # another tab, or a program of another account
            problem = access.lock_problem(self.path, self.role, self.team)
            if problem is None:
                raise
            raise problem from None

    def _write(self, section: str, key: str | None, value: Any) -> None:
        with locked(self.path, busy="team_busy"):
            data = _read(self.path)
            if not data and self.path.exists():  # unreadable: keep it aside, never overwrite
                self.path.rename(self.path.with_name(
                    f"{self.path.name}.corrupt-{_now().replace(':', '')}"))
            elif not data:  # a new holder of a released role starts from what was left
                data, self.not_carried = access.take_released(self.path)
            data.update({"format": FORMAT, "team": self.team, "case": self.case,
                         "role": self.role, "student": self.student,
                         "account": access.account(), "saved_at": _now()})
            if key is None:
                data[section] = value
            else:
                part = data.get(section) if isinstance(data.get(section), dict) else {}
                if value is None:
                    part.pop(key, None)
                else:
                    part[key] = value
                data[section] = part
            write_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1))
            self.data = data

    def set_move(self, phase: str, *, text: str = "", channel: str | None = None,
                 hour: float | None = None, strategies: list[str] | tuple[str, ...] = (),
                 messages: list[int] | tuple[int, ...] = (),
                 facts: list[str] | tuple[str, ...] = ()) -> None:
        """Write this role's move for ``phase`` (values checked against the vocabulary);
        ``facts``: the case event ids the move rests on."""
        self._change("moves", str(phase),
                     _clean_move(text, channel, hour, strategies, messages, facts))

    def clear_move(self, phase: str) -> None:
        """Remove this role's move for ``phase``."""
        self._change("moves", str(phase), None)

    def set_key_messages(self, messages: list[str]) -> None:
        """The team's key messages (the lead's file): at most 5 short points."""
        cleaned = [" ".join(str(m).split()) for m in messages]
        cleaned = [m for m in cleaned if m]
        if len(cleaned) > MAX_KEY_MESSAGES:
            raise TeamError(i18n.t("team_too_many_messages", n=len(cleaned),
                                   max=MAX_KEY_MESSAGES))
        for message in cleaned:
            if len(message) > MAX_KEY_MESSAGE_CHARS:
                raise TeamError(i18n.t("team_long_message", n=len(message),
                                       max=MAX_KEY_MESSAGE_CHARS))
        self._change("key_messages", None, cleaned)

    def set_owners(self, phase: str, roles: list[str]) -> None:
        """Who owns ``phase``'s tasks (the lead's file); an empty list removes the entry."""
        picked = list(dict.fromkeys(check_role(r) for r in roles))
        self._change("owners", str(phase), picked or None)

    def join(self) -> None:
        """Write the role's file now (with the member's name), so the team counts the role
        as present — and waits for its move before a reveal — from the moment it opens."""
        self._change("joined", None, self.data.get("joined") or _now())

    def release(self) -> None:
        """Hand the role on (its holder only): the file is kept aside and another student
        may take the role, starting from this role's moves; this object writes no more
        (open the role again to take it back). See :func:`workbench.core.team_access.release`.

        >>> import tempfile
        >>> folder = tempfile.mkdtemp()
        >>> mine = RolePlan.load("A组", "demo-lumen-2024", "legal", student="李雷", work_dir=folder)
        >>> mine.set_move("team", text="暂停发货"); mine.release()
        >>> theirs = RolePlan.load("A组", "demo-lumen-2024", "legal", student="韩梅梅",
        ...                        work_dir=folder)
        >>> theirs.join(); theirs.moves["team"]["text"], theirs.data["student"]
        ('暂停发货', '韩梅梅')
        """
        if not self.released:
            access.release(self.path, self.role, self.team)
            self.released = True

    @property
    def revealed(self) -> list[str]:
        """The decision ids this role asked to see without the team's answer."""
        got = self.data.get("revealed")
        return [str(q) for q in got] if isinstance(got, list) else []

    def reveal(self, decision: str) -> None:
        """Record that this role pressed "show me the brand's move" for ``decision``."""
        current = _read(self.path).get("revealed")  # the same role in two tabs: kept
        known = [str(q) for q in current] if isinstance(current, list) else []
        if str(decision) not in known:
            self._change("revealed", None, [*known, str(decision)])

    def __repr__(self) -> str:
        return f"RolePlan({self.team!r}, {self.case!r}, {self.role!r}, moves={len(self.moves)})"


@dataclass
class TeamPlan:
    """Every role's plan of one team for one case, merged on read."""

    team: str
    case: str
    lead: str = DEFAULT_LEAD
    roles: dict[str, RolePlan] = field(default_factory=dict)
    #: {role: who released it ("" unknown)}: roles released and not taken since — off
    #: :attr:`roles`, so the reveal rule treats them as roles nobody took yet.
    released: dict[str, str] = field(default_factory=dict)

    @property
    def key_messages(self) -> list[str]:
        lead = self.roles.get(self.lead)
        return lead.key_messages if lead else []

    @property
    def owners(self) -> dict[str, list[str]]:
        lead = self.roles.get(self.lead)
        return lead.owners if lead else {}

    @property
    def members(self) -> dict[str, str]:
        """{role: the student who wrote it}."""
        return {role: str(plan.data.get("student") or "") for role, plan in self.roles.items()}

    def moves(self) -> list[dict[str, Any]]:
        """Every move as one flat record (role, phase, text, channel, hour, strategies,
        messages), ordered by phase order of appearance, then hour, then role."""
        rows = []
        for role, plan in sorted(self.roles.items()):
            for phase, move in plan.moves.items():
                if isinstance(move, dict):
                    rows.append({"role": role, "phase": phase, **move})
        return sorted(rows, key=lambda r: (r.get("hour") is None, r.get("hour") or 0.0,
                                           r["role"]))


def load_team(team: str, case_id: str, *, lead: str = DEFAULT_LEAD,
              work_dir: str | Path | None = None) -> TeamPlan:
    """Read every role file of ``team`` for ``case_id`` (files of unknown roles skipped)."""
    plan = TeamPlan(normalise_name(team), case_id, check_role(lead))
    folder = team_folder(team, case_id, work_dir=work_dir)
    if folder.is_dir():
        for path in sorted(folder.glob("*.json")):
            if path.stem in vocab.BRAND_ACTORS:
                role = RolePlan(team, case_id, path.stem, work_dir=work_dir)
                role.reload()
                role.student = str(role.data.get("student") or "")
                plan.roles[path.stem] = role
        plan.released = {role: who for role, who in access.released_roles(folder).items()
                         if role in vocab.BRAND_ACTORS and role not in plan.roles}
    return plan


def list_teams(case_id: str, *, work_dir: str | Path | None = None) -> list[str]:
    """The team folders holding a plan for ``case_id`` (sorted)."""
    root = teams_root(work_dir)
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / safe_name(case_id)).is_dir())
