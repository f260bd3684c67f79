"""Language switch and the user-interface strings, in Chinese and English.

>>> set_language("zh"); t("events")
'事件'
>>> set_language("en"); t("events")
'Events'
>>> t("n_events", n=4)
'4 events'
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

from . import strings as _catalog
from . import vocab

LANGUAGES = ("zh", "en")
_state = {"lang": "en"}
_listeners: list[weakref.ReferenceType] = []

#: Every UI string, key → (zh, en): one catalog, grouped by screen (strings.py).
STRINGS = _catalog.STRINGS


def set_language(lang: str) -> None:
    """Switch every label, chart title and widget text to ``"zh"`` or ``"en"``.

    Open widgets redraw themselves.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not available; expected 'zh' or 'en'")
    _state["lang"] = lang
    for ref in list(_listeners):
        callback = ref()
        if callback is None:
            _listeners.remove(ref)
        else:
            callback()


def get_language() -> str:
    """The current language, ``"zh"`` or ``"en"``."""
    return _state["lang"]


def on_language_change(callback: Callable[[], None]) -> None:
    """Call ``callback()`` after each :func:`set_language` (held weakly: widgets can die)."""
    ref = weakref.WeakMethod(callback) if hasattr(callback, "__self__") else weakref.ref(callback)
    _listeners.append(ref)


def t(key: str, *, lang: str | None = None, **fmt: object) -> str:
    """The UI string ``key`` in the current (or given) language, formatted with ``fmt``."""
    zh, en = STRINGS[key]
    text = zh if (lang or get_language()) == "zh" else en
    return text.format(**fmt) if fmt else text


def pick(pair: dict[str, str] | None, *, lang: str | None = None) -> str:
    """The ``zh`` or ``en`` entry of a bilingual case field (falls back to the other one)."""
    if not pair:
        return ""
    lang = lang or get_language()
    other = "en" if lang == "zh" else "zh"
    return str(pair.get(lang) or pair.get(other) or "")


def term(table: dict[str, vocab.Term], slug: str, *, lang: str | None = None) -> str:
    """The label of a vocabulary slug (the slug itself when unknown)."""
    found = table.get(slug)
    return found.label(lang or get_language()) if found else slug
