# Two commands: `make run` (set up, load real data and demo users, serve) and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1:8000
# The suite uses both cores; CI and a laptop alike.
PYTEST_WORKERS ?= 2

.PHONY: run test setup system-deps oidc-provider messages lint clean screenshots benchmark

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ needed"'
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "python3-venv is missing; installing it with apt"; \
	  apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	@touch $@

setup: $(VENV)/.installed
	@mkdir -p var  # the SQLite database; the broker makes its own folders (config/celery.py)

# The suite's OpenID provider (tests/oidc_provider: the npm package oidc-provider, pinned by
# its package-lock.json), installed with `npm ci` when missing or when the lock changes.
OIDC_PROVIDER := tests/oidc_provider
$(OIDC_PROVIDER)/node_modules/.package-lock.json: $(OIDC_PROVIDER)/package-lock.json
	cd $(OIDC_PROVIDER) && npm ci --no-audit --no-fund --loglevel=error

oidc-provider: system-deps $(OIDC_PROVIDER)/node_modules/.package-lock.json

# System libraries WeasyPrint needs (Pango), pdftotext for reading PDFs back in tests, and
# Debian's Chromium for the browser tests, Node.js and npm for the suite's OpenID provider
# (oidc-provider 9 runs on Node 20.19 and later). Installed with apt only when missing; never a
# downloaded browser.
system-deps:
	@missing=""; \
	ldconfig -p 2>/dev/null | grep -q libpango-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -qi dejavu || missing="$$missing fonts-dejavu-core"; \
	command -v node >/dev/null || missing="$$missing nodejs"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing with apt:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# The server and real Celery workers beside it, on the file-system broker under var/broker:
# nothing else needs to run, and no page waits for a background job. One worker (with beat)
# takes the jobs people watch, another the documents, so that a run started at once does not
# wait behind the demo's backlog of agreement PDFs (config/queues.py). Links in e-mails and
# calendars follow HOST. Ctrl-C stops them all.
QUEUE := $${TASK_QUEUE:-celery}
run: setup
	DEBUG=on $(PY) manage.py migrate --noinput
	DEBUG=on $(PY) manage.py load_reference_data
	DEBUG=on $(PY) manage.py seed_demo
	@echo "Serving http://$(HOST)/ - demo users: coordinator, finance, helsinki, helmet, vaasa, narpes, jyvaskyla (password: demo)"
	@echo "coordinator and finance also give a code: DEBUG=on $(PY) manage.py demo_code prints it"
	@export DEBUG=on SITE_URL=http://$(HOST); \
	$(PY) -m celery -A config worker -n jobs@%h -Q $(QUEUE) --beat \
	  --schedule var/celerybeat-schedule --concurrency 1 --loglevel WARNING & jobs=$$!; \
	$(PY) -m celery -A config worker -n documents@%h -Q $(QUEUE).documents \
	  --concurrency 1 --loglevel WARNING & documents=$$!; \
	trap 'kill $$jobs $$documents 2>/dev/null; wait $$jobs $$documents 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST)

test: setup system-deps oidc-provider
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: setup
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports

# Regenerate the translation catalogs after changing strings; the compiled .mo files are
# committed so that a machine without gettext has them.
messages: setup
	$(PY) manage.py makemessages -l fi -l sv --no-obsolete --ignore=.venv --ignore=var --ignore=tests/oidc_provider --ignore=node_modules
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var $(OIDC_PROVIDER)/node_modules

# Screenshots for the README, of the demo database set up by `make run`.
screenshots: setup system-deps
	DEBUG=on $(PY) manage.py migrate --noinput -v0
	DEBUG=on $(PY) manage.py load_reference_data
	DEBUG=on $(PY) manage.py seed_demo
	$(PY) docs/screenshots.py

# Every benchmark runs; the target exits non-zero at the end when one of them missed a target.
benchmark: setup
	@failed=""; \
	for b in list_pages survey_pages agreement_documents invoice_run invoice_run_workers payment_import; do \
	  $(PY) benchmarks/$$b.py || failed="$$failed $$b"; \
	done; \
	CACHE_URL=$${CACHE_URL:-rediscache://127.0.0.1:6379/5} $(PY) benchmarks/eligibility.py || failed="$$failed eligibility"; \
	if [ -n "$$failed" ]; then echo "benchmarks that missed a target or failed:$$failed"; exit 1; fi
