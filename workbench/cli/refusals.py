"""How a ``workbench`` subcommand refuses: one line on stderr, exit 1, never a traceback.

An :class:`~workbench.io.import_read.ImportRefused` (the user's file or options) prints its
own line (``path:line: column: what; expected (hint)``); any other exception is a bug of
ours, still told in one line, the one ``failure`` writes from ``"<Type>: <message>"``.

>>> import contextlib, io
>>> err = io.StringIO()
>>> with contextlib.redirect_stderr(err):
...     one_line(lambda: 1 / 0, lambda error: f"x.csv:1: import: unexpected failure ({error})")
>>> err.getvalue()
'x.csv:1: import: unexpected failure (ZeroDivisionError: division by zero)\\n'
>>> one_line(lambda: 42, str)
42
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def one_line(work: Callable[[], T], failure: Callable[[str], str]) -> T | None:
    """``work()``'s result, or None once its refusal (or ``failure`` of an unexpected
    error) is printed as one line on stderr: the caller then exits 1."""
    from ..io.import_read import ImportRefused
    try:
        return work()
    except ImportRefused as exc:
        print(exc, file=sys.stderr)
    except Exception as exc:  # a bug of ours: still one line, never a traceback
        print(failure(f"{type(exc).__name__}: {exc}"), file=sys.stderr)
    return None
