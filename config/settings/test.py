"""Tests: PostgreSQL at 127.0.0.1 (or DATABASE_URL); SQLite with a warning when it cannot be
reached, unless REQUIRE_SERVICES=1, which turns that into a failure."""

import os
import sys
import warnings

import environ

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mesas")

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, env

REQUIRE_SERVICES = env.bool("REQUIRE_SERVICES", default=False)


def _postgres_responde(config: dict) -> bool:
    import psycopg

    try:
        psycopg.connect(
            host=config.get("HOST") or None,
            port=config.get("PORT") or None,
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except psycopg.Error:
        return False
    return True


if DATABASES["default"]["ENGINE"].endswith("postgresql") and not _postgres_responde(
    DATABASES["default"]
):
    if REQUIRE_SERVICES:
        sys.exit(
            "REQUIRE_SERVICES=1 y PostgreSQL no responde en "
            f"{DATABASES['default'].get('HOST')}:{DATABASES['default'].get('PORT')}."
        )
    warnings.warn("PostgreSQL no responde: las pruebas corren sobre SQLite.", stacklevel=1)
    DATABASES = {
        "default": environ.Env.db_url_config(f"sqlite:///{BASE_DIR / 'var' / 'test.sqlite3'}")
    }
DATABASES["default"]["CONN_MAX_AGE"] = 0

DEBUG = False
SECRET_KEY = "pruebas-no-es-secreto"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_BROKER_URL = ""
CELERY_TASK_ALWAYS_EAGER = True
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
PRIVATE_ROOT = BASE_DIR / "var" / "pruebas-privado"
STORAGES["default"]["OPTIONS"]["location"] = PRIVATE_ROOT  # noqa: F405
MEDIA_ROOT = PRIVATE_ROOT
AXES_FAILURE_LIMIT = 3
