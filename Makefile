# Two commands on a fresh machine: `make build` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: build serve test lint format clean check

# The venv is rebuilt whenever a requirements file changes.
$(BIN)/.build-stamp: requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@# Make civic_site/ and scripts/ importable from hooks and tests without installing them.
	$(BIN)/python -c "import sysconfig; print(sysconfig.get_paths()['purelib'])" \
		| xargs -I{} sh -c 'echo "$(CURDIR)" > {}/civic-coding-site.pth'
	@touch $@

$(BIN)/.test-stamp: $(BIN)/.build-stamp requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

build: $(BIN)/.build-stamp
	$(BIN)/mkdocs build --strict --clean --site-dir site

serve: $(BIN)/.build-stamp
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

lint: $(BIN)/.test-stamp
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.test-stamp
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: $(BIN)/.test-stamp lint
	$(BIN)/python -m tests.system_deps
	$(BIN)/python -m pytest

clean:
	rm -rf site .pytest_cache .ruff_cache
