import contextlib
import os
import shutil

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from redis.exceptions import RedisError

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = "/usr/bin/chromium"


def falta_servicio(motivo: str) -> None:
    """Skip a test whose service is missing, or fail it when CI requires every service."""
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1: {motivo}")
    pytest.skip(motivo)


def pytest_report_header(config):
    motor = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"base de datos de pruebas: {motor}; REQUIRE_SERVICES={int(REQUIRE_SERVICES)}"


@pytest.fixture(autouse=True)
def _archivos_privados(settings, tmp_path):
    """Each test stores uploads in its own folder."""
    settings.PRIVATE_ROOT = tmp_path / "privado"
    settings.MEDIA_ROOT = settings.PRIVATE_ROOT
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": settings.PRIVATE_ROOT, "base_url": None},
        },
    }


@pytest.fixture(autouse=True)
def _cache_vacia():
    """Each test starts with an empty cache: values memoised by another test's data (which its
    rollback undid without any signal) must not show up."""
    from django.core.cache import cache

    cache.clear()
    yield
    with contextlib.suppress(OSError, RedisError):  # a test may leave a cache that is down
        cache.clear()


@pytest.fixture
def datos_referencia(transactional_db):
    """Transactional tests flush every table, the migrated reference data included: reload it."""
    from nucleo.models import Region
    from nucleo.territorio import cargar_datos_referencia

    if not Region.objects.exists():
        cargar_datos_referencia(django_apps)


@pytest.fixture
def demo(db):
    """The demo data of DESIGN §6."""
    from django.core.management import call_command

    call_command("seed_demo", force=True, stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def demo_transaccional(datos_referencia):
    """The demo data in a transactional database (for live_server and browser tests)."""
    from django.core.management import call_command

    call_command("seed_demo", force=True, stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture(scope="session")
def navegador():
    """Debian's chromium driven by Playwright (no browser download)."""
    if not shutil.which("chromium") and not os.path.exists(CHROMIUM):
        falta_servicio("no está chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def pagina(navegador, live_server, datos_referencia):
    contexto = navegador.new_context(locale="es-CL", timezone_id="America/Santiago")
    page = contexto.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    yield page
    contexto.close()


def ingresar(page, username: str, password: str = "mesas-demo") -> None:
    page.goto(f"{page.base_url}/cuenta/login/")
    page.get_by_label("Usuario").fill(username)
    page.get_by_label("Contraseña").fill(password)
    page.get_by_role("button", name="Ingresar").click()


@pytest.fixture(autouse=True)
def _celery_como_estaba():
    """A test that points Celery at a broker of its own (real-worker, outbox and health tests)
    leaves it as it found it: tasks in-process per the test settings, and no connection pool
    closed by that test's kombu `pools.reset()` left behind for the next test to publish into."""
    from config.celery import app

    antes = {clave: app.conf[clave] for clave in ("task_always_eager", "broker_url")}
    pool, productores = app._pool, app.amqp._producer_pool
    yield
    cambiado = any(app.conf[clave] != valor for clave, valor in antes.items())
    if cambiado or app._pool is not pool or app.amqp._producer_pool is not productores:
        app.conf.update(antes)
        app._pool = None
        app.amqp._producer_pool = None
