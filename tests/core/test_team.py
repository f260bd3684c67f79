"""Team plans: one file per role, merged on read; concurrent writers lose nothing."""

from __future__ import annotations

import json
import multiprocessing as mp
import os
from pathlib import Path

import pytest

from workbench.core.team import RolePlan, TeamError, load_team, role_path

CASE = "demo-lumen-2024"
ROLES = ("pr", "legal", "social-team", "customer-service")
EDITS = 100


def _writer(folder: str, role: str, start: mp.synchronize.Event) -> None:
    start.wait()
    plan = RolePlan.load("A组", CASE, role, student=f"student-{role}", work_dir=folder)
    for i in range(EDITS):
        plan.set_move(f"p{i}", text=f"{role} move {i}", channel="weibo", hour=i % 48,
                      strategies=["apology"], messages=[i % 5])
        if role == "pr" and i % 10 == 0:
            plan.set_key_messages([f"point {i}"])


def _same_role_writer(folder: str, tag: str, start: mp.synchronize.Event) -> None:
    start.wait()
    plan = RolePlan.load("A组", CASE, "legal", student="李雷", work_dir=folder)
    for i in range(EDITS):
        plan.set_move(f"{tag}-{i}", text=f"{tag} {i}", hour=1)


def test_four_roles_in_four_processes_lose_no_edit(tmp_path: Path, run_together) -> None:
    run_together(_writer, [(str(tmp_path), role) for role in ROLES])
    team = load_team("A组", CASE, work_dir=tmp_path)
    assert sorted(team.roles) == sorted(ROLES)
    for role in ROLES:
        moves = team.roles[role].moves
        assert len(moves) == EDITS, role
        assert moves["p99"]["text"] == f"{role} move 99"
    assert team.key_messages == ["point 90"]
    assert len(team.moves()) == EDITS * len(ROLES)
    assert team.members["legal"] == "student-legal"


def test_one_role_open_in_two_processes_loses_no_edit(tmp_path: Path, run_together) -> None:
    run_together(_same_role_writer, [(str(tmp_path), "tab1"), (str(tmp_path), "tab2")])
    moves = load_team("A组", CASE, work_dir=tmp_path).roles["legal"].moves
    assert len(moves) == 2 * EDITS


def test_files_are_per_role_and_names_are_safe(tmp_path: Path) -> None:
    RolePlan.load("../A组", CASE, "hr", student="王芳", work_dir=tmp_path).set_move("trigger", text="x")
    path = role_path("../A组", CASE, "hr", work_dir=tmp_path)
    assert path.is_file() and tmp_path in path.parents
    assert json.loads(path.read_text(encoding="utf-8"))["role"] == "hr"
    assert not list(path.parent.glob("*.tmp"))


def test_bad_values_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(TeamError, match="did you mean 'legal'"):
        RolePlan.load("A组", CASE, "legall", student="王芳", work_dir=tmp_path)
    plan = RolePlan.load("A组", CASE, "pr", student="王芳", work_dir=tmp_path)
    with pytest.raises(TeamError, match="channel"):
        plan.set_move("trigger", channel="weibo2")
    with pytest.raises(TeamError, match="strategies"):
        plan.set_move("trigger", strategies=["sorry"])
    with pytest.raises(TeamError, match="at most 5"):
        plan.set_key_messages([str(i) for i in range(6)])
    with pytest.raises(TeamError, match="hour"):
        plan.set_move("trigger", hour=-1)
    assert not plan.path.exists()


