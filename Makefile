# Second Opinion Guide: `make run` to chat, `make test` to check everything.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV         := .venv
PY           := $(VENV)/bin/python
RASA         := $(VENV)/bin/rasa
# The action server's own environment: rasa-sdk and what the actions import,
# no Rasa and no TensorFlow (actions/requirements-actions.txt).
ACTIONS_VENV := .venv-actions
ACTIONS_PY   := $(ACTIONS_VENV)/bin/python
SPACY_MODEL  := build/spacy/en_second_opinion
MODEL        := models/current.tar.gz
INSTALLED    := $(VENV)/.installed
ACTIONS_INSTALLED := $(ACTIONS_VENV)/.installed
# Defaults for every Python started from the project's environments, `rasa`
# typed by hand included: Rasa's telemetry and crash reports off.
VENV_DEFAULTS := scripts/project_defaults.pth
# npm ci writes this file; it is older than the lock file when the lock changed.
WEB_MODULES := web/node_modules/.package-lock.json
# Debian packages for the web page and its browser tests; sudo only when not root.
APT_GET     := $(if $(filter 0,$(shell id -u)),,sudo )env DEBIAN_FRONTEND=noninteractive apt-get

export PYTHONDONTWRITEBYTECODE := 1

# `make run PROFILE=scale` uses PostgreSQL + Redis (endpoints.scale.yml).
PROFILE ?= embedded
ifeq ($(PROFILE),scale)
export RASA_ENDPOINTS := endpoints.scale.yml
export ACTION_SERVER_URL ?= http://127.0.0.1:5055/webhook
export DB_HOST ?= 127.0.0.1
export DB_PORT ?= 5432
export DB_USER ?= postgres
export DB_PASSWORD ?=
export DB_NAME ?= second_opinion
export DB_LOGIN_DB ?= postgres
export REDIS_HOST ?= 127.0.0.1
export REDIS_PORT ?= 6379
export REDIS_PASSWORD ?=
export REDIS_DB ?= 1
endif

