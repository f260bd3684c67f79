"""Real-browser fixtures: a JupyterLab server and Debian's Chromium driven by Playwright.

Reusable by any browser test:

- ``lab_server`` (session): JupyterLab on 127.0.0.1, a free port, a token, isolated config,
  data, runtime, workspace and settings folders (so Lab never reopens old tabs), the
  repository as its root and ``WORKBENCH_WORK`` pointing at a fresh folder
  (``lab_server.work``). Killed by process group, kernels included.
- ``chromium`` (session): Playwright's Chromium launched from ``/usr/bin/chromium``.
- ``lab`` (function): a :class:`Lab` helper on a new tall page — ``open(notebook)``,
  ``run_all()``, ``restart_and_run_all()``, ``shot(name, locator=None)``.

Without Chromium or Playwright the tests are skipped with the reason shown; with
``CI=true`` they fail instead, so a CI machine cannot pass by skipping.
Screenshots go to ``test-artifacts/`` (git-ignored).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking"]
VIEWPORT = {"width": 1300, "height": 2400}
IDLE = re.compile(r"^(?!No Kernel).* \| Idle$")


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser tests cannot run on CI: {reason}", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    def __init__(self, tmp: Path) -> None:
        self.port = _free_port()
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self.work = tmp / "work"
        self.log = tmp / "lab.log"
        app = tmp / "app"
        app.mkdir()
        (app / "overrides.json").write_text(json.dumps(
            {"@jupyterlab/apputils-extension:notification":
             {"fetchNews": "false", "checkForUpdates": False}}))
        env = {**os.environ, "WORKBENCH_WORK": str(self.work),
               "JUPYTER_CONFIG_DIR": str(tmp / "config"), "JUPYTER_DATA_DIR": str(tmp / "data"),
               "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
               "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
               "--ip=127.0.0.1", f"--port={self.port}", f"--ServerApp.token={self.token}",
               f"--ServerApp.root_dir={REPO}", f"--LabApp.workspaces_dir={tmp / 'ws'}",
               f"--LabApp.user_settings_dir={tmp / 'us'}", f"--LabApp.app_settings_dir={app}"]
        self._log = self.log.open("wb")
        self.proc = subprocess.Popen(cmd, env=env, cwd=REPO, stdout=self._log,
                                     stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{self.url}/api/status?token={self.token}",
                                            timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"JupyterLab did not start; log:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self._log.close()

    def notebook_url(self, path: str) -> str:
        return f"{self.url}/lab/tree/{path}?token={self.token}&reset"


class Lab:
    """A JupyterLab page: open a notebook, run it, restart it, take screenshots."""

    def __init__(self, page, server: LabServer) -> None:
        self.page = page
        self.server = server

    def open(self, path: str) -> None:
        self.page.goto(self.server.notebook_url(path))
        self.wait_idle(timeout=60_000)

    def wait_idle(self, timeout: float = 60_000) -> None:
        self.page.locator(".jp-StatusBar-TextItem", has_text=IDLE).first.wait_for(
            timeout=timeout)

    def _menu(self, menu: str, command: str) -> None:
        self.page.locator("li.lm-MenuBar-item", has_text=menu).first.click()
        self.page.locator(f"li.lm-Menu-item[data-command='{command}']").click()

    def _wait_all_ran(self, timeout: float = 90_000) -> None:
        prompts = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt"
        self.page.wait_for_function(
            """sel => { const p = [...document.querySelectorAll(sel)];
                        return p.length > 0 && p.every(e => /\\[\\d+\\]/.test(e.textContent)); }""",
            arg=prompts, timeout=timeout)
        self.wait_idle(timeout=timeout)

    def run_all(self) -> None:
        self._menu("Run", "runmenu:run-all")
        self._wait_all_ran()

    def restart_and_run_all(self) -> None:
        self._menu("Kernel", "runmenu:restart-and-run-all")
        self.page.locator(".jp-Dialog-button.jp-mod-accept").click()
        self.page.wait_for_function(
            """sel => [...document.querySelectorAll(sel)].some(e => /\\[\\*\\]|\\[ \\]/.test(e.textContent))""",
            arg=".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt",
            timeout=30_000)
        self._wait_all_ran()

    def shot(self, name: str, locator=None) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        (locator or self.page).screenshot(path=str(path))
        return path


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed: pip install -e '.[test]'")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory, chromium):
    if shutil.which("jupyter-lab", path=str(Path(sys.executable).parent)) is None:
        _unavailable("JupyterLab is not installed in this environment")
    server = LabServer(tmp_path_factory.mktemp("lab"))
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


@pytest.fixture
def lab(chromium, lab_server, request):
    context = chromium.new_context(viewport=VIEWPORT, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    helper = Lab(page, lab_server)
    yield helper
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        helper.shot(f"FAILED-{request.node.name}")
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
