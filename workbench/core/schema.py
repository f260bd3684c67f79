"""The schema of case.yaml and questions.yaml (pydantic), with errors mapped to YAML lines.

>>> meta, problems = parse_case_yaml(
...     "format: 1\\nid: x-1\\n", "x/case.yaml")
>>> meta is None, problems[0].line, problems[0].column
(True, 1, 'title')
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from ..foundation import i18n, vocab
from ..foundation.limits import MAX_YEAR, MIN_YEAR
from ..foundation.problems import Problem, did_you_mean, one_of
from .schema_problems import NOT_ISO_REGIONS, pydantic_problems
from .yaml_lines import load_yaml

CASE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]\Z")
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _choices(table: dict) -> Any:
    return Literal[tuple(table)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Bilingual(_Strict):
    """A text in both languages: ``{zh: …, en: …}``."""

    zh: Text
    en: Text


class Classification(_Strict):
    scope: _choices(vocab.SCOPES)
    nature: _choices(vocab.NATURES)
    scct_cluster: _choices(vocab.SCCT_CLUSTERS)


class Window(_Strict):
    """The span a platform list was watched (``provenance.signals_window``): signals.csv
    covers ``start`` → ``end`` even where no title matched, so a quiet stretch before the
    trigger is a real baseline (the early-warning back-test counts false alarms on it)."""

    start: dt.datetime
    end: dt.datetime

    @field_validator("start", "end", mode="before")
    @classmethod
    def _a_time(cls, value: Any) -> Any:
        return _time_value(value)

    @field_validator("end")
    @classmethod
    def _after_start(cls, value: dt.datetime, info: Any) -> dt.datetime:
        start = info.data.get("start")
        if start is not None:
            a, b = start, value
            if a.tzinfo is None or b.tzinfo is None:  # a naive time is in the case zone
                a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
            if b <= a:
                raise ValueError("end before start")
        return value


class Provenance(_Strict):
    events: _choices(vocab.EVENT_PROVENANCE)
    reactions: _choices(vocab.REACTION_PROVENANCE)
    #: Where signals.csv comes from (optional; ``none`` when the case has no signals).
    signals: _choices(vocab.SIGNAL_PROVENANCE) = "none"
    #: The watched span of signals.csv (optional; without it, the file's first and last row).
    signals_window: Window | None = None
    note: Bilingual


class Source(_Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    title: Text
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
    publisher: Text
    date: dt.date | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _a_date(cls, value: Any) -> Any:
        return _time_value(value)


def _time_value(value: Any) -> Any:
    """Times must be written as times: a number (``trigger: 0``) or true is refused."""
    if isinstance(value, bool | int | float):
        raise ValueError("not a time")
    if isinstance(value, dt.date) and not MIN_YEAR <= value.year < MAX_YEAR:
        raise ValueError("out of range")
    return value


class CaseMeta(_Strict):
    """Everything case.yaml says about a case."""

    format: Literal[1]
    id: str
    title: Bilingual
    brand: Bilingual
    summary: Bilingual
    outcome: Bilingual
    #: ``{zh, en}``; a plain text (older cases) is shown as written in both languages.
    industry: Bilingual | Text
    region: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    timezone: str
    trigger: dt.datetime
    classification: Classification
    provenance: Provenance
    sources: list[Source] = Field(default_factory=list)
    license: Text

    @field_validator("format", mode="before")
    @classmethod
    def _whole_one(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("format")
        return value

    @field_validator("trigger", mode="before")
    @classmethod
    def _a_time(cls, value: Any) -> Any:
        return _time_value(value)

    @field_validator("trigger")
    @classmethod
    def _in_range(cls, value: dt.datetime) -> dt.datetime:
        return _time_value(value)

    @field_validator("region")
    @classmethod
    def _iso_region(cls, value: str) -> str:
        if value in NOT_ISO_REGIONS:
            raise ValueError("region")
        return value

    @field_validator("timezone")
    @classmethod
    def _iana(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("tz") from None
        return value


class Question(_Strict):
    """One question of questions.yaml. ``before``: the id of the brand move a decision
    asks students to predict (held back until they answer); ``stage``: when the question
    shows, before or after the phase's reveal (see :mod:`workbench.core.progress`)."""

    zh: Text
    en: Text
    id: str | None = None
    decision: bool = False
    before: str | None = None
    stage: Literal["before", "after"] | None = None


CASE_KEYS = tuple(CaseMeta.model_fields)


def _wall_clock_problem(when: dt.datetime, tz: str) -> str:
    """Why a naive ``when`` names no single instant in ``tz`` ("" when it does)."""
    if when.tzinfo is not None:
        return ""
    zone = ZoneInfo(tz)
    early, late = when.replace(tzinfo=zone, fold=0), when.replace(tzinfo=zone, fold=1)
    if early.utcoffset() == late.utcoffset():
        return ""
    back = early.astimezone(dt.timezone.utc).astimezone(zone).replace(tzinfo=None)
    if back != when:
        return i18n.t("vm_clock_forward", when=f"{when:%Y-%m-%d %H:%M}", tz=tz)
    return i18n.t("vm_clock_back", when=f"{when:%Y-%m-%d %H:%M}", tz=tz)


