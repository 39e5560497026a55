# MPKj fee site. Each target installs what it needs: .venv (requirements-dev.lock), node_modules (npm ci),
# and, for the tests, a Chromium (tests/ensure_chromium.sh) and the Firefox ESR and WebKitGTK of the engine smoke
# tests (tests/ensure_engines.sh). Stamp files keep repeated runs fast.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
VENV_STAMP := $(VENV)/.mpkj-installed
NODE_STAMP := node_modules/.mpkj-installed
CHROMIUM_STAMP := $(VENV)/.mpkj-chromium
ENGINES_STAMP := $(VENV)/.mpkj-engines

export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test test-webkit site offline bench fuzz

serve: site
	@echo "Serving site/ on http://127.0.0.1:8000 (Ctrl-C to stop)"
	$(PY) -m http.server 8000 --bind 127.0.0.1 --directory site

test: $(VENV_STAMP) $(NODE_STAMP) $(CHROMIUM_STAMP) $(ENGINES_STAMP)
	$(PY) -m ruff check .
	npm run --silent lint
	$(PY) -m pytest

# The offline zip in WebKitGTK's MiniBrowser alone (make test runs it too: MicroPython starts in well under a second,
# where Pyodide's start could outlast fees.js's watchdog on a busy machine; see tests/browser/test_engines.py).
test-webkit: $(VENV_STAMP) $(NODE_STAMP) $(CHROMIUM_STAMP) $(ENGINES_STAMP)
	MPKJ_WEBKIT=1 $(PY) -m pytest tests/browser/test_engines.py -k webkit

site: $(VENV_STAMP) $(NODE_STAMP)
	env -u MPKJ_OFFLINE $(PY) -m mkdocs build --strict --clean --site-dir site

offline: $(VENV_STAMP) $(NODE_STAMP)
	MPKJ_OFFLINE=true $(PY) -m mkdocs build --strict --clean --site-dir build/offline-site
	$(PY) -m site_scripts.assets.offline_zip build/offline-site dist/mpkj-fees-offline.zip

# The full fuzz run of calc.estimate (make test runs a 600-example sample of the same tests).
fuzz: $(VENV_STAMP)
	MPKJ_FUZZ_EXAMPLES=10000 $(PY) -m pytest tests/fuzz

# BENCH_ARGS: e.g. `make bench BENCH_ARGS="--runs 2 --update-docs"` (python -m bench --help).
BENCH_ARGS ?=
bench: $(VENV_STAMP) $(NODE_STAMP) $(CHROMIUM_STAMP)
	$(PY) -m bench $(BENCH_ARGS)

# The [dev] requirements come from requirements-dev.lock, every file checked against its sha256 (regenerate the lock
# with `python3 .ci/lock_requirements.py` after changing a version in pyproject.toml; tests/ci checks they agree).
# Then the project itself, editable and without dependencies (calc has none), built by the locked setuptools
# (--no-build-isolation): calc, site_scripts and bench import as installed packages; nothing edits sys.path.
$(VENV_STAMP): requirements-dev.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --only-binary :all: -r requirements-dev.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(CHROMIUM_STAMP): $(VENV_STAMP) tests/ensure_chromium.sh
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" bash tests/ensure_chromium.sh
	touch $@

$(ENGINES_STAMP): $(VENV_STAMP) tests/ensure_engines.sh
	bash tests/ensure_engines.sh
	touch $@
