"""Timelines: a case's events as HTML cards and as a table, in the current language.

Every string that comes from a case is escaped with :func:`html.escape`: a summary such
as ``<img src=x onerror=alert(1)>`` is shown as text, never run.

>>> import workbench as wb
>>> case = wb.load_case("demo-lumen-2024")
>>> cards = event_cards(case.visible_at("team").events, timezone=case.meta.timezone)
>>> cards.count('class="wb-event-card')
2
>>> "≈ hour +2.7" in cards
True
>>> timeline_table(case).shape
(12, 9)
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..core.tables import ReadingTable
from ..foundation import i18n, vocab

if TYPE_CHECKING:
    from ..core.cases import Case

#: SCCT postures' colours on strategy badges (Coombs 2007): deny · diminish · rebuild · bolster.
POSTURE_COLOURS = {"deny": "#b91c1c", "diminish": "#c2410c", "rebuild": "#15803d",
                   "bolster": "#1d4ed8"}


def hour_label(hours: float, *, approx: bool = False, lang: str | None = None) -> str:
    """``hour +4`` / ``触发后 4 小时``, with ``≈`` in front when the time is approximate.

    >>> hour_label(2.75, approx=True, lang="en"), hour_label(-2.0, lang="zh")
    ('≈ hour +2.8', '触发前 2 小时')
    """
    value = round(float(hours), 1)
    n = f"{abs(value):g}"
    key = "card_hour_zero" if value == 0 else ("card_hour_after" if value > 0
                                               else "card_hour_before")
    days = i18n.t("card_days", lang=lang, n=f"{abs(value) / 24:.0f}") if abs(value) >= 48 else ""
    return ("≈ " if approx else "") + i18n.t(key, lang=lang, n=n) + days


def phase_label(slug: str, lang: str | None = None) -> str:
    """A phase slug as its number and name (the slug itself when unknown).

    >>> phase_label("plan", "zh"), phase_label("x")
    ('3 制定危机应对计划', 'x')
    """
    found = vocab.PHASES.get(slug)
    return f"{found.number} {found.label(lang or i18n.get_language())}" if found else slug


def role_label(slug: str, lang: str | None = None) -> str:
    """An actor or team role slug as its label (the slug itself when unknown).

    >>> role_label("pr", "zh"), role_label("regulator", "en")
    ('公关部门', 'Regulator')
    """
    return i18n.term(vocab.ACTORS, slug, lang=lang)


def clock(time: pd.Timestamp, precision: str = "minute") -> str:
    """The local clock time, to the precision the source gives."""
    fmt = {"day": "%Y-%m-%d", "hour": "%Y-%m-%d %H:00"}.get(precision, "%Y-%m-%d %H:%M")
    return time.strftime(fmt)


def strategy_badge(code: str, *, lang: str | None = None) -> str:
    """A response-strategy code as a badge coloured by its SCCT posture."""
    e = html.escape
    found = vocab.STRATEGIES.get(code)
    posture = found.posture if found else ""
    colour = POSTURE_COLOURS.get(posture, "#4b5563")
    label = i18n.term(vocab.STRATEGIES, code, lang=lang)
    tip = (i18n.t("card_posture", lang=lang, p=i18n.term(vocab.POSTURES, posture, lang=lang))
           if posture else code)
    return (f'<span class="wb-strategy wb-posture-{e(posture or "unknown")}" title="{e(tip)}" '
            f'style="border:1px solid {colour};color:{colour};border-radius:10px;'
            f'padding:0 6px;margin-right:4px;font-size:0.85em;white-space:nowrap">'
            f"{e(label)}</span>")


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _pill(text: str, colour: str, background: str, cls: str) -> str:
    return (f'<span class="{cls}" style="color:{colour};background:{background};'
            f'border:1px solid {colour};border-radius:4px;padding:0 6px;font-size:0.8em">'
            f"{html.escape(text)}</span>")


def event_card(event: Mapping[str, Any], *, lang: str | None = None, current: bool = False,
               new: bool = False) -> str:
    """One event (a row of ``case.events``) as an HTML card."""
    e = html.escape
    lang = lang or i18n.get_language()
    approx = bool(event["approx"])
    precision = _text(event.get("precision")) or "minute"
    when = hour_label(event["hours"], approx=approx, lang=lang)
    tip = i18n.t(f"card_approx_{precision}", lang=lang) if approx else ""
    phase = vocab.PHASES[event["phase"]]
    brand = bool(event["brand_side"])
    head = [f'<b title="{e(tip)}">{e(when)}</b>',
            f"<span>{e(clock(event['time'], precision))}</span>",
            f"<span style='color:#6b7280'>{phase.number} · {e(phase.label(lang))}</span>"]
    if _text(event.get("certainty")) == "uncertain":
        head.append(_pill(i18n.t("uncertain", lang=lang), "#92400e", "#fef3c7", "wb-uncertain"))
    if new:
        head.append(_pill(i18n.t("card_new", lang=lang), "#166534", "#dcfce7", "wb-new"))
    who = [e(i18n.term(vocab.ACTORS, event["actor"], lang=lang)),
           e(i18n.term(vocab.CHANNELS, event["channel"], lang=lang)),
           e(i18n.term(vocab.KINDS, event["kind"], lang=lang))]
    if brand:
        who.insert(0, f"<b>{e(i18n.t('card_brand_side', lang=lang))}</b>")
    codes = [c.strip() for c in _text(event.get("strategy")).split(";") if c.strip()]
    strategies = "".join(strategy_badge(c, lang=lang) for c in codes)
    summary = _text(event.get("summary_zh" if lang == "zh" else "summary_en")) or _text(
        event.get("summary_en" if lang == "zh" else "summary_zh"))
    foot = []
    if _text(event.get("metric")):
        value = event.get("value")
        shown = f"{value:,.0f}" if isinstance(value, int | float) and not pd.isna(value) else ""
        foot.append(i18n.labelled(e(_text(event["metric"])), e(shown or _text(value)), lang=lang))
    if _text(event.get("source")):
        foot.append(i18n.labelled(e(i18n.t("card_sources", lang=lang)), e(_text(event["source"])),
                                  lang=lang))
    border = "#7c2d12" if brand else "#9ca3af"
    back = "#fffbeb" if new else ("#f9fafb" if not current else "#ffffff")
    classes = "wb-event-card" + (" wb-brand-move" if brand else "") + (
        " wb-current" if current else "") + (" wb-revealed" if new else "")
    return (
        f'<div class="{classes}" data-id="{e(str(event["id"]))}" style="border:1px solid #e5e7eb;'
        f"border-left:4px solid {border};border-radius:6px;padding:6px 10px;margin:4px 0;"
        f'background:{back};opacity:{1 if current or new else 0.85}">'
        f"<div style='display:flex;gap:10px;flex-wrap:wrap;align-items:center'>"
        f"{''.join(head)}</div>"
        f"<div style='font-size:0.9em;color:#374151;margin:2px 0'>{' · '.join(who)} "
        f"{strategies}</div>"
        f"<div style='white-space:pre-wrap'>{e(summary)}</div>"
        + (f"<div style='font-size:0.8em;color:#6b7280'>{' · '.join(foot)}</div>" if foot
           else "")
        + "</div>")


def event_cards(events: pd.DataFrame, *, timezone: str | None = None, lang: str | None = None,
                current_phase: str | None = None, hidden: int = 0,
                new: Iterable[str] = (), max_height: int = 480) -> str:
    """The timeline as HTML cards, oldest first.

    ``hidden`` says how many brand moves are held back; ``new`` are ids just revealed
    (highlighted). Long timelines scroll, opened at the latest event.
    """
    e = html.escape
    lang = lang or i18n.get_language()
    new = set(new)
    title = i18n.t("card_timeline", lang=lang)
    if timezone:
        title += " · " + i18n.t("card_local_time", lang=lang, tz=timezone)
    cards = [event_card(row, lang=lang, current=row["phase"] == current_phase,
                        new=row["id"] in new) for row in events.to_dict("records")]
    if not cards:
        cards.append(f"<p>{e(i18n.t('card_no_events', lang=lang))}</p>")
    notes = [i18n.t("card_hidden", lang=lang, n=hidden)] if hidden else []
    note_html = "".join(
        f"<div class='wb-hidden-note' style='border:1px dashed #9ca3af;border-radius:6px;"
        f"padding:6px 10px;margin:4px 0;color:#374151;background:#f3f4f6'>{e(n)}</div>"
        for n in notes)
    # the scroller opens at its top, the first card's header in view; later events below
    return (f"<div class='wb-timeline'><div style='font-weight:600;margin-bottom:2px'>"
            f"{e(title)}</div><div class='wb-timeline-scroll' style='"
            f"max-height:{max_height}px;overflow-y:auto'>"
            f"<div>{''.join(cards)}</div></div>{note_html}</div>")


def phase_intro(phase: str, *, lang: str | None = None) -> str:
    """What a coordination phase is, what good looks like and its principles (course text).

    >>> "What good looks like" in phase_intro("plan", lang="en")
    True
    """
    e = html.escape
    lang = lang or i18n.get_language()
    p = vocab.PHASES[phase]
    good = "".join(f"<li>{e(g)}</li>" for g in p.good(lang))
    chips = "".join(
        f"<span title='{e(vocab.PRINCIPLES[s].about(lang))}' style='background:#eef2ff;"
        f"border-radius:10px;padding:1px 8px;margin-right:6px'>"
        f"{e(vocab.PRINCIPLES[s].label(lang))}</span>"
        for s in p.principles if s in vocab.PRINCIPLES)
    title = i18n.t("card_phase_of", lang=lang, n=p.number, name=p.label(lang))
    return (f"<h3 style='margin:8px 0 4px'>{e(title)}</h3>"
            f"<p style='margin:2px 0'>{e(p.about(lang))}</p>"
            f"<div><b>{e(i18n.t('card_good', lang=lang))}</b><ul style='margin:2px 0'>"
            f"{good}</ul></div><div>" + i18n.labelled(
                f"<b>{e(i18n.t('card_principles', lang=lang))}</b>", chips, lang=lang) + "</div>")


def timeline_table(case: Case, *, lang: str | None = None) -> pd.DataFrame:
    """The case's events as a table with headers and labels in the current language."""
    lang = lang or i18n.get_language()
    ev = case.events

    def col(key: str) -> str:
        return i18n.t(key, lang=lang)

    table = ReadingTable({
        col("card_hour_col"): [hour_label(h, approx=a, lang=lang)
                               for h, a in zip(ev["hours"], ev["approx"], strict=True)],
        col("time"): [clock(t, p) for t, p in zip(ev["time"], ev["precision"], strict=True)],
        col("phase"): [phase_label(p, lang) for p in ev["phase"]],
        col("kind"): [i18n.term(vocab.KINDS, k, lang=lang) for k in ev["kind"]],
        col("actor"): [role_label(a, lang) for a in ev["actor"]],
        col("channel"): [i18n.term(vocab.CHANNELS, c, lang=lang) for c in ev["channel"]],
        col("strategy"): ["、".join(i18n.term(vocab.STRATEGIES, s.strip(), lang=lang)
                                    for s in _text(v).split(";") if s.strip())
                          for v in ev["strategy"]],
        col("summary"): (ev["summary_zh"] if lang == "zh" else ev["summary_en"]
                         ).fillna("").tolist(),
        col("card_uncertain_col"): ["⚠" if c == "uncertain" else "" for c in ev["certainty"]],
    }, index=pd.Index(ev["id"], name="id"))
    return table