def parse_case_yaml(text: str, shown: str) -> tuple[CaseMeta | None, list[Problem]]:
    """Validate the text of case.yaml. Returns the metadata (or None) and all problems."""
    data, lines, problems = load_yaml(text, shown)
    if problems and data is None:
        return None, problems
    if not isinstance(data, dict):
        return None, [Problem(shown, 1, "case", i18n.t("vm_not_mapping"),
                              i18n.t("vm_not_mapping_expected"), i18n.t("vm_see_format"))]
    if isinstance(data.get("trigger"), dt.date) and not isinstance(data["trigger"], dt.datetime):
        data["trigger"] = dt.datetime.combine(data["trigger"], dt.time())
    try:
        meta = CaseMeta.model_validate(data)
    except ValidationError as exc:
        return None, problems + pydantic_problems(exc, CaseMeta, lines, shown, data)
    gap = _wall_clock_problem(meta.trigger, meta.timezone)
    if gap:
        problems.append(Problem(shown, lines.get(("trigger",), 1), "trigger", gap,
                                i18n.t("vm_offset_example",
                                       example=f"{meta.trigger:%Y-%m-%dT%H:%M}:00+08:00"),
                                i18n.t("vm_offset_hint")))
    seen: dict[str, int] = {}
    for i, src in enumerate(meta.sources):
        line = lines.get(("sources", i, "id"), 1)
        if src.id in seen:
            problems.append(Problem(shown, line, "sources.id",
                                    i18n.t("vm_duplicate_source", value=src.id),
                                    i18n.t("vm_duplicate_source_expected"),
                                    i18n.t("vm_first_on", line=seen[src.id])))
        seen.setdefault(src.id, line)
    if not CASE_ID.match(meta.id):
        problems.append(Problem(shown, lines.get(("id",), 1), "id",
                                i18n.t("vm_bad_case_id", value=meta.id),
                                i18n.t("vm_bad_case_id_expected"), i18n.t("vm_bad_case_id_hint")))
    return meta, problems


def parse_questions(text: str, shown: str, events: Any = None
                    ) -> tuple[dict[str, list[dict]], list[Problem]]:
    """Validate questions.yaml → ``{phase: [question dicts with ids]}`` and problems.

    ``events`` (the checked events table, when there is one) lets ``before:`` be checked:
    it must name a brand-side event of the case.
    """
    data, lines, problems = load_yaml(text, shown)
    if data is None:
        return {}, problems
    if not isinstance(data, dict):
        return {}, [Problem(shown, 1, "questions", i18n.t("vm_questions_not_mapping"),
                            i18n.t("vm_questions_not_mapping_expected"))]
    out: dict[str, list[dict]] = {}
    ids: dict[str, int] = {}
    for key, items in data.items():
        line = lines.get((key,), 1)
        phase = vocab.PHASE_ALIASES.get(str(key), str(key))
        if phase not in vocab.PHASES:
            problems.append(Problem(shown, line, "phase", i18n.t("vm_unknown_phase", value=key),
                                    one_of(vocab.PHASE_SLUGS),
                                    did_you_mean(key, vocab.PHASE_SLUGS)))
            continue
        if not isinstance(items, list):
            problems.append(Problem(shown, line, str(key), i18n.t("vm_not_a_list"),
                                    i18n.t("vm_not_a_list_expected")))
            continue
        for n, item in enumerate(items, 1):
            try:
                q = Question.model_validate(item).model_dump()
            except ValidationError as exc:
                problems += pydantic_problems(exc, Question, lines, shown, item, (key, n - 1))
                continue
            q["id"] = q["id"] or f"{phase}-{n}"
            qline = lines.get((key, n - 1), line)
            if q["id"] in ids:
                problems.append(Problem(shown, qline, "id",
                                        i18n.t("vm_duplicate_question", value=q["id"]),
                                        i18n.t("vm_unique_ids"),
                                        i18n.t("vm_first_on", line=ids[q["id"]])))
            ids.setdefault(q["id"], qline)
            problems += _question_keys(q, events, shown, lines, (key, n - 1), qline)
            out.setdefault(phase, []).append(q)
    return out, problems


def _question_keys(q: dict, events: Any, shown: str, lines: dict[tuple, int], at: tuple,
                   qline: int) -> list[Problem]:
    """``before`` names a brand-side event (did-you-mean on a typo); ``stage`` fits."""
    out = []
    if q["decision"] and q["stage"] == "after":
        out.append(Problem(shown, lines.get((*at, "stage"), qline), "stage",
                           i18n.t("vm_decision_after"), i18n.t("vm_decision_after_expected"),
                           i18n.t("vm_decision_after_hint"), severity="warning"))
    before = q["before"]
    if before is None or events is None:
        return out
    line = lines.get((*at, "before"), qline)
    known = [str(i) for i in events["id"]]
    if before not in known:
        out.append(Problem(shown, line, "before", i18n.t("vm_unknown_event", value=before),
                           i18n.t("vm_unknown_event_expected"), did_you_mean(before, known)))
        return out
    actor = str(events.loc[events["id"].astype(str) == before, "actor"].iloc[0])
    if actor not in vocab.BRAND_SIDE:
        brand = [str(i) for i, a in zip(events["id"], events["actor"], strict=True)
                 if str(a) in vocab.BRAND_SIDE]
        out.append(Problem(shown, line, "before",
                           i18n.t("vm_not_brand_move", value=before, actor=actor),
                           i18n.t("vm_not_brand_move_expected", ids=", ".join(brand[:3])),
                           i18n.t("vm_not_brand_move_hint")))
    if not q["decision"]:
        out.append(Problem(shown, line, "before", i18n.t("vm_before_no_decision"),
                           i18n.t("vm_before_no_decision_expected"),
                           i18n.t("vm_before_no_decision_hint"), severity="warning"))
    return out
