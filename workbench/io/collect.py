"""Collect a class: read every submitted journal or export in a folder into one table.

A submission is a journal file (``<student>/<case-id>.json``, see :mod:`workbench.core.journal`)
or an HTML export (``wb.export_journal``), anywhere under the folder (per-student
subfolders are fine); a team's role files (``teams/<team>/<case-id>/<role>.json``, see
:mod:`workbench.core.team`) and team exports (``wb.export_team``) are read too, into
:attr:`Collected.teams` and :meth:`Collected.team_plans`. A drill's pacing file is not a
hand-in and is passed over. One file is read by :mod:`workbench.io.submission`, a roster
by :mod:`workbench.io.roster`. Nothing in the folder is changed. A file that cannot be used is
listed with its reason and never stops the collection: *corrupt* (a journal or export
that cannot be read, or goes past the JSON limits of :mod:`workbench.foundation.limits`),
*foreign* (not a journal, role file or export), *symlink* (a link pointing out of the folder: never
followed), *duplicate* (the same student and case, or the same team, case and role, twice: the file written last — by the
file's own modification time, never by the ``saved_at`` written inside it — is kept),
*suspect* (a ``saved_at`` claim later than the file itself, or claims whose order
contradicts the files' order: a forged or impersonating hand-in). Hidden files and
``__MACOSX`` are ignored. In :meth:`Collected.to_csv` a cell starting with ``= + - @``, a
tab or a carriage return gets a leading ``'`` so spreadsheets show it as text (OWASP CSV
injection); the table itself and the journals keep the raw text.

>>> import tempfile, workbench as wb
>>> from workbench.core.journal import Journal
>>> folder = tempfile.mkdtemp()
>>> j = Journal.load("王芳", "demo-lumen-2024", journal_dir=folder)
>>> j.set_answer("plan-1", "两小时内在微博致歉")
>>> _ = (Path(folder) / "notes.txt").write_text("hello", encoding="utf-8")
>>> result = collect(folder, roster=["王芳", "李雷"])
>>> result.students, result.missing
(['王芳'], ['李雷'])
>>> result.skipped[["file", "problem"]].values.tolist()
[['notes.txt', 'foreign']]
>>> row = result.table.query("question_id == 'plan-1'").iloc[0]
>>> row["answer"], row["phase"]
('两小时内在微博致歉', 'plan')
"""

from __future__ import annotations

import datetime as dt
import html
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..analysis.backtest import WARNING_ID
from ..core.journal import RATABLE
from ..core.library import Library, library
from ..core.progress import case_questions, phase_of
from ..core.tables import ReadingTable, reading_html
from ..core.team import RolePlan, TeamPlan
from ..foundation import i18n
from ..foundation.files import write_atomic
from .roster import ROSTER_HEADERS, name_key, read_roster
from .submission import (
    EXPORT_ATTR,
    EXPORT_ID,
    GENERATOR,
    MAX_BYTES,
    MEMO_ID,
    SubmissionError,
    embed_journals,
    normalise_journal,
    parse_export,
    read_hand_in,
    read_submission,
)

__all__ = ["EXPORT_ATTR", "EXPORT_ID", "GENERATOR", "MAX_BYTES", "MEMO_ID", "ROSTER_HEADERS",
           "TEAM_COLUMNS", "Collected", "SubmissionError", "class_table", "collect",
           "embed_journals", "name_key", "normalise_journal", "parse_export", "read_roster",
           "read_submission", "spreadsheet_safe"]

TABLE_COLUMNS = ("student", "case", "kind", "phase", "question_id", "question", "answer",
                 "score", "note", "saved_at", "file")
#: The columns of :attr:`Collected.teams` (one row per team × case × role).
TEAM_COLUMNS = ("team", "case", "role", "student", "moves", "saved_at", "file")
#: A ``saved_at`` claim may run this far ahead of the file's own time (clock skew).
CLAIM_SLACK = dt.timedelta(days=1)
#: First characters a spreadsheet reads as a formula (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# -- the files of a folder ---------------------------------------------------------------------

def _files(folder: Path) -> tuple[list[Path], list[Path]]:
    """The files under ``folder`` (links never followed), and the links pointing out of it."""
    root = folder.resolve()
    files, outside = [], []
    for top, dirs, names in os.walk(folder, followlinks=False):
        here = Path(top)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__MACOSX"
                         and not _leaves(here / d, root, outside))
        for name in names:
            path = here / name
            if name.startswith(".") or _leaves(path, root, outside):
                continue
            if path.is_file():
                files.append(path)
    return sorted(files), sorted(outside)


