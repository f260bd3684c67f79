"""Real-browser fixtures: a JupyterLab server and Debian's Chromium driven by Playwright.

Reusable by any browser test:

- ``lab_server`` (session): JupyterLab on 127.0.0.1, a free port, a token, isolated config,
  data, runtime, workspace and settings folders (so Lab never reopens old tabs), the
  repository as its root and ``WORKBENCH_WORK`` pointing at a fresh folder
  (``lab_server.work``). Killed by process group, kernels included.
- ``chromium`` (session): Playwright's Chromium launched from ``/usr/bin/chromium``.
- ``lab`` (function): a :class:`Lab` helper on a new tall page — ``open(notebook)``,
  ``run_all()``, ``restart_and_run_all()``, ``shot(name, locator=None)``. Afterwards the
  page's kernels are shut down; Lab never autosaves (the notebooks stay committed cleared).
- ``voila_server`` (session): the classroom app (``app/workbench_app.ipynb``) served by
  Voila exactly as ``make app`` serves it (:data:`VOILA_FLAGS`), on a free port, with
  ``WORKBENCH_WORK`` in a fresh folder. :class:`VoilaServer` starts more (own cases).
- ``app_page`` (function): an :class:`AppPage` at projector size (1366×768) that records
  dialogs, page errors and every request leaving 127.0.0.1.
- Checks shared by the browser tests: :func:`error_outputs`, :func:`wait_charts_drawn`,
  :func:`has_chinese`.

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
import urllib.parse
import urllib.request
from pathlib import Path
from types import SimpleNamespace

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


#: Servers' ports come from below the OS's ephemeral range (32768–60999 on Linux), where
#: kernels pick theirs: a port picked from that range and released could be taken by a
#: kernel (of this or another pytest-xdist worker) before the server bound it, and a page
#: would then talk to ZeroMQ. Each worker has its own block.
PORTS_FROM, PORTS_PER_WORKER = 20_000, 1_000
_next_port = [0]


def _free_port() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    base = PORTS_FROM + (int(worker) if worker.isdigit() else 0) * PORTS_PER_WORKER
    for _ in range(PORTS_PER_WORKER):
        port = base + _next_port[0] % PORTS_PER_WORKER
        _next_port[0] += 1
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {base}–{base + PORTS_PER_WORKER - 1}")


class _Server:
    """A server process in its own process group (so its kernels die with it)."""

    def __init__(self, tmp: Path, name: str, cmd: list[str], env: dict[str, str],
                 cwd: Path) -> None:
        self.work = tmp / "work"
        self.log = tmp / f"{name}.log"
        self._log = self.log.open("wb")
        self.proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=self._log,
                                     stderr=subprocess.STDOUT, start_new_session=True)

    def _wait_for(self, url: str, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                with urllib.request.urlopen(url, timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"{what} did not start; log:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self._log.close()


def _isolated_env(tmp: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp / "config"),
            "JUPYTER_DATA_DIR": str(tmp / "data"), "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
            **extra}


class LabServer(_Server):
    """JupyterLab as the tests run it; ``settings`` adds Lab settings (overrides.json), e.g.
    the notebook's windowing mode, and ``args`` more command-line options."""

    def __init__(self, tmp: Path, *, settings: dict | None = None,
                 args: tuple[str, ...] = ()) -> None:
        self.port = _free_port()
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        app = tmp / "app"
        app.mkdir()
        (app / "overrides.json").write_text(json.dumps(
            {"@jupyterlab/apputils-extension:notification":
             {"fetchNews": "false", "checkForUpdates": False},
             # never write outputs into the repository's notebooks
             "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
             **(settings or {})}))
        env = _isolated_env(tmp, WORKBENCH_WORK=str(tmp / "work"))
        # the student named themselves once (wb.set_student): every notebook uses that name
        (tmp / "work").mkdir(exist_ok=True)
        (tmp / "work" / ".student").write_text("学生甲\n", encoding="utf-8")
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
               "--ip=127.0.0.1", f"--port={self.port}", f"--ServerApp.token={self.token}",
               f"--ServerApp.root_dir={REPO}", f"--LabApp.workspaces_dir={tmp / 'ws'}",
               f"--LabApp.user_settings_dir={tmp / 'us'}", f"--LabApp.app_settings_dir={app}",
               *args]
        super().__init__(tmp, "lab", cmd, env, REPO)

    def wait_ready(self, timeout: float = 60) -> None:
        self._wait_for(f"{self.url}/api/status?token={self.token}", timeout, "JupyterLab")

    def notebook_url(self, path: str) -> str:
        return f"{self.url}/lab/tree/{path}?token={self.token}&reset"

    def shutdown_kernels(self) -> None:
        """Shut down every running kernel (each notebook test starts its own)."""
        base = f"{self.url}/api/kernels"
        try:
            with urllib.request.urlopen(f"{base}?token={self.token}", timeout=5) as r:
                kernels = json.load(r)
            for k in kernels:
                request = urllib.request.Request(f"{base}/{k['id']}?token={self.token}",
                                                 method="DELETE")
                urllib.request.urlopen(request, timeout=10).close()
        except OSError:
            pass


