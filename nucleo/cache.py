"""Shared computations kept a few minutes in the cache, dropped as soon as our data changes.

The home page panels that summarise a whole region (its territory, plans, convenios, mesas and
employers' network) are the same for every SENCE user of the region and cost most of the page.
`memo()` keeps what they compute, keyed by what it depends on (the region, the scope) and by a
*data version* that every save or delete of one of our models increments, right away and again
when the transaction commits (so nobody keeps a value computed from data a transaction was about
to change). Writes that bypass signals (`QuerySet.update()`, bulk inserts by tasks and the demo
seed) show at the latest after `SEGUNDOS`.

In production the cache is Redis (`CACHE_URL`), shared by every web process; with the default
local-memory cache each process keeps its own copy, which is right for `make run` and the tests.
The cache is an accelerator, never a dependency: with Redis stopped every call here answers as if
the cache were empty, and pages compute what they show.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

try:
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - redis comes with celery[redis]
    RedisError = OSError

logger = logging.getLogger(__name__)

SEGUNDOS = 5 * 60
CLAVE_VERSION = "nucleo:version-datos"
# Our apps: a change in any of them may change a summary. Read logs change none.
APPS = frozenset({"nucleo", "mesas", "omil", "convenios", "empresas", "informes"})
IGNORADOS = frozenset({"nucleo.lecturaregistrada"})
CAMPOS_IGNORADOS = frozenset({"last_login"})
_FALLOS = (RedisError, OSError)


def leer(clave: str) -> Any:
    try:
        return cache.get(clave)
    except _FALLOS as error:
        logger.warning("Caché no disponible (%s): se calcula sin ella.", error)
        return None


def guardar(clave: str, valor: Any, segundos: int | None) -> None:
    try:
        cache.set(clave, valor, segundos)
    except _FALLOS as error:
        logger.warning("Caché no disponible (%s): no se guarda %s.", error, clave)


def borrar(clave: str) -> None:
    try:
        cache.delete(clave)
    except _FALLOS as error:
        logger.warning("Caché no disponible (%s): no se borra %s.", error, clave)


def version_datos() -> int:
    version = leer(CLAVE_VERSION)
    if version is None:
        # Unknown (a new or flushed cache): a value that no kept entry can carry.
        version = int(timezone.now().timestamp() * 1000)
        try:
            cache.add(CLAVE_VERSION, version, timeout=None)
            version = cache.get(CLAVE_VERSION, version)
        except _FALLOS:
            pass
    return version


def invalidar() -> None:
    """Makes every value kept by `memo()` stale."""
    try:
        try:
            cache.incr(CLAVE_VERSION)
        except ValueError:  # not in the cache: start a version
            version_datos()
            cache.incr(CLAVE_VERSION)
    except (ValueError, *_FALLOS) as error:
        logger.warning("Caché no disponible (%s): nada que invalidar.", error)


def _clave_memo(nombre: str, partes: tuple, version: int) -> str:
    huella = hashlib.blake2s(repr((partes, timezone.localdate())).encode(), digest_size=12)
    return f"nucleo:memo:{nombre}:{version}:{huella.hexdigest()}"


def memo(
    pedidos: list[tuple[str, tuple, Callable[[], Any]]], *, segundos: int = SEGUNDOS
) -> list[Any]:
    """For each `(nombre, partes, construir)`: `construir()`, or what it returned for the same
    `nombre`, `partes` and data version today.

    `partes` are what the value depends on (a region code, a scope): values whose `repr` is
    stable across processes (strings, numbers, sorted tuples of them). Two round trips to the
    cache whatever the number of values (the data version, then every value), and one more to
    keep those that had to be built."""
    version = version_datos()
    claves = [_clave_memo(nombre, partes, version) for nombre, partes, _ in pedidos]
    try:
        guardados = cache.get_many(claves)
    except _FALLOS as error:
        logger.warning("Caché no disponible (%s): se calcula sin ella.", error)
        guardados = {}
    nuevos = {
        clave: construir()
        for clave, (_, _, construir) in zip(claves, pedidos, strict=True)
        if clave not in guardados
    }
    if nuevos:
        try:
            cache.set_many(nuevos, segundos)
        except _FALLOS as error:
            logger.warning(
                "Caché no disponible (%s): no se guardan %d valores.", error, len(nuevos)
            )
    return [guardados[c] if c in guardados else nuevos[c] for c in claves]


def _al_cambiar(sender, update_fields=None, **kwargs) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in APPS or meta.label_lower in IGNORADOS:
        return
    if update_fields and set(update_fields) <= CAMPOS_IGNORADOS:
        return  # a login stamps last_login: nothing any summary shows
    invalidar()
    transaction.on_commit(invalidar)


def conectar() -> None:
    """Called once from NucleoConfig.ready()."""
    for senal in (post_save, post_delete, m2m_changed):
        senal.connect(_al_cambiar, dispatch_uid=f"nucleo.cache.{id(senal)}")