def _leaves(path: Path, root: Path, outside: list[Path]) -> bool:
    """True (and noted) when ``path`` is a symlink resolving outside ``root``."""
    if not path.is_symlink():
        return False
    target = path.resolve()
    if target == root or root in target.parents:
        return path.is_dir()  # a link inside the folder: its files are read once, directly
    outside.append(path)
    return True


# -- the result -------------------------------------------------------------------------------
@dataclass
class Collected:
    """What :func:`collect` read: ``table`` (one row per student × case × question, plus
    one per rating), ``submissions`` (the journals kept, one row each), ``skipped`` (file,
    problem, reason), ``roster``, ``students``, ``missing`` and ``unexpected``."""

    folder: Path
    journals: list[dict[str, Any]]
    table: pd.DataFrame
    submissions: pd.DataFrame
    skipped: pd.DataFrame
    roster: list[str] | None = None
    lang: str = "en"
    cases: dict[str, Any] = field(default_factory=dict, repr=False)
    roles: list[dict[str, Any]] = field(default_factory=list, repr=False)

    @property
    def teams(self) -> pd.DataFrame:
        """The team role files read: one row per team × case × role (``TEAM_COLUMNS``)."""
        return pd.DataFrame([{"team": r["team"], "case": r["case"], "role": r["role"],
                              "student": r["student"], "moves": len(r["moves"]),
                              "saved_at": r.get("saved_at"), "file": r["file"]}
                             for r in self.roles], columns=list(TEAM_COLUMNS))

    def team_plans(self, case: str | None = None) -> dict[tuple[str, str], TeamPlan]:
        """{(team, case): the merged :class:`~workbench.core.team.TeamPlan`} of the role
        files read (only ``case``'s when given), in team-name order."""
        plans: dict[tuple[str, str], TeamPlan] = {}
        for r in sorted(self.roles, key=lambda r: (name_key(r["team"]), r["case"], r["role"])):
            if case is not None and r["case"] != case:
                continue
            key = (r["team"], r["case"])
            plan = plans.setdefault(key, TeamPlan(r["team"], r["case"]))
            role = RolePlan(r["team"], r["case"], r["role"], student=r["student"],
                            work_dir=self.folder)
            role.data = {k: v for k, v in r.items() if k != "file"}
            plan.roles[r["role"]] = role
        return plans

    @property
    def students(self) -> list[str]:
        """The students read, in name order."""
        return sorted({j["student"] for j in self.journals}, key=name_key)

    @property
    def missing(self) -> list[str]:
        """Roster names with no submission (empty without a roster)."""
        seen = {name_key(s) for s in self.students}
        return [n for n in self.roster or [] if name_key(n) not in seen]

    @property
    def unexpected(self) -> list[str]:
        """Students read who are not on the roster (empty without a roster)."""
        if self.roster is None:
            return []
        listed = {name_key(n) for n in self.roster}
        return [s for s in self.students if name_key(s) not in listed]

    def to_csv(self, path: str | Path) -> Path:
        """Write the class table as CSV (UTF-8 with a BOM, so spreadsheet apps read Chinese);
        text that a spreadsheet would run as a formula is written with a leading ``'``."""
        path = Path(path)
        write_atomic(path, "\ufeff" + spreadsheet_safe(self.table).to_csv(index=False))
        return path

    def __repr__(self) -> str:
        teams = len({(name_key(r["team"]), r["case"]) for r in self.roles})
        return (f"<Collected {len(self.students)} students, {len(self.journals)} journals, "
                + (f"{teams} team plans, " if teams else "")
                + f"{len(self.skipped)} files not used, {len(self.missing)} missing>")

    def _repr_html_(self) -> str:
        return (f"<div class='wb-collected'>{self.summary_html()}"
                + reading_html(self.table.head(20)) + "</div>")

    def summary_html(self) -> str:
        """Who was read, who is missing, which files were not used and why (HTML)."""
        e = html.escape
        lang = self.lang
        none = e(i18n.t("cl_none", lang=lang))
        skipped = "".join(f"<li><code>{e(r.file)}</code> — "
                          + i18n.labelled(e(i18n.t("cl_problem_" + r.problem, lang=lang)),
                                          e(r.reason), lang=lang) + "</li>"
                          for r in self.skipped.itertuples()) or f"<li>{none}</li>"
        parts = [f"<p><b>{e(i18n.t('cl_summary', lang=lang, n=len(self.students), m=len(self.journals), folder=str(self.folder)))}</b></p>",
                 f"<p>{e(', '.join(self.students))}</p>"]
        if self.roster is not None:
            for key, names in (("cl_missing", self.missing), ("cl_unexpected", self.unexpected)):
                parts.append(f"<p><b>{e(i18n.t(key, lang=lang))}</b>: "
                             f"{e(', '.join(names)) if names else none}</p>")
        if self.roles:
            plans = self.team_plans()
            items = "".join(
                f"<li>{e(team)} · <code>{e(case)}</code>: " + e(", ".join(
                    f"{role} ({plan.members[role] or '?'})" for role in sorted(plan.roles)))
                + "</li>" for (team, case), plan in plans.items())
            parts.append(f"<p><b>{e(i18n.t('cl_teams', lang=lang, n=len(plans)))}</b></p>"
                         f"<ul>{items}</ul>")
        parts.append(f"<p><b>{e(i18n.t('cl_skipped', lang=lang))}</b></p><ul>{skipped}</ul>")
        return "".join(parts)


