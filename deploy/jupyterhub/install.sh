#!/usr/bin/env bash
# Install (or update) the workbench into the class's shared environment, as root:
#   deploy/jupyterhub/install.sh [ENV]        (default ENV: /opt/workbench/venv)
# One environment for every user, made from the system's Python so that every Unix user can
# run it (a Python under /root or a home folder is not readable by students). The hub runs
# from it too. Re-running after `git pull` reinstalls the package itself (fast); the
# dependencies are reinstalled only when pyproject.toml changed.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
ENV="${1:-/opt/workbench/venv}"
PY="${SYSTEM_PYTHON:-/usr/bin/python3}"
umask 022
[ -x "$ENV/bin/python" ] || "$PY" -m venv "$ENV"
stamp="$ENV/.pyproject-$(sha256sum "$REPO/pyproject.toml" | cut -c1-12)"
if [ ! -e "$stamp" ]; then
  "$ENV/bin/python" -m pip install -q --upgrade pip
  "$ENV/bin/python" -m pip install -q "$REPO[hub]"
  rm -f "$ENV"/.pyproject-*
  touch "$stamp"
else
  "$ENV/bin/python" -m pip install -q --no-deps --force-reinstall "$REPO"
fi
echo "workbench installed in $ENV ($("$ENV/bin/python" -c 'import workbench, sys; print(sys.version.split()[0])'))"
