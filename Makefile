# Tandem: `make run` starts everything on http://127.0.0.1:8000; `make test` runs every test.
# Both set themselves up on a fresh machine: the virtual environment, the pinned packages, Chromium.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= $(shell command -v python3.11 || command -v python3)
LOCK_HASH := $(shell cat pyproject.toml requirements.lock | sha1sum | cut -c1-12)
STAMP := $(VENV)/.installed-$(LOCK_HASH)
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test lint format bench events asyncapi openapi fuzz synth chromium venv clean cost datamap reapply-erasures redrive

venv: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/.installed-* && touch $@

run: venv
	$(PY) -m infra.local

chromium:
	@if command -v chromium >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ]; then \
		echo "Installing Debian's chromium for the browser tests ..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "The browser tests need Chromium. Run: sudo apt-get update && sudo apt-get install -y chromium"; \
		exit 1; \
	fi

test: venv chromium lint
	$(PY) -m pytest -q

lint: venv
	$(PY) -m ruff check shared services infra tests
	$(PY) -m ruff format --check shared services infra tests
	$(PY) -m mypy shared services infra

format: venv
	$(PY) -m ruff format shared services infra tests
	$(PY) -m ruff check --fix shared services infra tests

bench: venv
	$(PY) -m pytest tests/bench -q -s -p no:cacheprovider

events: venv
	$(PY) -m shared.events.docs
	$(PY) -m services.notifications.partners.asyncapi

# docs/asyncapi.yaml (AsyncAPI 3.0): the public events for partners (tests/unit/notifications checks it).
asyncapi: venv
	$(PY) -m services.notifications.partners.asyncapi

# The merged OpenAPI of every service, as /openapi.json serves it (tests/contract checks it is current).
openapi: venv
	$(PY) -m shared.openapi

# docs/data-map.md: every stored and sent field with its data class and retention (shared/datamap).
datamap: venv
	$(PY) -m shared.datamap

# Deep schemathesis run on a local runtime: >= 300 examples per operation, stateful links, three callers.
fuzz: venv
	$(PY) -m tests.contract.fuzz

synth: venv
	$(PY) -m infra.app

# docs/cost.md: the monthly cost at three sizes, from the template's counts and list prices (infra/cost.py).
cost: venv
	$(PY) -m infra.cost

# Moves the dead letters of the running `make run` back to their queues (cloud: docs/operations.md).
redrive: venv
	$(PY) -m infra.local.redrive

clean:
	rm -rf $(VENV) cdk.out .mypy_cache .ruff_cache .pytest_cache

# After a point-in-time restore: every erasure in the ledger is asked of every service again (issue 14).
# Run with the deployment's environment (EVENT_BUS_NAME, INTAKE_TABLE_NAME).
reapply-erasures: venv
	$(PY) -m services.intake.privacy.reapply
