"""What ``workbench import`` did, told plainly (text and HTML), and the case.yaml it writes.

>>> from workbench.foundation import i18n
>>> i18n.set_language("en")
>>> r = ImportResult(source=Path("x.csv"), kind="CSV", encoding="UTF-8", delimiter=",",
...                  columns={"time": "created_at"}, guessed=[], rows_read=3,
...                  dropped={"duplicate id": 1}, timezone="UTC", sentiment_from="none",
...                  not_sentiment={}, cases=[], notices=[], root=Path("cases"))
>>> print(r.summary().splitlines()[2])
Rows: 3 read, 0 kept, 1 dropped (1 duplicate id)
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..core.validate import EVENT_COLUMNS, check_case
from ..foundation import i18n
from .import_read import refuse

TIME = "%Y-%m-%d %H:%M"
#: Why rows were dropped (the importer's reason) → the key of its words in strings.py.
_REASONS = {"duplicate id": "imp_drop_duplicate", "missing time": "imp_drop_missing_time",
            "unreadable time": "imp_drop_unreadable_time", "no brand": "imp_drop_no_brand"}
#: The importer's names for a column's role, a sentiment label, an encoding → their keys.
_ROLES = ("time", "text", "id", "brand", "sentiment", "platform", "author", "likes", "shares",
          "comments", "url")
_LABELS = ("negative", "neutral", "positive", "empty")
_ENCODINGS = {"UTF-8 with BOM": "imp_utf8_bom"}



def reason_text(reason: str) -> str:
    """The words of an importer's reason for dropping rows, in the current language."""
    key = _REASONS.get(reason)
    return i18n.t(key) if key else reason


def _column(role: str, column: str) -> str:
    """``时间 ← 发布时间``: the role in the current language; the mode words of sentiment too."""
    if role == "sentiment" and column in ("machine", "none"):
        column = {"machine": i18n.t("imp_sentiment_machine"),
                  "none": i18n.t("imp_sentiment_none")}[column]
    return f"{i18n.t('imp_role_' + role) if role in _ROLES else role} ← {column}"


@dataclass(frozen=True)
class ImportedCase:
    """One case written by the importer."""

    id: str
    folder: Path
    brand: str
    posts: int
    first: pd.Timestamp
    last: pd.Timestamp
    sentiment: dict[str, int]


