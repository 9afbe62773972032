# The two commands: `make run` (a working site with demo content) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEV := DJANGO_SETTINGS_MODULE=website.settings.dev

.PHONY: run test test-sqlite lint format install messages compilemessages check-deploy clean bench-forms bench bench-submissions bench-sign-in bench-hostile-files bench-newsletter-timing audit

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

compilemessages: install
	$(PY) manage.py compilemessages --ignore=.venv --verbosity=0

# A working site on SQLite with its background worker, in the foreground; Ctrl-C stops both.
run: export PUBLIC_BASE_URL ?= http://127.0.0.1:$(PORT)
run: compilemessages
	$(DEV) $(PY) manage.py migrate --verbosity=0
	$(DEV) $(PY) manage.py load_demo_content
	@echo "Serving on http://127.0.0.1:$(PORT)/ (Ctrl-C stops the server and the worker)"
	@echo "Admin: http://127.0.0.1:$(PORT)/admin/  demo inbox member (local use only):"
	@echo "  username: inbox-demo   password: demo inbox password, local use only"
	@echo "  second factor: .venv/bin/python manage.py demo_totp prints the current code (local use only)"
	@echo "Mail sent by the site is written to sent-mail/ (one .eml file each; one console line per mail)"
	@$(DEV) $(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV) $(PY) manage.py runserver --noreload 127.0.0.1:$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Lint, migrations check, then the whole suite against a throwaway PostgreSQL cluster.
test: lint compilemessages
	DJANGO_SETTINGS_MODULE=website.settings.test $(PY) manage.py makemigrations --check --dry-run
	scripts/with-postgres $(PY) -m pytest $(PYTEST_ARGS)

# The same suite on SQLite.
test-sqlite: compilemessages
	DJANGO_SETTINGS_MODULE=website.settings.test $(PY) -m pytest $(PYTEST_ARGS)

# Refresh the UI catalogues after changing templates or Python strings.
messages: install
	for lang in fr es ru ar fa pt; do $(PY) manage.py makemessages -l $$lang --ignore=.venv --ignore=test-artifacts; done

check-deploy: install
	SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') ALLOWED_HOSTS=example.org \
	PUBLIC_BASE_URL=https://example.org TRUSTED_PROXY_HOPS=1 \
	DJANGO_SETTINGS_MODULE=website.settings.production $(PY) manage.py check --deploy --fail-level WARNING

# Time to accept and seal one submission through the form page, on a throwaway PostgreSQL.
bench-forms: compilemessages
	DJANGO_SETTINGS_MODULE=website.settings.test DEMO_APPS=forms scripts/with-postgres sh -c \
	  '$(PY) manage.py migrate --verbosity=0 && $(PY) manage.py load_demo_content --verbosity=0 && $(PY) manage.py bench_submissions'

# 16 clients send support requests for 60 s to gunicorn + PostgreSQL: accepted/s, p50/p99, sent = stored.
bench-submissions: compilemessages
	PG_DURABLE=1 scripts/with-postgres $(PY) scripts/bench_submissions.py

bench-sign-in: install
	DJANGO_SETTINGS_MODULE=website.settings.test scripts/with-postgres $(PY) scripts/bench_sign_in.py

# Each hostile upload (forms/tests/hostile_files.py) posted to gunicorn: the server's peak memory growth
# and the time to answer (goal: at most 100 MB and 2 s each).
bench-hostile-files: compilemessages
	scripts/with-postgres $(PY) scripts/bench_hostile_files.py

# Requests per second, latency, SQL queries and bytes of each kind of page, cached and uncached, against
# the ceiling of this stack: gunicorn (production settings) on a throwaway PostgreSQL, measured with wrk.
bench: compilemessages
	env -u DATABASE_URL -u REDIS_URL scripts/with-postgres $(PY) scripts/bench.py

# Median time of the newsletter signup for unknown, pending and subscribed addresses (goal: within 10 %).
bench-newsletter-timing: compilemessages
	env -u DATABASE_URL PG_DURABLE=1 scripts/with-postgres $(PY) scripts/bench_newsletter_timing.py

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm static_collected test-artifacts sent-mail

# Lighthouse's four scores (goal: 100) for each page type in English and Arabic, phone and desktop, against
# gunicorn with production settings on a throwaway PostgreSQL; Lighthouse 12.2 (Node 20) from npm, Debian's Chromium.
audit: compilemessages
	npm install --prefix .audit --no-save --no-audit --no-fund --silent -E lighthouse@12.2.3
	env -u DATABASE_URL -u REDIS_URL scripts/with-postgres $(PY) scripts/audit.py
