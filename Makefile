# Two commands for a newcomer: `make demo` (serve the demo site) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FORUM_INSTANCE_PATH ?= $(CURDIR)/instance

NODE_STAMP := node_modules/.installed

.PHONY: install demo test browser checkers lint clean

$(STAMP): setup.cfg setup.py pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres,redis]'
	touch $(STAMP)

install: $(STAMP)

demo: export FORUM_MAIL_BACKEND ?= file
# Mail and feed links are built from this address; requests naming another host are refused.
demo: export FORUM_SITE_URL ?= http://127.0.0.1:5000
demo: export FORUM_ALLOWED_HOSTS ?= 127.0.0.1,localhost
demo: install
	$(BIN)/forum init-db
	$(BIN)/forum load-demo || echo "(demo content was loaded before; create an account with: $(BIN)/forum create-user EMAIL --role admin)"
	@echo "Serving the demo at http://127.0.0.1:5000 (Ctrl-C to stop)"
	@# One worker unless FORUM_RATELIMIT_STORAGE_URL names a Redis: the documented limits hold.
	$(BIN)/forum serve --host 127.0.0.1 --port 5000

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

test: install browser checkers
	$(BIN)/python -m pytest -n auto

lint: install
	$(BIN)/ruff check forum plugins tests

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache node_modules