@dataclass
class ImportResult:
    """The outcome of :func:`workbench.import_posts`: ``print(result)`` for the summary."""

    source: Path
    kind: str
    encoding: str
    delimiter: str
    columns: dict[str, str]
    guessed: list[str]
    rows_read: int
    dropped: dict[str, int]
    timezone: str
    sentiment_from: str
    not_sentiment: dict[str, int]
    cases: list[ImportedCase]
    notices: list[str]
    root: Path
    warnings: list[str] = field(default_factory=list)

    @property
    def rows_kept(self) -> int:
        return sum(c.posts for c in self.cases)

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.cases]

    @property
    def folders(self) -> list[Path]:
        return [c.folder for c in self.cases]

    def load(self) -> list:
        """The imported cases, loaded (``wb.load_case`` on each folder)."""
        from ..core.cases import load_case
        return [load_case(folder) for folder in self.folders]

    def sentiment_counts(self) -> dict[str, int]:
        total: dict[str, int] = {}
        for c in self.cases:
            for k, v in c.sentiment.items():
                total[k] = total.get(k, 0) + v
        return total

    def lines(self) -> list[tuple[str, str]]:
        """The summary as (heading, text) pairs, in the current language (full-width
        punctuation in Chinese: 负面 3、中性 1（…）)."""
        t, sep, brackets = i18n.t, i18n.t("list_sep"), i18n.bracketed
        encoding = t(_ENCODINGS[self.encoding]) if self.encoding in _ENCODINGS else self.encoding
        how = [self.kind] + ([encoding] if encoding else [])
        if self.delimiter:
            how.append(t("imp_delimiter", sep=t("imp_tab") if self.delimiter == "\t"
                         else repr(self.delimiter)))
        dropped = sum(self.dropped.values())
        why = sep.join(f"{n} {reason_text(reason)}" for reason, n in self.dropped.items())
        rows = (t("imp_rows_text", read=self.rows_read, kept=self.rows_kept, dropped=dropped)
                + brackets(why))
        counts = self.sentiment_counts()
        senti = i18n.labelled(self.sentiment_from, sep.join(
            f"{i18n.t('imp_label_' + k) if k in _LABELS else k} {v}" for k, v in counts.items()))
        if self.not_sentiment:
            senti += brackets(i18n.labelled(
                t("imp_not_sentiment", n=sum(self.not_sentiment.values())),
                sep.join(f"'{k}' ×{v}" for k, v in list(self.not_sentiment.items())[:5])))
        out = [(t("imp_imported"), self.source.name + brackets(sep.join(how))),
               (t("imp_columns"), sep.join(_column(role, col)
                                           for role, col in self.columns.items())),
               (t("imp_rows"), rows)]
        if self.cases:
            first = min(c.first for c in self.cases)
            last = max(c.last for c in self.cases)
            out.append((t("time"), f"{first.strftime(TIME)} → {last.strftime(TIME)}"
                                   + brackets(self.timezone)))
        out.append((t("imp_brands"), sep.join(f"{c.brand}{brackets(c.posts)}"
                                              for c in self.cases)))
        out.append((t("imp_sentiment"), senti))
        if self.guessed:
            out.append((t("imp_guessed"), t("clause_sep").join(self.guessed)))
        out += [(t("imp_notice"), n) for n in self.notices]
        out += [(t("case"), t("imp_case_text", id=c.id, n=c.posts, folder=c.folder))
                for c in self.cases]
        out += [(t("imp_validate"), w) for w in self.warnings]
        out.append((t("imp_warning"), t("imp_warning_text", root=self.root)))
        return out

    def summary(self) -> str:
        """The summary, one fact per line (what the CLI prints)."""
        return "\n".join(i18n.labelled(k, v) for k, v in self.lines())

    __str__ = summary

    def __repr__(self) -> str:
        return (f"<ImportResult {self.source.name}: {self.rows_kept} of {self.rows_read} rows "
                f"kept, {len(self.cases)} case(s)>")

    def _repr_html_(self) -> str:
        e = html.escape
        rows = "".join(
            f"<tr><th style='text-align:left;vertical-align:top;padding-right:1em;"
            f"white-space:nowrap'>{e(k)}</th>"
            f"<td style='text-align:left'>{e(v)}</td></tr>" for k, v in self.lines())
        return (f'<div class="wb-import" style="border:1px solid #d1d5db;border-radius:8px;'
                f'padding:10px;max-width:900px"><b>{e(i18n.t("imp_title"))}</b>'
                f"<table>{rows}</table></div>")


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(str(text), ensure_ascii=False)


def case_yaml(cid: str, brand: str, posts: pd.DataFrame, *, zone: str, source: str,
              region: str, provenance: str, machine: bool) -> str:
    """The case.yaml skeleton: valid as written, placeholders marked TODO for the instructor."""
    first, last = posts["time"].iloc[0], posts["time"].iloc[-1]
    span_zh = f"{first.strftime(TIME)} 至 {last.strftime(TIME)}"
    span_en = f"{first.strftime(TIME)} to {last.strftime(TIME)}"
    scored_zh = "；情感为离线机器判定（中文 snownlp，英文 VADER）" if machine else ""
    scored_en = ("; sentiment machine-scored offline (snownlp for Chinese, VADER for English)"
                 if machine else "")
    kind_zh = {"observed": "实测", "simulated": "模拟", "fictional": "虚构"}[provenance]
    today = dt.date.today().isoformat()
    return f"""\
# Imported by `workbench import` from {source} on {today}: a skeleton to complete.
# TODO (instructor): write the title, summary, outcome, industry and classification;
# check region and timezone; set the trigger to the crisis onset (it is now the first
# post); fill events.csv; then set provenance.events to documented (with sources) or
# fictional. `workbench validate` lists what is still missing.
format: 1
id: {cid}
title:
  zh: {_q(f"{brand}：待命名的危机（导入的案例）")}
  en: {_q(f"{brand}: crisis to be named (imported case)")}
brand:
  zh: {_q(brand)}
  en: {_q(brand)}
summary:
  zh: {_q(f"从 {source} 导入的 {len(posts)} 条帖子（{span_zh}）；时间线待填写。")}
  en: {_q(f"{len(posts)} posts imported from {source} ({span_en}); the timeline is still to be written.")}
outcome:
  zh: 待填写
  en: To be written
industry: {{zh: 待填写, en: to be written}}
region: {region}  # guessed from the time zone and platforms: check it
timezone: {zone}
trigger: {first.isoformat()}  # TODO: the first post; set it to the crisis onset
classification:  # TODO: placeholders until you classify the crisis
  scope: external
  nature: human
  scct_cluster: accidental
provenance:
  events: pending
  reactions: {provenance}
  note:
    zh: {_q(f"帖子（{kind_zh}数据）由 workbench import 从 {source} 导入，共 {len(posts)} 条{scored_zh}；事件时间线待补充。")}
    en: {_q(f"Posts ({provenance} data) imported from {source} by workbench import, {len(posts)} in all{scored_en}; the event timeline is still to be written.")}
sources: []
license: {_q(f"to be checked: the terms of use of {source}")}
"""


