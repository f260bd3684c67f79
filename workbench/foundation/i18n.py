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
from .problems import WorkbenchError

#: Other spellings of the two languages.
_ALIASES = {"zh-cn": "zh", "zh_cn": "zh", "zh-hans": "zh", "cn": "zh", "chinese": "zh",
            "中文": "zh", "english": "en", "en-us": "en", "en-gb": "en", "en_us": "en"}

LANGUAGES = ("zh", "en")
_state = {"lang": "en"}
_listeners: list[weakref.ReferenceType] = []

#: Every UI string, key → (zh, en): one catalog, grouped by screen (strings.py).
STRINGS = _catalog.STRINGS


def set_language(lang: str) -> None:
    """Switch every label, chart title and widget text to ``"zh"`` or ``"en"``
    (case and spaces ignored; ``"zh-CN"``, ``"中文"``, ``"English"`` are understood).

    >>> set_language(" EN "); get_language()
    'en'
    >>> set_language("zh")

    Open widgets redraw themselves.
    """
    asked = lang
    lang = _ALIASES.get(str(lang).strip().lower(), str(lang).strip().lower())
    if lang not in LANGUAGES:
        raise WorkbenchError(f"language {asked!r} is not available; expected 'zh' or 'en' "
                             "(中文 → 'zh', English → 'en')")
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


def labelled(label: str, value: object, *, lang: str | None = None) -> str:
    """``label: value``, with the full-width colon in Chinese (``事件：有据可查``).

    >>> labelled("Events", "documented", lang="en"), labelled("事件", "有据可查", lang="zh")
    ('Events: documented', '事件：有据可查')
    """
    return t("label_value", lang=lang, label=label, value=value)


def bracketed(text: object, *, lang: str | None = None) -> str:
    """`` (text)``, or ``（text）`` in Chinese; nothing when there is no text (a hint that
    did not come: ``did_you_mean`` found nothing close).

    >>> bracketed("did you mean 'weibo'?", lang="en"), bracketed("", lang="zh")
    (" (did you mean 'weibo'?)", '')
    """
    return t("vm_hint", lang=lang, hint=text) if text else ""


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
