# Two commands on a fresh machine: `make build` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: build preview serve test test-fast lint format clean check launch-check new-event \
	schema-doc venv properdocs-venv build-properdocs compare-properdocs

# $(call install_venv,DIR,REQUIREMENTS): create the venv DIR if missing, install the pinned
# packages, and make civic_site/ and scripts/ importable from hooks and tests without
# installing them.
define install_venv
	@test -x $(1)/bin/python || $(PYTHON) -m venv $(1)
	$(1)/bin/python -m pip install --quiet --disable-pip-version-check -r $(2)
	$(1)/bin/python -c "import sysconfig; print(sysconfig.get_paths()['purelib'])" \
		| xargs -I{} sh -c 'echo "$(CURDIR)" > {}/civic-coding-site.pth'
endef

# The venv is rebuilt whenever a requirements file changes.
$(BIN)/.build-stamp: requirements.txt
	$(call install_venv,$(VENV),requirements.txt)
	@touch $@

$(BIN)/.test-stamp: $(BIN)/.build-stamp requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

# Only the venv (what .devcontainer/devcontainer.json runs when a Codespace is created).
venv: $(BIN)/.build-stamp

# Every language in a process of its own (civic_site/parallel_build.py): the same files as
# `mkdocs build --strict --clean --site-dir site`, byte for byte (tests/test_parallel_build.py).
build: $(BIN)/.build-stamp
	$(BIN)/python -m scripts build --strict --site-dir site

# The site as a folder that opens from disk by double-click (preview/index.html): file URLs,
# search without a server (mkdocs.preview.yml). CI builds it for every pull request. It needs
# the iframe-worker shim from npm; `npm ci --omit=dev` installs only that, and only if missing.
preview: $(BIN)/.build-stamp | node_modules/iframe-worker/package.json
	$(BIN)/mkdocs build --strict --clean -f mkdocs.preview.yml --site-dir preview

node_modules/iframe-worker/package.json:
	npm ci --omit=dev

# The live preview: a wrapper around `mkdocs serve` that survives a broken file at startup,
# repeats the error message on every failed rebuild and reloads changed civic_site/ and
# hooks/ code (scripts/serve_cmd.py). HOST=0.0.0.0 in a Codespace (.devcontainer/).
serve: $(BIN)/.build-stamp
	$(BIN)/python -m scripts serve --dev-addr $(or $(HOST),127.0.0.1):$(or $(PORT),8000)

# Editor commands (REDAKTION.md): check all content in a second (CI: ARGS="--format github");
# create an event file (asks for what is missing; flags via ARGS="--title … --start …").
check: $(BIN)/.build-stamp
	$(BIN)/python -m scripts check $(ARGS)

# Before going live: every value marked UNBESTÄTIGT (README, "Vor dem Start"); exits 1
# while any remain. Builds and tests keep working meanwhile.
launch-check: $(BIN)/.build-stamp
	$(BIN)/python -m scripts launch-check

new-event: $(BIN)/.build-stamp
	$(BIN)/python -m scripts new-event $(ARGS)

schema-doc: $(BIN)/.build-stamp
	$(BIN)/python -m scripts schema-doc

lint: $(BIN)/.test-stamp
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.test-stamp
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: $(BIN)/.test-stamp lint
	$(BIN)/python -m tests.system_deps
	$(BIN)/python -m pytest

# The inner loop: unit tests and tests that share one build, no browser, no pretix
# server, no extra full builds (tests marked `slow`). Under a minute on 2 cores.
test-fast: $(BIN)/.test-stamp
	$(BIN)/python -m pytest -q -m "not browser and not pretix and not slow"

# ProperDocs, the continuation of MkDocs 1.x (README, "Switching to ProperDocs"): the same
# mkdocs.yml built by `properdocs`, from a venv of its own so that .venv stays exactly
# requirements.txt. `compare-properdocs` builds with both and lists the files that differ.
PROPERDOCS_VENV := .cache/properdocs/venv

$(PROPERDOCS_VENV)/.build-stamp: requirements.txt requirements-properdocs.txt
	$(call install_venv,$(PROPERDOCS_VENV),requirements-properdocs.txt)
	@touch $@

properdocs-venv: $(PROPERDOCS_VENV)/.build-stamp

build-properdocs: $(PROPERDOCS_VENV)/.build-stamp
	$(PROPERDOCS_VENV)/bin/properdocs build --strict --clean -f mkdocs.yml --site-dir site

compare-properdocs: $(BIN)/.build-stamp $(PROPERDOCS_VENV)/.build-stamp
	$(BIN)/python -m benchmarks.properdocs_compare

clean:
	rm -rf site preview .pytest_cache .ruff_cache
	rm -rf "$${XDG_CACHE_HOME:-$$HOME/.cache}/civic-coding/jinja"
