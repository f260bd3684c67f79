"""The Voila app keeps one kernel per open page: reloading never leaves kernels behind.

Voila shuts a page's kernel down with a beacon on ``beforeunload``; the beacon carries no
``_xsrf`` argument, so with the default settings every reload left a ~300 MB kernel running
(``403 POST /voila/api/shutdown/…``). app/voila.json lets that request through and culls
idle kernels as a backstop.
"""

from __future__ import annotations

import json
import subprocess
import time

import pytest

pytestmark = pytest.mark.browser

#: Each reload renders the whole app (~20 s in CI). Two show the count stays flat: were the
#: first page's kernel left running, the count would grow at the first reload already.
RELOADS = 2


def _kernels(server) -> int:
    """Kernels the app's Voila process has started and not yet shut down."""
    found = subprocess.run(["pgrep", "-P", str(server.proc.pid), "-f", "ipykernel"],
                           capture_output=True, text=True).stdout.split()
    return len(found)


def _settle(server, at_most: int, timeout: float = 20) -> int:
    deadline = time.monotonic() + timeout
    while (count := _kernels(server)) > at_most and time.monotonic() < deadline:
        time.sleep(0.5)
    return count


def test_reloading_the_app_keeps_the_kernel_count_flat(app_page, voila_server):
    app_page.open(case="kfc-uk-2018", lang="en")
    before = _settle(voila_server, at_most=1)
    counts = []
    for _ in range(RELOADS):
        app_page.page.reload()
        app_page.app.wait_for(state="attached", timeout=90_000)
        counts.append(_settle(voila_server, at_most=before))
    assert counts == [before] * RELOADS, f"kernels after each reload: {counts} (first page: {before})"
    assert "403 POST /voila/api/shutdown" not in voila_server.log.read_text(errors="replace")


def test_the_app_config_shuts_kernels_down_and_culls_idle_ones(kit):
    config = json.loads((kit.REPO / "app" / "voila.json").read_text(encoding="utf-8"))
    assert config["Voila"]["tornado_settings"]["disable_check_xsrf"] is True
    assert config["MappingKernelManager"]["cull_idle_timeout"] > 0
    assert config["KernelManager"]["transport"] == "ipc"  # no "TCP without encryption" warning
