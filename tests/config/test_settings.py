"""Production settings, checked in a subprocess as an operator would run them."""

import os
import subprocess
import sys
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[2]


def manage(*argumentos: str, **entorno: str) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "DATABASE_URL",
            "DJANGO_SETTINGS_MODULE",
            "ALLOWED_HOSTS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "CACHE_URL",
        }
    }
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", **entorno)
    return subprocess.run(
        [sys.executable, "manage.py", *argumentos],
        cwd=RAIZ,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_produccion_sin_secret_key_no_arranca_y_nombra_la_variable():
    resultado = manage("check", ALLOWED_HOSTS="mesas.sence.cl")

    assert resultado.returncode != 0
    assert "SECRET_KEY" in resultado.stderr


def test_produccion_pasa_check_deploy_sin_advertencias():
    resultado = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="k" * 20 + "Zq8#vT2!pL9@xW4$mN7^bR1&cY6*hJ3(fD5)gS0",
        ALLOWED_HOSTS="mesas.sence.cl",
        DATABASE_URL="sqlite:////tmp/mesas-check.sqlite3",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )

    assert resultado.returncode == 0, resultado.stderr
    assert "no issues" in resultado.stdout


def test_produccion_sin_cache_compartida_advierte():
    resultado = manage(
        "check",
        "--deploy",
        SECRET_KEY="k" * 20 + "Zq8#vT2!pL9@xW4$mN7^bR1&cY6*hJ3(fD5)gS0",
        ALLOWED_HOSTS="mesas.sence.cl",
        DATABASE_URL="sqlite:////tmp/mesas-check.sqlite3",
    )

    assert "nucleo.W001" in resultado.stderr + resultado.stdout
    assert "CACHE_URL" in resultado.stderr + resultado.stdout


def test_cookies_de_produccion_con_prefijo_host():
    resultado = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, "
        "s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.DEBUG)",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="mesas.sence.cl",
        DATABASE_URL="sqlite:////tmp/mesas-check.sqlite3",
    )

    assert resultado.stdout.strip().splitlines()[-1].split() == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "31536000",
        "True",
        "False",
    ]
