"""The HTML form of an export: one self-contained page that runs no code.

See :mod:`workbench.io.export` for what it holds and why it is safe; this module only lays
out the :class:`~workbench.io.export.parts.Part` it is given. Every string from a case or a
journal goes through ``html.escape``; an SVG chart is inlined (its ids made unique), a PNG
chart embedded from its bytes.

>>> from workbench.io.export.parts import make_part
>>> text = page("<李雷>", [make_part({"student": "x", "case": "no-such-case",
...             "answers": {"plan-1": "<b>hi</b>"}, "ratings": {}})], lang="en")
>>> "&lt;b&gt;hi&lt;/b&gt;" in text, "&lt;李雷&gt;" in text, "<script" in text
(True, True, False)
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import itertools
import re
from typing import Any

from ...analysis.backtest import WARNING_ID
from ...core.case_card import badge
from ...core.journal import RATABLE
from ...foundation import i18n, vocab
from ..collect import GENERATOR, MEMO_ID, embed_journals
from .charts import Chart, unique_ids
from .parts import Part, decision_label, phase_label, when

CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
       "form-action 'none'")
_chart_ids = itertools.count(1)

#: The export pages' one style sheet (inline: the page loads nothing).
CSS = """body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",
sans-serif;max-width:920px;margin:2em auto;padding:0 1em;color:#111827;line-height:1.55}
h1{font-size:1.6em}h2{border-bottom:2px solid #e5e7eb;padding-bottom:.2em;margin-top:2em}
.wb-badge{color:#fff;border-radius:4px;padding:1px 6px;font-size:.8em;margin-right:4px}
.wb-q{margin:.6em 0 1em}.wb-qtext{font-weight:600;margin:0}
.wb-answer{white-space:pre-wrap;background:#f9fafb;border-left:3px solid #2563eb;padding:.4em .8em}
.wb-empty{color:#9ca3af;font-style:italic}.wb-warn{color:#b91c1c}.wb-muted{color:#4b5563;font-size:.9em}
.wb-move{margin:.2em 0 .8em;border-left:3px solid #2563eb;padding-left:.6em}
table{border-collapse:collapse}td,th{border-bottom:1px solid #e5e7eb;padding:4px 8px;text-align:left;vertical-align:top}
figure{margin:0;overflow-x:auto}figure svg{max-width:100%;height:auto}
@media print{h2{page-break-before:always}}"""


def page(student: str, parts: list[Part], problems: list[tuple[str, str]] | None = None,
         *, lang: str = "en") -> str:
    """The export page (a string) for the parts of a hand-in; see :func:`export_journal`."""
    e = html.escape
    t = lambda key, **kw: e(i18n.t(key, lang=lang, **kw))  # noqa: E731
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    body = [f"<h1>{t('ex_title', student=student)}</h1>",
            f"<p class='wb-muted'>{t('ex_exported')}: <time datetime='{e(now)}'>{e(when(now))}"
            f"</time> · <span class='wb-muted'>{t('ex_fonts')}</span></p>"]
    if problems:
        body.append("<p class='wb-warn'>" + i18n.labelled(t("ex_unreadable"), "; ".join(
            e(f) + i18n.bracketed(e(r), lang=lang) for f, r in problems), lang=lang) + "</p>")
    if len(parts) > 1:
        body.append("<ul>" + "".join(
            f"<li><a href='#case-{e(p.journal['case'])}'>{e(p.case.title(lang) if p.case else p.journal['case'])}</a></li>"
            for p in parts) + "</ul>")
    for part in parts:
        j, case = part.journal, part.case
        cid = e(j["case"])
        out = [f"<section class='wb-case' id='case-{cid}'>"]
        questions, other = part.questions, part.other
        if case is None:
            out.append(f"<h2>{cid}</h2><p class='wb-warn'>{t('ex_unknown_case', case=j['case'])}</p>")
        else:
            out.append(f"<h2>{e(case.title(lang))}</h2><p>{_badges(part)}"
                       f"<b>{e(case.brand(lang))}</b> · <code>{cid}</code></p>"
                       f"<p>{e(i18n.pick(case.meta.summary.model_dump(), lang=lang))}</p>")
        answered = sum(1 for q in questions if q["answer"].strip())
        skipped = ", ".join([*(phase_label(s, lang) for s in j.get("skipped", [])),
                             *(decision_label(case, q, lang) for q in part.revealed)])
        still = ", ".join(decision_label(case, d.id, lang) for d in part.open)
        out.append(f"<table class='wb-facts'><tr><th>{t('ex_reached')}</th>"
                   f"<td>{e(phase_label(part.phase, lang))}</td></tr><tr><th>{t('ex_saved')}"
                   f"</th><td><time datetime='{e(str(j.get('saved_at') or ''))}'>"
                   f"{e(when(j.get('saved_at')))}</time></td></tr>"
                   + (f"<tr><th>{t('ex_skipped')}</th><td>{e(skipped)}</td></tr>" if skipped else "")
                   + (f"<tr><th>{t('ex_open')}</th><td>{e(still)}</td></tr>" if still else "")
                   + (f"<tr><th>{t('ex_answers')}</th><td>{t('ex_answered', n=answered, m=len(questions))}"
                      "</td></tr>" if questions else "") + "</table>")
        chart = _chart(part.chart, case, lang)
        if chart:
            n = vocab.PHASES[part.phase].number
            held = f"<br>{t('ex_held')}" if part.held else ""
            out.append(f"<h3>{t('ex_chart', n=n)}</h3><figure class='wb-chart'>{chart}"
                       f"<figcaption class='wb-muted'>{e(phase_label(part.phase, lang))}{held}"
                       "</figcaption></figure>")
        out.append(f"<h3>{t('ex_answers')}</h3>")
        for phase in vocab.PHASE_LIST:
            mine = [q for q in questions if q["phase"] == phase.slug]
            if not mine:
                continue
            out.append(f"<h4>{e(phase_label(phase.slug, lang))}</h4>")
            for q in mine:
                flag = badge("decision", i18n.t("ex_decision", lang=lang)) if q["decision"] else ""
                out.append(f"<div class='wb-q'><p class='wb-qtext'>{flag}{e(q['text'])} "
                           f"<code class='wb-muted'>{e(q['id'])}</code></p>" + _answer(q["answer"], t))
        if any(q != MEMO_ID for q in other):
            out.append(f"<h4>{t('ex_other')}</h4>")
        for qid, text in sorted(other.items(), key=lambda kv: kv[0] == MEMO_ID):
            label = t("cl_memo") if qid == MEMO_ID else (
                t("ew_journal") if qid == WARNING_ID else e(qid))
            tag = "h3" if qid == MEMO_ID else "p class='wb-qtext'"
            out.append(f"<div class='wb-q wb-{'memo' if qid == MEMO_ID else 'other'}'>"
                       f"<{tag}>{label}</{tag.split()[0]}>{_answer(text, t)}")
        out.append(_ratings_html(part, lang, t))
        if case is not None:
            prov = case.meta.provenance
            out.append(f"<h3>{e(i18n.t('provenance', lang=lang))}</h3><p>{_badges(part)}</p>"
                       f"<p class='wb-muted'>{e(i18n.pick(prov.note.model_dump(), lang=lang))}</p>"
                       f"<h3>{t('ex_sources')}</h3><ol>"
                       + "".join(_source_html(s) for s in case.meta.sources) + "</ol>")
        body.append("".join(out) + "</section>")
    return document(t("ex_title", student=student),
                    "".join(body) + embed_journals([p.journal for p in parts]), lang=lang)


def document(title: str, body: str, *, lang: str = "en") -> str:
    """The whole page around ``body`` (HTML): the CSP, the inline style, the generator
    name that tells an export from a foreign file. ``title`` is escaped HTML already."""
    return (f"<!DOCTYPE html>\n<html lang='{'zh-CN' if lang == 'zh' else 'en'}'><head>"
            f"<meta charset='utf-8'><meta http-equiv='Content-Security-Policy' content=\"{CSP}\">"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<meta name='generator' content='{GENERATOR} 1'><title>{title}</title>"
            f"<style>{CSS}</style></head><body>{body}</body></html>\n")


def _badges(part: Part) -> str:
    """The provenance badges, e.g. "Reactions: Simulated" / "公众反应：模拟数据"."""
    return "".join(badge(kind, text) for kind, text in part.badges)


def _chart(chart: Chart | None, case: Any, lang: str) -> str:
    """The chart as inline SVG (ids made unique on the page) or a PNG ``<img>``; a chart
    that could not be drawn as one line saying why."""
    if chart is None:
        return ""
    if chart.error:
        text = i18n.t("ex_no_chart", lang=lang, error=chart.error)
        return f"<p class='wb-warn'>{html.escape(text)}</p>"
    if chart.format == "png":
        data = base64.b64encode(chart.png).decode("ascii")
        alt = html.escape(case.title(lang))
        return f'<img class="wb-chart-img" alt="{alt}" src="data:image/png;base64,{data}">'
    return unique_ids(chart.svg, f"wb{next(_chart_ids)}-")


def _answer(text: str, t: Any) -> str:
    if not text.strip():
        return f"<div class='wb-answer wb-empty'>{t('ex_no_answer')}</div></div>"
    return f"<div class='wb-answer'>{html.escape(text)}</div></div>"


def _ratings_html(part: Part, lang: str, t: Any) -> str:
    e = html.escape
    ratings = part.journal["ratings"]
    if not ratings:
        return f"<h3>{t('ex_ratings')}</h3><p class='wb-empty'>{t('ex_no_ratings')}</p>"
    found = part.indicators
    rows = []
    for slug in [*[s for s in RATABLE if s in ratings], *[s for s in ratings if s not in RATABLE]]:
        r = ratings[slug]
        label = RATABLE[slug].label(lang) if slug in RATABLE else slug
        stars = "★" * int(r["score"]) + "☆" * (5 - int(r["score"]))
        ind = "<br>".join(e(x) for x in found.get(slug, []))
        rows.append(f"<tr><th>{e(label)}</th><td>{stars} {int(r['score'])}/5</td>"
                    f"<td style='white-space:pre-wrap'>{e(r.get('note', ''))}</td>"
                    f"<td class='wb-muted'>{ind}</td></tr>")
    head = "".join(f"<th>{t(k)}</th>" for k in ("ex_rating", "ex_reason", "ex_indicators"))
    return (f"<h3>{t('ex_ratings')}</h3><table class='wb-ratings'><tr><th></th>{head}</tr>"
            + "".join(rows) + "</table>")


def _source_html(source: Any) -> str:
    e = html.escape
    url = str(source.url)
    link = (f"<a href=\"{e(url)}\" rel='noopener noreferrer'>{e(url)}</a>"
            if re.match(r"^https?://", url) else e(url))
    date = f", {e(str(source.date))}" if source.date else ""
    return f"<li>{e(source.title)} — {e(source.publisher)}{date} · {link}</li>"
