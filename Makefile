# Siaga PHPU: `make run` serves the demo, `make test` runs the suite. Python 3.11 is all you need.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
# `make run` is a development server with demo data; production sets its own environment (README).
DEV_ENV := DEBUG=$${DEBUG:-true} DEMO_MODE=$${DEMO_MODE:-true}
TEST_ENV := SECRET_KEY=$${SECRET_KEY:-tests-only-not-secret} DEBUG=false

.PHONY: install run worker test fuzz lint format bench backup restore clean

$(STAMP): requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

# `make run` needs only the runtime set: on a fresh clone that is half the install time of the tools for tests.
# --no-compile: Python compiles the modules the site imports when it first imports them, not all of every package.
RUN_STAMP := $(VENV)/.installed-run-$(shell cat requirements.txt | cksum | cut -d' ' -f1)
$(RUN_STAMP): requirements.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --no-compile -r requirements.txt
	rm -f $(VENV)/.installed-run-*
	touch $(RUN_STAMP)

run: $(if $(wildcard $(STAMP)),$(STAMP),$(RUN_STAMP))
	$(DEV_ENV) $(PY) manage.py migrate --noinput -v0
	$(DEV_ENV) $(PY) manage.py load_demo
	@echo ""
	@echo "  Siaga PHPU: http://$(HOST):$(PORT)/   (API docs: http://$(HOST):$(PORT)/api/docs/)"
	@echo "  Celery worker with beat (morning deadline reminders): $${REDIS_URL:-embedded filesystem broker in var/broker}"
	@echo ""
	$(DEV_ENV) bash -c 'trap "kill 0" EXIT; \
		$(VENV)/bin/celery -A phpu worker --beat --schedule=var/celerybeat-schedule --loglevel=INFO --concurrency=2 & \
		$(PY) manage.py runserver $(HOST):$(PORT)'

worker: install
	$(DEV_ENV) $(VENV)/bin/celery -A phpu worker --loglevel=INFO

test: install
	$(TEST_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

fuzz: install
	$(TEST_ENV) FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-25} $(PY) -m pytest -q tests/api $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Database dump + every stored file + a manifest of hashes, into BACKUP_DIR (default var/backups).
backup: install
	$(PY) manage.py backup $(BACKUP_DIR)

# Into an empty database and empty storage only: make restore BACKUP=var/backups/siaga-phpu-YYYYMMDD-HHMMSS
restore: install
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=path/to/siaga-phpu-YYYYMMDD-HHMMSS"; exit 2; }
	$(PY) manage.py restore $(BACKUP)

bench: install
	$(TEST_ENV) $(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf var .pytest_cache
