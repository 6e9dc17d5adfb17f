# The TRINNO portal's two commands:
#   make run    set everything up and serve http://127.0.0.1:8000/ on the embedded default
#   make test   set everything up, then ruff and the whole test suite (browser tests included;
#               E2E=0 make test skips them, and says so)
# Every step is guarded by a stamp or is itself idempotent: running either twice is safe and fast.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
E2E ?= 1
# Test processes: the suite mostly waits on browsers and databases, so two workers on a
# two-core machine halve its time. PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= 2
CHROMIUM := /usr/bin/chromium
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: run test setup deps assets messages database chromium lint makemessages bench clean

run: setup
	@echo "TRINNO portal on http://127.0.0.1:8000/ (demo accounts: see README.md)"
	$(PY) manage.py runserver 127.0.0.1:8000

test: setup chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
ifeq ($(E2E),0)
	@echo "E2E=0: browser tests (marker e2e) are skipped on request."
	$(BIN)/pytest -n $(PYTEST_WORKERS) -m "not e2e and not integration" $(PYTEST_ARGS)
else
	$(BIN)/pytest -n $(PYTEST_WORKERS) -m "not integration" $(PYTEST_ARGS)
endif

setup: deps xmlsec1 assets messages database

# SPID and CIE (pysaml2) sign and verify XML with xmlsec1, from Debian.
.PHONY: xmlsec1
xmlsec1:
	@command -v xmlsec1 >/dev/null || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing xmlsec1 (SAML signatures for SPID and CIE) with apt-get..."; \
			apt-get update -qq && apt-get install -y -qq xmlsec1 >/dev/null; \
		else \
			echo "xmlsec1 is missing: install it (sudo apt-get install -y xmlsec1, or brew install libxmlsec1)." >&2; exit 1; \
		fi; }

deps: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (found: $$($(PYTHON) --version))." >&2; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock ".[test]"
	touch $@

# Front-end packages come from the npm registry; settings.STATICFILES_DIRS serves them
# from node_modules, where collectstatic finds them too.
assets: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "Node.js and npm are needed: https://nodejs.org/ (or apt-get install -y nodejs npm)." >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

messages: gettext $(MO_FILES)
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	msgfmt --check-format -o $@ $<

.PHONY: gettext
gettext:
	@command -v msgfmt >/dev/null || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing gettext (msgfmt) with apt-get..."; \
			apt-get update -qq && apt-get install -y -qq gettext >/dev/null; \
		else \
			echo "msgfmt is missing: install gettext (sudo apt-get install -y gettext, or brew install gettext)." >&2; exit 1; \
		fi; }

database: deps
	@mkdir -p var
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py load_portal_data --demo
	$(PY) manage.py spid_registry_load --if-missing --file fixtures/spid/idp-registry.sample.xml

chromium:
ifeq ($(E2E),0)
	@true
else
	@test -x $(CHROMIUM) || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's Chromium for the browser tests..."; \
			apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "Browser tests need Chromium at $(CHROMIUM): sudo apt-get install -y chromium," >&2; \
			echo "or run 'E2E=0 make test' to skip them explicitly." >&2; exit 1; \
		fi; }
endif

lint: deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Extract the strings to translate; then fill locale/it and run `make messages`.
makemessages: deps
	$(PY) manage.py makemessages -l it -l en --no-obsolete --ignore=.venv --ignore=node_modules --ignore=var
	msgen -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po

# Benchmarks at regional scale (docs/performance.md): PostgreSQL and Redis on 127.0.0.1,
# gunicorn and a Celery worker started and stopped by the bench. Not part of `make test`.
#   make bench                          10,000 and 1,000,000 applications (long)
#   make bench BENCH_ARGS="--tiny"      the small variant that .ci/run runs
# The bench measures behind nginx, as production runs (deploy/nginx); from Debian.
bench: setup
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's nginx for the bench's proxy..."; \
			apt-get update -qq && apt-get install -y -qq nginx >/dev/null; \
		else \
			echo "nginx is missing (sudo apt-get install -y nginx): the bench measures without it."; \
		fi; }
	$(PY) -m tests.bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules var/db.sqlite3* $(MO_FILES)
