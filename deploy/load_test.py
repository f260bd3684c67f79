"""Benchmark (not a unit test): a class of N students on one JupyterHub, stepping at once.

Run as root (it creates Unix users) from the repository, after
``deploy/jupyterhub/install.sh /opt/workbench-hub/venv`` and
``npm install -g configurable-http-proxy``::

    .venv/bin/python deploy/load_test.py --students 30 --browsers 3

What it does, all on 127.0.0.1: starts the hub with ``deploy/jupyterhub/jupyterhub_config.py``
(PAM logins, one Unix user per student, the shared environment), creates N students and
an instructor (Unix users with passwords, folders as ``workbench_hub.provision`` makes
them), asks the hub to spawn every server at once, then drives every student at once:
``--browsers`` of them log in through the hub's login page in Chromium (Playwright),
open a notebook in JupyterLab and click through the stepper; the others use the Jupyter
server's REST API and the kernel websocket, as JupyterLab does, and drive the same
``wb.PhaseStepper`` in their kernel. Each student answers every question of the six
phases of the case, moves to the next phase, and hands in the export into their
hand-in box. The instructor then runs ``workbench collect`` over the box, as that Unix user.

Printed: servers spawned and the time to spawn all; p50/p95 of the phase-change latency
(click "next" → the new phase on screen for a browser; the kernel's reply to
``stepper.next_button.click()`` for the API sessions); memory per student server (server
plus kernel, peak unique set size and resident size); answers written vs. answers found
in the journals on disk and in the instructor's collected table; failures. Everything it
started (hub, proxy, servers, kernels, browser, users, groups, folders) is stopped or removed.

:class:`ClassHub` and :func:`run` are reused by ``tests/test_hub.py`` (N = 3).
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import contextlib
import csv
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
HUB_DIR = REPO / "deploy" / "jupyterhub"
CONFIG = HUB_DIR / "jupyterhub_config.py"
sys.path.insert(0, str(HUB_DIR))
import workbench_hub as wh  # noqa: E402

DEFAULT_ENV = Path("/opt/workbench-hub/venv")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking"]
IDLE = re.compile(r"^(?!No Kernel).* \| Idle$")
PHASES = ["team", "analyse", "plan", "coordinate", "act", "evaluate"]
# The phase heading as the stepper draws it, in either language (the kernel's locale picks).
PHASE_ZH = [re.compile(f"{zh}|{en}") for zh, en in (
    ("组建协同团队", "Form the coordination team"),
    ("信息收集与分析", "Collect and analyse information"),
    ("制定危机应对计划", "Draw up the crisis response plan"),
    ("制定协同策略", "Set the coordination strategy"),
    ("实施协同行动", "Carry out coordinated action"),
    ("评估与反馈", "Evaluate and feed back"))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def missing_requirements(user_env: Path = DEFAULT_ENV) -> list[str]:
    """What this machine lacks to run the hub (empty when everything is there)."""
    missing = []
    if os.geteuid() != 0:
        missing.append("root (the hub creates Unix users)")
    if shutil.which("jupyterhub", path=f"{Path(sys.executable).parent}:{os.environ['PATH']}") is None:
        missing.append("jupyterhub (pip install '.[hub]')")
    if shutil.which("configurable-http-proxy") is None:
        missing.append("configurable-http-proxy (npm install -g configurable-http-proxy)")
    if not (user_env / "bin" / "jupyterhub-singleuser").exists():
        missing.append(f"the shared environment {user_env} (deploy/jupyterhub/install.sh {user_env})")
    return missing


def answer_text(user: str, qid: str) -> str:
    """A unique, realistic answer, so that every one can be found again on disk."""
    return (f"[{user}/{qid}] 第2小时前在微博发布致歉声明，由公关总监牵头，门店经理对齐口径。"
            f" By hour 2: apology on Weibo, led by the PR director.")


@dataclass
class Session:
    """What one student did and saw."""

    user: str
    mode: str
    latencies: list[float] = field(default_factory=list)
    written: dict[str, str] = field(default_factory=dict)
    handed_in: bool = False
    error: str | None = None
    open_seconds: float | None = None


class ClassHub:
    """A hub with a class of students, started and removed by this process.

    Users are named ``wb<4 hex>-s01`` … and ``wb<4 hex>-t`` (the instructor); the groups
    ``wb<4 hex>-stu`` / ``-ins`` / ``-cls`` (the class group); state and the class's shared
    folders live in a fresh temporary folder. :meth:`stop` removes all of them.
    """

    def __init__(self, n: int, *, user_env: Path = DEFAULT_ENV, case: str = "haidilao-2017",
                 log: Path | None = None) -> None:
        self.tag = "wb" + secrets.token_hex(2)
        self.case = case
        self.user_env = user_env
        self.tmp = Path(tempfile.mkdtemp(prefix=f"{self.tag}-"))
        os.chmod(self.tmp, 0o755)
        self.root = self.tmp / "srv"
        self.groups = wh.Groups(students=f"{self.tag}-stu", instructors=f"{self.tag}-ins",
                                classmates=f"{self.tag}-cls")
        self.students = [f"{self.tag}-s{i:02d}" for i in range(1, n + 1)]
        self.instructor = f"{self.tag}-t"
        self.passwords: dict[str, str] = {}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(24)
        self.log = log or (self.tmp / "hub.log")
        self.proc: subprocess.Popen | None = None
        self._created: list[str] = []

    # -- lifecycle ----------------------------------------------------------------------
    def env(self) -> dict[str, str]:
        return {**os.environ,
                "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
                "WORKBENCH_HUB_PORT": str(self.port),
                "WORKBENCH_HUB_API_PORT": str(free_port()),
                "WORKBENCH_HUB_PROXY_API_PORT": str(free_port()),
                "WORKBENCH_HUB_STATE": str(self.tmp / "state"),
                "WORKBENCH_HUB_ROOT": str(self.root),
                "WORKBENCH_HUB_STUDENTS": self.groups.students,
                "WORKBENCH_HUB_INSTRUCTORS": self.groups.instructors,
                "WORKBENCH_HUB_CLASS": self.groups.classmates,
                "WORKBENCH_HUB_USER_ENV": str(self.user_env),
                "WORKBENCH_HUB_SERVICE_TOKEN": self.token}

    def create_users(self) -> None:
        os.environ.update({"WORKBENCH_HUB_STUDENTS": self.groups.students,
                           "WORKBENCH_HUB_INSTRUCTORS": self.groups.instructors,
                           "WORKBENCH_HUB_CLASS": self.groups.classmates})
        wh.prepare_root(self.root, self.groups, cases=REPO / "cases")
        for name in [*self.students, self.instructor]:
            self.passwords[name] = secrets.token_urlsafe(12)
            group = self.groups.instructors if name == self.instructor else self.groups.students
            wh.ensure_user(name, group=group, password=self.passwords[name])
            self._created.append(name)
            wh.provision(name, root=self.root, groups=self.groups,
                         instructor=name == self.instructor)

    def start(self, timeout: float = 60) -> None:
        self.create_users()
        handle = self.log.open("wb")
        self.proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(CONFIG)],
                                     cwd=self.tmp, env=self.env(), stdout=handle,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        import urllib.request
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{self.url}/hub/api/", timeout=2):
                    return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"the hub did not start; log:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        """Stop the hub (it stops the servers), then anything left of the users; remove them."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)  # the proxy, if still there
        uids = set()
        for name in self._created:
            with contextlib.suppress(KeyError):
                uids.add(pwd.getpwnam(name).pw_uid)
        for proc in _processes_of(uids):
            with contextlib.suppress(Exception):
                proc.kill()
        for name in self._created:
            subprocess.run(["userdel", "--remove", name], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=False)
        for group in (self.groups.students, self.groups.instructors, self.groups.classmates):
            subprocess.run(["groupdel", group], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=False)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> ClassHub:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the hub's REST API -------------------------------------------------------------
    def client(self):
        import httpx

        return httpx.AsyncClient(base_url=self.url, timeout=httpx.Timeout(300.0),
                                 headers={"Authorization": f"token {self.token}"})

    async def spawn_all(self, client) -> float:
        """Register and spawn every student's (and the instructor's) server; seconds taken."""
        names = [*self.students, self.instructor]
        r = await client.post("/hub/api/users", json={"usernames": names})
        r.raise_for_status()
        start = time.perf_counter()

        async def one(name: str) -> None:
            r = await client.post(f"/hub/api/users/{name}/server")
            if r.status_code not in (201, 202):
                raise RuntimeError(f"{name}: spawn answered {r.status_code} {r.text[:200]}")
            gone = 0
            while True:
                r = await client.get(f"/hub/api/users/{name}")
                server = r.json().get("servers", {}).get("")
                if server and server.get("ready"):
                    return
                gone = 0 if server and server.get("pending") else gone + 1
                if gone > 5:  # neither ready nor pending: the spawn failed
                    raise RuntimeError(f"{name}: spawn failed (see the hub log)")
                await asyncio.sleep(1)
        await asyncio.gather(*(one(n) for n in names))
        return time.perf_counter() - start

    async def user_token(self, client, name: str) -> str:
        r = await client.post(f"/hub/api/users/{name}/tokens",
                              json={"note": "load test", "expires_in": 3600})
        r.raise_for_status()
        return r.json()["token"]

    def journal(self, name: str) -> Path:
        return Path(pwd.getpwnam(name).pw_dir) / "work" / name / f"{self.case}.json"

    def handin(self, name: str) -> Path:
        return self.root / "handin" / name / f"{name}-{self.case}.html"

    def as_user(self, name: str, *cmd: str) -> subprocess.CompletedProcess:
        """Run a command as Unix user ``name`` with the shared environment and a umask of 027."""
        env = {"PATH": f"{self.user_env / 'bin'}:/usr/bin:/bin", "HOME": pwd.getpwnam(name).pw_dir,
               "LANG": "C.UTF-8"}
        line = "umask 027; exec " + " ".join(_quote(c) for c in cmd)
        runuser = shutil.which("runuser") or "/usr/sbin/runuser"
        return subprocess.run([runuser, "-u", name, "--", "/bin/sh", "-c", line], env=env,
                              capture_output=True, text=True, check=False, cwd="/")


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


