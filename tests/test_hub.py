"""The class hub for real (deploy/jupyterhub): 3 students, real Unix users, one in Chromium.

Runs ``deploy/load_test.py`` at N = 3 (the benchmark's own code), then checks isolation as
the Unix users themselves: student A is refused B's journal and B's hand-in; the
instructor's ``workbench collect`` reads every hand-in and the instructor reads B's
journal (0640, group instructors).

The class folder (``$WORKBENCH_CLASS``, :func:`test_team_rooms_in_the_class_folder`), as
the same kind of real users but without starting the hub: the set-up makes the roster's
teams; two students of one team write their roles' plans through the workbench and each
reads the other's; the second is refused the first one's role; neither can delete or
rename the other's file (nor the team's folders), start a team off the roster (the team
room refuses it in one line) or a case folder; the holder releases a role and the other
student takes it over, without root; a released file a classmate planted is not carried
over, and a lock file a classmate left is named with its owner; a hub set up before (student-made team folders, a
planted link) is taken over by the next set-up without following the link; the instructor
opens a drill the students read and may not change; a login outside the class group can
neither write there nor read a plan.

Needs root, jupyterhub, configurable-http-proxy and the shared environment
(``make hub-env``); ``.ci/run`` installs all of them and runs it in ``make test`` (about 2
minutes), where a missing piece fails; elsewhere it is skipped.
"""

from __future__ import annotations

import grp
import importlib.util
import json
import os
import pwd
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.hub


