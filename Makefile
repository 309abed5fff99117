# Speak Up: `make run` starts the whole chain; `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export TF_CPP_MIN_LOG_LEVEL := 2
# Rasa would otherwise try to send usage telemetry to a third party.
export RASA_TELEMETRY_ENABLED := false
export PYTHONDONTWRITEBYTECODE := 1

TRAINING_INPUTS := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null)
CONTENT := $(shell find content -name '*.yml' 2>/dev/null)

.PHONY: run test test-fast lint install train validate system-deps eval content-report bench bench-quick bench-soak bench-cluster cluster audit clean help

help:
	@echo "make run    set up, train if needed, start actions (5055), Rasa (5005), gateway (8000)"
	@echo "make test   set up, train if needed, run every check"
	@echo "make test-fast  the tests that need no running stack, browser or trained model (under 2 minutes)"

## Set-up: a Python 3.11 venv with the exact pins in requirements.lock.
$(BIN)/.installed: requirements.lock
	@test -x $(BIN)/python || { echo "== creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	@echo "== installing pinned packages (requirements.lock)"
	$(BIN)/pip install --disable-pip-version-check --no-deps --ignore-requires-python --progress-bar on -r requirements.lock
	$(BIN)/python -m scripts.pip_check
	@touch $@

## The schema fuzzer in its own venv (its jsonschema is newer than Rasa allows).
FUZZ := .venv-fuzz/bin
$(FUZZ)/.installed: requirements-fuzz.lock
	@test -x $(FUZZ)/python || $(PYTHON) -m venv .venv-fuzz
	$(FUZZ)/pip install --disable-pip-version-check --no-deps --progress-bar off -r requirements-fuzz.lock
	@touch $@

## pip-audit in its own venv too. Not part of `make test`: its advisory database (PyPI's JSON API
## per version, or OSV) cannot be reached from this project's machines, and the step then fails.
AUDIT := .venv-audit/bin
$(AUDIT)/.installed: requirements-audit.lock
	@test -x $(AUDIT)/python || $(PYTHON) -m venv .venv-audit
	$(AUDIT)/pip install --disable-pip-version-check --no-deps --progress-bar off -r requirements-audit.lock
	@touch $@

audit: $(BIN)/.installed $(AUDIT)/.installed
	$(BIN)/python -m scripts.audit

install: $(BIN)/.installed $(FUZZ)/.installed

## The spaCy pipeline Rasa uses: blank English with lookup lemmas, built here.
models/spacy-en/meta.json: $(BIN)/.installed scripts/build_spacy_model.py
	@echo "== building the spaCy pipeline (models/spacy-en)"
	$(BIN)/python -m scripts.build_spacy_model

## Retrieval responses generated from content/topics/.
data/responses/faq.yml: $(BIN)/.installed $(CONTENT) scripts/build_responses.py
	$(BIN)/python -m scripts.build_responses
	@touch $@

## Train only when config, domain or data changed (Rasa's fingerprint also skips unchanged parts).
models/.trained: models/spacy-en/meta.json data/responses/faq.yml $(TRAINING_INPUTS)
	@echo "== training the Rasa model"
	$(BIN)/rasa train --num-threads 2 --out models
	@touch $@

train: models/.trained

validate: $(BIN)/.installed data/responses/faq.yml
	$(BIN)/rasa data validate --fail-on-warnings

## Debian packages the tests need: chromium (browser tests), postgresql (database tests), and npm
## (tests/test_third_party_client.py installs a third-party web chat client with it).
## Installed only if missing, and only as root.
system-deps:
	@need=""; \
	command -v chromium >/dev/null || need="$$need chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need="$$need postgresql"; \
	command -v redis-server >/dev/null || need="$$need redis-server"; \
	command -v npm >/dev/null || need="$$need npm"; \
	command -v nginx >/dev/null || test -x /usr/sbin/nginx || need="$$need nginx-light"; \
	if [ -n "$$need" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$need; \
	  else echo "missing Debian packages:$$need (run: sudo apt-get install$$need)"; exit 1; fi; \
	fi

run: install train
	$(BIN)/python -m scripts.stack

## Scaled out on this machine: Redis, PostgreSQL, 2 of each process, nginx in front (port 8080).
cluster: install train system-deps
	$(BIN)/python -m scripts.cluster

## Every test. PostgreSQL is required here: SPEAKUP_REQUIRE_PG=1 turns its skip into a failure.
test: install train system-deps validate lint
	SPEAKUP_REQUIRE_PG=1 $(BIN)/python -m pytest
	@echo "== conversation tests (rasa test)"
	$(BIN)/rasa test core --stories tests/test_stories.yml --fail-on-prediction-errors --out var/rasa-test --no-plot

## The fast tier: actions with rasa-sdk objects, content, claims and readability, the gateway in
## process with a fake Rasa, the rate limiter, the dashboard and topic log on SQLite (and on
## PostgreSQL when it is installed; those tests skip, saying why, when it is not).
FAST_TESTS := not stack and not browser and not cluster and not model
test-fast: install data/responses/faq.yml lint
	$(BIN)/python -m pytest -m "$(FAST_TESTS)"

## ruff: lint and format check (settings in pyproject.toml; the pin is in requirements.lock).
## `$(BIN)/ruff format .` and `$(BIN)/ruff check --fix .` fix most of what it finds.
lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## Understanding: held-out accuracy per topic, the TF-IDF baseline, and 5-fold cross-validation.
eval: install train
	$(BIN)/python -m scripts.evaluate
	@echo "== 5-fold cross-validation (rasa test nlu): five NLU trainings, about 15 to 25 minutes on 2 cores"
	$(BIN)/rasa test nlu --nlu data --config config.yml --cross-validation --folds 5 --out var/eval/cross-validation
	$(BIN)/python -m scripts.cross_validation_summary var/eval/cross-validation

## A table of every answer at every level for content reviewers: var/content-report.html.
content-report: install
	$(BIN)/python -m scripts.content_report

## Speed and memory figures (not a test): var/bench/results.json and a markdown table.
bench: install train
	$(BIN)/python -m scripts.bench $(BENCH_ARGS)

bench-quick: install train
	$(BIN)/python -m scripts.bench --quick

## 20 minutes at moderate load: errors and memory growth (var/bench/soak.json).
bench-soak: install train
	$(BIN)/python -m scripts.bench --soak

## The same load through `make cluster`'s front, beside the single-stack figures.
bench-cluster: install train system-deps
	$(BIN)/python -m scripts.bench --cluster

clean:
	rm -rf models var results .pytest_cache