def _processes_of(uids: set[int]):
    import psutil

    for proc in psutil.process_iter(["uids"]):
        with contextlib.suppress(psutil.Error):
            if proc.info["uids"] and proc.info["uids"].real in uids:
                yield proc


# -- one student through the kernel websocket -------------------------------------------

class Kernel:
    """A kernel in a student's server, driven over its websocket as JupyterLab drives it."""

    def __init__(self, hub: ClassHub, user: str, token: str) -> None:
        self.hub, self.user, self.token = hub, user, token
        self.session = uuid.uuid4().hex
        self.kid: str | None = None
        self.ws = None

    async def start(self, client) -> None:
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        headers = {"Authorization": f"token {self.token}"}
        r = await client.post(f"/user/{self.user}/api/kernels", json={"name": "python3"},
                              headers=headers)
        r.raise_for_status()
        self.kid = r.json()["id"]
        url = (f"ws://127.0.0.1:{self.hub.port}/user/{self.user}/api/kernels/{self.kid}"
               f"/channels?session_id={self.session}")
        self.ws = await websocket_connect(HTTPRequest(url, headers=headers,
                                                      request_timeout=300))

    async def execute(self, code: str, timeout: float = 300) -> tuple[float, str]:
        """Run ``code``; (seconds until the reply and idle, stdout). Errors raise."""
        msg_id = uuid.uuid4().hex
        message = {"header": {"msg_id": msg_id, "username": self.user, "session": self.session,
                              "msg_type": "execute_request", "version": "5.3",
                              "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
                   "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                   "content": {"code": code, "silent": False, "store_history": False,
                               "user_expressions": {}, "allow_stdin": False,
                               "stop_on_error": True}}
        start = time.perf_counter()
        await self.ws.write_message(json.dumps(message))
        out, error, replied, idle = [], None, False, False
        deadline = start + timeout
        while not (replied and idle):
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no reply in {timeout:.0f} s to {code[:60]!r}")
            raw = await asyncio.wait_for(self.ws.read_message(), remaining)
            if raw is None:
                raise ConnectionError("the kernel websocket closed")
            if isinstance(raw, bytes):
                continue
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if kind == "stream":
                out.append(msg["content"]["text"])
            elif kind == "error":
                error = f"{msg['content']['ename']}: {msg['content']['evalue']}"
            elif kind == "execute_reply":
                replied = True
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
        elapsed = time.perf_counter() - start
        if error:
            raise RuntimeError(error)
        return elapsed, "".join(out)

    async def stop(self, client) -> None:
        if self.ws is not None:
            self.ws.close()
        if self.kid is not None:
            with contextlib.suppress(Exception):
                await client.delete(f"/user/{self.user}/api/kernels/{self.kid}",
                                    headers={"Authorization": f"token {self.token}"})


