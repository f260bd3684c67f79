"""Coordination metrics of a team plan: where the team fails to act as one.

Pure functions of a :class:`workbench.core.team.TeamPlan` (and the case, for speed,
information sharing and the aligned timeline); the formulas are in docs/metrics.md
("Team coordination"). Nothing here reads or writes a file.

- :func:`coverage` — roles × phases, owners, gaps and double ownership (责任明确);
- :func:`one_voice` — posture conflicts, key messages missing on a channel,
  contradicting hours (目标一致, 有效沟通);
- :func:`speed` — the team's first public statement vs 4 h / 24 h and the brand (快速响应);
- :func:`information` — facts a move rests on: visible at its phase or not yet (信息共享);
- :func:`beside` — the team's moves and the brand's real moves on one timeline;
- :func:`board` — one summary row (for the instructor's side-by-side view).
"""

from __future__ import annotations

import math
from itertools import combinations
from typing import Any

import pandas as pd

from ..core.cases import Case
from ..core.team import TeamPlan
from ..foundation import vocab
from . import metrics

__all__ = ["CONFLICTING", "PUBLIC_CHANNELS", "beside", "board", "coverage", "information",
           "one_voice", "phases_played", "postures", "speed"]

#: Channels the public sees; a move on another channel (email) or none is internal.
PUBLIC_CHANNELS: frozenset[str] = frozenset(vocab.CHANNELS) - {"email"}
#: Postures that conflict with a rebuild posture voiced in the same phase.
CONFLICTING: frozenset[str] = frozenset({"deny", "diminish"})
_ORDER = {p.slug: p.number for p in vocab.PHASE_LIST}


def phases_played(plan: TeamPlan) -> list[str]:
    """The lifecycle phases from the first up to the furthest one holding a move or an
    owner entry (the phases a gap can be in), in lifecycle order."""
    used = {m["phase"] for m in plan.moves()} | set(plan.owners)
    last = max((_ORDER[p] for p in used if p in _ORDER), default=0)
    return [p.slug for p in vocab.PHASE_LIST if p.number <= last]


def postures(move: dict[str, Any]) -> set[str]:
    """The SCCT postures of a move's strategy codes (unknown codes ignored)."""
    return {vocab.STRATEGIES[c].posture for c in move.get("strategies") or []
            if c in vocab.STRATEGIES}


def coverage(plan: TeamPlan, phases: list[str] | None = None) -> dict[str, Any]:
    """Who owns and who acts in each phase.

    Returns ``table`` (a DataFrame, one row per phase, one column per role: ``"owner"``,
    ``"owner+move"``, ``"move"`` or ``""``), ``gaps`` (phases no role owns), ``double``
    (phases two or more roles own), ``idle_owners`` ([(phase, role)] owners without a
    move there) and ``coverage`` = owned phases / phases (NaN with no phase).
    """
    phases = phases if phases is not None else phases_played(plan)
    owners = plan.owners
    acted = {(m["phase"], m["role"]) for m in plan.moves()}
    roles = sorted(set(plan.roles) | {r for rs in owners.values() for r in rs})
    rows = {}
    for phase in phases:
        row = {}
        for role in roles:
            own, move = role in owners.get(phase, []), (phase, role) in acted
            row[role] = "owner+move" if own and move else "owner" if own else (
                "move" if move else "")
        rows[phase] = row
    table = pd.DataFrame.from_dict(rows, orient="index", columns=roles)
    gaps = [p for p in phases if not owners.get(p)]
    double = [p for p in phases if len(owners.get(p, [])) >= 2]
    idle = [(p, r) for p in phases for r in owners.get(p, []) if (p, r) not in acted]
    share = (len(phases) - len(gaps)) / len(phases) if phases else math.nan
    return {"table": table, "gaps": gaps, "double": double, "idle_owners": idle,
            "coverage": share}


def _public(move: dict[str, Any]) -> bool:
    return move.get("channel") in PUBLIC_CHANNELS


def one_voice(plan: TeamPlan) -> dict[str, Any]:
    """Where the team speaks with more than one voice.

    - ``conflicts``: [{"phase", "role", "posture", "other_role", "other_posture"}] — in one
      phase, a role's move denies or diminishes while another role's move rebuilds;
    - ``missing``: {channel: [key-message index]} — public channels the team uses on
      which some key message is carried by no move;
    - ``hours``: [{"phase", "role", "hour", "later_phase", "later_role", "later_hour"}] —
      a move of a later phase placed at an earlier hour than a move of an earlier phase;
    - ``score`` = 1 − (conflicting phases + channels missing a message + contradicting
      pairs) / (phases with moves + public channels + move pairs); 1 with nothing to judge.
    """
    moves = plan.moves()
    conflicts = []
    by_phase: dict[str, list[dict[str, Any]]] = {}
    for move in moves:
        by_phase.setdefault(move["phase"], []).append(move)
    for phase, group in by_phase.items():
        for a in group:
            for b in group:
                if a["role"] == b["role"]:
                    continue
                for posture in sorted(postures(a) & CONFLICTING):
                    if "rebuild" in postures(b):
                        conflicts.append({"phase": phase, "role": a["role"], "posture": posture,
                                          "other_role": b["role"], "other_posture": "rebuild"})
    n_keys = len(plan.key_messages)
    carried: dict[str, set[int]] = {}
    for move in moves:
        if _public(move):
            carried.setdefault(move["channel"], set()).update(
                m for m in move.get("messages") or [] if m < n_keys)
    missing = {ch: [i for i in range(n_keys) if i not in got]
               for ch, got in sorted(carried.items()) if len(got) < n_keys}
    timed = [m for m in moves if m.get("hour") is not None and m["phase"] in _ORDER]
    hours = []
    pairs = 0
    for a, b in combinations(timed, 2):
        first, later = (a, b) if _ORDER[a["phase"]] <= _ORDER[b["phase"]] else (b, a)
        if _ORDER[first["phase"]] == _ORDER[later["phase"]]:
            continue
        pairs += 1
        if later["hour"] < first["hour"]:
            hours.append({"phase": first["phase"], "role": first["role"],
                          "hour": first["hour"], "later_phase": later["phase"],
                          "later_role": later["role"], "later_hour": later["hour"]})
    bad = len({c["phase"] for c in conflicts}) + len(missing) + len(hours)
    total = len(by_phase) + len(carried) + pairs
    return {"conflicts": conflicts, "missing": missing, "hours": hours,
            "score": 1.0 - bad / total if total else 1.0}


