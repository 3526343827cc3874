"""Who changed what, when, and from which address: django-simple-history plus the client IP.

Models declare `history = HistoricalRecords(bases=[HistorialConIP])`; the receiver below fills
`ip` from the request that HistoryRequestMiddleware keeps for the duration of the request.
"""

import functools
import ipaddress
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.db.models import QuerySet
from django.dispatch import receiver
from django.utils.text import Truncator, capfirst
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from nucleo import formato


class HistorialConIP(models.Model):
    ip = models.GenericIPAddressField("dirección IP", null=True, blank=True, editable=False)

    class Meta:
        abstract = True


def _direccion(texto: str) -> str | None:
    """A bare address from one X-Forwarded-For entry ("1.2.3.4", "1.2.3.4:443", "[::1]:80")."""
    texto = texto.strip()
    if texto.startswith("["):  # [IPv6]:port
        texto = texto[1 : texto.find("]")] if "]" in texto else ""
    elif texto.count(":") == 1:  # IPv4:port
        texto = texto.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(texto))
    except ValueError:
        return None


def ip_de(request) -> str | None:
    """The client's address: the one place that decides it (history, read log and axes'
    AXES_CLIENT_IP_CALLABLE all call this).

    X-Forwarded-For is believed only when the connection comes from a trusted proxy
    (PROXIES_CONFIABLES) and PROXY_COUNT proxies stand in front of us: the client is then the
    PROXY_COUNT-th entry from the right, the one our own outermost proxy appended. Anything a client
    wrote further left, or sends directly to us, is ignored.
    """
    remota = _direccion(request.META.get("REMOTE_ADDR", "")) or None
    saltos = settings.PROXY_COUNT
    if not saltos or remota is None or not _confiable(remota):
        return remota
    cadena = [e for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if e.strip()]
    if len(cadena) < saltos:
        return remota  # fewer hops than configured: the header was not written by our proxies
    return _direccion(cadena[-saltos]) or remota


def _confiable(direccion: str) -> bool:
    ip = ipaddress.ip_address(direccion)
    return any(ip in red for red in _redes(tuple(settings.PROXIES_CONFIABLES)))


@functools.cache
def _redes(textos: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(t, strict=False) for t in textos)


@receiver(pre_create_historical_record)
def registrar_ip(sender, history_instance, **kwargs) -> None:
    request = getattr(HistoricalRecords.context, "request", None)
    if request is not None and hasattr(history_instance, "ip"):
        history_instance.ip = ip_de(request)


def registrar_lectura(request, objeto: models.Model, descripcion: str) -> None:
    """Logs that the signed-in user read sensitive content; the serving view calls it."""
    from nucleo.models import LecturaRegistrada

    LecturaRegistrada.objects.create(
        usuario=request.user,
        objeto_tipo=objeto._meta.label_lower,
        objeto_id=str(objeto.pk),
        descripcion=descripcion[:250],
        ip=ip_de(request),
    )


# --- Showing it -----------------------------------------------------------------------------------

# Fields that say nothing to a reader: the record itself already tells who and when.
TECNICOS = frozenset({"id", "version", "created_at", "updated_at"})
# Characters of a long text shown in one change: enough to recognise it, not the whole minute.
LARGO_TEXTO = 300
VACIO = "—"
ACCIONES = {"+": "Creación", "~": "Modificación", "-": "Eliminación"}


@dataclass(frozen=True)
class Cambio:
    campo: str
    antes: str
    despues: str


@dataclass
class Version:
    registro: models.Model  # the historical record: history_date, history_user, ip
    titulo: str
    accion: str
    cambios: list[Cambio]
    inicial: bool  # the object's first record: `cambios` holds its values, nothing before


