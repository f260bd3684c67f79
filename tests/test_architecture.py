"""The floors of docs/architecture.md hold: lint-imports checks the layer contract, and no
module reaches into another module's ``_private`` names."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "workbench"


def test_layers_point_one_way():
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(module: str | None, level: int, here: str, is_package: bool) -> str:
    if not level:
        return module or ""
    base = here.split(".") if is_package else here.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, module] if module else base)


def test_no_module_imports_another_modules_private_names():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        here = _module_name(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom):
                continue
            source = _resolve(node.module, node.level, here, path.name == "__init__.py")
            for alias in node.names:
                if alias.name.startswith("_") and source != here:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {source}.{alias.name}")
    assert not found, "private names imported across modules:\n" + "\n".join(found)


def test_no_notebook_imports_a_submodule():
    offenders = []
    for nb in [*sorted((ROOT / "notebooks").glob("*.ipynb")), ROOT / "app" / "workbench_app.ipynb"]:
        text = nb.read_text(encoding="utf-8")
        if "from workbench." in text or "import workbench." in text:
            offenders.append(nb.name)
    assert not offenders, f"notebooks should use only wb.* names: {offenders}"
