"""The reveal rule for a team: when a team has answered a phase, and what it has seen.

The one reveal rule (:mod:`workbench.core.progress`) holds for a team as for one student:
a decision question counts as answered once the team has answered its phase
(:func:`phase_answered`: every role that has joined and every owner of the phase has
written a move with text there), and as revealed once any role pressed "show me the
brand's move" for it (:meth:`workbench.core.team.RolePlan.reveal`). :func:`team_progress`
turns a :class:`~workbench.core.team.TeamPlan` into that rule's
:class:`~workbench.core.progress.Progress`. Both are also importable from
:mod:`workbench.core.team`.

>>> import tempfile
>>> from workbench.core.team import RolePlan, load_team
>>> folder = tempfile.mkdtemp()
>>> pr = RolePlan.load("A组", "demo-lumen-2024", "pr", student="韩梅梅", work_dir=folder)
>>> pr.set_owners("trigger", ["pr", "legal"]); pr.set_move("trigger", text="道歉")
>>> phase_answered(load_team("A组", "demo-lumen-2024", work_dir=folder), "trigger")
False
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .team import TeamPlan

__all__ = ["phase_answered", "team_progress"]


def phase_answered(plan: TeamPlan, phase: str) -> bool:
    """Whether the team has answered ``phase``: every role that has joined (has a file)
    and every owner of the phase has written a move with text there (no role: False). A
    released role nobody took since (:attr:`~workbench.core.team.TeamPlan.released`) counts as a role nobody
    took yet: not waited for, unless it owns the phase — then the team waits until a new
    holder takes it (starting from its moves) and has a move there."""
    expected = set(plan.roles) | set(plan.owners.get(phase, []))
    if not expected:
        return False
    return all(bool(str((plan.roles[r].moves.get(phase) or {}).get("text") or "").strip())
               if r in plan.roles else False for r in sorted(expected))


def team_progress(plan: TeamPlan, case: Any) -> Any:
    """The team's work as a :class:`workbench.core.progress.Progress`, so the one reveal
    rule (:mod:`workbench.core.progress`) decides what the team sees: a decision question
    counts as answered once the team has answered its phase (:func:`phase_answered`), as
    revealed once any role pressed "show me the brand's move" for it
    (:meth:`~workbench.core.team.RolePlan.reveal`).

    >>> import tempfile, workbench as wb
    >>> from workbench.core import progress
    >>> from workbench.core.team import RolePlan, load_team
    >>> case, folder = wb.load_case("demo-lumen-2024"), tempfile.mkdtemp()
    >>> legal = RolePlan.load("A组", case.id, "legal", student="李雷", work_dir=folder)
    >>> legal.set_move("team", text="")
    >>> progress.view(case, "team", team_progress(load_team("A组", case.id, work_dir=folder),
    ...                                          case)).hidden
    ('d2',)
    >>> legal.set_move("team", text="召集品控与加盟商")
    >>> progress.view(case, "team", team_progress(load_team("A组", case.id, work_dir=folder),
    ...                                          case)).hidden
    ()
    """
    from .progress import Progress, decisions

    answers = {d.id: "answered by the team" for d in decisions(case)
               if phase_answered(plan, d.phase)}
    revealed = frozenset(q for role in plan.roles.values() for q in role.revealed)
    return Progress(answers=answers, revealed=revealed)
