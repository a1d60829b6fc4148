# The two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FRONTEND := nas/static/vendor/.built
PORT ?= 8000
# The DfE's SSDA903 validator, in its own virtual environment: it pins an old
# pandas that must never meet the service's own dependencies.
VALIDATOR_903 := csc-validator-be-903==0.1.17
VENV_903 := .venv-903
STAMP_903 := $(VENV_903)/.installed-0.1.17

.PHONY: build serve audit bench-production run test test-sqlite test-postgres test-fast lint bench messages check-messages browser-deps install frontend validator-903 clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

$(STAMP_903):
	test -d $(VENV_903) || $(PYTHON) -m venv $(VENV_903)
	$(VENV_903)/bin/pip install --quiet $(VALIDATOR_903)
	touch $@

validator-903: $(STAMP_903)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# GOV.UK Frontend is compiled from npm at build time, with our own settings
# (no GDS Transport typeface, no crown), and its assets copied beside it.
$(FRONTEND): node_modules/.package-lock.json frontend/nas.scss
	mkdir -p nas/static/vendor/govuk
	npx --no-install sass --load-path=node_modules --style=compressed --no-source-map --quiet frontend/nas.scss nas/static/vendor/nas.css
	cp -r node_modules/govuk-frontend/dist/govuk/assets nas/static/vendor/govuk/
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js nas/static/vendor/govuk/
	touch $@

frontend: $(FRONTEND)

# What a deployment runs: the dependencies, the compiled frontend, and the
# static files collected, compressed and hashed into staticfiles/ for
# whitenoise (a production server will not start without them).
build: $(STAMP) $(FRONTEND)
	STATIC_FILES_HASHED=true $(BIN)/python manage.py collectstatic --no-input --verbosity 0

# The production processes of the Procfile (gunicorn and the task worker) with
# honcho, on PORT (8000), configured by the environment (docs/operations.md).
serve: build
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start

# Known vulnerabilities in the pinned dependencies (pip-audit; needs the
# vulnerability database online, see docs/operations.md).
audit: $(STAMP)
	$(BIN)/python -m nas.operations.audit_dependencies

# Compiled Welsh catalogues are committed; this refreshes them from the .po files.
messages: $(STAMP)
	$(BIN)/python -m nas.core.check_messages --refresh
	cd nas && ../$(BIN)/django-admin compilemessages --locale=cy --ignore='static/*'

check-messages: $(STAMP)
	$(BIN)/python -m nas.core.check_messages

# Debian's chromium for the browser tests (never a downloaded browser), and
# gettext's msgfmt for the Welsh catalogue checks.
browser-deps:
	@missing=""; command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

run: $(STAMP) $(FRONTEND)
	$(BIN)/python manage.py migrate --no-input
	# The national data first: the demonstration's submitted return freezes the figures
	# as they are when it is seeded, and must see the same records as the dashboard.
	$(BIN)/python manage.py generate_national_data --years 10 --scale 1 --seed 42 --skip-existing
	$(BIN)/python manage.py seed_demo --address http://127.0.0.1:$(PORT)/
	# The task worker (with the heartbeat /readyz reads) and the scheduler run beside
	# the web server and stop with it; emails are written to var/mail/ (EMAIL_DELIVERY=file).
	DEMO_MODE=true SERVICE_URL=http://127.0.0.1:$(PORT) $(BIN)/python manage.py worker & worker=$$!; \
	DEMO_MODE=true SERVICE_URL=http://127.0.0.1:$(PORT) $(BIN)/python manage.py scheduler & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	DEMO_MODE=true $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(STAMP) $(FRONTEND) browser-deps $(STAMP_903)
	$(BIN)/python manage.py makemigrations --check --dry-run > /dev/null
	$(BIN)/pytest -n 2 -q

# The same suite against PostgreSQL (the production database).
test-postgres: $(STAMP) $(FRONTEND) browser-deps $(STAMP_903)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/nas} $(BIN)/pytest -n 2 -q

lint: $(STAMP)
	$(BIN)/ruff check nas tests bench
	$(BIN)/ruff format --check nas tests bench
	$(BIN)/mypy nas

bench: $(STAMP)
	$(BIN)/python -m bench

# Production demonstrations (minutes each; never in `make test`): two servers
# sharing PostgreSQL and Redis, 50 users for 5 minutes, the database and Redis
# stopped under load, reports read from a streaming replica. They run on a
# PostgreSQL cluster of their own on port 5442 (and 5443), never the shared one.
bench-production: $(STAMP) $(FRONTEND)
	$(BIN)/python -m bench two_servers load_test faults replica

clean:
	rm -rf $(VENV) $(VENV_903) node_modules nas/static/vendor staticfiles var
