# Two commands for a newcomer: `make demo` (serve the demo site) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FORUM_INSTANCE_PATH ?= $(CURDIR)/instance

.PHONY: install demo test browser lint clean

$(STAMP): setup.cfg setup.py pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres,redis]'
	touch $(STAMP)

install: $(STAMP)

demo: export FORUM_MAIL_BACKEND ?= file
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

test: install browser
	$(BIN)/python -m pytest -n auto

lint: install
	$(BIN)/ruff check forum plugins tests

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