HANDIN_CODE = """
import os
from pathlib import Path
_me = os.environ["JUPYTERHUB_USER"]
_out = wb.export_journal(_me, Path(os.environ["WORKBENCH_HANDIN"]) / f"{_me}-{CASE}.html",
                         cases=[CASE])
print(_out)
"""


async def kernel_student(hub: ClassHub, client, user: str, questions: dict[str, list[str]],
                         kernels: dict[str, Kernel]) -> Session:
    session = Session(user, "api")
    kernel = Kernel(hub, user, await hub.user_token(client, user))
    kernels[user] = kernel
    try:
        await kernel.start(client)
        session.open_seconds, _ = await kernel.execute(
            "import os, workbench as wb\n"
            f"CASE = {hub.case!r}\n"
            "stepper = wb.PhaseStepper(CASE, student=os.environ['JUPYTERHUB_USER'])\n"
            "print(stepper.phase)")
        for number, phase in enumerate(PHASES):
            answers = {qid: answer_text(user, qid) for qid in questions[phase]}
            await kernel.execute(  # answer, then "show me the brand's move", as in the page
                f"for _qid, _text in {answers!r}.items():\n"
                "    stepper.answer_areas[_qid].value = _text\n"
                "for _button in list(stepper.reveal_buttons.values()):\n"
                "    _button.click()")
            session.written.update(answers)
            if number < len(PHASES) - 1:
                seconds, shown = await kernel.execute(
                    "stepper.next_button.click(); print(stepper.phase)")
                if shown.strip() != PHASES[number + 1]:
                    raise RuntimeError(f"after next: phase {shown.strip()!r}")
                session.latencies.append(seconds)
        _, out = await kernel.execute(HANDIN_CODE)
        session.handed_in = out.strip().endswith(".html")
    except Exception as err:  # a failure is counted and reported, never hidden
        session.error = f"{type(err).__name__}: {err}"
    return session