def speed(plan: TeamPlan, case: Case) -> dict[str, Any]:
    """The team's first public statement (the earliest timed move on a public channel)
    against the 4 h / 24 h marks and the brand's real first response (NaN when absent)."""
    public = [m for m in plan.moves() if _public(m) and m.get("hour") is not None]
    first = min(public, key=lambda m: (m["hour"], m["role"]), default=None)
    real = metrics.first_response(case.events)
    team_h = float(first["hour"]) if first else math.nan
    brand_h = float(real.hours) if real.found else math.nan
    return {"team_first_hours": team_h, "team_first_role": first["role"] if first else None,
            "team_first_channel": first["channel"] if first else None,
            "within_4h": bool(first and team_h <= 4), "within_24h": bool(first and team_h <= 24),
            "brand_first_hours": brand_h,
            "hours_ahead_of_brand": brand_h - team_h}


def information(plan: TeamPlan, case: Case) -> dict[str, Any]:
    """Which facts (case event ids) each move rests on, by what was visible at its phase
    (:meth:`Case.visible_at` — the time rules).

    Returns ``table`` (one row per move: role, phase, ``visible`` / ``not_yet`` /
    ``unknown`` fact ids), ``citing`` (moves citing a fact), ``ahead`` (moves citing a
    fact not yet visible at their phase) and ``grounded`` = moves citing only visible
    facts / moves (NaN with no move).
    """
    all_ids = set(case.events["id"].astype(str))
    seen: dict[str, set[str]] = {}
    rows = []
    for move in plan.moves():
        phase = move["phase"]
        if phase not in seen:
            seen[phase] = (set(case.visible_at(phase).events["id"].astype(str))
                           if phase in _ORDER else set())
        facts = [str(f) for f in move.get("facts") or []]
        rows.append({"role": move["role"], "phase": phase,
                     "visible": [f for f in facts if f in seen[phase]],
                     "not_yet": [f for f in facts if f in all_ids and f not in seen[phase]],
                     "unknown": [f for f in facts if f not in all_ids]})
    table = pd.DataFrame(rows, columns=["role", "phase", "visible", "not_yet", "unknown"])
    citing = sum(bool(r["visible"] or r["not_yet"]) for r in rows)
    ahead = sum(bool(r["not_yet"]) for r in rows)
    grounded = sum(bool(r["visible"]) and not r["not_yet"] and not r["unknown"] for r in rows)
    return {"table": table, "citing": citing, "ahead": ahead,
            "grounded": grounded / len(rows) if rows else math.nan}


def beside(plan: TeamPlan, case: Case, *, lang: str | None = None) -> pd.DataFrame:
    """The team's moves and the brand's moves in ``case`` on one timeline (by hours).

    Pass the case as the student may see it (``progress.everything(case, progress)``):
    brand moves still held back by the reveal rule are then absent. Columns: ``who``
    ("team" / "brand"), ``role``, ``phase``, ``hours``, ``channel``, ``strategies``, ``text``.
    """
    rows = [{"who": "team", "role": m["role"], "phase": m["phase"], "hours": m.get("hour"),
             "channel": m.get("channel"), "strategies": ";".join(m.get("strategies") or []),
             "text": m.get("text", "")} for m in plan.moves()]
    text_col = "summary_zh" if (lang or "").startswith("zh") else "summary_en"
    for _, ev in metrics.brand_moves(case.events).iterrows():
        rows.append({"who": "brand", "role": ev["actor"], "phase": ev["phase"],
                     "hours": float(ev["hours"]), "channel": ev.get("channel"),
                     "strategies": "" if pd.isna(ev.get("strategy")) else str(ev["strategy"]),
                     "text": str(ev.get(text_col) or "")})
    frame = pd.DataFrame(rows, columns=["who", "role", "phase", "hours", "channel",
                                        "strategies", "text"])
    frame["hours"] = pd.to_numeric(frame["hours"], errors="coerce")
    return frame.sort_values(["hours", "who"], na_position="last", kind="stable").reset_index(
        drop=True)


def board(plan: TeamPlan, case: Case, phases: list[str] | None = None) -> dict[str, Any]:
    """One row for the instructor: coverage, gaps, conflicts, missing messages, speed."""
    cov, voice, fast = coverage(plan, phases), one_voice(plan), speed(plan, case)
    info = information(plan, case)
    return {"team": plan.team, "roles": len(plan.roles), "moves": len(plan.moves()),
            "coverage": cov["coverage"], "gaps": len(cov["gaps"]), "double": len(cov["double"]),
            "conflicts": len(voice["conflicts"]), "missing": len(voice["missing"]),
            "contradicting_hours": len(voice["hours"]), "one_voice": voice["score"],
            "first_public_hours": fast["team_first_hours"], "within_4h": fast["within_4h"],
            "within_24h": fast["within_24h"], "brand_first_hours": fast["brand_first_hours"],
            "ahead_facts": info["ahead"], "grounded": info["grounded"]}
