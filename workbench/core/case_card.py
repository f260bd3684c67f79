"""A case as HTML: the compact card and the coloured provenance badges.

Every string from the case is escaped (a case folder is untrusted text).

>>> import workbench as wb
>>> 'class="wb-case-card"' in case_card(wb.load_case("demo-lumen-2024"))
True
>>> badge("simulated", "<模拟>").endswith(">&lt;模拟&gt;</span>")
True
>>> either("Tea"), either(None)
('Tea', '')
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from ..foundation import i18n, vocab

if TYPE_CHECKING:
    from .cases import Case


def either(value: object) -> str:
    """A field that is ``{zh, en}`` (a dict or a Bilingual) or one plain text, in the language."""
    if isinstance(value, str) or value is None:
        return value or ""
    return i18n.pick(value if isinstance(value, dict) else value.model_dump())


# -- the card -------------------------------------------------------------------------------
BADGE_COLOURS = {"simulated": "#b45309", "fictional": "#7c3aed", "pending": "#6b7280",
                 "documented": "#047857", "observed": "#047857", "none": "#6b7280",
                 "machine": "#0369a1", "attention-only": "#4b5563"}


def badge(kind: str, text: str | None = None) -> str:
    """A small coloured label, e.g. the "simulated / 模拟数据" badge."""
    label = text or i18n.t(f"{kind}_badge")
    colour = BADGE_COLOURS.get(kind, "#374151")
    return (f'<span class="wb-badge wb-badge-{html.escape(kind)}" style="background:{colour};'
            f'color:#fff;border-radius:4px;padding:1px 6px;font-size:0.8em;margin-right:4px;'
            f'white-space:nowrap;display:inline-block">'
            f"{html.escape(label)}</span>")


def provenance_texts(provenance: Any, *, lang: str | None = None) -> list[tuple[str, str]]:
    """(kind, text) of the events and reactions badges, each text saying what it is about
    ("事件：虚构", "Reactions: Simulated"): the card, the stepper and an export use these.

    >>> import workbench as wb
    >>> provenance_texts(wb.load_case("demo-lumen-2024").meta.provenance, lang="en")
    [('fictional', 'Events: Fictional'), ('fictional', 'Reactions: Fictional')]
    """
    return [(provenance.events, i18n.labelled(
                i18n.t("events", lang=lang),
                i18n.term(vocab.EVENT_PROVENANCE, provenance.events, lang=lang), lang=lang)),
            (provenance.reactions, series_text("reactions", provenance.reactions, lang=lang))]


def series_text(series: str, kind: str, *, lang: str | None = None) -> str:
    """The badge text of one data series (``reactions`` or ``signals``) of provenance
    ``kind``, as the card says it: the early-warning lab labels what a rule reads with it.

    >>> series_text("signals", "observed", lang="zh"), series_text("reactions", "simulated", lang="en")
    ('热搜信号：实测数据', 'Reactions: Simulated')
    """
    table = vocab.SIGNAL_PROVENANCE if series == "signals" else vocab.REACTION_PROVENANCE
    return i18n.labelled(i18n.t(series, lang=lang), i18n.term(table, kind, lang=lang), lang=lang)


def provenance_badges(provenance: Any, *, lang: str | None = None) -> str:
    """The events and reactions badges (:func:`provenance_texts`), so two equal kinds never
    read as one word twice.

    >>> import workbench as wb
    >>> p = wb.load_case("demo-lumen-2024").meta.provenance
    >>> "Events: Fictional" in provenance_badges(p, lang="en")
    True
    """
    return "".join(badge(kind, text) for kind, text in provenance_texts(provenance, lang=lang))


def case_card(case: Case) -> str:
    """The case as a compact card; every string from the case is escaped."""
    e = html.escape
    m = case.meta
    cls = m.classification
    lang = i18n.get_language()
    n_reactions = len(case.reactions)
    facts = [
        (i18n.t("brand"), case.brand()), (i18n.t("industry"), either(m.industry)),
        (i18n.t("region"), m.region),
        (i18n.t("trigger"), case.trigger.strftime("%Y-%m-%d %H:%M %Z")),
        (i18n.t("classification"), " · ".join([
            i18n.term(vocab.SCOPES, cls.scope), i18n.term(vocab.NATURES, cls.nature),
            "SCCT: " + i18n.term(vocab.SCCT_CLUSTERS, cls.scct_cluster)])),
        (i18n.t("events"), i18n.t("n_events", n=len(case.events))),
        (i18n.t("reactions"), (i18n.t("n_reaction_rows", n=n_reactions)
                               + ("" if case.has_sentiment else " · " + i18n.t("att_badge")))
         if n_reactions else i18n.t("no_reactions")),
        (i18n.t("sources"), i18n.t("n_sources", n=len(m.sources))),
    ]
    if case.has_signals:
        facts.append((i18n.t("signals"), i18n.t("n_signal_rows", n=len(case.signals))))
    if case.has_posts:
        facts.append((i18n.t("posts"), i18n.t("n_posts", n=len(case.post_store))))
    rows = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{e(k)}</th>"
                   f"<td style='text-align:left'>{e(str(v))}</td></tr>" for k, v in facts)
    badges = provenance_badges(m.provenance)
    if case.has_signals:
        badges += badge(m.provenance.signals, series_text("signals", m.provenance.signals))
    if case.machine_scored:
        badges += badge("machine")
    note = i18n.pick(m.provenance.note.model_dump(), lang=lang)
    return (
        f'<div class="wb-case-card" style="border:1px solid #d1d5db;border-radius:8px;'
        f'padding:12px;max-width:720px">'
        f"<div style='font-size:1.2em;font-weight:600'>{e(case.title())}</div>"
        f"<div style='margin:4px 0'>{badges}<code>{e(case.id)}</code></div>"
        f"<p>{e(i18n.pick(m.summary.model_dump()))}</p><table>{rows}</table>"
        f"<p style='color:#4b5563;font-size:0.9em'>{i18n.labelled(e(i18n.t('provenance')), e(note))}</p>"
        f"</div>")