# -- one student in Chromium ------------------------------------------------------------

BROWSER_NOTEBOOK = {
    "cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": "import os, workbench as wb\nCASE = {case!r}\n"
                   "stepper = wb.PhaseStepper(CASE, student=os.environ['JUPYTERHUB_USER'])\n"
                   "stepper"},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": "if stepper.phase == 'evaluate':\n" +
                   "\n".join("    " + line for line in HANDIN_CODE.strip().splitlines()) +
                   "\nelse:\n    print('not yet')"},
    ],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                "language": "python"}},
    "nbformat": 4, "nbformat_minor": 5}


def write_browser_notebook(hub: ClassHub, user: str) -> str:
    nb = json.loads(json.dumps(BROWSER_NOTEBOOK))
    nb["cells"][0]["source"] = nb["cells"][0]["source"].format(case=hub.case)
    account = pwd.getpwnam(user)
    path = Path(account.pw_dir) / "loadtest.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    os.chown(path, account.pw_uid, account.pw_gid)
    return path.name


async def answer_shown(stepper, user: str, todo: list[str], session: Session) -> None:
    """Type an answer into every question of ``todo`` on screen now; remove them from it."""
    for qid in list(todo):
        area = stepper.locator(f".wb-answer-{qid} textarea")
        if not await area.count():
            continue
        await area.fill(answer_text(user, qid))
        await area.press("Tab")  # leaving the box sends the answer to the kernel
        session.written[qid] = answer_text(user, qid)
        todo.remove(qid)


async def press_reveals(stepper, timeout: float = 240) -> None:
    """Press every "show me the brand's move" button (``.wb-reveal``) until none is left."""
    buttons = stepper.locator(".wb-reveal")
    deadline = time.monotonic() + timeout
    while (left := await buttons.count()) > 0:
        await buttons.first.click()
        while await buttons.count() >= left:  # the kernel redraws the phase without it
            if time.monotonic() > deadline:
                raise TimeoutError(f"a reveal button still there after {timeout:.0f} s")
            await asyncio.sleep(0.2)


