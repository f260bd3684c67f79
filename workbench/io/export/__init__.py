"""Export a student's journals as one self-contained HTML file (or Markdown) to hand in.

The HTML opens offline and runs no code: charts are inline ``<svg>`` drawn by vl-convert
(``chart_format="png"`` embeds them as PNG data instead, for readers without a Chinese
font), styles are inline, and a Content-Security-Policy forbids scripts and every external
load; links to the sources are plain links. Every string from a case or a journal is
HTML-escaped. A machine-readable copy of the journals rides along in a hidden element
(``<div hidden id="wb-journals" data-wb-journals="…">``) that :func:`workbench.io.collect`
reads back. The suffix of ``path`` picks the format: ``.html`` or ``.md`` (Markdown: the
charts are written as files in ``<name>_files/`` beside it).

The package: :mod:`.parts` decides what a hand-in contains (by the reveal rule, so the
export shows exactly what the stepper showed), :mod:`.charts` draws the charts (SVG markup
or PNG bytes), :mod:`.page` and :mod:`.markdown` render; every file is written with
:func:`workbench.foundation.files.write_atomic`. Cases are found through the case library
(``root=``: a folder of cases or a :class:`~workbench.core.library.Library`; default
``$WORKBENCH_CASES``, cases loaded by path, the bundled cases). A team's plan is exported
by :mod:`.team` (``wb.export_team``) the same way.

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

from pathlib import Path
from typing import Any

from ...core.journal import default_dir
from ...core.library import Library, library
from ...foundation import i18n
from ...foundation.files import write_atomic
from ...foundation.problems import WorkbenchError, did_you_mean
from ..collect import SubmissionError, read_submission
from .charts import CHART_FORMATS, check_svg
from .parts import Part, make_part
from .team import TeamExportError, export_team

__all__ = ["CHART_FORMATS", "ExportError", "Part", "TeamExportError", "check_svg",
           "export_journal", "export_team", "make_part", "student_journals"]


class ExportError(WorkbenchError):
    """Nothing to export (no such student, case or journal); the message says what to do."""


def export_journal(student: str, path: str | Path, *, journal_dir: str | Path | None = None,
                   lang: str | None = None, cases: list[str] | None = None,
                   chart_format: str = "svg", root: str | Path | Library | None = None) -> Path:
    """Write ``student``'s journals (all, or those of ``cases``) to ``path`` (.html or .md).

    ``journal_dir`` defaults to the journal folder (see :func:`workbench.core.journal.default_dir`);
    ``lang`` to the current language; ``root`` to the case library's folder. Returns the
    path written.
    """
    path = Path(path).expanduser()
    suffix = path.suffix.lower()
    if suffix not in (".html", ".htm", ".md"):
        raise ExportError(i18n.t("exp_bad_suffix", name=path.name))
    if chart_format not in CHART_FORMATS:
        raise ExportError(i18n.t("exp_chart_format", value=repr(chart_format)))
    lang = lang or i18n.get_language()
    journals, problems = student_journals(student, journal_dir=journal_dir, cases=cases)
    lib = library(root)
    parts = [make_part(j, lang=lang, chart_format=chart_format, root=lib) for j in journals]
    if suffix == ".md":
        from .markdown import markdown

        assets = path.with_name(f"{path.stem}_files")
        text, files = markdown(student, parts, problems, lang=lang, assets=assets.name)
        for name, data in files.items():
            write_atomic(assets / name, data)
    else:
        from .page import page

        text = page(student, parts, problems, lang=lang)
    write_atomic(path, text)
    return path


def student_journals(student: str, *, journal_dir: str | Path | None = None,
                     cases: list[str] | None = None
                     ) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """The readable journals of ``student`` (read-only) and (file, reason) for the others."""
    root = Path(journal_dir).expanduser() if journal_dir is not None else default_dir()
    from ...core.names import WORK_FOLDERS, StudentNameError, student_folder

    try:
        folder = root / student_folder(student)
    except StudentNameError as err:
        raise ExportError(str(err)) from None
    if not folder.is_dir():
        known = sorted(p.name for p in root.iterdir() if p.is_dir()
                       and p.name.casefold() not in WORK_FOLDERS) if root.is_dir() else []
        hint = did_you_mean(student, known)
        raise ExportError(i18n.t("exp_no_journals_hint", student=student, root=root,
                                 hint=hint) if hint else
                          i18n.t("exp_no_journals", student=student, root=root,
                                 folders=", ".join(known[:8]) or i18n.t("exp_none")))
    files = sorted(p for p in folder.glob("*.json") if not p.name.startswith("."))
    if cases is not None:
        wanted = {f"{c}.json" for c in cases}
        missing = sorted(wanted - {p.name for p in files})
        if missing:
            raise ExportError(i18n.t("exp_missing_cases", student=student, folder=folder,
                                     cases=", ".join(m[:-5] for m in missing),
                                     files=", ".join(p.stem for p in files) or i18n.t("exp_none")))
        files = sorted((p for p in files if p.name in wanted),
                       key=lambda p: list(cases).index(p.stem))
    journals, problems = [], []
    for file in files:
        try:
            journals.extend(read_submission(file))
        except SubmissionError as err:
            problems.append((file.name, err.reason))
    if not journals:
        raise ExportError(i18n.t("exp_unreadable", student=student, folder=folder) + (
            i18n.t("exp_unreadable_why", file=problems[0][0], why=problems[0][1])
            if problems else ""))
    return journals, problems
