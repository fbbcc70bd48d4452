# Two commands for a newcomer: `make demo` (serve the demo site) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# `make install` is what running Forum needs; the test tools (pytest, Playwright, ruff, the
# PostgreSQL and Redis drivers the suite exercises) come only with `make test`.
RUNTIME_STAMP := $(VENV)/.installed-runtime
DEV_STAMP := $(VENV)/.installed-dev
export FORUM_INSTANCE_PATH ?= $(CURDIR)/instance
# The demo's address: `make demo PORT=5001` when 5000 is taken.
PORT ?= 5000
DEMO_URL := http://127.0.0.1:$(PORT)

NODE_STAMP := node_modules/.installed

.PHONY: install install-dev demo demo-reset test browser checkers lint screenshots fonts clean bench

$(RUNTIME_STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUNTIME_STAMP)

$(DEV_STAMP): $(RUNTIME_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres,redis]'
	touch $(DEV_STAMP)

install: $(RUNTIME_STAMP)

install-dev: $(DEV_STAMP)

# Mail goes to files in instance/mail/; links in it point at the demo's own address.
demo: export FORUM_MAIL_BACKEND ?= file
# Mail and feed links are built from this address; requests naming another host are refused.
demo: export FORUM_SITE_URL ?= $(DEMO_URL)
demo: export FORUM_ALLOWED_HOSTS ?= 127.0.0.1,localhost
# /embed/example: a host page that embeds a discussion, opened at localhost (another origin
# than the demo's 127.0.0.1); `forum embed-example` registers that origin and prints the address.
demo: export FORUM_EMBED_EXAMPLE_PAGE ?= 1
demo: install
	$(BIN)/forum serve --host 127.0.0.1 --port $(PORT) --check-port
	$(BIN)/forum init-db
	$(BIN)/forum load-demo --if-missing
	$(BIN)/forum embed-example
	@# One worker unless FORUM_RATELIMIT_STORAGE_URL names a Redis: the documented limits hold.
	$(BIN)/forum serve --host 127.0.0.1 --port $(PORT)

# Start the demo over: its SQLite database and mail folder go, new content and a new admin
# password come. Refuses when FORUM_DATABASE_URL points at a database of your own.
demo-reset:
	@if [ -n "$$FORUM_DATABASE_URL" ]; then \
	  echo "make demo-reset only removes the demo's own SQLite file; FORUM_DATABASE_URL is set, so nothing was removed." >&2; \
	  exit 1; fi
	rm -f "$(FORUM_INSTANCE_PATH)/forum.sqlite3" "$(FORUM_INSTANCE_PATH)/forum.sqlite3-wal" \
	  "$(FORUM_INSTANCE_PATH)/forum.sqlite3-shm"
	rm -rf "$(FORUM_INSTANCE_PATH)/mail" "$(FORUM_INSTANCE_PATH)/media"
	$(MAKE) demo

# Real-browser tests use Debian's Chromium; install it when we may (root) and it is missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) ; } || \
	  echo "chromium not installed: browser tests will be skipped (they fail under CI=true)"

# Test-only tools from npm (axe-core, the Nu HTML checker) and the Java the checker runs on.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

checkers: $(NODE_STAMP)
	@command -v java >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null) ; } || \
	  echo "java not installed: Nu HTML checker tests will be skipped (they fail under CI=true)"

# Lint first: a style or type error fails `make test` (and so CI) before the suite runs.
test: lint browser checkers
	$(BIN)/python -m pytest -n auto

# Benchmarks, not tests (issue 12): Forum side by side with a bare-Flask floor, Isso and nginx,
# on SQLite and PostgreSQL; writes bench/RESULTS.md in about ten minutes. wrk and nginx come
# from Debian (installed when missing and we are root), Isso into its own venv
# (BENCH_ISSO_VENV, default /tmp/forum-bench-isso). Needs Redis (the two workers' rate limits);
# PostgreSQL is skipped when psql cannot reach it. BENCH_SECONDS=10 per figure.
bench: install-dev
	@{ command -v wrk >/dev/null 2>&1 && command -v nginx >/dev/null 2>&1 ; } || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx >/dev/null ; } || \
	  { echo "make bench needs wrk and nginx (apt-get install wrk nginx)" >&2; exit 1; }
	PATH="$$PATH:/usr/sbin" $(BIN)/python bench/run.py

# Ruff, then mypy over forum/ and plugins/ (its settings are in pyproject.toml).
lint: install-dev
	$(BIN)/ruff check forum plugins tests
	$(BIN)/mypy

# The README's pictures, taken from a fresh demo in Chromium (docs/screenshots.py).
screenshots: install-dev browser
	$(BIN)/python docs/screenshots.py

# The self-hosted fonts (OFL): woff2 files and licences from npm's Fontsource packages, copied
# into static/fonts/ and committed. Only the Latin and Latin Extended subsets are served.
FONT_FILES := source-serif-4/files/source-serif-4-latin-wght-normal.woff2 \
	source-serif-4/files/source-serif-4-latin-wght-italic.woff2 \
	source-serif-4/files/source-serif-4-latin-ext-wght-normal.woff2 \
	source-serif-4/files/source-serif-4-latin-ext-wght-italic.woff2 \
	source-sans-3/files/source-sans-3-latin-wght-normal.woff2 \
	source-sans-3/files/source-sans-3-latin-ext-wght-normal.woff2

fonts: $(NODE_STAMP)
	mkdir -p static/fonts
	for file in $(FONT_FILES); do cp node_modules/@fontsource-variable/$$file static/fonts/; done
	cp node_modules/@fontsource-variable/source-serif-4/LICENSE static/fonts/OFL-source-serif-4.txt
	cp node_modules/@fontsource-variable/source-sans-3/LICENSE static/fonts/OFL-source-sans-3.txt

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache node_modules
