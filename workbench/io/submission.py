"""Hand-ins, one file at a time: a journal (.json), a team role file (.json) or an export (.html).

An HTML export carries its data in one hidden element — ``<div hidden id="wb-journals"
data-wb-journals="escaped JSON">`` for a student's journals (:func:`embed_journals`),
``<div hidden id="wb-team" data-wb-team="escaped JSON">`` for a team's plan
(:func:`embed_team`) — never in a ``<script>``: an export runs no code at all.
:func:`read_hand_in` reads either kind back, never changing the file; a file that is not
usable raises :class:`SubmissionError` with its kind (*corrupt*, *foreign*) and the reason.
A drill's pacing file (:mod:`workbench.core.pacing`) is kind *drill*: not a hand-in.

>>> roles = [{"format": 1, "team": "A组", "case": "c", "role": "pr", "student": "<李雷>",
...           "moves": {"trigger": {"text": "致歉", "channel": "weibo"}}}]
>>> tag = embed_team("A组", "c", roles)
>>> "<李雷>" in tag, parse_team_export(tag)[0]["student"]
(False, '<李雷>')
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..core.journal import ANONYMOUS, JournalFile
from ..core.names import StudentNameError, normalise_name, student_folder
from ..core.pacing import KIND as PACING_KIND
from ..foundation import i18n, vocab
from ..foundation.limits import JSONRefused, loads_json
from ..foundation.problems import WorkbenchError

__all__ = ["EXPORT_ATTR", "EXPORT_ID", "GENERATOR", "MAX_BYTES", "MEMO_ID", "TEAM_ATTR",
           "TEAM_ID", "HandIn", "SubmissionError", "embed_journals", "embed_team",
           "is_role_file", "normalise_journal", "normalise_role", "parse_export",
           "parse_team_export", "read_hand_in", "read_submission"]

#: The element of an HTML export that carries the journals: ``<div hidden id=…
#: data-wb-journals="escaped JSON">`` (no ``<script>``: an export runs no code at all).
EXPORT_ID = "wb-journals"
EXPORT_ATTR = "data-wb-journals"
EXPORT_FORMAT = 1
#: The element of a team export that carries the team's role files.
TEAM_ID = "wb-team"
TEAM_ATTR = "data-wb-team"
#: The generator name in every export's ``<meta name="generator">`` (tells a cut-short export
#: from a foreign HTML file).
GENERATOR = "crisis-workbench export"
#: Files larger than this are not read (a journal is a few kB, an export well under 5 MB).
MAX_BYTES = 20 * 1024 * 1024
MEMO_ID = "memo"


class SubmissionError(WorkbenchError):
    """A file that is not a usable submission; ``kind`` is ``"corrupt"`` or ``"foreign"``."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


# -- embedding journals in an export (written by workbench.io.export) ----------------------------
def embed_journals(journals: Iterable[dict[str, Any]]) -> str:
    """The hidden element that carries ``journals`` inside an HTML export (escaped JSON).

    >>> tag = embed_journals([{"student": "<b>", "case": "x"}])
    >>> tag.startswith('<div hidden id="wb-journals"'), "<b>" in tag
    (True, False)
    >>> parse_export(tag)[0]["student"]
    '<b>'
    """
    payload = json.dumps({"format": EXPORT_FORMAT, "journals": list(journals)},
                         ensure_ascii=False, separators=(",", ":"))
    return (f'<div hidden id="{EXPORT_ID}" data-wb-export="{EXPORT_FORMAT}" '
            f'{EXPORT_ATTR}="{html.escape(payload, quote=True)}"></div>')


class _ExportParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.payload: str | None = None
        self.team: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if self.payload is None and found.get("id") == EXPORT_ID:
            self.payload = found.get(EXPORT_ATTR) or ""
        if self.team is None and found.get("id") == TEAM_ID:
            self.team = found.get(TEAM_ATTR) or ""


def _parsed(text: str) -> _ExportParser:
    parser = _ExportParser()
    parser.feed(text)
    parser.close()
    return parser


def parse_export(text: str) -> list[dict[str, Any]]:
    """The raw journal dicts embedded in an HTML export; :class:`SubmissionError` if none."""
    parser = _parsed(text)
    if parser.payload is None:
        if parser.team is not None:
            raise SubmissionError("foreign", i18n.t("hand_team_export"))
        if GENERATOR in text:
            raise SubmissionError("corrupt", i18n.t("cl_skip_no_embedded"))
        raise SubmissionError("foreign", i18n.t("cl_skip_not_export"))
    try:
        data = loads_json(parser.payload)
    except JSONRefused as err:
        raise SubmissionError("corrupt", i18n.t("cl_skip_bad_embedded", why=err)) from err
    if not isinstance(data, dict) or not isinstance(data.get("journals"), list):
        raise SubmissionError("corrupt", i18n.t("cl_skip_no_list"))
    return data["journals"]


# -- reading one file --------------------------------------------------------------------------
def normalise_journal(raw: Any) -> dict[str, Any]:
    """A journal dict checked against the journal file format (:class:`SubmissionError` if not).

    >>> normalise_journal({"format": 1, "student": " 李雷 ", "case": "x"})["student"]
    '李雷'
    """
    if not isinstance(raw, dict):
        raise SubmissionError("foreign", i18n.t("cl_skip_not_object"))
    if not {"student", "case"} <= raw.keys() or "format" not in raw:
        raise SubmissionError("foreign", i18n.t("cl_skip_no_keys"))
    try:
        data = JournalFile.model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "file"
        raise SubmissionError("corrupt", i18n.t("cl_skip_bad_value", where=where,
                                                why=first["msg"])) from err
    out = data.model_dump()
    out["student"] = data.student.strip() or ANONYMOUS
    out["case"] = data.case.strip()
    return out