#: How ``make app`` runs Voila (tests/browser/test_app.py checks the Makefile says the same).
VOILA_FLAGS = ["--Voila.ip=127.0.0.1", "--strip_sources=True", "--show_tracebacks=False",
               "--theme=light", "--template=workbench"]
APP_DIR = REPO / "app"


class VoilaServer(_Server):
    """The classroom app under Voila, as ``make app`` runs it: from app/ (its voila.json),
    with app/jupyter on JUPYTER_PATH (the page template). ``cases``: a folder of cases to
    serve instead of the bundled ones (``$WORKBENCH_CASES``)."""

    def __init__(self, tmp: Path, *, cases: Path | None = None) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        extra = {"WORKBENCH_WORK": str(tmp / "work"), "JUPYTER_PATH": str(APP_DIR / "jupyter")}
        if cases is not None:
            extra["WORKBENCH_CASES"] = str(cases)
        cmd = [sys.executable, "-m", "voila", "workbench_app.ipynb", "--no-browser",
               f"--port={self.port}", *VOILA_FLAGS]
        super().__init__(tmp, "voila", cmd, _isolated_env(tmp, **extra), APP_DIR)

    def wait_ready(self, timeout: float = 60) -> None:
        self._wait_for(f"{self.url}voila/static/voila.js", timeout, "Voila")

    def page_url(self, **query: str) -> str:
        return self.url + ("?" + urllib.parse.urlencode(query) if query else "")


class Lab:
    """A JupyterLab page: open a notebook, run it, restart it, take screenshots."""

    def __init__(self, page, server: LabServer) -> None:
        self.page = page
        self.server = server

    def open(self, path: str) -> None:
        self.page.goto(self.server.notebook_url(path), timeout=120_000)
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

    def run_all(self, timeout: float = 90_000) -> None:
        self._menu("Run", "runmenu:run-all")
        self._wait_all_ran(timeout)

    def restart_and_run_all(self, timeout: float = 90_000) -> None:
        self._menu("Kernel", "runmenu:restart-and-run-all")
        self.page.locator(".jp-Dialog-button.jp-mod-accept").click()
        self.page.wait_for_function(
            """sel => [...document.querySelectorAll(sel)].some(e => /\\[\\*\\]|\\[ \\]/.test(e.textContent))""",
            arg=".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt",
            timeout=30_000)
        self._wait_all_ran(timeout)

    def shot(self, name: str, locator=None) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        (locator or self.page).screenshot(path=str(path))
        return path


class AppPage:
    """The classroom app in a browser page. Records ``dialogs`` (none may open), page
    ``errors`` and ``external`` requests (anything not served from 127.0.0.1)."""

    TABS = ".wb-app-tabs > .lm-TabBar .lm-TabBar-tab"

    def __init__(self, page, server: VoilaServer) -> None:
        self.page = page
        self.server = server
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.external: list[str] = []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith(
            ("http://127.0.0.1", "data:", "blob:", "about:")) else self.external.append(r.url))

    @property
    def app(self):
        return self.page.locator(".wb-app")

    def open(self, **query: str) -> None:
        """Load the app (``?case=…&lang=…&student=…``); wait for the stepper's chart."""
        self.page.goto(self.server.page_url(**query), timeout=120_000)
        self.app.wait_for(state="attached", timeout=90_000)
        wait_charts_drawn(self.page, ".wb-app-step", at_least=1)

    def tab(self, index: int) -> None:
        """Open tab 0 (the case), 1 (step through) or 2 (compare)."""
        self.page.locator(self.TABS).nth(index).click()

    def scroll_to(self, selector: str) -> None:
        """Scroll the app (Voila scrolls inside #rendered_cells) to put ``selector`` on top."""
        self.page.locator(selector).first.evaluate("e => e.scrollIntoView({block: 'start'})")

    def shot(self, name: str, locator=None) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        (locator or self.page).screenshot(path=str(path))
        return path


# -- checks shared by the browser tests ----------------------------------------------------
ERROR_OUTPUTS = (".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'], "
                 ".jp-OutputArea-output.jp-mod-error, .jp-RenderedText.jp-mod-error")


def error_outputs(page) -> list[str]:
    """The text of every error or stderr output on the page (should be none)."""
    return page.locator(ERROR_OUTPUTS).all_inner_texts()


