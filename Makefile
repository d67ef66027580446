# hoithi: the two commands of the README, and their parts.
#   make run    install into .venv, migrate, load demo data on first start, start Redis + a worker + the web server
#   make test   install with the dev extras, then ruff, mypy and pytest (on a private Redis started for the run,
#               unless HOITHI_TEST_REDIS_URL names one: the tests flush it)

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: run test lint typecheck pytest translations image clean

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

test: lint typecheck pytest

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
