# Production image: gunicorn serves Django; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=config.settings.production

# WeasyPrint needs Pango; fonts-open-sans is embedded in the PDF reports.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       libharfbuzz-subset0 fonts-open-sans postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && pip install --no-cache-dir uv \
    && useradd --create-home --uid 1000 mesas

WORKDIR /app
COPY pyproject.toml uv.lock ./
# Compiled bytecode: a process starts in ~2 s instead of ~6 s (measured by make bench).
RUN uv sync --frozen --no-dev --no-install-project --compile-bytecode
COPY --chown=mesas:mesas . .
RUN python -m compileall -q /app \
    && SECRET_KEY=collectstatic ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
    && mkdir -p /srv/mesas/privado && chown -R mesas:mesas /srv/mesas

USER mesas
ENV PRIVATE_ROOT=/srv/mesas/privado
EXPOSE 8000
# Timeouts nest: DB connect (3 s) + statement (15 s) < gunicorn --timeout (25 s) < nginx
# proxy_read_timeout (30 s), so a slow or silent database ends as our 503 page, not a killed worker.
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "25", \
     "--graceful-timeout", "20", "--access-logfile", "-"]