def spreadsheet_safe(table: pd.DataFrame) -> pd.DataFrame:
    """A copy where text cells that start like a formula (``= + - @``, tab, CR) begin with
    ``'`` (OWASP's advice for CSV files opened in Excel or LibreOffice).

    >>> spreadsheet_safe(pd.DataFrame({"a": ["=1+1", "ok", "-2", "@SUM(A1)"]}))["a"].tolist()
    ["'=1+1", 'ok', "'-2", "'@SUM(A1)"]
    """
    out = table.copy()
    for name in out.columns:
        col = out[name]
        if col.dtype == object or pd.api.types.is_string_dtype(col):
            risky = col.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_START))
            if risky.any():
                out[name] = col.map(lambda v: f"'{v}" if isinstance(v, str)
                                    and v.startswith(FORMULA_START) else v)
    return out


def _saved(journal: dict[str, Any]) -> dt.datetime:
    try:
        when = dt.datetime.fromisoformat(str(journal.get("saved_at")))
    except ValueError:
        return dt.datetime.min.replace(tzinfo=dt.timezone.utc)
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


def _file_time(path: Path) -> dt.datetime:
    return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc)


def _claim_problem(journal: dict[str, Any]) -> str:
    """Why a journal's ``saved_at`` claim is not believable ("" when it is)."""
    claimed, written = _saved(journal), journal["_written"]
    if claimed > written + CLAIM_SLACK:
        return i18n.t("cl_skip_forged", who=f"{journal['student']} · {journal['case']}",
                      claimed=journal.get("saved_at"), written=f"{written:%Y-%m-%d %H:%M}")
    return ""


def collect(folder: str | Path, *, roster: str | Path | Iterable[str] | None = None,
            lang: str | None = None, root: str | Path | Library | None = None) -> Collected:
    """Read every journal (.json) and export (.html) under ``folder`` into a :class:`Collected`.

    ``roster``: a roster file (CSV or one name per line) or a list of names; it gives
    ``missing`` (not submitted) and ``unexpected`` (submitted, not on the roster).
    ``root``: where the cases are (a folder or a :class:`~workbench.core.library.Library`;
    default ``$WORKBENCH_CASES``, cases loaded by path, the bundled cases).
    """
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise FileNotFoundError(i18n.t("hand_no_folder", folder=folder))
    lang = lang or i18n.get_language()
    kept: dict[tuple[str, str], dict[str, Any]] = {}
    roles: dict[tuple[str, str, str], dict[str, Any]] = {}
    skipped: list[dict[str, str]] = []
    files, links = _files(folder)
    for path in links:
        skipped.append({"file": path.relative_to(folder).as_posix(), "problem": "symlink",
                        "reason": i18n.t("cl_skip_symlink", lang=lang)})
    for path in files:
        rel = path.relative_to(folder).as_posix()
        try:
            found = read_hand_in(path)
            written = _file_time(path)
        except SubmissionError as err:
            if err.kind != "drill":  # a drill's pacing file is simply not a hand-in
                skipped.append({"file": rel, "problem": err.kind, "reason": err.reason})
            continue
        except OSError as err:
            skipped.append({"file": rel, "problem": "corrupt", "reason": i18n.t(
                "cl_skip_unreadable", lang=lang, why=err.strerror or err)})
            continue
        if found.roles:
            _keep_roles(found.roles, rel, written, roles, skipped)
            continue
        journals = found.journals
        if not journals:
            skipped.append({"file": rel, "problem": "corrupt",
                            "reason": i18n.t("cl_skip_empty_export", lang=lang)})
        for journal in journals:
            journal["file"], journal["_written"] = rel, written
            suspect = _claim_problem(journal)
            if suspect:
                skipped.append({"file": rel, "problem": "suspect", "reason": suspect})
                continue
            key = (name_key(journal["student"]), journal["case"])
            other = kept.get(key)
            if other is None:
                kept[key] = journal
                continue
            kept[key], older = _newer_file(journal, other)
            skipped.append(_duplicate(older, kept[key]))
    for journal in kept.values():
        journal.pop("_written", None)
    journals = sorted(kept.values(), key=lambda j: (name_key(j["student"]), j["case"]))
    lib = library(root)
    cases = {cid: lib.find(cid) for cid in sorted({j["case"] for j in journals}
                                                   | {r["case"] for r in roles.values()})}
    return Collected(
        folder=folder, journals=journals, table=class_table(journals, cases, lang=lang),
        submissions=pd.DataFrame(
            [{"student": j["student"], "case": j["case"], "saved_at": j.get("saved_at"),
              "phase": j.get("phase"), "answers": len(j["answers"]),
              "ratings": len(j["ratings"]), "file": j["file"]} for j in journals],
            columns=["student", "case", "saved_at", "phase", "answers", "ratings", "file"]),
        skipped=pd.DataFrame(skipped, columns=["file", "problem", "reason"]),
        roster=None if roster is None else read_roster(roster), lang=lang, cases=cases,
        roles=[{k: v for k, v in r.items() if k != "_written"} for r in roles.values()])


