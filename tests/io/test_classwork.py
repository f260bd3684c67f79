"""Class work: export a journal → collect a class → the instructor view, end to end.

Thirty simulated students (Chinese and Latin names) hand in HTML exports or raw journals,
among corrupt files, foreign files and duplicates; the collection reads every good one,
lists every other file with its reason, and says who on the roster is missing.
"""

from __future__ import annotations

import json
import os
import random
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

import workbench as wb
from workbench.cli import main
from workbench.core.journal import RATABLE, Journal
from workbench.foundation import vocab
from workbench.io.collect import (
    Collected,
    SubmissionError,
    collect,
    name_key,
    parse_export,
    read_roster,
    read_submission,
)
from workbench.io.export import ExportError, export_journal

CASE = "demo-lumen-2024"
EVIL = "<script>alert(1)</script><img src=x onerror=alert(1)>"
NAMES = [
    "王芳", "李雷", "韩梅梅", "张伟", "刘洋", "陈静", "欧阳娜娜", "杨帆", "黄磊", "周杰",
    "吴倩", "徐立", "马超", "林小雨", "郭靖", "黄蓉", "司马相如", "诸葛亮", "Zhao Min",
    "Sun Li", "Emily Chen", "Lei Wang", "Ana María", "O'Brien", "李 白", "杜甫", "白居易",
    "苏轼", "王安石", "张三丰",
]


def _questions(case_id: str = CASE) -> list[str]:
    case = wb.load_case(case_id)
    return [str(q["id"]) for p in vocab.PHASE_SLUGS for q in case.questions.get(p, [])]


def _fill(name: str, work: Path, rng: random.Random) -> Journal:
    journal = Journal.load(name, CASE, journal_dir=work, autosave=False)
    for qid in _questions():
        journal.set_answer(qid, f"{name} 的回答 {qid}：先道歉，再公布整改。")
    journal.set_answer("memo", f"尊敬的 CEO：{name} 建议两小时内回应。")
    if name == "王芳":
        journal.set_answer("plan-1", EVIL)
    for slug in RATABLE:
        journal.set_rating(slug, rng.randint(1, 5), f"{name} 的理由")
    journal.set_phase(rng.choice(vocab.PHASE_SLUGS))
    journal.save()
    return journal


