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
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from ..foundation import i18n, vocab
from ..foundation.limits import MAX_YAML_NODES, MAX_YEAR, MIN_YEAR
from ..foundation.problems import Problem, did_you_mean, one_of

CASE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]\Z")
#: Codes people write for a region that are not ISO 3166 alpha-2, with the right code.
NOT_ISO_REGIONS = {"UK": "GB", "EN": "GB", "EU": "", "CH-ZH": "CH"}  # "": a country's code
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


class _Loader(yaml.SafeLoader):
    """SafeLoader whose unreadable scalars (``2023-02-30T10:00``, hour 25, a 5000-digit
    number) stay text, so the schema reports them on their line instead of raising."""

    def construct_yaml_timestamp(self, node):  # type: ignore[override]
        try:
            return yaml.SafeLoader.construct_yaml_timestamp(self, node)
        except (ValueError, OverflowError):
            return node.value

    def construct_yaml_int(self, node):  # type: ignore[override]
        try:
            return yaml.SafeLoader.construct_yaml_int(self, node)
        except (ValueError, OverflowError):
            return node.value


_LOADERS: tuple[type, ...] = (_Loader,)
if getattr(yaml, "__with_libyaml__", False):
    class _CLoader(yaml.CSafeLoader):
        """:class:`_Loader` on libyaml's parser (C, ~15× faster). It is tried first; on any
        error the text is read again by :class:`_Loader`, whose messages and lines the
        problems quote, so a bad file reads exactly as before."""

        construct_yaml_timestamp = _Loader.construct_yaml_timestamp
        construct_yaml_int = _Loader.construct_yaml_int

    _LOADERS = (_CLoader, _Loader)

for _cls in _LOADERS:
    _cls.add_constructor("tag:yaml.org,2002:timestamp", _cls.construct_yaml_timestamp)
    _cls.add_constructor("tag:yaml.org,2002:int", _cls.construct_yaml_int)


class YAMLBound(ValueError):
    """A YAML document whose aliases loop or expand past :data:`MAX_YAML_NODES`."""

    def __init__(self, line: int, what: str) -> None:
        super().__init__(what)
        self.line, self.what = line, what


def check_expansion(root: yaml.Node | None) -> None:
    """Count the nodes of ``root`` with every alias expanded, visiting each node once
    (memoised), and raise :class:`YAMLBound` on a loop or past :data:`MAX_YAML_NODES`."""
    if root is None:
        return
    size: dict[int, int] = {}
    active: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = ([n for pair in node.value for n in pair]
                    if isinstance(node, yaml.MappingNode) else
                    list(node.value) if isinstance(node, yaml.SequenceNode) else [])
        if done:
            active.discard(key)
            size[key] = 1 + sum(size[id(c)] for c in children)
            if size[key] > MAX_YAML_NODES:
                raise YAMLBound(node.start_mark.line + 1,
                                i18n.t("vm_yaml_expands", max=MAX_YAML_NODES))
            continue
        if key in size:
            continue
        active.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in active:
                raise YAMLBound(child.start_mark.line + 1, i18n.t("vm_yaml_loop"))
            if id(child) not in size:
                stack.append((child, False))


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
#: The keys whose expected value is spelled out (string table: ``vm_expect_<key>``).
EXPECTED = ("format", "id", "region", "timezone", "trigger", "url", "date", "start", "end")


def _expected(name: str) -> str:
    """What a value of key ``name`` should look like ("" when nothing more can be said)."""
    return i18n.t(f"vm_expect_{name}") if name in EXPECTED else ""


#: Deeper than this, a document libyaml read is read again by PyYAML (whose recursion
#: limit decides what "nested too deeply" means, as it always did); cases nest < 10 deep.
_C_DEPTH = 100


def _deeper_than(root: yaml.Node | None, limit: int) -> bool:
    stack = [(root, 0)] if root is not None else []
    seen: set[int] = set()
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        if id(node) in seen or isinstance(node, yaml.ScalarNode):
            continue
        seen.add(id(node))
        children = ([n for pair in node.value for n in pair]
                    if isinstance(node, yaml.MappingNode) else node.value)
        stack.extend((child, depth + 1) for child in children)
    return False