# -- writing and checking -------------------------------------------------------------------
def write_case(folder: Path, posts: pd.DataFrame, yaml_text: str, replace: bool,
               notices: list[str]) -> list[str]:
    """Write the case and check it as ``load_case`` would; return the checker's warnings.

    A new case is written in a staging folder moved into place whole; ``replace`` refreshes
    the posts of an existing one (keeping its case.yaml and events.csv). The check reads the
    case.yaml and events.csv just written and the posts as they are in memory (their ids the
    importer's, repeats dropped), while a thread writes posts.parquet beside them: pyarrow's
    writer releases the GIL, so the two share the machine's cores. The reactions the check
    counts are then cached beside the posts, so the first load needs no count.
    """
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        if folder.exists():
            kept = [n for n in ("case.yaml", "events.csv") if (folder / n).exists()]
            _write_text(folder, yaml_text, skip=kept)
            warnings = _write_checked(folder, posts, name=folder.name, shown=folder)
            if kept:
                notices.append(i18n.t("imp_replaced", folder=folder.name,
                                      kept=i18n.t("imp_and").join(kept)))
            return warnings
        stage = folder.parent / f".{folder.name}.importing-{os.getpid()}"
        shutil.rmtree(stage, ignore_errors=True)
        stage.mkdir()
        _write_text(stage, yaml_text, skip=[])
        warnings = _write_checked(stage, posts, name=folder.name, shown=folder)
        os.replace(stage, folder)
        return warnings
    except OSError as exc:
        raise refuse(str(folder), 1, "case", i18n.t("ir_cannot_write", why=exc.strerror),
                     i18n.t("ir_cannot_write_expected"), i18n.t("ir_cannot_write_hint")) from None


def _write_text(folder: Path, yaml_text: str, *, skip: list[str]) -> None:
    if "case.yaml" not in skip:
        (folder / "case.yaml").write_text(yaml_text, encoding="utf-8")
    if "events.csv" not in skip:
        (folder / "events.csv").write_text(",".join(EVENT_COLUMNS) + "\n", encoding="utf-8")


def _write_checked(folder: Path, posts: pd.DataFrame, *, name: str, shown: Path) -> list[str]:
    """posts.parquet written (under a temporary name, renamed when whole) while the folder
    is checked with ``posts`` in memory; the reactions cached once the file is in place.
    Posts that will stay on disk (:func:`~workbench.core.posts_disk.threshold` rows and
    more) are written first and checked on disk, as every later load checks them."""
    from ..core import derived, posts_disk
    from ..core.cases import build_case

    tmp, final = folder / ".posts.parquet.importing", folder / "posts.parquet"
    if len(posts) >= posts_disk.threshold():
        posts.to_parquet(tmp, index=False)
        os.replace(tmp, final)
        parsed = check_case(folder, shown=str(shown), folder_name=name)
        if parsed.ok and parsed.meta is not None and parsed.events is not None:
            build_case(parsed, folder)  # counts and caches the reactions, on disk
        return _warnings(parsed.problems)
    with ThreadPoolExecutor(max_workers=1) as pool:
        writing = pool.submit(posts.to_parquet, tmp, index=False)
        parsed = check_case(folder, shown=str(shown), folder_name=name, posts=posts,
                            ids_checked=True)
        counted = (derived.reactions_from_posts(parsed.posts)
                   if parsed.ok and isinstance(parsed.posts, pd.DataFrame) else None)
        writing.result()  # the writer's OSError, if any, is raised here
    os.replace(tmp, final)
    if counted is not None and parsed.meta is not None:
        derived.save(folder, parsed.meta.timezone, counted)
    return _warnings(parsed.problems)


def _warnings(problems: list) -> list[str]:
    return [str(p) if not p.is_error else f"error: {p}" for p in problems]
