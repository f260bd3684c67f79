"""Language switch and the user-interface strings, in Chinese and English.

>>> set_language("zh"); t("events")
'事件'
>>> set_language("en"); t("events")
'Events'
>>> t("hours_after", n=4)
'hour +4'
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

from . import vocab

LANGUAGES = ("zh", "en")
_state = {"lang": "en"}
_listeners: list[weakref.ReferenceType] = []

#: Every UI string, key → (zh, en). Widgets, charts and cards take their words from here.
STRINGS: dict[str, tuple[str, str]] = {
    "events": ("事件", "Events"),
    "reactions": ("公众反应", "Reactions"),
    "posts": ("帖子", "Posts"),
    "sources": ("来源", "Sources"),
    "trigger": ("触发时间", "Trigger"),
    "brand": ("品牌", "Brand"),
    "region": ("地区", "Region"),
    "industry": ("行业", "Industry"),
    "year": ("年份", "Year"),
    "title": ("标题", "Title"),
    "case": ("案例", "Case"),
    "classification": ("危机类型", "Classification"),
    "scct_cluster": ("SCCT 类型", "SCCT cluster"),
    "provenance": ("数据来源", "Provenance"),
    "questions": ("讨论问题", "Questions"),
    "hours_after": ("第 {n} 小时", "hour +{n}"),
    "hours": ("距触发的小时数", "Hours since trigger"),
    "uncertain": ("存疑", "uncertain"),
    "simulated_badge": ("模拟数据", "simulated"),
    "fictional_badge": ("虚构", "fictional"),
    "machine_badge": ("机器判定", "machine-scored"),
    "pending_badge": ("待补充", "pending"),
    "documented_badge": ("有据可查", "documented"),
    "observed_badge": ("实测数据", "observed"),
    "n_events": ("{n} 个事件", "{n} events"),
    "n_sources": ("{n} 个来源", "{n} sources"),
    "n_reaction_rows": ("{n} 行反应数据", "{n} reaction rows"),
    "n_posts": ("{n} 条帖子", "{n} posts"),
    "no_reactions": ("无反应数据", "no reaction data"),
    "summary": ("概述", "Summary"),
    "outcome": ("结果", "Outcome"),
    "mentions": ("提及量", "Mentions"),
    "negative_share": ("负面占比", "Negative share"),
    "platform": ("平台", "Platform"),
    "time": ("时间", "Time"),
    "phase": ("阶段", "Phase"),
    "kind": ("类型", "Kind"),
    "actor": ("行动方", "Actor"),
    "channel": ("渠道", "Channel"),
    "strategy": ("策略", "Strategy"),
}


def register(strings: dict[str, tuple[str, str]]) -> None:
    """Add UI strings (key → (zh, en)) from a module that needs its own words."""
    clash = {k for k in strings if k in STRINGS and STRINGS[k] != strings[k]}
    if clash:
        raise ValueError(f"UI string keys already used with other text: {sorted(clash)}")
    STRINGS.update(strings)


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