async def browser_student(hub: ClassHub, browser, user: str,
                          questions: dict[str, list[str]], shots: Path | None) -> Session:
    session = Session(user, "browser")
    decision_phases = decision_phases_of(hub.case)
    notebook = write_browser_notebook(hub, user)
    context = await browser.new_context(viewport={"width": 1300, "height": 1600})
    context.set_default_timeout(240_000)
    page = await context.new_page()
    try:
        await page.goto(f"{hub.url}/hub/login")
        await page.fill("#username_input", user)
        await page.fill("#password_input", hub.passwords[user])
        await page.click("#login_submit")
        await page.wait_for_url(f"**/user/{user}/**")
        start = time.perf_counter()
        await page.goto(f"{hub.url}/user/{user}/lab/tree/{notebook}?reset")
        await page.locator(".jp-StatusBar-TextItem", has_text=IDLE).first.wait_for()
        cells = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell")
        await cells.nth(0).locator(".jp-InputArea-editor").click()
        await page.keyboard.press("Control+Enter")  # run the stepper cell
        stepper = page.locator(".wb-stepper").last
        await stepper.locator(".wb-phase-intro", has_text=PHASE_ZH[0]).wait_for()
        session.open_seconds = time.perf_counter() - start
        for number, phase in enumerate(PHASES):
            # Decisions first (the questions shown before the reveal), then "show me the
            # brand's move" (typing saves but does not reveal), then the questions that
            # wait for the reveal.
            todo = list(questions[phase])
            deadline = time.monotonic() + 120  # a phase's questions may draw after its intro
            while True:
                await answer_shown(stepper, user, todo, session)
                await press_reveals(stepper)
                await answer_shown(stepper, user, todo, session)
                if not todo or time.monotonic() > deadline:
                    break
                await asyncio.sleep(0.5)
            if todo:
                raise RuntimeError(f"{phase}: questions never shown: {todo}")
            if phase in decision_phases:
                await stepper.locator(".wb-revealed-note").first.wait_for()
            if number < len(PHASES) - 1:
                start = time.perf_counter()
                await stepper.locator(".wb-next").click()
                await stepper.locator(".wb-phase-intro",
                                      has_text=PHASE_ZH[number + 1]).wait_for()
                session.latencies.append(time.perf_counter() - start)
        if shots is not None:
            await page.screenshot(path=str(shots / f"hub-{user}.png"))
        await cells.nth(1).locator(".jp-InputArea-editor").click()
        await page.keyboard.press("Shift+Enter")
        await page.locator(".jp-OutputArea-output", has_text=".html").first.wait_for()
        session.handed_in = True
    except Exception as err:
        session.error = f"{type(err).__name__}: {str(err).splitlines()[0]}"
        if shots is not None:
            with contextlib.suppress(Exception):
                await page.screenshot(path=str(shots / f"hub-{user}-failed.png"))
    finally:
        with contextlib.suppress(Exception):
            # shut the notebook's kernel down, as a student closing the tab would not
            await context.close()
    return session


# -- memory -----------------------------------------------------------------------------

async def sample_memory(hub: ClassHub, peaks: dict[str, tuple[float, float]],
                        stop: asyncio.Event, every: float = 3.0) -> None:
    """Peak (USS, RSS) in MiB of each student's processes (server + kernels)."""
    import psutil

    uid_of = {pwd.getpwnam(n).pw_uid: n for n in hub.students}
    while not stop.is_set():
        totals: dict[str, list[float]] = {n: [0.0, 0.0] for n in hub.students}
        for proc in _processes_of(set(uid_of)):
            with contextlib.suppress(psutil.Error):
                info = proc.memory_full_info()
                entry = totals[uid_of[proc.info["uids"].real]]
                entry[0] += info.uss / 2**20
                entry[1] += info.rss / 2**20
        for name, (uss, rss) in totals.items():
            old = peaks.get(name, (0.0, 0.0))
            peaks[name] = (max(old[0], uss), max(old[1], rss))
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), every)


