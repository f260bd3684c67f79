"""Schema errors as one-line problems: pydantic's errors mapped to YAML lines and words.

:func:`pydantic_problems` turns a :class:`pydantic.ValidationError` of a model of
:mod:`workbench.core.schema` into our problems: on the line of the key (from
:func:`workbench.core.yaml_lines.key_lines`), saying what was expected, with a
did-you-mean hint where one helps.

>>> from workbench.core.schema import Source
>>> try:
...     Source.model_validate({"id": "s1", "title": "T", "url": "x", "publisher": "P"})
... except ValidationError as exc:
...     problem, = pydantic_problems(exc, Source, {("url",): 4}, "x/case.yaml", None)
>>> problem.line, problem.column
(4, 'url')
"""

from __future__ import annotations

from typing import Any
from zoneinfo import available_timezones

from pydantic import BaseModel, ValidationError

from ..foundation import i18n
from ..foundation.limits import MAX_YEAR, MIN_YEAR
from ..foundation.problems import Problem, did_you_mean, one_of

#: Codes people write for a region that are not ISO 3166 alpha-2, with the right code.
NOT_ISO_REGIONS = {"UK": "GB", "EN": "GB", "EU": "", "CH-ZH": "CH"}  # "": a country's code


#: The keys whose expected value is spelled out (string table: ``vm_expect_<key>``).
EXPECTED = ("format", "id", "region", "timezone", "trigger", "url", "date", "start", "end")


def _expected(name: str) -> str:
    """What a value of key ``name`` should look like ("" when nothing more can be said)."""
    return i18n.t(f"vm_expect_{name}") if name in EXPECTED else ""


class KeyProblem(ValueError):
    """A model validator's refusal about one key below the model (``key``, a key path such
    as ``("platforms", 0)``): :func:`pydantic_problems` reports it on that key's line and
    column, with its own what, expected and hint (already in the chosen language).

    >>> str(KeyProblem(("end_hour",), "end_hour must be after start_hour"))
    'end_hour must be after start_hour'
    """

    def __init__(self, key: tuple, what: str, expected: str = "", hint: str = "") -> None:
        self.key, self.what, self.expected, self.hint = tuple(key), what, expected, hint
        super().__init__(what + (i18n.t("val_expected", expected=expected) if expected else "")
                         + i18n.bracketed(hint))


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
        keyed = (err.get("ctx") or {}).get("error")
        keyed = keyed if isinstance(keyed, KeyProblem) else None
        loc = (*prefix, *err["loc"], *(keyed.key if keyed else ()))
        name = str(loc[-1]) if loc else "case"
        column = ".".join(str(p) for p in loc if not isinstance(p, int)) or "case"
        line = _line_for(loc, lines)
        kind, value = err["type"], err.get("input")
        value = value if len(str(value)) <= 40 else f"{str(value)[:37]}…"
        expected, hint = _expected(name), ""
        if keyed is not None:  # a validator's refusal, located at its key
            what, expected, hint = keyed.what, keyed.expected, keyed.hint
        elif kind == "missing":
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
            what = _other(err)
        problems.append(Problem(shown, line, column, what, expected, hint))
    return problems


#: pydantic error types said in both languages (the English as pydantic says it).
SAID = ("greater_than", "greater_than_equal", "less_than", "less_than_equal", "int_parsing",
        "int_type", "int_from_float", "float_parsing", "float_type", "bool_parsing",
        "bool_type", "list_type", "dict_type")


def _other(err: Any) -> str:
    """Any other pydantic error, in the chosen language; a validator's own message as it
    wrote it (in the chosen language), without pydantic's "Value error, " before it."""
    ctx = err.get("ctx") or {}
    if err["type"] == "value_error" and "error" in ctx:
        return str(ctx["error"])
    if err["type"] in SAID:
        return i18n.t(f"vm_pyd_{err['type']}", **{k: _number(v) for k, v in ctx.items()})
    return i18n.t("vm_schema_other", why=err["msg"][0].lower() + err["msg"][1:])


def _number(value: Any) -> str:
    """A bound as pydantic writes it (``1.0`` → ``1``)."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
