"""The instructor's view of a collected class: answers side by side, ratings against data.

``wb.ClassView(wb.collect(folder, roster=…))`` shows, per case, the class's principle
ratings next to the data indicators of ``wb.scorecard(case)``, then every question with
the students' answers side by side, and who on the roster has not submitted. Methods
return DataFrames (``answers``, ``ratings``) or small HTML views (``question``).
:func:`sample_class` writes a folder of made-up journals to try it on.

>>> import tempfile, workbench as wb
>>> folder = tempfile.mkdtemp()
>>> names = sample_class(folder, n=4, seed=1)
>>> view = ClassView(wb.collect(folder, roster=[*names, "缺交同学"]), lang="en")
>>> view.missing
['缺交同学']
>>> table = view.ratings("demo-lumen-2024")
>>> int(table.set_index("principle").loc["fast-response", "n"]) <= 4
True
>>> "plan-1" in view.answers("demo-lumen-2024").index.get_level_values("question_id")
True
"""

from __future__ import annotations

import html
import random
from pathlib import Path

import pandas as pd

from ..core.journal import RATABLE, Journal
from ..core.library import Library, library
from ..core.progress import case_questions
from ..foundation import i18n, vocab
from ..foundation.files import write_atomic
from ..io.collect import MEMO_ID, Collected

#: The longest answer shown in a side-by-side card (the table and CSV keep the full text).
MAX_CHARS = 1500