# -- team plans ---------------------------------------------------------------------------------
def embed_team(team: str, case: str, roles: list[dict[str, Any]]) -> str:
    """The hidden element that carries a team's role files inside a team export."""
    payload = json.dumps({"format": EXPORT_FORMAT, "team": team, "case": case,
                          "roles": list(roles)}, ensure_ascii=False, separators=(",", ":"))
    return (f'<div hidden id="{TEAM_ID}" data-wb-export="{EXPORT_FORMAT}" '
            f'{TEAM_ATTR}="{html.escape(payload, quote=True)}"></div>')


def parse_team_export(text: str) -> list[dict[str, Any]]:
    """The raw role dicts embedded in a team export ([] when the page holds none)."""
    parser = _parsed(text)
    if parser.team is None:
        return []
    try:
        data = loads_json(parser.team)
    except JSONRefused as err:
        raise SubmissionError("corrupt", i18n.t("hand_team_unreadable", why=err)) from err
    if not isinstance(data, dict) or not isinstance(data.get("roles"), list):
        raise SubmissionError("corrupt", i18n.t("hand_team_no_roles"))
    return data["roles"]


def is_role_file(raw: Any) -> bool:
    """Does this JSON look like a team role file (``format``, ``team``, ``case``, ``role``)?"""
    return isinstance(raw, dict) and {"format", "team", "case", "role"} <= raw.keys()


def normalise_role(raw: Any) -> dict[str, Any]:
    """A team role file's content checked (:class:`SubmissionError` when it is not one);
    keys this version does not know (a newer writer's) are kept.

    >>> normalise_role({"format": 1, "team": " A组 ", "case": "c", "role": "pr"})["team"]
    'A组'
    """
    if not is_role_file(raw):
        raise SubmissionError("foreign", i18n.t("hand_not_role_file"))
    role = str(raw["role"])
    if role not in vocab.BRAND_ACTORS:
        raise SubmissionError("corrupt", i18n.t("hand_role_unknown", role=role))
    moves = raw.get("moves", {})
    if not isinstance(moves, dict) or not all(isinstance(m, dict) for m in moves.values()):
        raise SubmissionError("corrupt", i18n.t("hand_role_moves"))
    messages = raw.get("key_messages", [])
    owners = raw.get("owners", {})
    if not isinstance(messages, list) or not isinstance(owners, dict):
        raise SubmissionError("corrupt", i18n.t("hand_role_lists"))
    try:
        student_folder(str(raw["team"]))
        normalise_name(str(raw.get("student") or ""))
    except StudentNameError as err:
        raise SubmissionError("corrupt", i18n.t("hand_role_name", why=err)) from None
    return {**raw, "format": raw["format"], "team": " ".join(str(raw["team"]).split()),
            "case": str(raw["case"]).strip(), "role": role,
            "student": " ".join(str(raw.get("student") or "").split()),
            "saved_at": raw.get("saved_at"), "moves": moves,
            "key_messages": [str(m) for m in messages],
            "owners": {str(k): [str(r) for r in v] for k, v in owners.items()
                       if isinstance(v, list)}}


@dataclass
class HandIn:
    """What one file holds: a student's journals, or a team's role files."""

    journals: list[dict[str, Any]] = field(default_factory=list)
    roles: list[dict[str, Any]] = field(default_factory=list)


def _text(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".ipynb":
        raise SubmissionError("foreign", i18n.t("cl_skip_notebook"))
    if suffix == ".md":
        raise SubmissionError("foreign", i18n.t("cl_skip_markdown"))
    if suffix not in (".json", ".html", ".htm"):
        raise SubmissionError("foreign", i18n.t("cl_skip_unknown"))
    try:
        if path.stat().st_size > MAX_BYTES:
            raise SubmissionError("foreign", i18n.t("cl_skip_too_large", mb=MAX_BYTES // 2**20))
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise SubmissionError("corrupt", i18n.t("cl_skip_not_utf8")) from err
    except OSError as err:
        raise SubmissionError("corrupt", i18n.t("cl_skip_unreadable",
                                                why=err.strerror or err)) from err


def read_hand_in(path: str | Path) -> HandIn:
    """The journals or the team role files in one file, never changing it."""
    path = Path(path)
    text = _text(path)
    if path.suffix.lower() == ".json":
        try:
            raw = loads_json(text)
        except JSONRefused as err:
            raise SubmissionError("corrupt", i18n.t("cl_skip_damaged", why=err)) from err
        if isinstance(raw, dict) and raw.get("kind") == PACING_KIND:
            raise SubmissionError("drill", i18n.t("hand_drill"))
        if is_role_file(raw):
            return HandIn(roles=[normalise_role(raw)])
        return HandIn(journals=[normalise_journal(raw)])
    roles = parse_team_export(text)
    if roles:
        return HandIn(roles=[normalise_role(r) for r in roles])
    return HandIn(journals=[normalise_journal(raw) for raw in parse_export(text)])


def read_submission(path: str | Path) -> list[dict[str, Any]]:
    """The journals in one file (a journal .json or an export .html), never changing it."""
    found = read_hand_in(path)
    if found.roles:
        raise SubmissionError("foreign", i18n.t("hand_team_plan"))
    return found.journals