def _keep_roles(found: list[dict[str, Any]], rel: str, written: dt.datetime,
                roles: dict[tuple[str, str, str], dict[str, Any]],
                skipped: list[dict[str, str]]) -> None:
    """Keep each role file of ``found`` unless a file written later holds the same team,
    case and role (then the older is listed as a duplicate)."""
    for role in found:
        role["file"], role["_written"] = rel, written
        key = (name_key(role["team"]), role["case"], role["role"])
        other = roles.get(key)
        if other is not None and other["_written"] >= written:
            older, newer = role, other
        else:
            older, newer = other, role
            roles[key] = role
        if older is not None:
            skipped.append({"file": older["file"], "problem": "duplicate",
                            "reason": i18n.t("hand_role_again", file=newer["file"],
                                             who=f"{older['team']} · {older['case']} · "
                                             f"{older['role']}")})


def _newer_file(a: dict[str, Any], b: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(kept, dropped): the journal in the file written last (ties: the later claim)."""
    if (a["_written"], _saved(a)) > (b["_written"], _saved(b)):
        return a, b
    return b, a


def _duplicate(older: dict[str, Any], newer: dict[str, Any]) -> dict[str, str]:
    """The skipped row for ``older``: a duplicate, or suspect when the claims contradict
    the files' order (same student, different content, claimed times out of order)."""
    who = f"{older['student']} · {older['case']}"
    same = {k: older.get(k) for k in ("answers", "ratings")} == {
        k: newer.get(k) for k in ("answers", "ratings")}
    if not same and _saved(older) > _saved(newer):
        return {"file": older["file"], "problem": "suspect", "reason": i18n.t(
            "cl_skip_impersonate", who=who, claimed=older.get("saved_at") or "?",
            other=newer["file"], other_saved=newer.get("saved_at") or "?")}
    key = "cl_skip_duplicate_same" if _saved(newer) == _saved(older) else "cl_skip_duplicate_last"
    return {"file": older["file"], "problem": "duplicate", "reason": i18n.t(
        key, who=who, saved=older.get("saved_at") or "?", other=newer["file"],
        other_saved=newer.get("saved_at") or "?")}


def class_table(journals: list[dict[str, Any]], cases: dict[str, Any], *,
                lang: str | None = None) -> pd.DataFrame:
    """One row per student × case × question (every question of the case, answered or
    not, then the memo and any other answers), plus one row per rating."""
    rows = []
    for j in journals:
        base = {"student": j["student"], "case": j["case"], "saved_at": j.get("saved_at"),
                "file": j.get("file", "")}
        answers = dict(j["answers"])
        for q in case_questions(cases.get(j["case"]), lang):
            rows.append({**base, "kind": "answer", "phase": q["phase"], "question_id": q["id"],
                         "question": q["text"], "answer": answers.pop(q["id"], None)})
        for qid, text in answers.items():
            label = i18n.t("cl_memo", lang=lang) if qid == MEMO_ID else (
                i18n.t("ew_journal", lang=lang) if qid == WARNING_ID else "")
            rows.append({**base, "kind": "memo" if qid == MEMO_ID else "answer",
                         "phase": phase_of(qid, cases.get(j["case"])), "question_id": qid,
                         "question": label,
                         "answer": text})
        for slug, rating in j["ratings"].items():
            term = RATABLE.get(slug)
            rows.append({**base, "kind": "rating", "phase": "", "question_id": slug,
                         "question": term.label(lang or "en") if term else slug,
                         "score": rating.get("score"), "note": rating.get("note", "")})
    frame = ReadingTable(rows, columns=list(TABLE_COLUMNS))  # shown whole, blanks blank
    return frame.astype({"score": "Int64"})
