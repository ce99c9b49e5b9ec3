# Exchange: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test test-stack lint format migrations-check deploy-check translations-check messages venv venv-dev assets clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

venv: $(VENV)/.installed
venv-dev: $(VENV)/.installed-dev

# Front-end packages come from npm (package.json); nothing third-party is committed.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/vendor/.built: node_modules/.installed
	mkdir -p static/vendor
	cp node_modules/bootstrap/dist/css/bootstrap.min.css \
	   node_modules/bootstrap/dist/css/bootstrap.min.css.map \
	   node_modules/bootstrap/dist/js/bootstrap.bundle.min.js \
	   node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map static/vendor/
	touch $@

assets: static/vendor/.built

## run: install, migrate (SQLite under var/ unless DATABASE_URL is set), load the demo, serve
run: export DEBUG ?= true
run: venv assets
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py store_missing_approved_versions
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## serve: the production stack (Procfile via honcho: gunicorn + Celery worker) on PostgreSQL
## and Redis; needs DATABASE_URL, REDIS_URL, SECRET_KEY (README "Production")
serve: venv assets
	PATH="$(CURDIR)/$(BIN):$$PATH" bin/serve

## test: the whole suite (unit, integration, browser) on PostgreSQL, with branch coverage
test: venv-dev assets
	bin/ensure-test-services
	$(BIN)/pytest --create-db --cov --cov-branch --cov-report=term $(PYTEST_ARGS)

## test-stack: the production stack tests (gunicorn nodes, Celery worker, Redis, moto S3)
test-stack: venv-dev assets
	bin/ensure-test-services
	$(BIN)/pytest -m stack $(PYTEST_ARGS)

lint: venv-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: venv-dev
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run

## messages: update the catalogues from the code, then compile them (both are committed)
messages: venv-dev
	DEBUG=true $(BIN)/python manage.py makemessages --locale=pt --locale=fr --add-location=file --no-obsolete \
		--ignore='.venv/*' --ignore='node_modules/*' --ignore='tests/*' --ignore='bench/*' \
		--ignore='var/*' --ignore='static/vendor/*'
	DEBUG=true $(BIN)/python manage.py compilemessages --locale=pt --locale=fr --ignore='.venv/*' --ignore='node_modules/*'

## translations-check: fail when a string is missing, untranslated, fuzzy or not compiled
translations-check: venv-dev
	$(BIN)/python bin/check-translations

## deploy-check: Django's deployment checklist on production settings, warnings fail
deploy-check: venv
	DEBUG=false SECRET_KEY="$$(head -c 48 /dev/urandom | base64)" \
	ALLOWED_HOSTS=exchange.example.org CSRF_TRUSTED_ORIGINS=https://exchange.example.org \
	REDIS_URL=redis://127.0.0.1:6379/0 EMAIL_URL=smtp://localhost:25 \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules static/vendor var/exchange.sqlite3 var/staticfiles .coverage