def test_an_unreadable_role_file_reads_as_empty(tmp_path: Path) -> None:
    path = role_path("A组", CASE, "pr", work_dir=tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    assert load_team("A组", CASE, work_dir=tmp_path).key_messages == []


def test_an_unreadable_role_file_is_kept_aside_on_the_next_save(tmp_path: Path) -> None:
    path = role_path("A组", CASE, "pr", work_dir=tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    RolePlan.load("A组", CASE, "pr", student="王芳", work_dir=tmp_path).set_key_messages(["a"])
    assert [p.read_text(encoding="utf-8") for p in path.parent.glob("pr.json.corrupt-*")] == [
        "{not json"]
    assert load_team("A组", CASE, work_dir=tmp_path).key_messages == ["a"]


# -- a class folder shared by a Unix group (the hub: deploy/jupyterhub) ----------------------
needs_root = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                                reason="gives a file to another account (chown)")


def test_the_class_folder_comes_from_workbench_class(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("WORKBENCH_WORK", str(tmp_path / "private"))
    monkeypatch.setenv("WORKBENCH_CLASS", str(tmp_path / "shared"))
    plan = RolePlan.load("A组", CASE, "pr", student="韩梅梅")
    plan.set_move("team", text="召集")
    assert plan.path.is_relative_to(tmp_path / "shared" / "teams")
    assert sorted(load_team("A组", CASE).roles) == ["pr"]
    assert not (tmp_path / "private").exists()  # journals' folder untouched


@needs_root
def test_a_role_another_account_holds_is_refused_and_kept(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o3770)  # as the hub makes <root>/shared/teams
    legal = RolePlan.load("A组", CASE, "legal", student="李雷", work_dir=shared)
    legal.set_move("team", text="暂停发货", hour=2)
    os.chown(legal.path, 54321, -1)  # now another account's file
    before = legal.path.read_bytes()
    again = RolePlan.load("A组", CASE, "legal", student="韩梅梅", work_dir=shared)
    with pytest.raises(TeamError, match=r"^legal\.json: the role legal of team A组 is held "
                                        r"by 李雷.*expected a role no teammate holds"):
        again.set_move("team", text="我来")
    assert legal.path.read_bytes() == before
    os.chmod(legal.path.parent, 0o700)  # a private folder: no such check (the OS decides)
    again.set_move("team", text="我来")
    assert load_team("A组", CASE, work_dir=shared).members == {"legal": "韩梅梅"}


# -- handing a role on, and the hub's roster of teams (core/team_access.py) ------------------
def test_a_released_role_is_taken_over_from_where_its_holder_left_it(tmp_path: Path) -> None:
    mine = RolePlan.load("A组", CASE, "legal", student="李雷", work_dir=tmp_path)
    mine.set_move("team", text="暂停发货", hour=2)
    mine.reveal("d2")
    mine.release()
    assert not mine.path.exists() and load_team("A组", CASE, work_dir=tmp_path).roles == {}
    (archive,) = mine.path.parent.glob(".legal.json.released-*")  # a dot file: collect skips it
    assert json.loads(archive.read_text(encoding="utf-8"))["student"] == "李雷"
    assert not (mine.path.parent / ".legal.json.lock").exists()
    with pytest.raises(TeamError, match=r"^legal\.json: you released the role legal of team "
                                        r"A组; expected a role you hold \(reopen"):
        mine.set_move("team", text="再写")
    mine.release()  # twice: nothing more
    theirs = RolePlan.load("A组", CASE, "legal", student="韩梅梅", work_dir=tmp_path)
    theirs.join()
    assert theirs.moves["team"]["text"] == "暂停发货" and theirs.revealed == ["d2"]
    assert load_team("A组", CASE, work_dir=tmp_path).members == {"legal": "韩梅梅"}
    assert RolePlan.load("A组", CASE, "pr", student="王芳", work_dir=tmp_path).release() is None  # no file


@needs_root
def test_only_the_holder_releases_a_role(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o3770)
    legal = RolePlan.load("A组", CASE, "legal", student="李雷", work_dir=shared)
    legal.set_move("team", text="暂停发货")
    os.chown(legal.path, 54321, -1)
    other = RolePlan.load("A组", CASE, "legal", student="韩梅梅", work_dir=shared)
    with pytest.raises(TeamError, match=r"^legal\.json: the role legal of team A组 is held by "
                                        r"李雷; expected a role you hold \(only its holder"):
        other.release()
    assert legal.path.exists() and not other.released


def test_a_team_or_case_the_hub_did_not_set_up_is_refused(tmp_path: Path, monkeypatch) -> None:
    from workbench.core import team_access

    teams = tmp_path / "teams"
    (teams / "A组" / CASE).mkdir(parents=True)
    (teams / "B组").mkdir()
    RolePlan.load("Z组", "other-case", "pr", student="王芳", work_dir=tmp_path).join()  # off the hub: as before
    for folder in (teams, teams / "A组", teams / "B组"):
        os.chmod(folder, 0o2750)  # as the hub's set-up makes them (root's)
    closed = {teams, teams / "A组", teams / "B组"}
    monkeypatch.setattr(team_access.os, "access", lambda p, _mode: Path(p) not in closed)
    with pytest.raises(TeamError, match=r"/teams/Y组: no team 'Y组' in the class folder; "
                                        r"expected one of the roster's teams: A组, B组, Z组 "):
        RolePlan.load("Y组", CASE, "pr", student="王芳", work_dir=tmp_path).join()
    with pytest.raises(TeamError, match=r"/teams/B组/demo-lumen-2024: team B组 has no folder "
                                        r"for case demo-lumen-2024 yet; expected a case"):
        RolePlan.load("B组", CASE, "pr", student="王芳", work_dir=tmp_path).set_move("team", text="x")
    RolePlan.load("A组", CASE, "pr", student="王芳", work_dir=tmp_path).join()  # the roster's team: fine
    assert not (teams / "Y组").exists()


# -- teamfix: a name for every role, another account's lock file, a released file's owner ---
def test_a_role_is_never_written_under_no_name(tmp_path: Path) -> None:
    plan = RolePlan.load("A组", CASE, "legal", student="  ", work_dir=tmp_path)
    with pytest.raises(TeamError, match=r"^legal\.json: no name for the role legal of team A组; "
                                        r"expected your name \(type it first"):
        plan.join()
    assert not plan.path.exists() and not plan.path.parent.exists()


def test_a_role_file_records_the_account_that_wrote_it(tmp_path: Path) -> None:
    from workbench.core import team_access

    plan = RolePlan.load("A组", CASE, "legal", student="李雷", work_dir=tmp_path)
    plan.join()
    saved = json.loads(plan.path.read_text(encoding="utf-8"))
    assert saved["student"] == "李雷" and saved["account"] == team_access.account()
    if hasattr(os, "geteuid"):
        import pwd

        assert saved["account"] == pwd.getpwuid(os.geteuid()).pw_name


def _plant(folder: Path, name: str, data: dict) -> Path:
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_released_file_its_holder_did_not_leave_is_not_carried_over(tmp_path: Path) -> None:
    mine = RolePlan.load("A组", CASE, "legal", student="李雷", work_dir=tmp_path)
    mine.set_move("team", text="暂停发货")
    mine.release()
    (real,) = mine.path.parent.glob(".legal.json.released-*")
    # newer, from a terminal: it claims another account, but this account owns the file
    fake = _plant(mine.path.parent, ".legal.json.released-29990101T000000000000Z",
                  {"student": "李雷", "account": "li-lei-2", "moves": {"team": {"text": "假的"}}})
    theirs = RolePlan.load("A组", CASE, "legal", student="韩梅梅", work_dir=tmp_path)
    theirs.join()
    assert theirs.moves["team"]["text"] == "暂停发货"  # the real holder's release
    assert theirs.not_carried.startswith(
        f"{fake.name}: not carried over: the released file belongs to ")
    assert theirs.not_carried.endswith(f"records li-lei-2 as the role's holder; expected a file "
                                       f"the role's last holder released (carried on from "
                                       f"{real.name} instead)")
    real.unlink()
    (theirs.path).unlink()
    again = RolePlan.load("A组", CASE, "legal", student="王芳", work_dir=tmp_path)
    again.join()
    assert again.moves == {} and again.not_carried.endswith("(you start from empty; the file "
                                                           "stays in the folder for the instructor)")


def test_a_released_file_without_an_account_is_carried_only_off_a_shared_folder(
        tmp_path: Path) -> None:
    folder = role_path("A组", CASE, "legal", work_dir=tmp_path).parent
    folder.mkdir(parents=True)
    _plant(folder, ".legal.json.released-20260101T000000000000Z",  # an older version's
           {"student": "李雷", "moves": {"team": {"text": "暂停发货"}}})
    plan = RolePlan.load("A组", CASE, "legal", student="韩梅梅", work_dir=tmp_path)
    plan.join()
    assert plan.moves["team"]["text"] == "暂停发货" and plan.not_carried == ""
    plan.path.unlink()
    os.chmod(folder, 0o3770)  # as the hub's case folders: a classmate may have planted it
    plan = RolePlan.load("A组", CASE, "legal", student="韩梅梅", work_dir=tmp_path)
    plan.join()
    assert plan.moves == {} and "records nobody as the role's holder" in plan.not_carried


@needs_root
def test_a_released_file_another_account_owns_is_not_carried_over(tmp_path: Path) -> None:
    from workbench.core import team_access

    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o3770)
    mine = RolePlan.load("A组", CASE, "legal", student="李雷", work_dir=shared)
    mine.set_move("team", text="暂停发货")
    mine.release()
    (archive,) = mine.path.parent.glob(".legal.json.released-*")
    assert json.loads(archive.read_text(encoding="utf-8"))["account"] == team_access.account()
    os.chown(archive, 65534, -1)  # as if a classmate (nobody) had planted it
    theirs = RolePlan.load("A组", CASE, "legal", student="韩梅梅", work_dir=shared)
    theirs.join()
    import pwd

    owner = pwd.getpwuid(65534).pw_name
    assert theirs.moves == {} and theirs.not_carried.startswith(
        f"{archive.name}: not carried over: the released file belongs to {owner}, while it "
        f"records {team_access.account()} as the role's holder")


@needs_root
def test_a_lock_file_of_another_account_is_named_with_its_owner(tmp_path: Path,
                                                               monkeypatch) -> None:
    import contextlib
    import fcntl
    import pwd

    from workbench.core import journal, team

    plan = RolePlan.load("A组", CASE, "legal", student="李雷", work_dir=tmp_path)
    lock = plan.path.parent / ".legal.json.lock"
    lock.parent.mkdir(parents=True)
    lock.write_text("")
    os.chown(lock, 65534, -1)
    owner = pwd.getpwuid(65534).pw_name

    @contextlib.contextmanager
    def denied(path, **_kw):  # what a student's account meets (root may open any file)
        raise PermissionError(13, "Permission denied", str(path))
        yield

    monkeypatch.setattr(team, "locked", denied)
    with pytest.raises(TeamError, match=rf"^\.legal\.json\.lock: a leftover lock file of {owner} "
                                        r"\(stale: no program holds it\) keeps the role legal of "
                                        r"team A组 from being saved; expected no lock file of "
                                        rf"another account \(ask {owner} to delete it: rm '"):
        plan.join()
    monkeypatch.setattr(team, "locked", journal.locked)
    monkeypatch.setattr(journal, "LOCK_TIMEOUT", 0.2)
    with open(lock) as held:  # a program holds it now (here: this test)
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(TeamError, match=rf"^\.legal\.json\.lock: a program of {owner} holds "
                                            r"the lock file of the role legal of team A组 right now"):
            plan.join()
    os.chown(lock, 54321, -1)  # an account that no longer exists
    monkeypatch.setattr(team, "locked", denied)
    with pytest.raises(TeamError, match=r"a leftover lock file of uid 54321 \(no such account\)"):
        plan.join()
    assert not plan.path.exists()
