"""The class hub for real (deploy/jupyterhub): 3 students, real Unix users, one in Chromium.

Runs ``deploy/load_test.py`` at N = 3 (the benchmark's own code), then checks isolation as
the Unix users themselves: student A is refused B's journal and B's hand-in; the
instructor's ``workbench collect`` reads every hand-in and the instructor reads B's
journal (0640, group instructors). Then the class folder (``$WORKBENCH_CLASS``): two students
of one team write their roles' plans through the workbench and each reads the other's, the
second is refused the first one's role, the instructor opens a drill the students read and
may not change, and a login outside the class group can neither write there nor read a
plan. Needs root, jupyterhub, configurable-http-proxy and the shared environment
(``make hub-env``); ``.ci/run`` installs all of them and runs it in ``make test`` (about 2
minutes), where a missing piece fails; elsewhere it is skipped.
"""

from __future__ import annotations

import grp
import importlib.util
import json
import os
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


def test_three_students_step_hand_in_and_stay_apart():
    lt = _load_test()
    missing = lt.missing_requirements()
    if missing:
        # CI installs all of them (.ci/run): there a missing piece is a broken configuration
        (pytest.fail if os.environ.get("CI") else pytest.skip)("hub test needs " + "; ".join(missing))
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
        probes["team"] = _team_probes(lt, hub)

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

    _check_team(probes["team"])


# -- team rooms in the shared class folder (docs/deploy.md, "The class folder") ----------
TEAM = "A组"
#: Run as one user, through the workbench API (the class folder from $WORKBENCH_CLASS):
#: ``steps`` is a JSON list of ["move", role, text] (write that role's move) and ["drill"]
#: (open phase ``plan`` of the drill); prints the errors met, then what the user reads.
SCRIPT = """
import json, sys
from workbench.core.library import class_folder
from workbench.core.pacing import Pacing, PacingError
from workbench.core.team import RolePlan, TeamError, load_team
team, case, student, steps = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
errors, drill = [], Pacing.load(None, case, session="周三")
for step in steps:
    try:
        if step[0] == "move":
            RolePlan.load(team, case, step[1], student=student).set_move("team", text=step[2])
        else:
            drill.open_phase("plan")
    except (TeamError, PacingError) as err:
        errors.append(str(err))
plan = load_team(team, case)
drill.reload()
print(json.dumps({"folder": str(class_folder()), "errors": errors, "members": plan.members,
                  "moves": {r: p.moves.get("team", {}).get("text") for r, p in plan.roles.items()},
                  "drill": [str(drill.path), list(drill.open_phases)]}))
"""


def _team_probes(lt, hub) -> dict:
    """Two students of one team, a classmate taking a held role, an instructor, an outsider."""
    a, b = hub.students[0], hub.students[1]
    repo = f"PYTHONPATH={REPO}"  # the code under test (in CI the shared env holds the same)

    def run(name: str, *steps: list) -> subprocess.CompletedProcess:
        """:data:`SCRIPT` as ``name``, with the settings the spawner gives that user's server."""
        settings = [f"{k}={v}" for k, v in lt.wh.user_environment(name, root=hub.root).items()]
        return hub.as_user(name, "env", repo, *settings, "python", "-c", SCRIPT,
                           TEAM, hub.case, name, json.dumps(steps, ensure_ascii=False))

    out = {"a_writes": run(a, ["move", "pr", f"{a}: 先道歉"]),
           "b_writes": run(b, ["move", "legal", f"{b}: 暂停发货"], ["move", "pr", f"{b}: 我来"]),
           "teacher": run(hub.instructor, ["drill"]),
           "a_reads": run(a, ["drill"])}
    shared = hub.root / "shared"
    folder = shared / "teams" / TEAM / hub.case
    out["files"] = {label: (oct(p.stat().st_mode & 0o7777), p.stat().st_gid) for label, p in (
        ("pr", folder / "pr.json"), ("legal", folder / "legal.json"), ("case", folder),
        ("team", folder.parent))}
    out["pr_text"] = json.loads((folder / "pr.json").read_text(encoding="utf-8"))["moves"]["team"]["text"]
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
    out["a"], out["b"] = a, b
    return out


def _check_team(out: dict) -> None:
    a, b = out["a"], out["b"]
    seen = {}
    for label in ("a_writes", "b_writes", "teacher", "a_reads"):
        done = out[label]
        assert done.returncode == 0, (label, done.stderr[-2000:])
        seen[label] = json.loads(done.stdout.strip().splitlines()[-1])
        assert seen[label]["folder"].endswith("/shared"), (label, seen[label])
    # each student reads the other's role, written by the other's Unix account; so does the teacher
    both = {"pr": f"{a}: 先道歉", "legal": f"{b}: 暂停发货"}
    assert seen["b_writes"]["moves"] == seen["a_reads"]["moves"] == both, seen
    assert seen["teacher"]["moves"] == both, seen
    assert seen["a_reads"]["members"] == {"pr": a, "legal": b}, seen
    # a classmate picking a role another account holds: one sentence, the file untouched
    (taken,) = seen["b_writes"]["errors"]
    assert taken.startswith("pr.json: the role pr of team A组 is held by " + a), taken
    assert out["pr_text"] == f"{a}: 先道歉"
    # role files: the owner writes, the class group reads; folders: shared, set-gid, sticky
    files = out["files"]
    assert files["pr"][0] == files["legal"][0] == "0o640", files
    assert files["case"][0] == files["team"][0] == "0o3770", files
    assert {gid for _, gid in files.values()} == {out["class_gid"]}, files
    # the instructor runs the drill in the class folder; a student reads it, cannot change it
    assert seen["teacher"]["errors"] == [], seen["teacher"]
    assert "/shared/drills/" in seen["teacher"]["drill"][0], seen["teacher"]
    assert seen["a_reads"]["drill"] == seen["teacher"]["drill"], seen
    assert seen["teacher"]["drill"][1] == ["team", "analyse", "plan"], seen["teacher"]
    (refused,) = seen["a_reads"]["errors"]
    assert "may not change the class drill" in refused, refused
    # a login outside the class group: nothing at all
    assert "PermissionError" in out["outsider_writes"].stderr, out["outsider_writes"].stderr
    assert "PermissionError" in out["outsider_reads"].stderr, out["outsider_reads"].stderr