def _c_reads_alike(text: str) -> bool:
    """False where libyaml and PyYAML are known to read a text differently: PyYAML refuses
    tabs libyaml reads and ``>#`` or ``|#`` it skips, takes a byte-order mark inside the
    text as text, and in a flow collection (``{…}``, ``[…]``) takes ``?`` as a key
    indicator even before a non-blank (found by comparing both on mutated case files)."""
    return not ("\t" in text or "\ufeff" in text or ">#" in text or "|#" in text
                or ("?" in text and ("{" in text or "[" in text)))


def _compose(text: str) -> tuple[yaml.SafeLoader, yaml.Node | None]:
    """A loader and its document's node tree, composed once: libyaml first, then PyYAML's
    own on any error or past :data:`_C_DEPTH` (see :class:`_CLoader`). The caller
    disposes of the loader."""
    if len(_LOADERS) > 1 and _c_reads_alike(text):
        loader = None
        try:
            loader = _LOADERS[0](text)
            root = loader.get_single_node()
            if not _deeper_than(root, _C_DEPTH):
                return loader, root
        except Exception:  # PyYAML reads it again below and says why
            pass
        if loader is not None:
            loader.dispose()
    loader = _Loader(text)
    try:
        return loader, loader.get_single_node()
    except BaseException:
        loader.dispose()
        raise


def key_lines(text: str | yaml.Node | None) -> dict[tuple, int]:
    """Map each key path in a YAML document (``("sources", 0, "url")``) to its 1-based line.

    ``text`` is the document, or its composed root node.
    """
    lines: dict[tuple, int] = {}
    seen: set[int] = set()  # an aliased node is walked once (no alias expansion)

    def walk(node: yaml.Node, path: tuple) -> None:
        lines.setdefault(path, node.start_mark.line + 1)
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                sub = (*path, key.value)
                lines[sub] = key.start_mark.line + 1
                walk(value, sub)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))

    root = text
    if isinstance(text, str):
        loader, root = _compose(text)
        loader.dispose()
    if root is not None:
        walk(root, ())
    lines[()] = 1  # a key missing at the top is reported on line 1
    return lines


def duplicate_keys(root: yaml.Node | None, shown: str) -> list[Problem]:
    """YAML silently keeps the last of two equal keys; we say so instead."""
    problems: list[Problem] = []
    visited: set[int] = set()

    def walk(node: yaml.Node) -> None:
        if id(node) in visited:
            return
        visited.add(id(node))
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                line = key.start_mark.line + 1
                if key.value in seen:
                    problems.append(Problem(shown, line, str(key.value),
                                            i18n.t("vm_duplicate_key"),
                                            i18n.t("vm_duplicate_key_expected"),
                                            i18n.t("vm_first_on", line=seen[key.value])))
                seen.setdefault(key.value, line)
                walk(value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item)

    if root is not None:
        walk(root)
    return problems


def load_yaml(text: str, shown: str) -> tuple[Any, dict[tuple, int], list[Problem]]:
    """``yaml.safe_load`` with line numbers; a syntax error becomes one Problem.

    The document is composed once; its nodes give the data, the key lines and the
    duplicate keys.
    """
    try:
        loader, root = _compose(text)
        try:
            check_expansion(root)
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
        lines = key_lines(root)
        problems = duplicate_keys(root, shown)
    except YAMLBound as exc:
        return None, {}, [Problem(shown, exc.line, "yaml", exc.what,
                                  i18n.t("vm_yaml_expands_expected", max=MAX_YAML_NODES),
                                  i18n.t("vm_yaml_expands_hint"))]
    except RecursionError:
        return None, {}, [Problem(shown, 1, "yaml", i18n.t("vm_yaml_deep"),
                                  i18n.t("vm_yaml_deep_expected"))]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 1
        what = getattr(exc, "problem", None) or i18n.t("vm_yaml_syntax_bare")
        return None, {}, [Problem(shown, line, "yaml", i18n.t("vm_yaml_syntax", why=what),
                                  i18n.t("vm_yaml_syntax_expected"), i18n.t("vm_yaml_syntax_hint"))]
    return data, lines, problems


