"""The stated limits on untrusted input, in one place (docs/case-format.md, docs/import.md
and docs/classwork.md quote them), and a JSON reader that keeps to them.

Every limit is refused with one line saying what was found and the limit; nothing is
read past a limit.

>>> loads_json('{"a": [1, 2.5, "x"]}')
{'a': [1, 2.5, 'x']}
>>> loads_json("[" * 100 + "]" * 100)
Traceback (most recent call last):
...
workbench.foundation.limits.JSONRefused: nested more than 64 levels deep
>>> loads_json('{"n": ' + "9" * 40 + "}")
Traceback (most recent call last):
...
workbench.foundation.limits.JSONRefused: a number with 40 digits (at most 30)
"""

from __future__ import annotations

import json
import math
from typing import Any

#: JSON hand-ins, journals and embedded exports: nesting depth and digits in one number.
MAX_JSON_DEPTH = 64
MAX_JSON_DIGITS = 30
#: case.yaml and questions.yaml: file size, and nodes once every alias is expanded.
MAX_YAML_BYTES = 1024 * 1024
MAX_YAML_NODES = 100_000
#: Counts in reactions.csv (mentions, negative, …) and event values: at most this.
MAX_COUNT = 10**12
MAX_VALUE = 1e15
#: Times a case may hold (pandas' time range is 1677–2262; the course needs far less).
MIN_YEAR, MAX_YEAR = 1900, 2200
#: XLSX imports: cells of the first sheet's declared or used range, and unpacked bytes.
MAX_XLSX_CELLS = 20_000_000
MAX_XLSX_BYTES = 1024 * 1024 * 1024
#: Student names: characters (after Unicode normalisation).
MAX_NAME_CHARS = 64


class JSONRefused(ValueError):
    """JSON text that is not valid or goes past a limit; the message is the reason."""


def _int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_JSON_DIGITS:
        raise JSONRefused(f"a number with {digits} digits (at most {MAX_JSON_DIGITS})")
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_JSON_DIGITS + 10:
        raise JSONRefused(f"a number written with {len(text)} characters "
                          f"(at most {MAX_JSON_DIGITS + 10})")
    value = float(text)
    if not math.isfinite(value):
        raise JSONRefused(f"the number {text} is too large")
    return value


def _constant(text: str) -> Any:
    raise JSONRefused(f"{text} is not a JSON number")


def _depth(value: Any) -> int:
    """The nesting depth of parsed JSON, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level <= MAX_JSON_DEPTH:
                stack.extend((v, level + 1) for v in (item.values() if isinstance(item, dict)
                                                      else item))
    return deepest


def loads_json(text: str) -> Any:
    """``json.loads`` within :data:`MAX_JSON_DEPTH` and :data:`MAX_JSON_DIGITS`; every
    failure is a :class:`JSONRefused` with a short reason (never RecursionError)."""
    try:
        value = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except JSONRefused:
        raise
    except RecursionError:
        raise JSONRefused(f"nested more than {MAX_JSON_DEPTH} levels deep") from None
    except json.JSONDecodeError as err:
        raise JSONRefused(f"not valid JSON at line {err.lineno}") from None
    except ValueError as err:  # e.g. int() beyond Python's digit limit
        raise JSONRefused(f"not valid JSON ({str(err)[:80]})") from None
    if _depth(value) > MAX_JSON_DEPTH:
        raise JSONRefused(f"nested more than {MAX_JSON_DEPTH} levels deep")
    return value