# -- the whole run ----------------------------------------------------------------------

def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0–1) by linear interpolation.

    >>> percentile([1.0, 2.0, 3.0, 4.0], 0.5)
    2.5
    """
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * q
    low = int(k)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (k - low)


def questions_of(case: str) -> dict[str, list[str]]:
    import workbench as wb

    loaded = wb.load_case(case)
    return {p: [str(q["id"]) for q in loaded.questions.get(p) or []] or [f"{p}-notes"]
            for p in PHASES}


def decision_phases_of(case: str) -> set[str]:
    """The phases with a decision question (where the stepper says "revealed" at the end)."""
    import workbench as wb

    loaded = wb.load_case(case)
    return {p for p in PHASES if any(q.get("decision") for q in loaded.questions.get(p) or [])}


def count_on_disk(hub: ClassHub, sessions: list[Session]) -> int:
    found = 0
    for s in sessions:
        try:
            saved = json.loads(hub.journal(s.user).read_text(encoding="utf-8"))["answers"]
        except (OSError, ValueError, KeyError):
            continue
        found += sum(saved.get(qid) == text for qid, text in s.written.items())
    return found


def collect_as_instructor(hub: ClassHub, sessions: list[Session]) -> tuple[int, int, str]:
    """``workbench collect`` over the hand-in box as the instructor: (answers, students, error)."""
    folder = Path(pwd.getpwnam(hub.instructor).pw_dir)
    roster, table = folder / "roster.txt", folder / "class.csv"
    roster.write_text("\n".join(hub.students) + "\n", encoding="utf-8")
    os.chmod(roster, 0o644)
    done = hub.as_user(hub.instructor, "workbench", "collect", str(hub.root / "handin"),
                       "--roster", str(roster), "--out", str(table))
    if done.returncode != 0 or not table.exists():
        return 0, 0, (done.stderr or done.stdout).strip()[-500:]
    with table.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    sent = {(s.user, q): t for s in sessions for q, t in s.written.items()}
    found = sum(sent.get((r["student"], r["question_id"])) == r["answer"] for r in rows
                if r["kind"] == "answer")
    return found, len({r["student"] for r in rows}), ""


async def drive(hub: ClassHub, *, browsers: int, shots: Path | None) -> dict[str, Any]:
    questions = questions_of(hub.case)
    report: dict[str, Any] = {"students": len(hub.students), "browsers": browsers}
    async with hub.client() as client:
        report["spawn_seconds"] = await hub.spawn_all(client)
        r = await client.get("/hub/api/users")
        report["servers_ready"] = sum(bool(u.get("servers", {}).get("", {}).get("ready"))
                                      for u in r.json() if u["name"] in hub.students)
        peaks: dict[str, tuple[float, float]] = {}
        stop = asyncio.Event()
        sampler = asyncio.create_task(sample_memory(hub, peaks, stop))
        kernels: dict[str, Kernel] = {}
        start = time.perf_counter()
        in_browser = hub.students[:browsers]
        tasks = [kernel_student(hub, client, u, questions, kernels)
                 for u in hub.students[browsers:]]
        playwright = browser = None
        if in_browser:
            from playwright.async_api import async_playwright

            playwright = await async_playwright().start()
            browser = await playwright.chromium.launch(executable_path=CHROMIUM,
                                                       args=CHROMIUM_ARGS)
            tasks += [browser_student(hub, browser, u, questions, shots) for u in in_browser]
        try:
            sessions: list[Session] = await asyncio.gather(*tasks)
        finally:
            report["session_seconds"] = time.perf_counter() - start
            stop.set()
            await sampler
            for kernel in kernels.values():
                await kernel.stop(client)
            if browser is not None:
                await browser.close()
            if playwright is not None:
                await playwright.stop()
    report["sessions"] = sessions
    latencies = [x for s in sessions for x in s.latencies]
    for label, chosen in (("all", latencies),
                          ("api", [x for s in sessions if s.mode == "api" for x in s.latencies]),
                          ("browser", [x for s in sessions if s.mode == "browser"
                                       for x in s.latencies])):
        report[f"p50_{label}"] = percentile(chosen, 0.5)
        report[f"p95_{label}"] = percentile(chosen, 0.95)
        report[f"n_{label}"] = len(chosen)
    report["open_p50"] = percentile([s.open_seconds for s in sessions if s.open_seconds], 0.5)
    report["memory_uss"] = [peaks[n][0] for n in hub.students if n in peaks]
    report["memory_rss"] = [peaks[n][1] for n in hub.students if n in peaks]
    report["answers_written"] = sum(len(s.written) for s in sessions)
    report["answers_on_disk"] = count_on_disk(hub, sessions)
    report["handed_in"] = sum(s.handed_in and hub.handin(s.user).exists() for s in sessions)
    (report["answers_collected"], report["students_collected"],
     report["collect_error"]) = collect_as_instructor(hub, sessions)
    report["failures"] = [f"{s.user} ({s.mode}): {s.error}" for s in sessions if s.error]
    return report


def run(n: int, *, browsers: int, user_env: Path = DEFAULT_ENV, case: str = "haidilao-2017",
        shots: Path | None = None, after=None) -> dict[str, Any]:
    """Start a hub with ``n`` students, drive them all, stop everything; the figures.

    ``after(hub, report)`` (optional) runs while the hub and the users still exist.
    """
    with ClassHub(n, user_env=user_env, case=case) as hub:
        # a caller with an event loop of its own (pytest after Playwright's sync API) cannot
        # asyncio.run here: drive the class on a thread with a loop of its own instead
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            report = pool.submit(asyncio.run, drive(hub, browsers=browsers, shots=shots)).result()
        report["hub_log"] = hub.log.read_text(encoding="utf-8", errors="replace")[-4000:]
        if after is not None:
            after(hub, report)
    return report


def summary(report: dict[str, Any]) -> str:
    uss, rss = report["memory_uss"], report["memory_rss"]
    lines = [
        f"students: {report['students']} ({report['browsers']} in Chromium, the rest via "
        "REST + kernel websocket)",
        f"servers spawned: {report['servers_ready']}/{report['students']} in "
        f"{report['spawn_seconds']:.1f} s (all requested at once)",
        f"stepper opened (kernel start + first phase drawn), p50: {report['open_p50']:.1f} s",
        f"phase-change latency, all: p50 {report['p50_all']:.2f} s, p95 {report['p95_all']:.2f} s "
        f"({report['n_all']} changes)",
        f"  API sessions: p50 {report['p50_api']:.2f} s, p95 {report['p95_api']:.2f} s; "
        f"browser: p50 {report['p50_browser']:.2f} s, p95 {report['p95_browser']:.2f} s",
        f"whole class through six phases + hand-in: {report['session_seconds']:.0f} s",
        (f"memory per student server (server + kernel, peak): USS median "
         f"{statistics.median(uss):.0f} MiB, max {max(uss):.0f} MiB; RSS median "
         f"{statistics.median(rss):.0f} MiB; all students {sum(uss) / 1024:.1f} GiB USS")
        if uss else "memory: not sampled",
        f"answers written: {report['answers_written']}; found in journals on disk: "
        f"{report['answers_on_disk']}; in the instructor's collect table: "
        f"{report['answers_collected']} ({report['students_collected']} students)",
        f"hand-ins in the box: {report['handed_in']}/{report['students']}",
        f"failures: {len(report['failures'])}",
        *(f"  {f}" for f in report["failures"]),
    ]
    if report.get("collect_error"):
        lines.append(f"collect failed: {report['collect_error']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--browsers", type=int, default=3)
    parser.add_argument("--case", default="haidilao-2017")
    parser.add_argument("--user-env", type=Path, default=DEFAULT_ENV)
    parser.add_argument("--shots", type=Path, help="folder for browser screenshots")
    args = parser.parse_args(argv)
    missing = missing_requirements(args.user_env)
    if missing:
        print("load_test: missing " + "; ".join(missing), file=sys.stderr)
        return 2
    if args.shots:
        args.shots.mkdir(parents=True, exist_ok=True)
    print(f"load test: {os.cpu_count()} cores, "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB RAM")
    report = run(args.students, browsers=args.browsers, user_env=args.user_env, case=args.case,
                 shots=args.shots)
    print(summary(report))
    ok = (not report["failures"] and report["answers_written"] == report["answers_on_disk"]
          == report["answers_collected"])
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