# The model is stale when any of these is newer than it: the configuration,
# the data, the pipeline components (components/) and the intent model they
# train (understanding/intent_model.py, its trainer softmax_regression.py, and
# the text clean-up its features use: understanding/texting.py, text.py). The server extensions, stores and
# channels are loaded at run time and need no retraining.
TRAINING_INPUTS := config.yml domain.yml $(shell find data -type f -name '*.yml' 2>/dev/null) \
	$(wildcard components/*.py) understanding/intent_model.py understanding/texting.py \
	understanding/text.py understanding/softmax_regression.py $(SPACY_MODEL)/meta.json

.PHONY: help install install-actions spacy train run shell actions validate lint test test-rasa \
	test-py eval bench forget-old clean web node browser poppler

# Printable documents sign their links with DOCUMENTS_SECRET (README, "Documents").
# Set it yourself in production, the same on every server. For make run and the
# tests on this machine it defaults to a random value kept in var/documents.secret
# (gitignored, made on first use); the Rasa server's address is the links' base.
DOCUMENTS_SECRET_FILE := var/documents.secret
LOCAL_DOCUMENTS_SECRET = $(shell mkdir -p var && { test -s $(DOCUMENTS_SECRET_FILE) || \
	(umask 077 && head -c 48 /dev/urandom | base64 | tr -d '\n/+=' > $(DOCUMENTS_SECRET_FILE)); } \
	&& cat $(DOCUMENTS_SECRET_FILE))
run shell test-py: export DOCUMENTS_SECRET ?= $(LOCAL_DOCUMENTS_SECRET)
run shell: export DOCUMENTS_BASE_URL ?= http://$(or $(RASA_HOST),127.0.0.1):$(or $(RASA_PORT),5005)

help:
	@echo "make run    install what is missing, train if needed, start the assistant"
	@echo "make shell  chat in the terminal (with 'make run' running in another terminal, or alone)"
	@echo "make test   lint, validate data, train, run rasa test and pytest"
	@echo "make lint   ruff (lint and format check) and mypy"
	@echo "make eval   5-fold NLU cross-validation, written to docs/quality.md"
	@echo "make bench  load test against a stock 'rasa init' baseline, written to docs/performance.md"
	@echo "make forget-old DAYS=30   delete conversations older than DAYS days (retention)"
	@echo "make web    install the web chat page's packages (make run does it)"

$(PY):
	"$$(scripts/find_python310.sh)" -m venv $(VENV)

$(ACTIONS_PY):
	"$$(scripts/find_python310.sh)" -m venv $(ACTIONS_VENV)

$(INSTALLED): requirements.txt requirements-dev.txt constraints.txt $(VENV_DEFAULTS) | $(PY)
	$(PY) -m pip install --quiet --upgrade pip==24.2
	$(PY) -m pip install --quiet -r requirements.txt -r requirements-dev.txt -c constraints.txt
	cp $(VENV_DEFAULTS) "$$($(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/"
	touch $@

$(ACTIONS_INSTALLED): actions/requirements-actions.txt constraints.txt $(VENV_DEFAULTS) | $(ACTIONS_PY)
	$(ACTIONS_PY) -m pip install --quiet --upgrade pip==24.2
	$(ACTIONS_PY) -m pip install --quiet -r actions/requirements-actions.txt -c constraints.txt
	cp $(VENV_DEFAULTS) "$$($(ACTIONS_PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/"
	touch $@

install: $(INSTALLED) $(ACTIONS_INSTALLED)

install-actions: $(ACTIONS_INSTALLED)

$(SPACY_MODEL)/meta.json: scripts/build_spacy_pipeline.py $(wildcard data/nlu/vocabulary/*.yml) | $(INSTALLED)
	$(PY) scripts/build_spacy_pipeline.py $(SPACY_MODEL)

spacy: $(SPACY_MODEL)/meta.json

$(MODEL): $(TRAINING_INPUTS) | $(INSTALLED)
	$(RASA) train --fixed-model-name current --out models
	@touch $@

train: $(MODEL)

validate: $(INSTALLED) $(SPACY_MODEL)/meta.json
	$(RASA) data validate --quiet

# node and npm, for the web chat page's packages (Debian's, when missing).
node:
	@command -v npm >/dev/null || { $(APT_GET) update -q && $(APT_GET) install -y -q nodejs npm; }

$(WEB_MODULES): web/package.json web/package-lock.json | node
	cd web && npm ci --no-audit --no-fund
	@touch $@

# The chat widget (rasa-webchat) and, for the tests, axe-core.
web: $(WEB_MODULES)

# Headless Chromium and its driver for the browser tests (tests/web/).
browser:
	@test -x /usr/bin/chromium -a -x /usr/bin/chromedriver || { $(APT_GET) update -q && $(APT_GET) install -y -q chromium chromium-driver; }

# poppler's pdftotext and pdftoppm, for the printable documents' tests (tests/documents/).
poppler:
	@test -x /usr/bin/pdftoppm -a -x /usr/bin/pdftotext || { $(APT_GET) update -q && $(APT_GET) install -y -q poppler-utils; }

run: $(MODEL) $(ACTIONS_INSTALLED) web
	@scripts/run.sh

shell: $(MODEL) $(ACTIONS_INSTALLED)
	@scripts/shell.sh

# The action server alone, from its slim environment.
actions: $(ACTIONS_INSTALLED)
	$(ACTIONS_PY) -m rasa_sdk --actions actions --port 5055

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# `rasa test` exactly as a Rasa user types it (test conversations found in the
# project, NLU tested on data/); every conversation must pass. The held-out NLU
# sets are measured in pytest (tests/nlu/test_holdout.py).
test-rasa: $(MODEL)
	rm -rf results
	$(RASA) test
	$(PY) scripts/check_test_results.py results

test-py: $(MODEL) $(ACTIONS_INSTALLED) web browser poppler
	$(PY) -m pytest -q --durations=30 tests

test: install lint validate test-rasa test-py

eval: $(INSTALLED) $(SPACY_MODEL)/meta.json
	$(PY) scripts/nlu_quality.py

bench: $(MODEL)
	$(PY) scripts/bench.py

forget-old: $(INSTALLED)
	@test -n "$(DAYS)" || { echo "Give the retention period: make forget-old DAYS=30" >&2; exit 2; }
	$(PY) scripts/forget_old_conversations.py --days "$(DAYS)" --endpoints "$${RASA_ENDPOINTS:-endpoints.yml}"

clean:
	rm -rf build results models/*.tar.gz $(ACTIONS_VENV)
