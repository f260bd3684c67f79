"""The Markdown form of an export (``wb.export_journal(student, "x.md")``).

Every string from a case or a journal is HTML-escaped (a Markdown renderer passes raw HTML
through) and Markdown's own link and emphasis characters are escaped too; the charts are
written as files in ``<name>_files/`` beside the Markdown file and linked as images: this
module returns the text and the files (name → SVG text or PNG bytes, straight from the
chart), and :func:`workbench.io.export.export_journal` writes them.

>>> print(_md("<b>[link](x)</b> *a*"))
&lt;b&gt;\\[link\\](x)&lt;/b&gt; \\*a\\*
>>> _md_link("https://example.org/a"), _md_link("https://x/<script>")
('<https://example.org/a>', 'https://x/&lt;script&gt;')
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

from ...analysis.backtest import WARNING_ID
from ...core.journal import RATABLE
from ...foundation import i18n, vocab
from ..collect import MEMO_ID
from .parts import Part, decision_label, phase_label, when


def _md(text: Any) -> str:
    """Text for Markdown: HTML-escaped, and Markdown's link/emphasis characters escaped."""
    return re.sub(r"([\\`*_\[\]|#])", r"\\\1", html.escape(str(text), quote=False))


def _md_link(url: str) -> str:
    """An autolink for a plain http(s) URL; anything else as escaped text."""
    return f"<{url}>" if re.match(r"^https?://[^\s<>()\"'`\\]+$", url) else _md(url)


def _quote(text: str) -> str:
    return "\n".join("> " + _md(line) for line in text.splitlines()) or "> "


def markdown(student: str, parts: list[Part], problems: list[tuple[str, str]], *, lang: str,
             assets: str) -> tuple[str, dict[str, str | bytes]]:
    """The Markdown export and its chart files (name → content), linked as ``assets/name``."""
    files: dict[str, str | bytes] = {}
    t = lambda key, **kw: i18n.t(key, lang=lang, **kw)  # noqa: E731
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    lines = [f"# {_md(t('ex_title', student=student))}", "",
             i18n.labelled(_md(t("ex_exported")), _md(when(now)), lang=lang), ""]
    for file, reason in problems:
        lines += ["⚠ " + i18n.labelled(_md(t("ex_unreadable")), _md(file), lang=lang)
                  + i18n.bracketed(_md(reason), lang=lang), ""]
    for part in parts:
        j, case = part.journal, part.case
        if case is None:
            lines += [f"## {_md(j['case'])}", "", _md(t("ex_unknown_case", case=j["case"])), ""]
        else:
            lines += [f"## {_md(case.title(lang))}", "",
                      f"**{_md(case.brand(lang))}** · `{_md(case.id)}` · "
                      + " ".join(f"\\[{_md(text)}\\]" for _, text in part.badges),
                      "", _md(i18n.pick(case.meta.summary.model_dump(), lang=lang)), ""]
        lines += ["- " + i18n.labelled(_md(t("ex_reached")), _md(phase_label(part.phase, lang)),
                                       lang=lang),
                  "- " + i18n.labelled(_md(t("ex_saved")), _md(when(j.get("saved_at"))),
                                       lang=lang)]
        skipped = [*(phase_label(s, lang) for s in j.get("skipped", [])),
                   *(decision_label(case, q, lang) for q in part.revealed)]
        if skipped:
            lines.append(f"- {_md(t('ex_skipped'))}: " + ", ".join(_md(s) for s in skipped))
        if part.open:
            lines.append(f"- {_md(t('ex_open'))}: "
                         + ", ".join(_md(decision_label(case, d.id, lang)) for d in part.open))
        lines.append("")
        chart = part.chart
        if case is not None and part.phase is not None and chart is not None:
            n = vocab.PHASES[part.phase].number
            if chart.error:
                lines += [_md(t("ex_no_chart", error=chart.error)), ""]
            else:
                name = f"{case.id}-{part.phase}.{chart.format}"
                files[name] = chart.svg if chart.format == "svg" else chart.png
                lines += [f"![{_md(t('ex_chart', n=n))}]({assets}/{name})", ""]
                if part.held:
                    lines += [f"_{_md(t('ex_held'))}_", ""]
        questions, other = part.questions, part.other
        lines += [f"### {_md(t('ex_answers'))}", ""]
        for phase in vocab.PHASE_LIST:
            mine = [q for q in questions if q["phase"] == phase.slug]
            if mine:
                lines += [f"#### {_md(phase_label(phase.slug, lang))}", ""]
            for q in mine:
                flag = f"[{_md(t('ex_decision'))}] " if q["decision"] else ""
                lines += [f"**{flag}{_md(q['text'])}** (`{_md(q['id'])}`)", "",
                          _quote(q["answer"]) if q["answer"].strip()
                          else f"_{_md(t('ex_no_answer'))}_", ""]
        if any(q != MEMO_ID for q in other):
            lines += [f"#### {_md(t('ex_other'))}", ""]
        for qid, text in sorted(other.items(), key=lambda kv: kv[0] == MEMO_ID):
            head = f"### {_md(t('cl_memo'))}" if qid == MEMO_ID else (
                f"**{_md(t('ew_journal'))}**" if qid == WARNING_ID else f"**{_md(qid)}**")
            lines += [head, "", _quote(text), ""]
        lines += [f"### {_md(t('ex_ratings'))}", ""]
        ratings = j["ratings"]
        found = part.indicators
        if ratings:
            lines += [f"| | {_md(t('ex_rating'))} | {_md(t('ex_reason'))} | "
                      f"{_md(t('ex_indicators'))} |", "|---|---|---|---|"]
        for slug, r in ratings.items():
            label = RATABLE[slug].label(lang) if slug in RATABLE else slug
            note = _md(r.get("note", "")).replace("\n", " ")
            lines.append(f"| {_md(label)} | {int(r['score'])}/5 | {note} | "
                         f"{'; '.join(_md(x) for x in found.get(slug, []))} |")
        lines += ["" if ratings else f"_{_md(t('ex_no_ratings'))}_", ""]
        if case is not None:
            lines += [f"### {_md(t('provenance'))}", "",
                      _md(i18n.pick(case.meta.provenance.note.model_dump(), lang=lang)), "",
                      f"### {_md(t('ex_sources'))}", ""]
            lines += [f"1. {_md(s.title)} — {_md(s.publisher)}"
                      f"{', ' + _md(str(s.date)) if s.date else ''} · {_md_link(str(s.url))}"
                      for s in case.meta.sources]
            lines.append("")
    return "\n".join(lines), files