def _load_test():
    spec = importlib.util.spec_from_file_location("load_test", REPO / "deploy" / "load_test.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["load_test"] = module
    spec.loader.exec_module(module)
    return module


def _requirements(lt) -> None:
    missing = lt.missing_requirements()
    if missing:
        # CI installs all of them (.ci/run): there a missing piece is a broken configuration
        (pytest.fail if os.environ.get("CI") else pytest.skip)("hub test needs " + "; ".join(missing))


def test_three_students_step_hand_in_and_stay_apart():
    lt = _load_test()
    _requirements(lt)
    probes = {}

    def isolation(hub, report):
        a, b = hub.students[0], hub.students[1]
        for label, path in (("journal", hub.journal(b)), ("handin", hub.handin(b))):
            done = hub.as_user(a, "python", "-c", f"open({str(path)!r}).read()")
            probes[label] = done.stderr
        probes["own"] = hub.as_user(a, "python", "-c",
                                    f"print(len(open({str(hub.journal(a))!r}).read()))")
        for label, path in (("teacher_journal", hub.journal(b)), ("teacher_handin", hub.handin(b))):
            probes[label] = hub.as_user(hub.instructor, "python", "-c",
                                        f"print(len(open({str(path)!r}).read()))")
        probes["modes"] = {p.name: oct(p.stat().st_mode & 0o777) for p in (hub.journal(b), hub.handin(b))}

    report = lt.run(3, browsers=1, after=isolation)
    assert report["failures"] == [], lt.summary(report) + "\n" + report["hub_log"]
    assert report["servers_ready"] == 3
    assert report["answers_written"] == report["answers_on_disk"] == report["answers_collected"] > 0
    assert report["students_collected"] == 3 and report["handed_in"] == 3
    assert "PermissionError" in probes["journal"], probes
    assert "PermissionError" in probes["handin"], probes
    assert probes["own"].returncode == 0, probes["own"].stderr
    # written with the server's umask 027 (write_atomic follows it): the instructors read both
    assert set(probes["modes"].values()) == {"0o640"}, probes["modes"]
    for label in ("teacher_journal", "teacher_handin"):
        assert probes[label].returncode == 0, (label, probes[label].stderr)


# -- team rooms in the shared class folder (docs/deploy.md, "The class folder") ----------
TEAM, OTHER, OFF_ROSTER, OLD = "A组", "B组", "Z组", "旧组"
#: Run as one user, through the workbench API (the class folder from $WORKBENCH_CLASS):
#: ``steps`` is a JSON list of ["move", role, text(, phase)] (write that role's move),
#: ["release", role], ["room", team, role] (open a team room), ["drill"] (open phase
#: ``plan`` of the drill) and [op, path] with op unlink, rename or mkdir (path in the class
#: folder; rename appends "~"); prints the errors met (an OSError as "op path: its type"),
#: then what the user reads of the team.
SCRIPT = """
import json, os, sys
from workbench.core.library import class_folder
from workbench.core.pacing import Pacing, PacingError
from workbench.core.team import RolePlan, TeamError, load_team
team, case, student, steps = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
errors, notes, drill = [], [], Pacing.load(None, case, session="周三")
for step in steps:
    try:
        if step[0] == "move":
            plan = RolePlan.load(team, case, step[1], student=student)
            plan.set_move(step[3] if len(step) > 3 else "team", text=step[2])
            notes += [plan.not_carried] if plan.not_carried else []
        elif step[0] == "plant":  # a file put in a case folder from a terminal
            fd = os.open(class_folder() / step[1], os.O_WRONLY | os.O_CREAT, 0o644)
            os.write(fd, step[2].encode()); os.close(fd)
        elif step[0] == "release":
            RolePlan.load(team, case, step[1], student=student).release()
        elif step[0] == "room":
            import workbench as wb
            wb.TeamRoom(case, team=step[1], role=step[2], student=student, poll=None).close()
        elif step[0] == "drill":
            drill.open_phase("plan")
        else:
            path = class_folder() / step[1]
            {"unlink": os.unlink, "mkdir": os.mkdir,
             "rename": lambda p: os.rename(p, f"{p}~")}[step[0]](path)
    except (TeamError, PacingError) as err:
        errors.append(str(err))
    except OSError as err:
        errors.append(f"{step[0]} {step[1]}: {type(err).__name__}")
plan = load_team(team, case)
drill.reload()
print(json.dumps({"folder": str(class_folder()), "errors": errors, "notes": notes,
                  "released": plan.released, "members": plan.members,
                  "moves": {r: p.moves.get("team", {}).get("text") for r, p in plan.roles.items()},
                  "drill": [str(drill.path), list(drill.open_phases)]}))
"""


def test_team_rooms_in_the_class_folder():
    lt = _load_test()
    _requirements(lt)
    hub = lt.ClassHub(2)
    try:
        hub.create_users()  # as the hub's set-up makes them, without starting the hub
        out = _team_probes(lt, hub)
    finally:
        hub.stop()
    _check_team(out)


def _team_probes(lt, hub) -> dict:
    """Two students of one team, a role handed over, the instructor, an old hub, an outsider."""
    a, b = hub.students[0], hub.students[1]
    repo = f"PYTHONPATH={REPO}"  # the code under test (in CI the shared env holds the same)

    def run(name: str, *steps: list, team: str = TEAM) -> dict:
        """:data:`SCRIPT` as ``name``, with the settings the spawner gives that user's server."""
        settings = [f"{k}={v}" for k, v in lt.wh.user_environment(name, root=hub.root).items()]
        done = hub.as_user(name, "env", repo, *settings, "python", "-c", SCRIPT,
                           team, hub.case, name, json.dumps(steps, ensure_ascii=False))
        assert done.returncode == 0, (name, steps, done.stderr[-2000:])
        return json.loads(done.stdout.strip().splitlines()[-1])

    shared = hub.root / "shared"
    lt.wh.prepare_shared(hub.root, hub.groups, teams=[TEAM, OTHER])  # the roster, as root
    case = f"teams/{TEAM}/{hub.case}"
    out = {"a_writes": run(a, ["move", "pr", f"{a}: 先道歉"], ["move", "pr", f"{a}: 查监控", "analyse"]),
           "b_writes": run(b, ["move", "legal", f"{b}: 暂停发货"], ["move", "pr", f"{b}: 我来"]),
           # from a terminal: a teammate's file, the team's folders, a team off the roster
           "b_breaks": run(b, ["unlink", f"{case}/pr.json"], ["rename", f"{case}/pr.json"],
                           ["rename", case], ["rename", f"teams/{TEAM}"],
                           ["mkdir", f"teams/{OFF_ROSTER}"], ["mkdir", f"teams/{TEAM}/new-case"],
                           ["room", OFF_ROSTER, "pr"]),
           "a_breaks": run(a, ["unlink", f"{case}/legal.json"], ["rename", f"{case}/legal.json"]),
           "teacher": run(hub.instructor, ["drill"]),
           "a_reads": run(a, ["drill"])}
    folder = shared / case
    out["files"] = {label: (oct(p.stat().st_mode & 0o7777), p.stat().st_uid, p.stat().st_gid)
                    for label, p in (("pr", folder / "pr.json"), ("legal", folder / "legal.json"),
                                     ("case", folder), ("team", folder.parent),
                                     ("teams", shared / "teams"))}
    out["pr_text"] = json.loads((folder / "pr.json").read_text(encoding="utf-8"))["moves"]["team"]["text"]
    out["teams_made"] = sorted(p.name for p in (shared / "teams").iterdir())
    # a role handed over: its holder releases it, a teammate takes it — no root, no chown
    out["a_releases"] = run(a, ["release", "pr"])
    out["b_takes"] = run(b, ["move", "pr", f"{b}: 接手"])
    out["a_again"] = run(a, ["move", "pr", f"{a}: 我还要"])
    taken = json.loads((folder / "pr.json").read_text(encoding="utf-8"))
    out["taken"] = (taken["student"], taken["moves"], (folder / "pr.json").stat().st_uid)
    out["archives"] = sorted(p.stat().st_uid for p in folder.glob(".pr.json.released-*"))
    # from a terminal: a forged released file (claiming a) and a lock file of a role nobody holds
    forged = json.dumps({"student": a, "account": a, "moves": {"analyse": {"text": "假的"}}})
    out["b_plants"] = run(b, ["plant", f"{case}/.hr.json.released-29990101T000000000000Z", forged],
                          ["plant", f"{case}/.executive.json.lock", ""])
    out["a_plants_met"] = run(a, ["move", "hr", f"{a}: 人事"], ["move", "executive", f"{a}: 决策"])
    out["hr"] = json.loads((folder / "hr.json").read_text(encoding="utf-8"))
    # a hub set up before the roster: a student's own team folder and a planted link
    os.chmod(shared / "teams", 0o3770)
    target = hub.tmp / "a-owns"
    target.mkdir()
    os.chown(target, pwd.getpwnam(a).pw_uid, -1)
    out["old_team"] = run(a, ["move", "pr", f"{a}: 旧的"], team=OLD)
    hub.as_user(a, "python", "-c", f"import os; os.symlink({str(target)!r}, "
                f"{str(shared / 'teams' / '链')!r})")
    out["old_before"] = (shared / "teams" / OLD).stat().st_uid
    lt.wh.provision(b, root=hub.root, groups=hub.groups)  # a server starting: the set-up again
    old = shared / "teams" / OLD
    out["old_after"] = [(oct(p.stat().st_mode & 0o7777), p.stat().st_uid) for p in (
        old, old / hub.case, old / hub.case / "pr.json")]
    out["link_target"] = (target.stat().st_uid, oct(target.stat().st_mode & 0o7777))
    out["old_b_breaks"] = run(b, ["unlink", f"teams/{OLD}/{hub.case}/pr.json"], team=OLD)
    out["class_gid"] = grp.getgrnam(hub.groups.classmates).gr_gid
    outsider = f"{hub.tag}-x"  # a login of the server outside the class group
    subprocess.run(["useradd", "--create-home", outsider], check=True, capture_output=True)
    try:
        out["outsider_writes"] = hub.as_user(
            outsider, "python", "-c", f"open({str(shared / 'teams' / 'x.json')!r}, 'w')")
        out["outsider_reads"] = hub.as_user(
            outsider, "python", "-c", f"open({str(folder / 'pr.json')!r}).read()")
    finally:
        subprocess.run(["userdel", "--remove", outsider], capture_output=True, check=False)
    out["a"], out["b"], out["uids"] = a, b, {n: pwd.getpwnam(n).pw_uid for n in (a, b)}
    return out


def _check_team(out: dict) -> None:
    a, b, uid = out["a"], out["b"], out["uids"]
    for label in ("a_writes", "b_writes", "teacher", "a_reads"):
        assert out[label]["folder"].endswith("/shared"), (label, out[label])
    # each student reads the other's role, written by the other's Unix account; so does the teacher
    both = {"pr": f"{a}: 先道歉", "legal": f"{b}: 暂停发货"}
    assert out["b_writes"]["moves"] == out["a_reads"]["moves"] == both, out
    assert out["teacher"]["moves"] == both, out
    assert out["a_reads"]["members"] == {"pr": a, "legal": b}, out
    # a classmate picking a role another account holds: one sentence, the file untouched
    (taken,) = out["b_writes"]["errors"]
    assert taken.startswith("pr.json: the role pr of team A组 is held by " + a), taken
    assert "ask them to release it in their team room" in taken, taken
    assert out["pr_text"] == f"{a}: 先道歉"
    # from a terminal, neither teammate deletes or renames the other's file, nor the team's
    # folders (root's); no student starts a team off the roster or a case folder
    *denied, refused = out["b_breaks"]["errors"]
    assert [d.split(": ")[1] for d in denied] == ["PermissionError"] * 6, denied
    assert refused.endswith(f"/shared/teams/{OFF_ROSTER}: no team '{OFF_ROSTER}' in the class "
                            f"folder; expected one of the roster's teams: {TEAM}, {OTHER} (on "
                            "the hub the instructor's roster sets the teams; students cannot "
                            "start new ones)"), refused
    assert [d.split(": ")[1] for d in out["a_breaks"]["errors"]] == ["PermissionError"] * 2, out
    assert out["teams_made"] == [TEAM, OTHER], out["teams_made"]
    # role files: the owner writes, the class group reads; folders: root's, only case folders
    # writable (set-gid, sticky)
    files = out["files"]
    assert files["pr"][:2] == ("0o640", uid[a]) and files["legal"][:2] == ("0o640", uid[b]), files
    assert files["case"][:2] == ("0o3770", 0), files
    assert files["team"][:2] == files["teams"][:2] == ("0o2750", 0), files
    assert {gid for *_, gid in files.values()} == {out["class_gid"]}, files
    # the holder released pr; b took it (from a's moves, its own file) and a is now refused
    assert out["a_releases"]["errors"] == [] and out["a_releases"]["members"] == {"legal": b}, out
    assert out["b_takes"]["errors"] == [], out["b_takes"]
    assert out["b_takes"]["members"] == {"pr": b, "legal": b}, out["b_takes"]
    student, moves, owner = out["taken"]
    assert (student, owner) == (b, uid[b]), out["taken"]
    assert moves["team"]["text"] == f"{b}: 接手" and moves["analyse"]["text"] == f"{a}: 查监控", moves
    assert out["archives"] == [uid[a]], out["archives"]
    (again,) = out["a_again"]["errors"]
    assert again.startswith(f"pr.json: the role pr of team A组 is held by {b}"), again
    assert out["a_releases"]["released"] == {"pr": a}, out["a_releases"]  # on the board
    assert out["b_takes"]["notes"] == [] and out["b_takes"]["released"] == {}, out["b_takes"]
    # a released file b planted, claiming a: not carried over, said in one line; a's own file
    # records a's account. b's lock file: its owner named, stale, and what to do
    assert out["b_plants"]["errors"] == [], out["b_plants"]
    (note,) = out["a_plants_met"]["notes"]
    assert note.startswith(".hr.json.released-29990101T000000000000Z: not carried over: the "
                           f"released file belongs to {b}, while it records {a} as the role's "
                           "holder"), note
    assert "analyse" not in out["hr"]["moves"] and out["hr"]["account"] == a, out["hr"]
    (lock,) = out["a_plants_met"]["errors"]
    assert lock.startswith(f".executive.json.lock: a leftover lock file of {b} (stale: no "
                           "program holds it) keeps the role executive of team A组 from being "
                           f"saved; expected no lock file of another account (ask {b} to "
                           "delete it: rm '"), lock
    # a hub set up before: the student's team folder became root's, the link was not followed
    assert out["old_before"] == uid[a], out
    assert out["old_after"] == [("0o2750", 0), ("0o3770", 0), ("0o640", uid[a])], out["old_after"]
    assert out["link_target"] == (uid[a], "0o755"), out["link_target"]
    assert [d.split(": ")[1] for d in out["old_b_breaks"]["errors"]] == ["PermissionError"], out
    # the instructor runs the drill in the class folder; a student reads it, cannot change it
    assert out["teacher"]["errors"] == [], out["teacher"]
    assert "/shared/drills/" in out["teacher"]["drill"][0], out["teacher"]
    assert out["a_reads"]["drill"] == out["teacher"]["drill"], out
    assert out["teacher"]["drill"][1] == ["team", "analyse", "plan"], out["teacher"]
    (refused,) = out["a_reads"]["errors"]
    assert "may not change the class drill" in refused, refused
    # a login outside the class group: nothing at all
    assert "PermissionError" in out["outsider_writes"].stderr, out["outsider_writes"].stderr
    assert "PermissionError" in out["outsider_reads"].stderr, out["outsider_reads"].stderr
