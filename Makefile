# Pathfinder — developer commands. Needs only Python 3.11 and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app webapp
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: help install install-dev run migrate seed serve-prod test lint format screenshots bench fuzz load clean

help:
	@echo "make run        install, migrate, load bundled data and demo accounts, serve on http://$(HOST):$(PORT)"
	@echo "make test       ruff + pytest (the import contracts run as a test) (SQLite; set DATABASE_URL for PostgreSQL)"
	@echo "make bench      benchmarks (prints figures)"
	@echo "make fuzz       long schemathesis run against the API"
	@echo "make load       load test with gunicorn + PostgreSQL"
	@echo "make serve-prod gunicorn (needs SECRET_KEY and DATABASE_URL)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(FLASK) db upgrade heads

seed: migrate
	$(FLASK) seed

run: seed
	@echo ""
	@echo "Pathfinder is starting: open http://$(HOST):$(PORT)/ in your browser (Ctrl+C stops it)."
	$(FLASK) run --host $(HOST) --port $(PORT)

serve-prod: install
	PATHFINDER_ENV=production $(BIN)/gunicorn --config gunicorn.conf.py --workers $${WORKERS:-4} --bind $(HOST):$(PORT) "webapp:create_app()"

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff format .

test: install-dev
	$(BIN)/ruff check .
	$(BIN)/pytest -q --durations=10

screenshots: install-dev
	PATHFINDER_SCREENSHOTS=1 $(BIN)/pytest -q tests/e2e

bench: install-dev
	$(BIN)/python -m benchmarks.run_all

fuzz: install-dev
	PATHFINDER_FUZZ_EXAMPLES=$${EXAMPLES:-1000} $(BIN)/pytest tests/fuzz -q

load: install-dev
	$(BIN)/python -m benchmarks.load

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
