"""Export a student's journals as one self-contained HTML file (or Markdown) to hand in.

The HTML opens offline and runs no code: charts are inline ``<svg>`` drawn by vl-convert
(``chart_format="png"`` embeds them as PNG data instead, for readers without a Chinese
font), styles are inline, and a Content-Security-Policy forbids scripts and every external
load; links to the sources are plain links. Every string from a case or a journal is
HTML-escaped. A machine-readable copy of the journals rides along in a hidden element
(``<div hidden id="wb-journals" data-wb-journals="…">``) that :func:`workbench.io.collect`
reads back. The suffix of ``path`` picks the format: ``.html`` or ``.md`` (Markdown: the
charts are written as files in ``<name>_files/`` beside it).

>>> import tempfile, workbench as wb
>>> from pathlib import Path
>>> from workbench.core.journal import Journal
>>> work = tempfile.mkdtemp()
>>> Journal.load("李雷", "demo-lumen-2024", journal_dir=work).set_answer("plan-1", "<b>先道歉</b>")
>>> out = export_journal("李雷", Path(work) / "李雷.html", journal_dir=work, lang="zh")
>>> text = out.read_text(encoding="utf-8")
>>> "&lt;b&gt;先道歉&lt;/b&gt;" in text, "<svg" in text, "<script" in text
(True, True, False)
>>> from workbench.io.collect import read_submission
>>> read_submission(out)[0]["answers"]
{'plan-1': '<b>先道歉</b>'}
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import html
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import vl_convert as vlc

from ..core.journal import default_dir, furthest_phase, write_atomic
from ..core.schema import CASE_ID
from ..foundation import i18n, vocab
from ..foundation.problems import WorkbenchError, did_you_mean
from .collect import (
    SubmissionError,
    case_questions,
    load_case_quietly,
    phase_of,
    read_submission,
)

#: Chart fonts in the export: vl-convert measures text with the first one installed
#: (Debian: fonts-noto-cjk); the reader's browser draws with the first one it has.
EXPORT_FONT = ('"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", '
               '"Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif')
CHART_FORMATS = ("svg", "png")
CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
       "form-action 'none'")
_UNSAFE_TAGS = frozenset({"script", "foreignobject", "iframe", "image", "use", "a", "style"})
_chart_cache: dict[tuple, str] = {}
_chart_ids = itertools.count(1)


class ExportError(WorkbenchError):
    """Nothing to export (no such student, case or journal); the message says what to do."""


@dataclass
class _Part:
    """One case of the export: the journal, its case (None if unknown) and what to show."""

    journal: dict[str, Any]
    case: Any
    phase: str | None
    revealed: bool


def export_journal(student: str, path: str | Path, *, journal_dir: str | Path | None = None,
                   lang: str | None = None, cases: list[str] | None = None,
                   chart_format: str = "svg") -> Path:
    """Write ``student``'s journals (all, or those of ``cases``) to ``path`` (.html or .md).

    ``journal_dir`` defaults to the journal folder (see :func:`workbench.core.journal.default_dir`);
    ``lang`` to the current language. Returns the path written.
    """
    path = Path(path).expanduser()
    suffix = path.suffix.lower()
    if suffix not in (".html", ".htm", ".md"):
        raise ExportError(f"cannot export to {path.name}: the name must end in .html (one "
                          "self-contained page) or .md (Markdown)")
    if chart_format not in CHART_FORMATS:
        raise ExportError(f"chart_format={chart_format!r}; expected 'svg' or 'png'")
    lang = lang or i18n.get_language()
    journals, problems = student_journals(student, journal_dir=journal_dir, cases=cases)
    parts = [_part(j) for j in journals]
    if suffix == ".md":
        from .export_md import markdown

        assets = path.with_name(f"{path.stem}_files")
        text = markdown(student, parts, problems, lang=lang, assets=assets,
                        chart_format=chart_format)
    else:
        from .export_html import export_html

        text = export_html(student, parts, problems, lang=lang, chart_format=chart_format)
    write_atomic(path, text)
    return path


def student_journals(student: str, *, journal_dir: str | Path | None = None,
                     cases: list[str] | None = None
                     ) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """The readable journals of ``student`` (read-only) and (file, reason) for the others."""
    from ..core.cases import safe_name

    root = Path(journal_dir).expanduser() if journal_dir is not None else default_dir()
    folder = root / safe_name(student or "anonymous")
    if not folder.is_dir():
        known = sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
        hint = did_you_mean(student, known)
        raise ExportError(f"no journals for {student!r} in {root}" + (f" ({hint})" if hint else
                          "; check the name you gave the stepper (folders there: "
                          f"{', '.join(known[:8]) or 'none'})"))
    files = sorted(p for p in folder.glob("*.json") if not p.name.startswith("."))
    if cases is not None:
        wanted = {f"{c}.json" for c in cases}
        missing = sorted(wanted - {p.name for p in files})
        if missing:
            raise ExportError(f"{student} has no journal for {', '.join(m[:-5] for m in missing)}"
                              f" in {folder}; journals there: "
                              f"{', '.join(p.stem for p in files) or 'none'}")
        files = sorted((p for p in files if p.name in wanted),
                       key=lambda p: list(cases).index(p.stem))
    journals, problems = [], []
    for file in files:
        try:
            journals.extend(read_submission(file))
        except SubmissionError as err:
            problems.append((file.name, err.reason))
    if not journals:
        raise ExportError(f"no readable journal for {student!r} in {folder}"
                          + (f" ({problems[0][0]}: {problems[0][1]})" if problems else ""))
    return journals, problems


@functools.lru_cache(maxsize=16)
def _cached_case(case_id: str, _stamp: float) -> Any:
    return load_case_quietly(case_id)


def _part(journal: dict[str, Any]) -> _Part:
    """The case of a journal, the furthest phase reached and whether its moves were revealed
    (as the stepper decides: an answer to one of the phase's questions, or a skip)."""
    from ..core.cases import bundled_root

    stamp = _mtime(bundled_root() / journal["case"]) if CASE_ID.match(journal["case"]) else 0.0
    case = _cached_case(journal["case"], stamp)  # a Case is immutable: safe to share
    where = {q["id"]: q["phase"] for q in case_questions(case)}
    answered = {where.get(q) or phase_of(q) for q, a in journal["answers"].items() if a.strip()}
    # the furthest phase reached, not the last visited (a student may go back to revise)
    phase = furthest_phase([journal.get("furthest"), journal.get("phase"),
                            *journal.get("skipped", []), *answered])
    revealed = phase is not None and (phase in journal.get("skipped", []) or phase in answered)
    return _Part(journal, case, phase, revealed)


# -- charts ----------------------------------------------------------------------------------
def chart_image(case: Any, phase: str, *, revealed: bool = True, lang: str = "en",
                chart_format: str = "svg") -> str:
    """The reaction chart of ``case`` at ``phase`` as inline SVG markup (or a PNG ``<img>``).

    Cached per case, phase and language; the SVG is checked to hold no script, no foreign
    object and no external reference.
    """
    key = (case.id, str(case.folder), _mtime(case.folder), phase, revealed, lang, chart_format)
    if key not in _chart_cache:
        from ..display.charts import reaction_chart

        spec = reaction_chart(case.visible_at(phase, reveal=revealed), lang=lang).to_dict()
        spec.setdefault("config", {})["font"] = EXPORT_FONT
        if chart_format == "png":
            data = base64.b64encode(vlc.vegalite_to_png(spec, scale=1.5)).decode("ascii")
            alt = html.escape(case.title(lang))
            out = f'<img class="wb-chart-img" alt="{alt}" src="data:image/png;base64,{data}">'
        else:
            out = vlc.vegalite_to_svg(spec)
            out = out[out.index("<svg"):]
            check_svg(out)
        if len(_chart_cache) > 64:
            _chart_cache.clear()
        _chart_cache[key] = out
    n = next(_chart_ids)  # unique element ids when several charts share a page
    return re.sub(r'(id="|url\(#|href="#)([^"()]+)', lambda m: f"{m[1]}wb{n}-{m[2]}",
                  _chart_cache[key])


def check_svg(svg: str) -> None:
    """Refuse (ValueError) an SVG with a script, an event handler, a foreign object, a
    style sheet or a reference to anything outside itself; text content is not code.

    >>> check_svg('<svg xmlns="http://www.w3.org/2000/svg"><text aria-label="x onerror=y">'
    ...           '&lt;script&gt;</text></svg>')
    >>> check_svg('<svg xmlns="http://www.w3.org/2000/svg"><g onload="alert(1)"/></svg>')
    Traceback (most recent call last):
    ValueError: the chart SVG has an event handler (onload); not embedded
    """
    for element in ElementTree.fromstring(svg).iter():
        tag = str(element.tag).rsplit("}", 1)[-1].lower()
        if tag in _UNSAFE_TAGS:
            raise ValueError(f"the chart SVG has a <{tag}> element; not embedded")
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                raise ValueError(f"the chart SVG has an event handler ({local}); not embedded")
            if local.startswith("aria-"):
                continue
            if (local == "href" and not value.startswith("#")) or re.search(
                    r"url\(\s*['\"]?(?!#)", value):
                raise ValueError(f"the chart SVG refers outside itself ({local}); not embedded")


def _mtime(folder: Path) -> float:
    try:
        return max(p.stat().st_mtime for p in Path(folder).iterdir())
    except (OSError, ValueError):
        return 0.0


def _chart(part: _Part, lang: str, chart_format: str) -> str:
    if part.case is None or part.phase is None:
        return ""
    try:
        return chart_image(part.case, part.phase, revealed=part.revealed, lang=lang,
                           chart_format=chart_format)
    except Exception as err:  # a chart must never stop a hand-in
        return f"<p class='wb-warn'>{html.escape(i18n.t('ex_no_chart', lang=lang, error=str(err)))}</p>"


# -- shared pieces ---------------------------------------------------------------------------
def _when(value: Any) -> str:
    try:
        stamp = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value or "—")
    return stamp.strftime("%Y-%m-%d %H:%M %Z").strip()


