"""An unnamed student's role in a team: kept aside until a name is typed, then that name's.

A team room opened before the student typed a name writes nothing in the team's folder:
:class:`~workbench.core.team.RolePlan` refuses to write a role under no name, so no role
file is ever held by "anonymous". What the unnamed student writes waits in a scratch
folder of this program (:func:`waiting_plan`, one per role file: a re-run cell or the
app's rebuilt room finds it again) and is read over what the role's file holds, so the
student sees the role as it is; nobody else sees it, and the team's reveal does not wait
for it. The first name typed takes it over (:func:`take_over`): every move, the key
messages, the owners and the reveals written while unnamed go into the named role's file
(what was typed last wins) and the scratch folder is removed — as the app's journals are
(:func:`workbench.core.student.carry_over`).

>>> import tempfile
>>> from workbench.core.team import load_team
>>> folder = tempfile.mkdtemp()
>>> waiting = waiting_plan("A组", "demo-lumen-2024", "legal", work_dir=folder)
>>> waiting.set_move("team", text="暂停发货"); waiting.moves["team"]["text"]
'暂停发货'
>>> load_team("A组", "demo-lumen-2024", work_dir=folder).roles   # not in the team yet
{}
>>> mine = RolePlan.load("A组", "demo-lumen-2024", "legal", student="李雷", work_dir=folder)
>>> mine.join(); take_over(mine)
True
>>> mine.moves["team"]["text"], mine.data["student"], waiting.path.exists()
('暂停发货', '李雷', False)
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ..foundation import i18n
from . import team_access as access
from .team import RolePlan, TeamError, role_path
from .team_access import read_role

__all__ = ["WaitingPlan", "take_over", "waiting_plan"]

#: {a role file: the scratch folder where an unnamed student's plan of it waits}.
_WAITING: dict[Path, Path] = {}


def _key(path: Path) -> Path:
    return Path(os.path.abspath(path))


def _overlay(base: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    """``base`` (the role's file) with what was written while unnamed over it."""
    merged = dict(base)
    for section in ("moves", "owners"):
        part = dict(base.get(section)) if isinstance(base.get(section), dict) else {}
        if isinstance(own.get(section), dict):
            part.update(own[section])
        merged[section] = part
    if "key_messages" in own:
        merged["key_messages"] = own["key_messages"]
    seen = [*(base.get("revealed") or []), *(own.get("revealed") or [])]
    merged["revealed"] = list(dict.fromkeys(str(q) for q in seen))
    return merged


class WaitingPlan(RolePlan):
    """An unnamed student's plan of ``role``: it reads the role's file (else what a released
    holder left) with its own changes over it, and writes only to its scratch file
    (``path``); ``role_file`` is the role's file in the team's folder."""

    def __init__(self, team: str, case_id: str, role: str, *, scratch: str | Path,
                 work_dir: str | Path | None = None) -> None:
        super().__init__(team, case_id, role, student=None, work_dir=scratch)
        self.student = ""  # no name: nothing here is written in the team's folder
        self.role_file = role_path(self.team, case_id, role, work_dir=work_dir)

    def _check_name(self) -> None:
        """No name needed: this plan waits for one."""

    def reload(self) -> None:
        base = read_role(self.role_file) or access.released_data(self.role_file)
        self.data = _overlay(base, read_role(self.path))

    def _write(self, section: str, key: str | None, value: Any) -> None:
        super()._write(section, key, value)
        self.reload()

    def release(self) -> None:
        """Nothing to hand on: an unnamed student holds no role (one line)."""
        raise TeamError(i18n.t("team_unnamed", name=self.role_file.name, role=self.role,
                               team=self.team))


def waiting_plan(team: str, case_id: str, role: str, *,
                 work_dir: str | Path | None = None) -> WaitingPlan:
    """The plan an unnamed student writes in ``role`` (the one already waiting for that
    role file in this program, else a new one). A team the hub did not set up, or a role
    another account holds, is refused now, in one line, as for a named student."""
    probe = RolePlan(team, case_id, role, work_dir=work_dir)
    access.check_room(probe.path, probe.team, case_id)
    access.check_holder(probe.path, probe.role, probe.team)
    scratch = _WAITING.get(_key(probe.path))
    if scratch is None or not scratch.is_dir():
        scratch = _WAITING[_key(probe.path)] = Path(tempfile.mkdtemp(prefix="wb-unnamed-team-"))
    plan = WaitingPlan(team, case_id, role, scratch=scratch, work_dir=work_dir)
    plan.reload()
    return plan


def take_over(plan: RolePlan) -> bool:
    """Write what an unnamed student wrote in ``plan``'s role into ``plan`` (a named
    student's) and remove the scratch folder; True when anything was written. A write
    refused (the role another account's) keeps the scratch, for the next name typed."""
    scratch = _WAITING.get(_key(plan.path))
    if scratch is None:
        return False
    own = read_role(role_path(plan.team, plan.case, plan.role, work_dir=scratch))
    for phase, move in (own.get("moves") or {}).items():
        plan._change("moves", str(phase), move)
    if isinstance(own.get("key_messages"), list):
        plan._change("key_messages", None, own["key_messages"])
    for phase, roles in (own.get("owners") or {}).items():
        plan._change("owners", str(phase), roles)
    for decision in own.get("revealed") or []:
        plan.reveal(str(decision))
    _WAITING.pop(_key(plan.path), None)
    shutil.rmtree(scratch, ignore_errors=True)
    return bool(own.get("moves") or own.get("key_messages") or own.get("owners")
                or own.get("revealed"))
