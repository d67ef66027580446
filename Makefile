# hoithi: the two commands of the README, and their parts.
#   make run    install into .venv, migrate, load demo data on first start, start Redis + a worker + the web server
#   make test   install with the dev extras, then ruff, mypy and pytest (on a private Redis started for the run,
#               unless HOITHI_TEST_REDIS_URL names one: the tests flush it)
#   make test-fast  the same without the tests marked slow (sandboxes, judge workers, browsers, `hoithi up`)
#   make lock   re-resolve the lock files from pyproject.toml (after changing a dependency there)
#
# Installing takes the exact versions and hashes of requirements.lock (requirements-dev.lock for the dev set), then
# the project itself without dependencies: every build installs the same files, and pip refuses any other.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: run test test-fast lint typecheck pytest pytest-fast translations static-gz image scratch-runtime lock clean bench-judge bench-contest

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "python3-venv is missing; installing it (needs root)"; \
	  apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml requirements-dev.lock | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r requirements-dev.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@ $(VENV)/.installed

# PORT=5001 serves on another port than 5000 (one another program holds, say).
run: $(VENV)/.installed
	$(BIN)/hoithi up $(if $(PORT),--port $(PORT))

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy

pytest: $(VENV)/.dev-installed
	$(BIN)/pytest $(PYTEST_ARGS)

# Everything, as CI runs it.
test: lint typecheck pytest

# A developer's quick run: the tests marked slow are left out (CI runs them with `make test`).
pytest-fast: $(VENV)/.dev-installed
	$(BIN)/pytest -m "not slow" $(PYTEST_ARGS)

test-fast: lint typecheck pytest-fast

# Re-extract the interface's strings after changing them; translators then edit app/translations/*/LC_MESSAGES.
translations: $(VENV)/.dev-installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 -o app/translations/messages.pot .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations
	$(BIN)/pybabel compile -d app/translations

# The gzip copies of the static files that nginx sends (app/static_gzip.py): after changing a stylesheet or a script.
static-gz:
	$(PYTHON) -m app.static_gzip

# The sandbox's runner image, built offline (debootstrap + docker import) when no registry answers.
image: $(VENV)/.installed
	$(BIN)/hoithi sandbox build-image

# The Scratch runtime (scratch-vm from sandbox/scratch/package-lock.json, `npm ci`) where a bubblewrap sandbox finds
# it, /usr/local/lib/hoithi-scratch (needs root; nothing is done when it is already this one). The image has its own.
scratch-runtime:
	@command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq npm; }
	$(PYTHON) -m sandbox.scratch

# The lock files, resolved from PyPI alone (this machine's pip settings ignored, so that the hashes are PyPI's) with
# pip-tools; the dev set is held to the runtime set's versions. A test checks that they satisfy pyproject.toml.
LOCK_FLAGS := --quiet --generate-hashes --allow-unsafe --strip-extras --newline=lf \
	--index-url=https://pypi.org/simple --no-emit-index-url --no-emit-find-links
LOCK_ENV := env -u PIP_FIND_LINKS -u PIP_CONSTRAINT -u PIP_EXTRA_INDEX_URL -u PIP_INDEX_URL PIP_CONFIG_FILE=/dev/null
# `make lock LOCK_ARGS=--upgrade` moves every pin to the newest release; by default the current pins stay.
LOCK_ARGS ?=
lock: | $(BIN)/python
	$(BIN)/pip install -q "pip-tools>=7.4"
	$(LOCK_ENV) $(BIN)/pip-compile $(LOCK_FLAGS) $(LOCK_ARGS) \
	  --output-file=requirements.lock pyproject.toml
	$(LOCK_ENV) $(BIN)/pip-compile $(LOCK_FLAGS) $(LOCK_ARGS) \
	  --extra=dev --constraint=requirements.lock --output-file=requirements-dev.lock pyproject.toml

# The judge beside bare runs and DMOJ's judge (if /tmp/dmoj-venv has it), and its throughput: one table.
bench-judge: $(VENV)/.installed
	$(BIN)/python -m bench.judge_speed

# A programming contest's start: 10,000 contestants against gunicorn + PostgreSQL + Redis, played by Locust (some
# 10 minutes; docs/operations.md says how to read it). The database and Redis database named are emptied first.
BENCH_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/hoithi_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/13
BENCH_ARGS ?=
bench-contest: $(VENV)/.dev-installed
	$(BIN)/python -m bench.contest_start --database-url $(BENCH_DATABASE_URL) --redis-url $(BENCH_REDIS_URL) $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
