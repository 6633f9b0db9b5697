# Two commands for a new user: `make run` (demo site on SQLite) and `make test` (whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

# Locks with hashes (pip-tools): dev.txt has the dev and production extras, production.txt only
# the production ones, at the same versions. `make lock` after changing dependencies.
LOCK := requirements/dev.txt
PRODUCTION_LOCK := requirements/production.txt
LOCK_VENV := $(VENV)/pip-tools
COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras \
	--no-emit-index-url --no-emit-find-links

.PHONY: install lock browser proxy run test lint bench bench-tools clean guide-screenshots

install: $(VENV)/.installed

# Re-installs whenever pyproject.toml or the lock changes; `pip check` catches a dependency
# added to pyproject.toml but not to the lock.
$(VENV)/.installed: pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m pip check
	touch $@

# Keeps the versions already locked unless pyproject.toml needs others; to move on,
# `make lock LOCK_ARGS=--upgrade` (everything) or `LOCK_ARGS="--upgrade-package django"`.
lock:
	[ -x $(LOCK_VENV)/bin/pip-compile ] || { $(PYTHON) -m venv $(LOCK_VENV) && \
		$(LOCK_VENV)/bin/python -m pip install --quiet 'pip-tools>=7.4,<8'; }
	$(COMPILE) $(LOCK_ARGS) --extra dev --extra production -o $(LOCK) pyproject.toml
	$(COMPILE) --extra production --constraint $(LOCK) -o $(PRODUCTION_LOCK) pyproject.toml

# Browser tests drive the system's Chromium: Playwright cannot download browsers here.
browser:
	@[ -n "$$CHROMIUM_PATH" ] || command -v chromium >/dev/null 2>&1 || tools/debian-package chromium \
		"Chromium is needed for the browser tests: 'sudo apt-get install chromium' or set CHROMIUM_PATH."

# The caching proxy the CDN tests put in front of the site (tests/site/test_cdn_proxy.py,
# tools/varnish/clinic.vcl): Varnish from Debian.
proxy:
	@command -v varnishd >/dev/null 2>&1 || [ -x /usr/sbin/varnishd ] || tools/debian-package varnish \
		"Varnish is needed for the proxy tests: 'sudo apt-get install varnish'."

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --port $(PORT)
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install browser proxy
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The editors' guide's pictures (site/static/editors-guide/), taken by its browser journeys.
guide-screenshots: install browser
	EDITORS_GUIDE_SCREENSHOTS=1 $(BIN)/python -m pytest tests/browser/test_clinical_review_journey.py \
		tests/browser/test_enquiry_outcome_journey.py

# Queries and median render time per demo page, on a seeded throw-away database.
# Benchmarks print figures, never pass/fail (the machine is shared and noisy):
# 1. queries and median render time per demo page (in-process, page and fragment caches off);
# 2. with DEBUG off: median CPU per request in-process through the WSGI app against a bare
#    Django "floor" view (startproject's middleware), page cache off and fragments warm, with
#    queries and cache round trips (docs/performance.md); then gunicorn (2 workers) against the
#    floor: requests/s, CPU per request, Lighthouse scores and page weight. Results also go to
#    .bench/results.md. Set REDIS_URL to measure with Redis as the cache, as production does.
BENCH_DIR := .bench
LIGHTHOUSE := $(BENCH_DIR)/tools/node_modules/lighthouse/cli/index.js

bench-tools: install browser
	@command -v wrk >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
		else echo "wrk is needed: sudo apt-get install wrk"; exit 1; fi; }
	@[ -f $(LIGHTHOUSE) ] || npm install --silent --prefix $(BENCH_DIR)/tools --no-audit --no-fund lighthouse@12

# The benchmark tooling is a Django app under tools/, installed only by its own settings.
bench: bench-tools
	PYTHONPATH=tools DJANGO_SETTINGS_MODULE=benchmarks.render_settings \
		$(BIN)/python manage.py bench_pages $(BENCH_ARGS)
	rm -f $(BENCH_DIR)/bench.sqlite3*
	PYTHONPATH=tools DJANGO_SETTINGS_MODULE=benchmarks.settings \
	DATABASE_URL=sqlite:///$(CURDIR)/$(BENCH_DIR)/bench.sqlite3 \
		$(BIN)/python manage.py bench_http --lighthouse $(LIGHTHOUSE) --markdown $(BENCH_DIR)/results.md

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) db.sqlite3* media staticfiles