@pytest.fixture(scope="module")
def classroom(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """30 students' journals in work/, their hand-ins in inbox/, plus junk and a roster."""
    root = tmp_path_factory.mktemp("class")
    work, inbox = root / "work", root / "inbox"
    rng = random.Random(7)
    for i, name in enumerate(NAMES):
        journal = _fill(name, work, rng)
        if i % 3 == 0:  # a third hand in the raw journal, in per-student folders
            target = inbox / name / f"{CASE}.json"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(journal.path.read_text(encoding="utf-8"), encoding="utf-8")
        else:
            export_journal(name, inbox / f"{name}.html", journal_dir=work,
                           lang="zh" if i % 2 else "en")
    # 刘洋 (an HTML hand-in) also handed in an older raw journal: the older one is reported
    old = json.loads((work / "刘洋" / f"{CASE}.json").read_text(encoding="utf-8"))
    old.update(saved_at="2020-01-01T00:00:00+00:00", answers={"plan-1": "旧版本"})
    (inbox / "刘洋-old.json").write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    os.utime(inbox / "刘洋-old.json", (1577836800, 1577836800))  # its file is old too (2020)
    # corrupt: a cut-short export, broken JSON, a journal with a bad score, not UTF-8
    text = (inbox / "李雷.html").read_text(encoding="utf-8")
    (inbox / "cut-short.html").write_text(text[: len(text) // 2], encoding="utf-8")
    (inbox / "broken.json").write_text('{"format": 1, "student": "x", ', encoding="utf-8")
    bad = {"format": 1, "student": "坏分数", "case": CASE, "ratings": {"speed": {"score": 9}}}
    (inbox / "bad-score.json").write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    (inbox / "gbk.json").write_bytes('{"student": "王"}'.encode("gbk"))
    # foreign: a notebook, a photo, someone else's JSON and HTML, a Word file; hidden junk
    (inbox / "04_assignment.ipynb").write_text("{}", encoding="utf-8")
    (inbox / "photo.png").write_bytes(b"\x89PNG\r\n")
    (inbox / "package.json").write_text('{"name": "x"}', encoding="utf-8")
    (inbox / "index.html").write_text("<html><body>hello</body></html>", encoding="utf-8")
    (inbox / "memo.docx").write_bytes(b"PK\x03\x04")
    (inbox / ".DS_Store").write_bytes(b"\x00")
    roster = root / "roster.csv"
    roster.write_text("\ufeff姓名,学号\n" + "".join(f"{n},{i}\n" for i, n in
                                                   enumerate([*NAMES, "未交甲", "Late Li"])),
                      encoding="utf-8")
    return {"root": root, "work": work, "inbox": inbox, "roster": roster}


@pytest.fixture(scope="module")
def collected(classroom: dict) -> Collected:
    return collect(classroom["inbox"], roster=classroom["roster"], lang="zh")


# -- collect ----------------------------------------------------------------------------------
def test_every_student_is_read_once_with_non_ascii_names(collected):
    assert sorted(collected.students, key=name_key) == sorted(NAMES, key=name_key)
    assert len(collected.journals) == 30
    assert collected.missing == ["未交甲", "Late Li"]
    assert collected.unexpected == []


def test_every_unused_file_has_a_reason(collected):
    problems = dict(zip(collected.skipped["file"], collected.skipped["problem"], strict=True))
    assert problems == {
        "cut-short.html": "corrupt", "broken.json": "corrupt", "bad-score.json": "corrupt",
        "gbk.json": "corrupt", "04_assignment.ipynb": "foreign", "photo.png": "foreign",
        "package.json": "foreign", "index.html": "foreign", "memo.docx": "foreign",
        "刘洋-old.json": "duplicate"}
    reasons = dict(zip(collected.skipped["file"], collected.skipped["reason"], strict=True))
    assert "ratings.speed.score" in reasons["bad-score.json"]
    assert "export it again" in reasons["cut-short.html"]
    assert "刘洋.html" in reasons["刘洋-old.json"]


def test_duplicate_keeps_the_newest(collected):
    row = collected.table.query("student == '刘洋' and question_id == 'plan-1'").iloc[0]
    assert row["answer"] != "旧版本" and row["file"] == "刘洋.html"


def test_table_has_a_row_per_question_and_rating(collected):
    table = collected.table
    per_student = len(_questions()) + 1 + len(RATABLE)  # questions, the memo, ratings
    assert len(table) == 30 * per_student
    assert set(table["kind"]) == {"answer", "memo", "rating"}
    assert table.groupby("student").size().eq(per_student).all()
    ratings = table[table["kind"] == "rating"]
    assert ratings["score"].between(1, 5).all() and ratings["note"].str.endswith("的理由").all()
    assert table.loc[table["kind"] == "answer", "question"].str.len().gt(0).all()


def test_answers_survive_the_round_trip_exactly(collected):
    table = collected.table.set_index(["student", "question_id"])
    assert table.loc[("王芳", "plan-1"), "answer"] == EVIL
    assert table.loc[("Ana María", "memo"), "answer"] == "尊敬的 CEO：Ana María 建议两小时内回应。"
    assert table.loc[("O'Brien", "team-1"), "answer"].startswith("O'Brien 的回答")


def test_csv_opens_with_chinese_intact(collected, tmp_path):
    out = collected.to_csv(tmp_path / "class.csv")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM: spreadsheet apps read UTF-8
    back = pd.read_csv(out, encoding="utf-8-sig")
    assert set(back["student"]) == set(NAMES) and len(back) == len(collected.table)


def test_repr_html_escapes_everything(collected):
    page = collected._repr_html_()
    assert "<script>" not in page and "未交甲" in page and "photo.png" in page


def test_class_view(collected):
    view = wb.ClassView(collected, lang="zh")
    assert view.missing == ["未交甲", "Late Li"]
    wide = view.answers(CASE)
    assert wide.shape[1] == 30 and ("plan", "plan-1") in wide.index
    ratings = view.ratings(CASE)
    assert set(ratings["principle"]) == set(RATABLE) and ratings["n"].eq(30).all()
    assert ratings["indicators"].str.len().gt(0).all()  # wb.scorecard's data indicators
    card = view.question("plan-1")._repr_html_()
    assert "&lt;script&gt;" in card and "<script>" not in card and card.count("<b>") >= 31
    page = view._repr_html_()
    assert "<script" not in page and "未交甲" in page


def test_collect_without_any_submission(tmp_path):
    (tmp_path / "readme.txt").write_text("nothing here", encoding="utf-8")
    result = collect(tmp_path, roster=["王芳"])
    assert result.students == [] and result.missing == ["王芳"] and result.table.empty
    assert main(["collect", str(tmp_path), "--out", str(tmp_path / "t.csv")]) == 1
    assert not (tmp_path / "t.csv").exists()


def test_collect_leaves_the_folder_alone(classroom, collected):
    files = sorted(p.name for p in classroom["inbox"].rglob("*"))
    collect(classroom["inbox"])
    assert sorted(p.name for p in classroom["inbox"].rglob("*")) == files


def test_cli_collect(classroom, tmp_path, capsys):
    out = tmp_path / "class.csv"
    code = main(["collect", str(classroom["inbox"]), "--roster", str(classroom["roster"]),
                 "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0 and out.exists()
    assert "read 30 student(s)" in printed and "欧阳娜娜" in printed
    assert re.search(r"broken\.json: corrupt: not valid JSON at line 1", printed)
    assert "not submitted (2): 未交甲, Late Li" in printed


def test_same_name_written_differently_is_one_student(tmp_path):
    for name, saved in (("Zhao Min", "2024-05-01T08:00:00+00:00"),
                        ("zhao  min", "2024-05-02T08:00:00+00:00")):
        path = tmp_path / name / f"{CASE}.json"
        path.parent.mkdir()
        path.write_text(json.dumps({"format": 1, "student": name, "case": CASE,
                                    "answers": {"plan-1": name}, "saved_at": saved}),
                        encoding="utf-8")
    result = collect(tmp_path, roster=["ZHAO MIN"])
    assert result.students == ["zhao  min"] and result.missing == []
    assert result.skipped[["file", "problem"]].values.tolist() == [
        [f"Zhao Min/{CASE}.json", "duplicate"]]


def test_roster_formats(tmp_path):
    txt = tmp_path / "roster.txt"
    txt.write_text("\ufeff王芳\n\n李雷\n# a comment\n王芳\n", encoding="utf-8")
    assert read_roster(txt) == ["王芳", "李雷"]
    plain = tmp_path / "plain.csv"
    plain.write_text("王芳,1\r\n李雷,2\r\n", encoding="utf-8")
    assert read_roster(plain) == ["王芳", "李雷"]
    named = tmp_path / "named.csv"
    named.write_text("id,Student\n1,Zhao Min\n2,韩梅梅\n", encoding="utf-8")
    assert read_roster(named) == ["Zhao Min", "韩梅梅"]
    excel = tmp_path / "excel.csv"
    excel.write_bytes("姓名,班级\r\n欧阳娜娜,1\r\n".encode("gbk"))
    assert read_roster(excel) == ["欧阳娜娜"]
    with pytest.raises(FileNotFoundError, match="no roster file"):
        read_roster(tmp_path / "nope.txt")


# -- export -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def one_student(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("work")
    for cid in ("haidilao-2017", CASE):
        j = Journal.load("韩梅梅", cid, journal_dir=work)
        j.set_answer("plan-1", "三小时内在微博道歉。\n" + EVIL)
        j.set_answer("memo", "尊敬的 CEO：" + EVIL)
        j.set_answer("custom-q", "自由补充")
        j.set_rating("fast-response", 4, "理由：" + EVIL)
        j.set_phase("coordinate")
        j.skip("team")
    return work


class _Elements(HTMLParser):
    """Every element and attribute of a page, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _no_active_content(page: str) -> None:
    """No script, no event handler, nothing loaded from anywhere (links are fine)."""
    parser = _Elements()
    parser.feed(page)
    tags = {tag for tag, _ in parser.tags}
    assert not tags & {"script", "iframe", "object", "embed", "link", "img", "audio", "video",
                       "base", "foreignobject", "image", "use"}, tags
    for tag, attrs in parser.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        assert "src" not in attrs and "srcset" not in attrs, (tag, attrs)
        if "href" in attrs:
            assert tag == "a" and re.match(r"^(https?://|#)", attrs["href"] or ""), attrs
    assert "<script" not in page.lower()
    styles = " ".join(re.findall(r"<style>(.*?)</style>", page, re.S))
    assert "url(" not in styles and "@import" not in styles


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_export_content(one_student, tmp_path, lang):
    out = export_journal("韩梅梅", tmp_path / "韩梅梅.html", journal_dir=one_student, lang=lang)
    page = out.read_text(encoding="utf-8")
    _no_active_content(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert page.count("<svg") == 2  # one reaction chart per case, inline
    assert "Noto Sans CJK SC" in page
    simulated = "公众反应：模拟数据" if lang == "zh" else "Reactions: Simulated"
    assert simulated in page  # haidilao-2017's reactions are simulated
    case = wb.load_case("haidilao-2017")
    for source in case.meta.sources:
        assert f'href="{source.url}"' in page.replace("&amp;", "&")
        assert source.publisher.replace("&", "&amp;") in page
    title = case.title(lang)
    assert title in page and ("致 CEO 的备忘录" if lang == "zh" else "Memo to the CEO") in page
    assert "custom-q" in page and "自由补充" in page
    assert re.search(r"<time datetime='\d{4}-\d\d-\d\dT", page)
    back = read_submission(out)
    assert {j["case"] for j in back} == {"haidilao-2017", CASE}
    assert all(j["answers"]["plan-1"].endswith(EVIL) for j in back)


def test_markdown_export(one_student, tmp_path):
    out = export_journal("韩梅梅", tmp_path / "hmm.md", journal_dir=one_student, lang="zh")
    text = out.read_text(encoding="utf-8")
    assert "<script" not in text and "&lt;script&gt;" in text
    charts = sorted(p.name for p in (tmp_path / "hmm_files").iterdir())
    assert charts == ["demo-lumen-2024-coordinate.svg", "haidilao-2017-coordinate.svg"]
    assert "](hmm_files/haidilao-2017-coordinate.svg)" in text
    assert "公众反应：模拟数据" in text and "### 致 CEO 的备忘录" in text
    assert "<https://" in text
    with pytest.raises(SubmissionError, match="Markdown"):
        read_submission(out)


def test_png_charts_and_one_case(one_student, tmp_path):
    out = export_journal("韩梅梅", tmp_path / "a.html", journal_dir=one_student,
                         cases=["haidilao-2017"], chart_format="png")
    page = out.read_text(encoding="utf-8")
    assert "<svg" not in page and page.count('src="data:image/png;base64,') == 1
    assert [j["case"] for j in read_submission(out)] == ["haidilao-2017"]


def test_export_errors_say_what_to_do(one_student, tmp_path):
    with pytest.raises(ExportError, match="no journals for '李四'"):
        export_journal("李四", tmp_path / "x.html", journal_dir=one_student)
    with pytest.raises(ExportError, match=r"must end in \.html"):
        export_journal("韩梅梅", tmp_path / "x.pdf", journal_dir=one_student)
    with pytest.raises(ExportError, match="no journal for nope-2020"):
        export_journal("韩梅梅", tmp_path / "x.html", journal_dir=one_student, cases=["nope-2020"])
    assert main(["export", "李四", str(tmp_path / "x.html"), "--journal-dir",
                 str(one_student)]) == 1


def test_cli_export_uses_workbench_work(one_student, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("WORKBENCH_WORK", str(one_student))
    out = tmp_path / "sub" / "hmm.html"
    assert main(["export", "韩梅梅", str(out), "--lang", "en", "--case", CASE]) == 0
    assert out.exists() and str(out) in capsys.readouterr().out


def test_export_of_a_journal_for_an_unknown_case(tmp_path):
    path = tmp_path / "w" / "李雷" / "gone-2019.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"format": 1, "student": "李雷", "case": "gone-2019",
                                "answers": {"plan-1": "<b>x</b>"}}), encoding="utf-8")
    (path.parent / "broken.json").write_text("{", encoding="utf-8")
    page = export_journal("李雷", tmp_path / "o.html", journal_dir=tmp_path / "w",
                          lang="en").read_text(encoding="utf-8")
    assert "Case gone-2019 was not found" in page and "&lt;b&gt;x&lt;/b&gt;" in page
    assert "broken.json" in page  # the unreadable journal is named, not silently dropped
    _no_active_content(page)


def test_case_text_is_escaped_in_the_export(tmp_path, monkeypatch, hostile_case):
    """A case whose summary and event texts carry markup: the export shows it as text."""
    hostile_case(CASE, tmp_path / "cases" / CASE, EVIL)
    j = Journal.load("王芳", CASE, journal_dir=tmp_path / "w")
    j.set_answer("plan-1", "ok")
    page = export_journal("王芳", tmp_path / "o.html", journal_dir=tmp_path / "w",
                          lang="zh", root=tmp_path / "cases").read_text(encoding="utf-8")
    _no_active_content(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<svg") == 1 and "aria-label" in page  # the chart is still drawn


def test_embedded_copy_is_not_a_script_and_parses_back():
    from workbench.io.collect import embed_journals

    tag = embed_journals([{"student": "</div><script>x</script>", "case": "x"}])
    assert "<script" not in tag and parse_export(f"<html>{tag}</html>")[0]["student"] == \
        "</div><script>x</script>"