class _Presentacion:
    """How the fields of one historical model read in the pages: labels from each field's
    verbose_name, values as people write them (choices, dd-mm-aaaa, Sí/No, names, not ids)."""

    def __init__(self, modelo, registros, *, campos, excluidos, etiquetas, formatos, archivos):
        self.etiquetas = etiquetas or {}
        self.formatos = formatos or {}
        self.archivos = archivos or {}
        rastreados = {f.name: f for f in modelo.tracked_fields}
        if campos is None:
            omitidos = TECNICOS | set(excluidos) | set(self.archivos.values())
            campos = [n for n, f in rastreados.items() if n not in omitidos and not f.primary_key]
        self.campos = [rastreados[n] for n in campos]
        self.nombres = {}  # field -> {pk: str}: one query per relation, not one per record
        for campo in self.campos:
            if campo.is_relation and campo.name not in self.formatos:
                ids = {getattr(r, campo.attname) for r in registros} - {None}
                objetos = campo.related_model._base_manager.in_bulk(ids) if ids else {}
                self.nombres[campo.name] = {pk: str(o) for pk, o in objetos.items()}

    def etiqueta(self, campo) -> str:
        return self.etiquetas.get(campo.name) or capfirst(campo.verbose_name)

    def crudo(self, registro, campo):
        valor = getattr(registro, campo.attname)
        if campo.name in self.archivos:
            return (str(valor or ""), getattr(registro, self.archivos[campo.name]))
        return valor

    def valor(self, registro, campo) -> str:
        if campo.name in self.archivos:  # a file reads as the name it was uploaded with
            valor = getattr(registro, self.archivos[campo.name])
        else:
            valor = getattr(registro, campo.attname)
        if valor is None or valor == "" or valor == []:
            return VACIO
        if campo.name in self.formatos:
            return self.formatos[campo.name](valor)
        if campo.is_relation:
            return self.nombres[campo.name].get(valor, f"{VACIO} (ya no existe)")
        if campo.choices:
            return str(dict(campo.flatchoices).get(valor, valor))
        if isinstance(valor, bool):
            return "Sí" if valor else "No"
        if isinstance(valor, datetime):
            return formato.fecha_hora(valor)
        if isinstance(valor, date):
            return formato.fecha(valor)
        if isinstance(valor, list):
            return ", ".join(str(v) for v in valor)
        return str(valor)

    def cambios(self, anterior, registro, largo: int | None) -> list[Cambio]:
        resultado = []
        for campo in self.campos:
            if anterior is None:
                if self.crudo(registro, campo) in (None, "", [], ("", "")):
                    continue
                despues = self.valor(registro, campo)
                resultado.append(Cambio(self.etiqueta(campo), VACIO, _extracto(despues, largo)))
            elif self.crudo(anterior, campo) != self.crudo(registro, campo):
                antes, despues = self.valor(anterior, campo), self.valor(registro, campo)
                resultado.append(
                    Cambio(
                        self.etiqueta(campo),
                        _extracto(antes, largo, despues),
                        _extracto(despues, largo, antes),
                    )
                )
        return resultado


def _extracto(texto: str, largo: int | None, otro: str | None = None) -> str:
    """A long text cut to `largo` characters, starting a little before where it differs from
    `otro`, so that an edit in the middle of a minute is visible."""
    if largo is None or len(texto) <= largo:
        return texto
    inicio = 0
    if otro is not None:
        igual = next(
            (i for i, (a, b) in enumerate(zip(texto, otro, strict=False)) if a != b),
            min(len(texto), len(otro)),
        )
        if igual > largo // 2:
            corte = igual - largo // 4
            espacio = texto.rfind(" ", corte - 40, corte)  # start at a word when one is near
            inicio = espacio + 1 if espacio >= 0 else corte
    return ("…" if inicio else "") + Truncator(texto[inicio:]).chars(largo)


def versiones(
    historial: QuerySet,
    *,
    campos: Iterable[str] | None = None,
    excluidos: Iterable[str] = (),
    etiquetas: dict[str, str] | None = None,
    formatos: dict[str, Callable[[object], str]] | None = None,
    archivos: dict[str, str] | None = None,
    titulo: Callable[[models.Model], str] | None = None,
    largo: int | None = LARGO_TEXTO,
) -> list[Version]:
    """The records of `historial` (of one object or several), newest first, each with what
    changed since the same object's previous record.

    `campos` picks and orders the fields (default: all tracked but the technical and
    `excluidos`); `etiquetas` replaces a verbose_name; `formatos` shows a value its own way;
    `archivos` maps a FileField to the field with its original name; `titulo` names a record
    (default "Versión N": the object's `version` when it has one, else its count of records).
    """
    registros = list(historial.select_related("history_user").order_by("history_date", "pk"))
    modelo = historial.model
    presentacion = _Presentacion(
        modelo,
        registros,
        campos=campos,
        excluidos=excluidos,
        etiquetas=etiquetas,
        formatos=formatos,
        archivos=archivos,
    )
    clave = modelo.instance_type._meta.pk.attname
    anteriores: dict = {}
    contados: Counter = Counter()
    resultado = []
    for registro in registros:
        objeto = getattr(registro, clave)
        anterior = anteriores.get(objeto)
        contados[objeto] += 1
        numero = getattr(registro, "version", None) or contados[objeto]
        resultado.append(
            Version(
                registro=registro,
                titulo=titulo(registro) if titulo else f"Versión {numero}",
                accion=registro.history_change_reason or ACCIONES[registro.history_type],
                cambios=presentacion.cambios(anterior, registro, largo),
                inicial=anterior is None,
            )
        )
        anteriores[objeto] = registro
    resultado.reverse()
    return resultado


def cambios_entre(
    antes: models.Model,
    despues: models.Model,
    *,
    campos: Iterable[str] | None = None,
    etiquetas: dict[str, str] | None = None,
    formatos: dict[str, Callable[[object], str]] | None = None,
    largo: int | None = None,
) -> list[Cambio]:
    """The fields that differ between two historical records of one object (version compare)."""
    presentacion = _Presentacion(
        type(despues),
        [antes, despues],
        campos=campos,
        excluidos=(),
        etiquetas=etiquetas,
        formatos=formatos,
        archivos=None,
    )
    return presentacion.cambios(antes, despues, largo)
