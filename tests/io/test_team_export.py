"""A team's plan exported as one offline file, collected back, and listed by the CLI."""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path

import pytest

import workbench as wb
from workbench.cli import main
from workbench.core.journal import Journal
from workbench.core.pacing import Pacing
from workbench.core.team import RolePlan
from workbench.io.export import TeamExportError
from workbench.io.submission import SubmissionError, read_submission

CASE = "demo-lumen-2024"
EVIL = "<script>alert(1)</script><img src=x onerror=alert(1)>"


class Tags(HTMLParser):
    """Every element and attribute of a page, as the browser's parser sees them."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        self.attrs.extend(name for name, _ in attrs)


def make_team(work: Path, team: str = "A组", *, legal: str = EVIL) -> None:
    """pr apologises on weibo at hour 2; legal denies in the same phase (a conflict);
    the lead owns plan and nobody owns 'team' (a gap)."""
    lead = RolePlan.load(team, CASE, "pr", student="韩梅梅", work_dir=work)
    lead.set_key_messages(["我们道歉", "正在调查"])
    lead.set_owners("plan", ["pr"])
    lead.set_move("plan", text="微博致歉 " + EVIL, channel="weibo", hour=2,
                  strategies=["apology"], messages=[0, 1])
    RolePlan.load(team, CASE, "legal", student=legal, work_dir=work).set_move(
        "plan", text="否认责任", channel="press-release", hour=3, strategies=["denial"],
        messages=[0], facts=["d5"])


def test_the_export_is_one_offline_page_with_every_name_escaped(tmp_path: Path) -> None:
    make_team(tmp_path)
    out = wb.export_team("A组", CASE, tmp_path / "out" / "A组.html", work_dir=tmp_path,
                         lang="zh")
    text = out.read_text(encoding="utf-8")
    page = Tags(text)
    assert "script" not in page.tags and not [a for a in page.attrs if a.startswith("on")]
    assert "img" not in page.tags and "<script" not in text.lower()
    assert "Content-Security-Policy" in text and "default-src 'none'" in text
    assert "<svg" in text and "http://" not in text.split("<svg", 1)[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "韩梅梅" in text and "公关" in text  # each member's name on their role's part
    section = text.split("id='role-legal'", 1)[1].split("</section>", 1)[0]
    assert "&lt;img src=x onerror=alert(1)&gt;" in section and "否认责任" in section
    assert "法务" in section
    assert "无人负责" in text  # the 'team' phase has no owner
    assert "否认" in text and "道歉重建" in text  # the deny + apologise conflict is flagged
    assert not list(out.parent.glob("*.tmp"))


def test_the_export_in_english_and_as_png(tmp_path: Path) -> None:
    make_team(tmp_path, legal="Li Lei")
    out = wb.export_team("A组", CASE, tmp_path / "a.html", work_dir=tmp_path, lang="en",
                         chart_format="png")
    text = out.read_text(encoding="utf-8")
    assert "data:image/png;base64," in text and "<svg" not in text
    assert "Legal — Li Lei" in text and "Team plan: A组" in text
    assert "Posture conflicts" in text and "Phases no role owns" in text


def test_nothing_to_export_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(TeamExportError, match="no role files of team 'Z组'"):
        wb.export_team("Z组", CASE, tmp_path / "z.html", work_dir=tmp_path)
    make_team(tmp_path)
    with pytest.raises(TeamExportError, match=r"must end in \.html"):
        wb.export_team("A组", CASE, tmp_path / "z.md", work_dir=tmp_path)


def test_collect_reads_team_folders_and_team_exports(tmp_path: Path) -> None:
    work = tmp_path / "work"
    make_team(work, "A组")
    make_team(work, "B组", legal="李雷")
    Journal.load("王芳", CASE, journal_dir=work).set_answer("plan-1", "致歉")
    Pacing.load(work, CASE, session="周三").open_phase("plan")
    got = wb.collect(work)
    assert got.students == ["王芳"]
    assert sorted(got.teams["team"].unique()) == ["A组", "B组"]
    assert set(got.teams["role"]) == {"pr", "legal"} and len(got.teams) == 4
    plans = got.team_plans(CASE)
    assert plans[("B组", CASE)].members == {"legal": "李雷", "pr": "韩梅梅"}
    assert plans[("A组", CASE)].key_messages == ["我们道歉", "正在调查"]
    assert got.skipped.empty, got.skipped  # the drill's pacing file is no hand-in
    assert "B组" in got.summary_html() and "&lt;script&gt;" in got.summary_html()
    assert "2 team plans" in repr(got)

    handin = tmp_path / "handin"
    wb.export_team("A组", CASE, handin / "A组.html", work_dir=work, lang="en")
    from_export = wb.collect(handin)
    assert from_export.journals == [] and len(from_export.teams) == 2
    assert from_export.team_plans()[("A组", CASE)].members["legal"] == EVIL
    with pytest.raises(SubmissionError, match="team"):
        read_submission(handin / "A组.html")


def test_a_role_file_twice_keeps_the_file_written_last(tmp_path: Path) -> None:
    make_team(tmp_path / "one")
    handin = tmp_path / "handin"
    wb.export_team("A组", CASE, handin / "old.html", work_dir=tmp_path / "one")
    RolePlan.load("A组", CASE, "legal", student="李雷", work_dir=tmp_path / "one").set_move(
        "act", text="召回")
    new = wb.export_team("A组", CASE, handin / "new.html", work_dir=tmp_path / "one")
    os.utime(handin / "old.html", (1, 1))
    got = wb.collect(handin)
    assert len(got.teams) == 2 and set(got.teams["file"]) == {new.name}
    assert got.team_plans()[("A组", CASE)].roles["legal"].moves["act"]["text"] == "召回"
    assert set(got.skipped["problem"]) == {"duplicate"} and len(got.skipped) == 2


def test_cli_exports_a_team_and_collect_lists_it(tmp_path: Path, capsys) -> None:
    make_team(tmp_path, legal="李雷")
    out = tmp_path / "team.html"
    assert main(["export", "--team", "A组", CASE, str(out), "--journal-dir", str(tmp_path),
                 "--lang", "en"]) == 0
    assert out.is_file() and "<script" not in out.read_text(encoding="utf-8")
    assert main(["export", "--team", "Z组", CASE, str(out), "--journal-dir",
                 str(tmp_path)]) == 1
    assert "no role files of team 'Z组'" in capsys.readouterr().err
    handin = tmp_path / "handin"
    handin.mkdir()
    os.replace(out, handin / "team.html")
    assert main(["collect", str(handin), "--out", str(tmp_path / "c.csv")]) == 0
    said = capsys.readouterr().out
    assert "read 1 team plan(s):" in said and "A组  demo-lumen-2024  2 move(s)" in said
    assert "legal (李雷)" in said


@pytest.mark.parametrize(("content", "reason"), [
    ('{"format": 1, "team": "A组", "case": "c", "role": "ceo"}', "unknown role 'ceo'"),
    ('{"format": 1, "team": "A组", "case": "c", "role": "pr", "moves": [1]}', "moves"),
    ('{"format": 1, "team": "A组", "case": "c", "role": "pr", "owners": []}', "owners"),
    ('{"format": 1, "team": "..", "case": "c", "role": "pr"}', "no letter or digit"),
    ('{"format": 1, "team": "A", "case": "c", "role": "pr", "student": "' + "x" * 99 + '"}',
     "at most"),
])
def test_a_damaged_role_file_is_listed_never_a_traceback(tmp_path: Path, content: str,
                                                         reason: str) -> None:
    folder = tmp_path / "teams" / "A组" / "c"
    folder.mkdir(parents=True)
    (folder / "pr.json").write_text(content, encoding="utf-8")
    got = wb.collect(tmp_path)
    assert got.teams.empty
    (row,) = got.skipped.itertuples()
    assert row.problem == "corrupt" and reason in row.reason
