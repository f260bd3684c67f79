"""``workbench new <case-id>``: a case folder to fill in, that validates from the first minute.

Every key of case.yaml is there with a comment saying what it holds; events.csv has its
header and one example row (the trigger); questions.yaml has one decision question per
phase. What the author must still write says ``FILL IN``, which the validator lists as
warnings — the to-do list (docs/authoring.md walks through it in the order an instructor
works: trigger, sources, events, classification, decision points, questions).

>>> import tempfile, workbench as wb
>>> folder = new_case("acme-2025", root=tempfile.mkdtemp())
>>> problems = wb.validate(folder)
>>> any(p.is_error for p in problems), all("FILL IN" in p.what for p in problems)
(False, True)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..core.journal import write_atomic
from ..core.schema import CASE_ID
from ..foundation import vocab
from ..foundation.problems import Problem, WorkbenchError

CASE_YAML = """\
# {id}: scaffolded by `workbench new` on {today}. Replace each marked line, then run
#   workbench validate {shown}
# until it prints no warning. The walk-through is docs/authoring.md; every key is in
# docs/case-format.md. Write case text in your own words, in both languages.
format: 1                  # the case format version: always 1
id: {id}                   # the case id: equal to the folder name
title:                     # the case's name as students see it in the catalog
  zh: FILL IN 案例标题（例如：某品牌某事件）
  en: "FILL IN case title (e.g. Brand: what happened)"
brand:                     # the organisation whose response students study
  zh: FILL IN 品牌名称
  en: FILL IN brand name
summary:                   # what happened, in two or three sentences, without the brand's response
  zh: FILL IN 两三句话概述事件经过（不要写品牌如何回应：那是学生要先决定的）。
  en: FILL IN two or three sentences on what happened (not how the brand responded; students decide that first).
outcome:                   # how it ended: shown only after the last phase
  zh: FILL IN 事件的结果。
  en: FILL IN how it ended.
industry: {{zh: FILL IN 行业, en: FILL IN industry}}  # e.g. {{zh: 航空, en: airlines}}
region: CN                 # ISO 3166 alpha-2 code of the market where it played out (GB, not UK)
timezone: Asia/Shanghai    # IANA time zone for times written without an offset
trigger: {today}T09:00:00+08:00  # FILL IN hour 0: when the crisis became public (ISO 8601)
classification:            # the authors' judgment; say why in provenance.note
  scope: external          # internal | external
  nature: human            # natural | human
  scct_cluster: preventable  # victim | accidental | preventable (Coombs 2007)
provenance:                # where the facts and the data come from
  events: pending          # pending while the timeline is being written; documented once every event has a source
  reactions: none          # none | observed | simulated | fictional (no reactions.csv: none)
  note:                    # what is documented, what is uncertain, what is your judgment
    zh: FILL IN 说明哪些事实有来源、哪些存疑、哪些是作者的判断。
    en: FILL IN what is documented, what is uncertain, and what is the authors' judgment.
sources:                   # every source an event cites, by id
  - id: s1
    title: FILL IN the article's headline
    url: https://example.org/fill-in-the-article-url
    publisher: FILL IN the outlet
    date: {today}
license: CC BY 4.0           # the licence of this case's text
"""

EVENTS = ("id,time,precision,phase,kind,actor,channel,strategy,summary_zh,summary_en,source,"
          "certainty,metric,value\n"
          "e1,{today}T09:00:00+08:00,minute,analyse,trigger,public,weibo,,"
          "FILL IN 触发事件（用自己的话）,FILL IN the trigger (in your own words),s1,confirmed,,\n")

QUESTION = """\
{phase}:
  - zh: FILL IN 在看到品牌的做法之前：你会怎么做？（{name_zh}）
    en: "FILL IN Before you see the brand's move: what would you do? ({name_en})"
    decision: true
"""


def new_case(case_id: str, *, root: Path | str | None = None) -> Path:
    """Write a new case folder ``root/case_id`` (default root: ``./cases`` when it exists,
    else the current folder) and return it. Refuses a bad id or an existing folder."""
    case_id = str(case_id)
    if not CASE_ID.fullmatch(case_id):
        raise WorkbenchError(str(Problem(
            case_id, 1, "case-id", f"'{case_id}' is not a case id",
            "lowercase letters, digits and '-', 3–64 characters", "e.g. acme-recall-2025")))
    base = Path(root) if root is not None else (Path("cases") if Path("cases").is_dir() else Path("."))
    folder = base / case_id
    if folder.exists():
        raise WorkbenchError(str(Problem(str(folder), 1, "case-id", "the folder exists already",
                                         "a new case id", "pick another id or edit that case")))
    folder.mkdir(parents=True)
    today = dt.date.today().isoformat()
    write_atomic(folder / "case.yaml", CASE_YAML.format(id=case_id, today=today, shown=folder))
    write_atomic(folder / "events.csv", EVENTS.format(today=today))
    write_atomic(folder / "questions.yaml", "".join(
        QUESTION.format(phase=slug, name_zh=term.zh, name_en=term.en)
        for slug, term in vocab.PHASES.items()))
    return folder