class Html(str):
    """A string of HTML that a notebook displays as HTML."""

    def _repr_html_(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return f"<HTML view, {len(self)} characters: display it in a notebook>"


class ClassView:
    """The instructor view over a :class:`~workbench.io.collect.Collected` class."""

    def __init__(self, collected: Collected, *, lang: str | None = None) -> None:
        if not isinstance(collected, Collected):
            raise TypeError("ClassView needs what wb.collect(folder) returns, e.g. "
                            "wb.ClassView(wb.collect('submissions/'))")
        self.collected = collected
        self.lang = lang or i18n.get_language()

    @property
    def cases(self) -> list[str]:
        return sorted({j["case"] for j in self.collected.journals})

    @property
    def missing(self) -> list[str]:
        """Who on the roster has not submitted."""
        return self.collected.missing

    def _case(self, case: str | None) -> str:
        if case is None:
            if len(self.cases) != 1:
                raise ValueError(f"the class worked on several cases; name one: {self.cases}")
            return self.cases[0]
        if case not in self.cases:
            raise ValueError(f"no submissions for case {case!r}; cases read: {self.cases}")
        return case

    def answers(self, case: str | None = None) -> pd.DataFrame:
        """Answers side by side: one row per question, one column per student."""
        case = self._case(case)
        rows = self.collected.table
        rows = rows[(rows["case"] == case) & (rows["kind"] != "rating")]
        wide = rows.pivot_table(index=["phase", "question_id"], columns="student",
                                values="answer", aggfunc="first", sort=False)
        order = list(dict.fromkeys(zip(rows["phase"], rows["question_id"], strict=True)))
        return wide.reindex(pd.MultiIndex.from_tuples(order, names=["phase", "question_id"]))

    def ratings(self, case: str | None = None) -> pd.DataFrame:
        """Per principle: the data indicators (``wb.scorecard``), then the class's ratings."""
        case = self._case(case)
        rows = self.collected.table
        rated = rows[(rows["case"] == case) & (rows["kind"] == "rating")]
        indicators, _ = self._indicators(case)
        out = []
        for slug, term in RATABLE.items():
            scores = rated.loc[rated["question_id"] == slug, "score"].dropna().astype(int)
            counts = scores.value_counts()
            out.append({
                "framework": "principles" if slug in vocab.PRINCIPLES else "5S",
                "principle": slug, "label": term.label(self.lang),
                "indicators": "; ".join(indicators.get(slug, [])), "n": len(scores),
                "mean": round(float(scores.mean()), 2) if len(scores) else float("nan"),
                "median": float(scores.median()) if len(scores) else float("nan"),
                "spread": " ".join(f"{k}:{int(counts.get(k, 0))}" for k in range(1, 6)),
            })
        return pd.DataFrame(out)

    def _indicators(self, case: str) -> tuple[dict[str, list[str]], str]:
        found = self.collected.cases.get(case)
        if found is None:
            return {}, "case not found"
        try:
            from ..analysis.scorecards import data_kind, scorecard
        except ImportError:
            return {}, "the scorecard module is not installed"
        try:
            card = scorecard(found, lang=self.lang)
        except Exception as err:  # the view still shows the ratings
            return {}, str(err)
        out: dict[str, list[str]] = {}
        for r in card.itertuples():
            kind = data_kind(card, r.framework)  # simulated or fictional, as the case says
            mark = i18n.bracketed(i18n.t(f"{kind}_badge", lang=self.lang),
                                  lang=self.lang) if r.simulated else ""
            out.setdefault(r.principle, []).append(f"{r.indicator}: {r.shown}{mark}")
        return out, ""

    # -- HTML -------------------------------------------------------------------------------
    def question(self, qid: str, case: str | None = None) -> Html:
        """One question with every student's answer, side by side (cards in a grid)."""
        e = html.escape
        case = self._case(case)
        rows = self.collected.table
        rows = rows[(rows["case"] == case) & (rows["question_id"] == qid)]
        if rows.empty:
            raise ValueError(f"no question {qid!r} in {case}")
        text = rows["question"].iloc[0] or (i18n.t("cl_memo", lang=self.lang)
                                           if qid == MEMO_ID else qid)
        answered = rows["answer"].fillna("").str.strip().astype(bool)
        cards = []
        for r in rows.itertuples():
            answer = r.answer if isinstance(r.answer, str) and r.answer.strip() else ""
            shown = e(answer[:MAX_CHARS] + ("…" if len(answer) > MAX_CHARS else "")) or (
                f"<i style='color:#9ca3af'>{e(i18n.t('cv_no_answer', lang=self.lang))}</i>")
            cards.append(f"<div style='border:1px solid #e5e7eb;border-radius:6px;padding:6px'>"
                         f"<b>{e(r.student)}</b><div style='white-space:pre-wrap'>{shown}</div>"
                         "</div>")
        return Html(f"<div class='wb-question'><p><b>{e(str(text))}</b> <code>{e(qid)}</code> · "
                    f"{e(i18n.t('cv_answers', lang=self.lang, n=int(answered.sum())))}</p>"
                    "<div style='display:grid;grid-template-columns:repeat(auto-fill,"
                    f"minmax(240px,1fr));gap:6px'>{''.join(cards)}</div></div>")

    def ratings_html(self, case: str | None = None) -> Html:
        """The ratings table as HTML: indicators, the class mean and a small bar per score."""
        e = html.escape
        case = self._case(case)
        table = self.ratings(case)
        _, why = self._indicators(case)
        t = lambda key, **kw: e(i18n.t(key, lang=self.lang, **kw))  # noqa: E731
        rows = []
        for r in table.itertuples():
            counts = [int(part.split(":")[1]) for part in r.spread.split()]
            top = max(counts) or 1
            bars = "".join(f"<span title='{k}: {c}' style='display:inline-block;width:10px;"
                           f"margin-right:1px;background:#2563eb;height:{2 + 18 * c // top}px'>"
                           "</span>" for k, c in enumerate(counts, 1))
            mean = "—" if r.n == 0 else f"{r.mean:.1f}"
            rows.append(f"<tr><th style='text-align:left;padding:2px 8px'>{e(r.label)}</th>"
                        f"<td style='color:#4b5563;padding:2px 8px;text-align:left'>{e(r.indicators)}</td>"
                        f"<td style='padding:2px 8px'>{r.n}</td><td style='padding:2px 8px'>"
                        f"{mean}</td><td style='vertical-align:bottom'>{bars}</td></tr>")
        head = "".join(f"<th style='text-align:left;padding:2px 8px'>{h}</th>" for h in (
            "", e(i18n.t("sc_indicator", lang=self.lang)), t("cv_n"), t("cv_mean"),
            t("cv_spread")))
        note = f"<p style='color:#b45309'>{t('cv_no_indicators', why=why)}</p>" if why else ""
        return Html(f"<div class='wb-class-ratings'><p><b>{t('cv_ratings')}</b></p>{note}"
                    f"<table><tr>{head}</tr>{''.join(rows)}</table></div>")

    def _repr_html_(self) -> str:
        e = html.escape
        parts = [f"<div class='wb-classview'>{self.collected.summary_html()}"]
        if self.collected.roster is not None and not self.missing:
            parts.append(f"<p>{e(i18n.t('cv_all_in', lang=self.lang))}</p>")
        for case in self.cases:
            found = self.collected.cases.get(case)
            title = found.title(self.lang) if found is not None else case
            parts.append(f"<h3>{e(i18n.t('cv_title', lang=self.lang, case=title))}</h3>")
            parts.append(self.ratings_html(case))
            shown = None
            for phase, qid in self.answers(case).index:
                if phase != shown and phase in vocab.PHASES:
                    label = f"{vocab.PHASES[phase].number}. {vocab.PHASES[phase].label(self.lang)}"
                    parts.append(f"<h4>{e(label)}</h4>")
                shown = phase
                parts.append(self.question(qid, case))
        return "".join(parts) + "</div>"

    def __repr__(self) -> str:
        return f"<ClassView {self.collected!r}>"


# -- sample data for demos and tests ------------------------------------------------------------
SAMPLE_NAMES = ("王芳", "李雷", "韩梅梅", "张伟", "刘洋", "陈静", "Zhao Min", "欧阳娜娜", "Sun Li",
                "杨帆", "黄磊", "周杰", "吴倩", "徐立", "Emily Chen", "马超")
_OPENERS = ("我认为应当", "建议", "首先，", "关键是", "应当")
_MOVES = ("两小时内在微博发布致歉声明，说明已核实的事实", "由 CEO 出面道歉并公布整改时间表",
          "先说明正在核实，四小时内给出第一份结论", "邀请监管部门和第三方检测机构公开证实整改",
          "让客服、门店和公关使用同一份口径", "直播后厨，让公众亲眼看到整改")
_ENGLISH = ("Publish an apology on Weibo within two hours and name who is in charge.",
            "Align outlet staff with head office before anyone speaks to the press.",
            "Say first that the facts are being checked, then report within four hours.")


def sample_class(folder: str | Path, *, n: int = 8, case: str = "demo-lumen-2024",
                 seed: int = 0, names: list[str] | None = None, messy: bool = False,
                 root: str | Path | Library | None = None) -> list[str]:
    """Write ``n`` made-up students' journals for ``case`` under ``folder``; return the names.

    Answers and ratings are drawn with a fixed ``seed``; names mix Chinese and Latin script.
    ``messy=True`` makes it look like a real hand-in folder: the first two students hand in
    HTML exports instead of journals, the third also an older copy, and there is a damaged
    journal and a stray notes file. ``root``: where ``case`` is (as in :func:`collect`).
    """
    rng = random.Random(seed)
    names = list(names or [SAMPLE_NAMES[i % len(SAMPLE_NAMES)] + ("" if i < len(SAMPLE_NAMES)
                                                                 else str(i)) for i in range(n)])
    questions = case_questions(library(root).load(case))
    for name in names:
        journal = Journal.load(name, case, journal_dir=folder, autosave=False)
        for q in questions:
            if rng.random() < 0.75:
                journal.set_answer(q["id"], rng.choice(_ENGLISH) if rng.random() < 0.15 else
                                   rng.choice(_OPENERS) + rng.choice(_MOVES) + "。")
        if rng.random() < 0.8:
            journal.set_answer(MEMO_ID, "尊敬的 CEO：" + "；".join(rng.sample(_MOVES, 3)) + "。")
        for slug in rng.sample(list(RATABLE), k=rng.randint(3, len(RATABLE))):
            journal.set_rating(slug, rng.randint(1, 5), rng.choice(_MOVES))
        journal.set_phase(rng.choice(vocab.PHASE_SLUGS[2:]))
        journal.save()
    if messy and len(names) >= 3:
        _mess_up(Path(folder), names, case, root)
    return names


def _mess_up(folder: Path, names: list[str], case: str, root: str | Path | Library | None
             ) -> None:
    import json
    import os
    import shutil

    from ..io.export import export_journal

    for name in names[:2]:
        journal = Journal.load(name, case, journal_dir=folder, autosave=False)
        export_journal(name, folder / f"{name}-{case}.html", journal_dir=folder, cases=[case],
                       root=root)
        shutil.rmtree(journal.path.parent)  # the journal and its lock file: handed in instead
    third = Journal.load(names[2], case, journal_dir=folder, autosave=False).to_dict()
    third.update(saved_at="2024-01-01T08:00:00+00:00", answers={"plan-1": "（旧版本 · old draft）"})
    write_atomic(folder / f"{names[2]}-old.json", json.dumps(third, ensure_ascii=False))
    os.utime(folder / f"{names[2]}-old.json", (1704096000, 1704096000))  # an old file too
    write_atomic(folder / "damaged.json", '{"format": 1, "student": "')
    write_atomic(folder / "notes.txt", "课堂笔记 · class notes\n")
