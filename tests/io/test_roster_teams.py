"""The teams of a roster (a CSV's team column), as the class hub's set-up reads them."""

from __future__ import annotations

from pathlib import Path

from workbench.io.roster import read_roster, read_teams


def test_a_team_column_gives_the_teams_in_roster_order(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("\ufeff学号,姓名,小组\n1,王芳,B组\n2,李雷,A组\n3,韩梅梅,B组\n4,张伟,\n",
                      encoding="utf-8")
    assert read_teams(roster) == {"B组": ["王芳", "韩梅梅"], "A组": ["李雷"]}
    assert read_roster(roster) == ["王芳", "李雷", "韩梅梅", "张伟"]  # names as before


def test_the_hubs_login_roster_and_a_roster_without_teams(tmp_path: Path) -> None:
    hub = tmp_path / "hub.csv"
    hub.write_text("login,team\nli-lei,A组\nhan-mei,A组\n", encoding="utf-8")
    assert read_teams(hub) == {"A组": ["li-lei", "han-mei"]}
    plain = tmp_path / "plain.csv"
    plain.write_text("name\n王芳\n", encoding="utf-8")
    assert read_teams(plain) == {}
    gbk = tmp_path / "gbk.csv"  # saved by Excel on Chinese Windows
    gbk.write_bytes("姓名,组别\n王芳,一组\n".encode("gb18030"))
    assert read_teams(gbk) == {"一组": ["王芳"]}
