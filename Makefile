# Two commands: `make lab` (set up + open JupyterLab) and `make test` (set up + run the whole suite).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8888
# Jupyter refuses to run as root unless told; only pass the flag when we are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: lab test lint validate app bench hub-env hub-load clean-venv

# The venv is rebuilt when pyproject.toml changes (the stamp is older than it).
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

# One install for the tests (the runtime packages are part of it: a fresh CI venv resolves
# and builds the package once, not twice).
$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[test,hub]"
	touch $(VENV)/.runtime $@

lab: $(VENV)/.runtime
	$(BIN)/jupyter lab --ip=127.0.0.1 --port=$(PORT) --ServerApp.root_dir=notebooks $(ROOT_FLAG)

# Two workers (pytest-xdist): the browser tests on one, in one session of servers, the other
# files shared out between both (conftest.py); the slowest tests are listed at the end.
test: $(VENV)/.test
	$(BIN)/ruff check .
	$(BIN)/python -m workbench validate
	$(BIN)/python -m pytest -n 2 --durations=15

lint: $(VENV)/.test
	$(BIN)/ruff check .

# The classroom app (Voila, no code): http://127.0.0.1:$(APP_PORT)/ — sources and tracebacks
# hidden, charts offline, app/voila.json + the page template in app/jupyter (no CDN links).
# `make app CASES=/srv/cases` serves an instructor's folder of cases instead of the bundled ones.
APP_PORT ?= 8866
app: $(VENV)/.runtime
	$(BIN)/jupyter trust app/workbench_app.ipynb >/dev/null  # no "not trusted" warning per page load
	cd app && $(if $(CASES),WORKBENCH_CASES="$(abspath $(CASES))") \
	  JUPYTER_PATH="$(CURDIR)/app/jupyter$${JUPYTER_PATH:+:$$JUPYTER_PATH}" \
	  "$(CURDIR)/$(BIN)/voila" workbench_app.ipynb --port=$(APP_PORT) \
	  --Voila.ip=127.0.0.1 --strip_sources=True --show_tracebacks=False --theme=light \
	  --template=workbench

validate: $(VENV)/.runtime
	$(BIN)/python -m workbench validate

# Benchmarks (not tests): start-up vs bare imports, a million-post case vs bare pandas (cold load of
# two post shapes, warm), clicks (stepper, board, lab), import vs the pyarrow CSV floor, a 10M-post
# case on disk vs a bare DuckDB GROUP BY; ratios and memory. See benchmarks/README.md.
# Each bench adds its headline results to $(BENCH_RESULTS); summary.py prints them in one table.
BENCH_RESULTS := $(CURDIR)/.bench-results.jsonl
bench: export WORKBENCH_BENCH_RESULTS = $(BENCH_RESULTS)
bench: $(VENV)/.runtime
	rm -f $(BENCH_RESULTS)
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_scale.py
	$(BIN)/python benchmarks/bench_clicks.py
	$(BIN)/python benchmarks/bench_import.py
	$(BIN)/python benchmarks/bench_sentiment.py
	$(BIN)/python benchmarks/bench_pacing.py
	$(BIN)/python benchmarks/bench_large.py
	$(BIN)/python benchmarks/summary.py $(BENCH_RESULTS)

# The class hub (deploy/jupyterhub, docs/deploy.md): the shared environment students' servers
# run from (made from the system Python, readable by every Unix user), and the load benchmark.
HUB_ENV ?= /opt/workbench-hub/venv
hub-env:
	deploy/jupyterhub/install.sh $(HUB_ENV)

hub-load: $(VENV)/.test hub-env
	$(BIN)/python deploy/load_test.py --students $(or $(N),30) --browsers 3 --user-env $(HUB_ENV)

clean-venv:
	rm -rf $(VENV)