def wait_charts_drawn(page, scope: str = "body", *, at_least: int = 1,
                      timeout: float = 60_000) -> int:
    """Wait until ``scope`` holds ``at_least`` charts and every one of them is drawn
    (``.vega-embed .marks``, also for each workbench chart widget ``.wb-chart``);
    returns how many there are."""
    return page.wait_for_function(
        """([scope, n]) => {
             const all = s => [...document.querySelectorAll(scope.split(',').map(
                 x => x.trim() + ' ' + s).join(','))];
             const charts = [...new Set([...all('.vega-embed'), ...all('.wb-chart')])];
             const drawn = charts.every(c => c.querySelector('.marks'));
             const count = Math.max(all('.vega-embed').length, all('.wb-chart').length);
             return count >= n && drawn ? {count} : false; }""",
        arg=[scope, at_least], timeout=timeout).json_value()["count"]


#: Charts a notebook draws at least (a notebook not listed must draw every chart it has).
MIN_CHARTS = {"01": 1, "02": 1, "03": 4, "04": 5}
BROKEN = ("JavaScript Error", "Error loading script", "Traceback (most recent call last)")
STUDENT = "学生甲"  # what the lab_server fixture's work/.student says
#: Folders a notebook may write in the work folder besides the student's own.
SHARED_FOLDERS = {"teams", "imported"}


def ran_clean(lab: Lab, path: str) -> str:
    """The checks every notebook gets after *Run All* in JupyterLab (whichever test runs it:
    one run per notebook, see tests/browser/test_notebooks_lab.py): no error or warning
    output, every chart drawn, none showing altair's "JavaScript Error", Chinese in the
    outputs drawn with a real font, and nothing written under another student's name.
    Screenshot: test-artifacts/lab-<notebook>.png. Returns the outputs' text."""
    name = Path(path).name
    page = lab.page
    panel = ".jp-NotebookPanel:not(.lm-mod-hidden)"
    wait_charts_drawn(page, panel, at_least=MIN_CHARTS.get(name[:2], 0), timeout=90_000)
    outputs = page.locator(f"{panel} .jp-OutputArea-output")
    assert outputs.count() > 0
    text = "\n".join(outputs.all_inner_texts())
    assert error_outputs(page) == [], f"{name}: error output"
    assert not [b for b in BROKEN if b in text], f"{name}: {text[:500]}"
    assert has_chinese(text), f"{name}: no Chinese in the outputs"
    assert chinese_glyphs_differ(page), "Chinese is drawn as boxes: install fonts-noto-cjk"
    folders = {p.name for p in lab.server.work.iterdir() if p.is_dir()} - SHARED_FOLDERS
    assert folders <= {STUDENT}, f"{name}: one name, one journal folder: {folders}"
    lab.shot(f"lab-{Path(name).stem}", page.locator(panel))
    return text


def has_chinese(text: str) -> bool:
    return re.search(r"[\u4e00-\u9fff]", text) is not None


def chinese_glyphs_differ(page) -> bool:
    """Chinese renders with a font, not boxes: "中" and "国" give different pixels."""
    page.evaluate("""() => ['中', '国'].forEach((c, i) => { const s = document.createElement('span');
        s.className = 'wb-probe'; s.textContent = c;
        s.style.cssText = `font-size:48px;position:fixed;top:0;left:${i * 80}px;` +
                          'background:#fff;color:#000;z-index:9999';
        document.body.append(s); })""")
    probes = page.locator("span.wb-probe")
    first, second = probes.nth(0).screenshot(), probes.nth(1).screenshot()
    page.evaluate("() => document.querySelectorAll('span.wb-probe').forEach(s => s.remove())")
    return first != second


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
    lab_server.shutdown_kernels()


def voila_available() -> None:
    try:
        import voila  # noqa: F401
    except ImportError:
        _unavailable("Voila is not installed: pip install 'voila>=0.5,<0.6'")


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory, chromium):
    voila_available()
    server = VoilaServer(tmp_path_factory.mktemp("voila"))
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def new_app_page(chromium, server: VoilaServer, viewport=None) -> AppPage:
    context = chromium.new_context(viewport=viewport or {"width": 1366, "height": 768},
                                   locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    return AppPage(page, server)


@pytest.fixture
def app_page(chromium, voila_server, request):
    helper = new_app_page(chromium, voila_server)
    yield helper
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        helper.shot(f"FAILED-{request.node.name}")
    helper.page.context.close()


@pytest.fixture(scope="session")
def kit() -> SimpleNamespace:
    """This file's constants, classes and checks for the test modules (a conftest cannot
    be imported under ``--import-mode=importlib``): ``kit.error_outputs(page)`` etc."""
    return SimpleNamespace(
        REPO=REPO, ARTIFACTS=ARTIFACTS, VOILA_FLAGS=VOILA_FLAGS, AppPage=AppPage,
        LabServer=LabServer, Lab=Lab,
        VoilaServer=VoilaServer, new_app_page=new_app_page, voila_available=voila_available,
        error_outputs=error_outputs, wait_charts_drawn=wait_charts_drawn,
        has_chinese=has_chinese, chinese_glyphs_differ=chinese_glyphs_differ,
        ran_clean=ran_clean, STUDENT=STUDENT)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