def _line_for(loc: tuple, lines: dict[tuple, int]) -> int:
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in lines:
            return lines[loc[:cut]]
    return 1


def _allowed_here(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys allowed at ``loc`` (for did-you-mean on unknown keys)."""
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return []
        ann = field.annotation
        args = getattr(ann, "__args__", ())
        model = next((a for a in (ann, *args) if isinstance(a, type) and issubclass(a, BaseModel)),
                     None)
        if model is None:
            return []
    return list(model.model_fields)


def pydantic_problems(exc: ValidationError, model: type[BaseModel], lines: dict[tuple, int],
                      shown: str, data: Any, prefix: tuple = ()) -> list[Problem]:
    """Translate pydantic's errors into our one-line problems."""
    problems = []
    for err in exc.errors():
        loc = (*prefix, *err["loc"])
        name = str(loc[-1]) if loc else "case"
        column = ".".join(str(p) for p in loc if not isinstance(p, int)) or "case"
        line = _line_for(loc, lines)
        kind, value = err["type"], err.get("input")
        value = value if len(str(value)) <= 40 else f"{str(value)[:37]}…"
        expected, hint = _expected(name), ""
        if kind == "missing":
            what = i18n.t("vm_missing_key", name=name)
            if name in ("zh", "en"):
                what = i18n.t(f"vm_missing_text_{name}")
                expected = i18n.t("vm_both_texts")
        elif kind == "extra_forbidden":
            allowed = _allowed_here(model, err["loc"])
            what, expected = i18n.t("vm_unknown_key", name=name), one_of(allowed)
            hint = did_you_mean(name, allowed)
        elif kind == "literal_error":
            allowed = [str(a) for a in err["ctx"]["expected"].replace("'", "").split(" or ")]
            allowed = [a.strip() for part in allowed for a in part.split(",") if a.strip()]
            what, expected = i18n.t("vm_unknown_value", value=value), one_of(allowed)
            hint = did_you_mean(value, allowed)
        elif name == "region" and kind == "value_error":
            what = i18n.t("vm_not_iso", value=value)
            fix = NOT_ISO_REGIONS.get(str(value))
            hint = (i18n.t("vm_region_uk") if value == "UK" else
                    i18n.t("vm_region_use", fix=fix or i18n.t("vm_region_country"))
                    if fix is not None else "")
        elif name == "timezone":
            what = i18n.t("vm_not_iana", value=value)
            hint = did_you_mean(value, sorted(available_timezones()))
        elif kind in ("string_too_short", "string_type") and name in ("zh", "en"):
            what, expected = i18n.t(f"vm_empty_text_{name}"), i18n.t("vm_empty_text_expected")
        elif kind == "string_pattern_mismatch":
            what = i18n.t("vm_not_valid", value=value)
            if name == "region" and str(value).isalpha() and len(str(value)) == 2:
                hint = i18n.t("vm_capitals", value=str(value).upper())
        elif name == "end" and "end before start" in err["msg"]:
            what = i18n.t("vm_not_after_start", value=value)
        elif kind.startswith(("datetime", "date")) or name in ("trigger", "date", "start",
                                                               "end"):
            what = i18n.t("vm_not_a_date" if name == "date" else "vm_not_a_time", value=value)
            expected = i18n.t("vm_between_years", expected=_expected(name) or i18n.t("vm_a_time"),
                              lo=MIN_YEAR, hi=MAX_YEAR)
            hint = i18n.t("vm_time_hint")
        elif name == "format":
            what, expected = i18n.t("vm_unknown_value", value=value), "1"
        else:
            what = i18n.t("vm_schema_other", why=err["msg"][0].lower() + err["msg"][1:])
        problems.append(Problem(shown, line, column, what, expected, hint))
    return problems


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
