# habiflow developer entry points. CI runs `make test` (see .ci/run).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   ?= .venv
VENV_PY := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 5000
# Extra arguments: make test PYTEST_ARGS='-k foo -x', make bench BENCH_ARGS=...
PYTEST_ARGS ?=
BENCH_ARGS  ?=

# Debian packages the tests need. Add new ones here (e.g. redis-server chromium).
# A package counts as present when dpkg says it is installed, or when the probe
# `have_<package>` (a shell condition, optional) succeeds.
SYSTEM_DEPS := postgresql redis-server chromium
have_postgresql = command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1
have_redis-server = command -v redis-server >/dev/null 2>&1
have_chromium = test -x /usr/bin/chromium

.PHONY: help venv install front system-deps test lint run bench clean-venv

help:
	@echo "make install      create $(VENV) and pip install -e '.[test]' (incremental), then make front"
	@echo "make front        npm ci (from package-lock.json) and bundle admin/frontend into admin/static/build"
	@echo "make system-deps  apt-get install what the tests need: $(SYSTEM_DEPS)"
	@echo "make test         system-deps + install, then ruff, mypy, pytest (throwaway PostgreSQL)"
	@echo "make lint         ruff + mypy"
	@echo "make run          init, deploy bpmn/*.bpmn, serve on http://$(HOST):$(PORT)/"
	@echo "make bench        run the benchmarks against a throwaway PostgreSQL"

# --- Python environment ---------------------------------------------------------
venv: $(STAMP)
install: $(STAMP) front

$(VENV_PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): setup.cfg pyproject.toml | $(VENV_PY)
	PIP_DISABLE_PIP_VERSION_CHECK=1 $(VENV_PY) -m pip install -e '.[test]'
	touch $@

# --- browser code (npm) ---------------------------------------------------------
NPM_STAMP := node_modules/.installed

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

front: $(NPM_STAMP)
	npm run --silent build

clean-venv:
	rm -rf $(VENV)

# --- system packages (Debian) ---------------------------------------------------
system-deps:
	@missing=""; \
	$(foreach p,$(SYSTEM_DEPS),if ! { $(if $(have_$(p)),$(have_$(p)) ||) dpkg-query -W -f='$${Status}' $(p) 2>/dev/null | grep -q 'ok installed'; }; then missing="$$missing $(p)"; fi;) \
	if [ -z "$$missing" ]; then echo "system-deps: all present ($(SYSTEM_DEPS))"; exit 0; fi; \
	echo "system-deps: installing$$missing"; \
	command -v apt-get >/dev/null 2>&1 || { echo "system-deps: no apt-get here; install$$missing by hand" >&2; exit 1; }; \
	if [ "$$(id -u)" -eq 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; \
	else echo "system-deps: need root (or sudo) to install$$missing" >&2; exit 1; fi; \
	$$sudo apt-get update && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing

# --- checks ---------------------------------------------------------------------
test: system-deps install
	bash scripts/test.sh $(PYTEST_ARGS)

lint: install
	$(VENV_PY) -m ruff check .
	$(VENV_PY) -m mypy

# --- running --------------------------------------------------------------------
run: install
	$(VENV)/bin/habiflow init
	$(VENV)/bin/habiflow demo-data
	@shopt -s nullglob; files=(bpmn/*.bpmn); \
	if [ $${#files[@]} -gt 0 ]; then \
		echo "$(VENV)/bin/habiflow deploy $${files[*]}"; \
		$(VENV)/bin/habiflow deploy "$${files[@]}"; \
	else echo "no bpmn/*.bpmn to deploy"; fi
	$(VENV)/bin/habiflow simulate --days 365 --scale 0.1 --if-empty
	@echo
	@echo "habiflow: open http://$(HOST):$(PORT)/connexion and log in with a demo account listed"
	@echo "          above (password habiflow-demo), e.g. gardien.meaux.1 or clientele.meaux.1."
	@echo "          Ctrl-C stops the server."
	@echo
	HABIFLOW_INSECURE_COOKIES=1 $(VENV)/bin/habiflow serve --host $(HOST) --port $(PORT)

bench: system-deps install
	bash scripts/with-postgres.sh $(VENV_PY) -m bench $(BENCH_ARGS)
