# Mesas Intersectoriales — chores. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PY := .venv/bin/python
# uv from PATH, or the one pip installs (`make` installs it when missing).
UV = $(shell command -v uv 2>/dev/null || echo python3 -m uv)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help uv venv run worker oidc test lint format migrations backup restore clean

help: ## Lista las tareas disponibles
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

uv:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || \
		python3 -m pip install --quiet --user uv 2>/dev/null || \
		python3 -m pip install --quiet --user --break-system-packages uv

venv: uv ## Crea o actualiza el entorno virtual (.venv) desde uv.lock
	@$(UV) sync --frozen --quiet

# Links in e-mails and .ics files point where the app is served (make run PORT=8101 -> :8101).
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: venv ## Migra, carga la demo y sirve en http://127.0.0.1:8000 (SQLite y tareas en proceso, o PostgreSQL + Celery si DATABASE_URL / CELERY_BROKER_URL)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@if [ -n "$$CELERY_BROKER_URL" ]; then \
		echo "Iniciando worker y beat de Celery con $$CELERY_BROKER_URL"; \
		$(PY) -m celery -A config worker --beat -l info --concurrency 2 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py runserver $(HOST):$(PORT); \
	else \
		$(PY) manage.py runserver $(HOST):$(PORT); \
	fi

worker: venv ## Inicia un worker de Celery con beat (requiere CELERY_BROKER_URL)
	$(PY) -m celery -A config worker --beat -l info

oidc: ## Instala el proveedor OpenID Connect de las pruebas de ClaveÚnica (tests/oidc, Node)
	@if command -v npm >/dev/null 2>&1; then \
		[ tests/oidc/node_modules/.package-lock.json -nt tests/oidc/package-lock.json ] || \
		(cd tests/oidc && npm ci --no-audit --no-fund --silent); \
	elif [ "$$REQUIRE_SERVICES" = "1" ]; then \
		echo "REQUIRE_SERVICES=1: falta Node/npm para tests/oidc (apt-get install nodejs npm)" >&2; exit 1; \
	else echo "Sin Node: se omiten las pruebas de ingreso con ClaveÚnica."; fi

test: venv oidc ## Instala lo necesario y corre todas las pruebas (PostgreSQL en 127.0.0.1 o SQLite)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv ## ruff check, ruff format --check, lint-imports (capas) y makemigrations --check
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports --no-cache
	$(PY) manage.py makemigrations --check --dry-run

format: venv ## Formatea el código con ruff
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

.PHONY: css
css: venv ## Rehace static/vendor/bootstrap/bootstrap.recortado.min.css (Bootstrap sin las reglas que ninguna página usa; PurgeCSS, Node)
	$(PY) deploy/recortar_bootstrap.py

migrations: venv ## Crea las migraciones de los modelos cambiados
	$(PY) manage.py makemigrations

backup: venv ## Respalda la base (pg_dump -Fc o SQLite) y los archivos privados en var/respaldos/
	$(PY) manage.py respaldo crear $(if $(DESTINO),--destino $(DESTINO),)

restore: venv ## Restaura y verifica un respaldo: make restore ORIGEN=var/respaldos/<fecha>
	@test -n "$(ORIGEN)" || (echo "Indique ORIGEN=var/respaldos/<fecha-hora>"; exit 2)
	$(PY) manage.py respaldo restaurar --origen $(ORIGEN) --si

.PHONY: drill
drill: venv ## Simulacros de fallas en una base nueva (Redis, worker, PostgreSQL mudo, enlace, subidas); tabla en docs/security.md
	$(PY) -m bench.drill

.PHONY: bench
bench: venv ## Páginas (vs admin, 10 años), informes, rodilla de capacidad, arranque, 16 regiones y Lighthouse → docs/benchmarks.md (≈ 30 min; BENCH_QUICK=1: humo)
	$(PY) -m bench.correr
	$(PY) -m bench.lighthouse

.PHONY: bench-lighthouse
bench-lighthouse: venv ## Lighthouse (npm 12.2.3, móvil, 4G lenta y 3G regular) tras nginx: páginas públicas, ingreso y las de cada usuario; sección de docs/benchmarks.md
	$(PY) -m bench.lighthouse

.PHONY: bench-regiones
bench-regiones: venv ## Solo arranque de web y worker e informes de las 16 regiones con 1 y 2 workers (sobre mesas_bench; también en make bench)
	$(PY) -m bench.arranque
	$(PY) -m bench.regiones

clean: ## Borra la base SQLite local y los archivos generados (no el código ni var/respaldos)
	rm -rf db.sqlite3 .pytest_cache
	@if [ -d var ]; then find var -mindepth 1 -maxdepth 1 ! -name respaldos -exec rm -rf {} +; fi