def _phase_label(slug: str | None, lang: str) -> str:
    if slug not in vocab.PHASES:
        return i18n.t("ex_not_started", lang=lang)
    phase = vocab.PHASES[slug]
    return f"{phase.number}. {phase.label(lang)}"


def _indicators(case: Any, lang: str) -> dict[str, list[str]]:
    try:
        from ..analysis.scorecards import scorecard
    except ImportError:
        return {}
    try:
        card = scorecard(case, lang=lang)
    except Exception:  # indicators are a help, not a requirement of a hand-in
        return {}
    out: dict[str, list[str]] = {}
    for r in card.itertuples():
        sim = f" ({i18n.t('simulated_badge', lang=lang)})" if r.simulated else ""
        out.setdefault(r.principle, []).append(f"{r.indicator}: {r.shown}{sim}")
    return out


def _questions(part: _Part, lang: str) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """(questions with their answers, the answers to no known question)."""
    answers = dict(part.journal["answers"])
    qs = [{**q, "answer": answers.pop(q["id"], "")} for q in case_questions(part.case, lang)]
    return qs, answers


def _badge_texts(case: Any, lang: str) -> list[tuple[str, str]]:
    prov = case.meta.provenance
    return [(prov.events, i18n.t("ex_events_badge", lang=lang,
                                 badge=i18n.t(f"{prov.events}_badge", lang=lang))),
            (prov.reactions, i18n.t("ex_reactions_badge", lang=lang,
                                    badge=i18n.t(f"{prov.reactions}_badge", lang=lang)))]
