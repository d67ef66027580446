# hoithi: the two commands of the README, and their parts.
#   make run    install into .venv, migrate, load demo data on first start, start Redis + a worker + the web server
#   make test   install with the dev extras, then ruff, mypy and pytest (a private Redis is started if none answers)
#   make test-fast  the same without the tests marked slow (sandboxes, judge workers, browsers, `hoithi up`)

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: run test test-fast lint typecheck pytest pytest-fast translations image clean

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "python3-venv is missing; installing it (needs root)"; \
	  apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[dev]"
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/hoithi up

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

# The sandbox's runner image, built offline (debootstrap + docker import) when no registry answers.
image: $(VENV)/.installed
	$(BIN)/hoithi sandbox build-image

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
