"""Every edit goes through one write path, generated over every edit page and edit service.

The cases are checked against what the code declares, so a new model cannot slip through:
* every URL named `*_update`, `*_edit` or `*_resultado` has a case below, and every case's page
  carries the hidden `version` field (a model with an edit form and no version fails here);
* every model with django-concurrency's version field (nucleo.models.Versionado) has a case, and
  every case's model has the version field;
* every service named `*_actualizar`, `*_editar`, `*_guardar` (and the other edit services the
  pages call) in every app's services has a case.

For each case: (a) one edit through the page adds exactly one history record carrying the user
and the client's address, and moves the cache's data version; (b) two people who opened the
page at once both save: the second is refused with the Spanish conflict message and changes
nothing; (c) the service called by a user without permission raises PermissionDenied and
changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time, timedelta
from html.parser import HTMLParser
from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.urls import get_resolver, reverse
from django.utils import timezone

from mesas.models import Serie
from nucleo.cache import version_datos
from nucleo.models import Programa, Rol, ServicioPublico
from nucleo.servicios import MENSAJE_CONFLICTO
from omil.models import FichaPrograma
from tests.factories import (
    ConvenioFactory,
    EmpresaFactory,
    EncuentroFactory,
    PlanComunalFactory,
    SesionFactory,
    UsuarioFactory,
    VisitaEmpresaFactory,
    mesa_regional,
    omil_de,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db

APPS = ("nucleo", "omil", "convenios", "empresas", "mesas", "informes")
URL_DE_EDICION = re.compile(r"^[a-z]+:[a-z_]+_(update|edit|resultado)$")
SERVICIO_DE_EDICION = re.compile(r"^[a-z]+_(actualizar|editar|guardar)$")
IP = "190.20.30.40"


# --- The cases --------------------------------------------------------------------------------


@dataclass
class Caso:
    url: str  # the edit page (GET)
    preparar: Callable[[], tuple]  # -> (object, a user who may edit it)
    campo: str  # a field of the page's form to change
    servicio: str  # "app.nombre" of the service the page calls
    llamar: Callable  # (object, por, valor) -> calls the service changing `campo` to `valor`
    envio: str | None = None  # the URL the form posts to, when not the page itself
    pagina: str | None = None  # the page showing the form, when the edit URL only takes POST


def _mesa():
    return mesa_regional(), usuario_con_rol(Rol.ARTICULADOR)


def _sesion():
    return SesionFactory(mesa=mesa_regional()), usuario_con_rol(Rol.ARTICULADOR)


def _serie():
    desde = timezone.localdate() + timedelta(days=40)
    serie = Serie.objects.create(
        mesa=mesa_regional(),
        regla="último jueves de cada mes",
        rrule="FREQ=MONTHLY;BYDAY=-1TH",
        hora=time(10),
        desde=desde,
        cantidad=3,
    )
    return serie, usuario_con_rol(Rol.ARTICULADOR)


def _plan():
    return PlanComunalFactory(), usuario_con_rol(Rol.ENCARGADO_OMIL, omil_de("05802"))


def _programa():
    programa = Programa.objects.create(
        servicio=ServicioPublico.objects.get(codigo="senadis"), nombre="Programa regional"
    )
    FichaPrograma.objects.create(programa=programa, region_id="05")
    return programa, usuario_con_rol(Rol.REPRESENTANTE)  # SENADIS Valparaíso


def _convenio():
    return ConvenioFactory(), usuario_con_rol(Rol.ARTICULADOR)


def _empresa():
    return EmpresaFactory(), usuario_con_rol(Rol.EJECUTIVO)


def _visita():
    visita = VisitaEmpresaFactory()
    return visita, visita.planificada_por


def _visita_realizada():
    inicio = (timezone.now() - timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    visita = VisitaEmpresaFactory(inicio=inicio)
    return visita, visita.planificada_por


def _encuentro():
    return EncuentroFactory(), usuario_con_rol(Rol.EJECUTIVO)


def _servicio(nombre: str):
    app, funcion = nombre.split(".")
    return getattr(import_module(f"{app}.services"), funcion)


CASOS = {
    "mesas:mesa_update": Caso(
        url="mesas:mesa_update",
        preparar=_mesa,
        campo="objetivo",
        servicio="mesas.mesa_actualizar",
        llamar=lambda o, por, v: _servicio("mesas.mesa_actualizar")(
            mesa=o,
            version=o.version,
            poblaciones=o.poblaciones,
            objetivo=v,
            fecha_inicio=o.fecha_inicio,
            activa=o.activa,
            por=por,
        ),
    ),
    "mesas:sesion_update": Caso(
        url="mesas:sesion_update",
        preparar=_sesion,
        campo="lugar",
        servicio="mesas.sesion_actualizar",
        llamar=lambda o, por, v: _servicio("mesas.sesion_actualizar")(
            sesion=o,
            version=o.version,
            tipo=o.tipo,
            titulo=o.titulo,
            inicio=o.inicio,
            fin=o.fin,
            lugar=v,
            enlace_video=o.enlace_video,
            por=por,
        ),
    ),
    "mesas:serie_update": Caso(
        url="mesas:serie_update",
        pagina="mesas:serie_detail",
        preparar=_serie,
        campo="lugar",
        servicio="mesas.serie_modificar_restantes",
        llamar=lambda o, por, v: _servicio("mesas.serie_modificar_restantes")(
            serie=o,
            version=o.version,
            hora=o.hora,
            duracion_minutos=o.duracion_minutos,
            lugar=v,
            enlace_video=o.enlace_video,
            por=por,
        ),
    ),
    "omil:plan_edit": Caso(
        url="omil:plan_edit",
        preparar=_plan,
        campo="diagnostico",
        servicio="omil.plan_guardar",
        llamar=lambda o, por, v: _servicio("omil.plan_guardar")(
            plan=o,
            version=o.version,
            poblaciones_foco=o.poblaciones_foco,
            diagnostico=v,
            lineas=[],
            por=por,
        ),
    ),
    "omil:programa_edit": Caso(
        url="omil:programa_edit",
        preparar=_programa,
        campo="descripcion",
        servicio="omil.programa_editar",
        llamar=lambda o, por, v: _servicio("omil.programa_editar")(
            programa=o,
            version=o.version,
            nombre=o.nombre,
            descripcion=v,
            poblacion_objetivo=o.poblacion_objetivo,
            requisitos="",
            como_derivar="",
            contacto="",
            activo=o.activo,
            por=por,
        ),
    ),
    "convenios:convenio_edit": Caso(
        url="convenios:convenio_edit",
        preparar=_convenio,
        campo="objeto",
        servicio="convenios.convenio_editar",
        llamar=lambda o, por, v: _servicio("convenios.convenio_editar")(
            convenio=o,
            version=o.version,
            datos={"objeto": v},
            instituciones=list(o.instituciones.all()),
            obligaciones=[],
            por=por,
        ),
    ),
    "empresas:empresa_update": Caso(
        url="empresas:empresa_update",
        preparar=_empresa,
        campo="razon_social",
        servicio="empresas.empresa_actualizar",
        llamar=lambda o, por, v: _servicio("empresas.empresa_actualizar")(
            empresa=o, version=o.version, datos={"razon_social": v}, por=por
        ),
    ),
    "empresas:visita_update": Caso(
        url="empresas:visita_update",
        preparar=_visita,
        campo="objetivo",
        servicio="empresas.visita_actualizar",
        llamar=lambda o, por, v: _servicio("empresas.visita_actualizar")(
            visita=o,
            version=o.version,
            inicio=o.inicio,
            objetivo=v,
            participantes=list(o.participantes.all()),
            instituciones=[],
            duracion_minutos=o.duracion_minutos,
            por=por,
        ),
    ),
    "empresas:visita_resultado": Caso(
        url="empresas:visita_resultado",
        preparar=_visita_realizada,
        campo="resultado",
        servicio="empresas.visita_registrar_resultado",
        llamar=lambda o, por, v: _servicio("empresas.visita_registrar_resultado")(
            visita=o,
            version=o.version,
            vacantes_ofrecidas=1,
            personas_derivadas=1,
            capacitaciones_acordadas="",
            resultado=v,
            acuerdos=[],
            por=por,
        ),
    ),
    "empresas:encuentro_update": Caso(
        url="empresas:encuentro_update",
        preparar=_encuentro,
        campo="nombre",
        servicio="empresas.encuentro_actualizar",
        llamar=lambda o, por, v: _servicio("empresas.encuentro_actualizar")(
            encuentro=o,
            version=o.version,
            datos={"nombre": v},
            organizadores=list(o.organizadores.all()),
            por=por,
        ),
    ),
}

# Which model each case edits, asserted against what its `preparar` builds (see below).
MODELOS = {
    "mesas:mesa_update": "mesas.Mesa",
    "mesas:sesion_update": "mesas.Sesion",
    "mesas:serie_update": "mesas.Serie",
    "omil:plan_edit": "omil.PlanComunal",
    "omil:programa_edit": "nucleo.Programa",
    "convenios:convenio_edit": "convenios.Convenio",
    "empresas:empresa_update": "empresas.Empresa",
    "empresas:visita_update": "empresas.VisitaEmpresa",
    "empresas:visita_resultado": "empresas.VisitaEmpresa",
    "empresas:encuentro_update": "empresas.EncuentroEmpresarial",
}


# --- What the code declares -------------------------------------------------------------------


def urls_de_edicion() -> set[str]:
    nombres = set()
    for nombre_app, (_, resolver) in get_resolver().namespace_dict.items():
        for nombre in resolver.reverse_dict:
            if isinstance(nombre, str) and URL_DE_EDICION.match(f"{nombre_app}:{nombre}"):
                nombres.add(f"{nombre_app}:{nombre}")
    return nombres


def modelos_versionados() -> set[str]:
    return {
        m._meta.label
        for m in apps.get_models()
        if m._meta.app_label in APPS
        and getattr(getattr(m, "_concurrencymeta", None), "field", None) is not None
        and not hasattr(m, "instance_type")  # simple-history's historical copies
    }


def servicios_de_edicion() -> set[str]:
    encontrados = set()
    for app in APPS:
        try:
            modulo = import_module(f"{app}.services")
        except ModuleNotFoundError:
            continue
        for nombre in dir(modulo):
            if SERVICIO_DE_EDICION.match(nombre) and callable(getattr(modulo, nombre)):
                encontrados.add(f"{app}.{nombre}")
    return encontrados


def test_cada_pagina_de_edicion_tiene_su_caso():
    assert urls_de_edicion() == set(CASOS)


def test_cada_modelo_versionado_tiene_un_formulario_probado_y_viceversa():
    assert modelos_versionados() == set(MODELOS.values())


def test_cada_servicio_de_edicion_tiene_su_caso():
    assert servicios_de_edicion() <= {c.servicio for c in CASOS.values()}


# --- Reading a page's form as a browser would ----------------------------------------------------


class _Formularios(HTMLParser):
    """The fields each <form> of a page would submit (no JavaScript, no files)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.formularios: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action") or "", "datos": []}
            self.formularios.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            tipo, nombre = (a.get("type") or "text").lower(), a.get("name")
            if not nombre or tipo in {"submit", "button", "file", "reset", "image"}:
                return
            if tipo in {"checkbox", "radio"} and "checked" not in a:
                return
            self._form["datos"].append(
                (nombre, a.get("value") or ("on" if tipo == "checkbox" else ""))
            )
        elif tag == "select":
            self._select = {"nombre": a.get("name"), "multiple": "multiple" in a, "opciones": []}
        elif tag == "option" and self._select is not None:
            self._select["opciones"].append((a.get("value") or "", "selected" in a))
        elif tag == "textarea":
            self._textarea = [a.get("name"), ""]

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            s, self._select = self._select, None
            elegidas = [v for v, sel in s["opciones"] if sel]
            if not elegidas and not s["multiple"] and s["opciones"]:
                elegidas = [s["opciones"][0][0]]
            if self._form is not None and s["nombre"]:
                self._form["datos"] += [(s["nombre"], v) for v in elegidas]
        elif tag == "textarea" and self._textarea is not None:
            nombre, texto = self._textarea
            self._textarea = None
            if self._form is not None and nombre:
                self._form["datos"].append((nombre, texto.removeprefix("\n")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def formulario_de_edicion(respuesta, envio: str) -> dict[str, list[str]]:
    lector = _Formularios()
    lector.feed(respuesta.content.decode())
    for formulario in lector.formularios:
        nombres = [n for n, _ in formulario["datos"]]
        if "version" in nombres and formulario["action"] in {"", envio}:
            datos: dict[str, list[str]] = {}
            for nombre, valor in formulario["datos"]:
                datos.setdefault(nombre, []).append(valor)
            return datos
    raise AssertionError(f"La página no tiene un formulario con versión que envíe a {envio}.")


def _preparar(caso: Caso):
    objeto, usuario = caso.preparar()
    assert objeto._meta.label == MODELOS[caso.url]
    return objeto, usuario


def _urls(caso: Caso, objeto) -> tuple[str, str]:
    envio = reverse(caso.url, args=[objeto.pk])
    return reverse(caso.pagina or caso.url, args=[objeto.pk]), envio


def _estado(objeto) -> tuple:
    fila = type(objeto)._base_manager.get(pk=objeto.pk)
    return fila.version, objeto.history.count()


# --- The generated tests --------------------------------------------------------------------------

IDS = list(CASOS)


@pytest.mark.parametrize("url", IDS)
def test_la_pagina_de_edicion_lleva_la_version(client, url):
    caso = CASOS[url]
    objeto, usuario = _preparar(caso)
    client.force_login(usuario)
    pagina, envio = _urls(caso, objeto)

    datos = formulario_de_edicion(client.get(pagina), envio)

    assert datos["version"] == [str(objeto.version)]


@pytest.mark.parametrize("url", IDS)
def test_una_edicion_deja_un_registro_con_persona_e_ip_y_renueva_la_cache(client, url):
    caso = CASOS[url]
    objeto, usuario = _preparar(caso)
    client.force_login(usuario)
    pagina, envio = _urls(caso, objeto)
    datos = formulario_de_edicion(client.get(pagina), envio)
    datos[caso.campo] = ["Texto cambiado por la prueba"]
    registros, cache = objeto.history.count(), version_datos()

    respuesta = client.post(envio, datos, REMOTE_ADDR=IP)

    assert respuesta.status_code == 302, respuesta.content.decode()[:3000]
    objeto.refresh_from_db()
    assert getattr(objeto, caso.campo) == "Texto cambiado por la prueba"
    assert objeto.history.count() == registros + 1
    registro = objeto.history.order_by("-history_date", "-history_id").first()
    assert (registro.history_user, registro.ip) == (usuario, IP)
    assert version_datos() != cache


@pytest.mark.parametrize("url", IDS)
def test_dos_guardados_a_la_vez_el_segundo_se_rechaza_sin_cambiar_nada(client, url):
    caso = CASOS[url]
    objeto, usuario = _preparar(caso)
    client.force_login(usuario)
    pagina, envio = _urls(caso, objeto)
    primera = formulario_de_edicion(client.get(pagina), envio)
    segunda = formulario_de_edicion(client.get(pagina), envio)
    primera[caso.campo], segunda[caso.campo] = ["Lo de la primera"], ["Lo de la segunda"]

    assert client.post(envio, primera).status_code == 302
    antes = _estado(objeto)
    respuesta = client.post(envio, segunda, follow=True)

    assert MENSAJE_CONFLICTO in respuesta.content.decode()
    objeto.refresh_from_db()
    assert getattr(objeto, caso.campo) == "Lo de la primera"
    assert _estado(objeto) == antes


@pytest.mark.parametrize("url", IDS)
def test_el_servicio_sin_permiso_se_niega_sin_cambiar_nada(url):
    caso = CASOS[url]
    objeto, _ = _preparar(caso)
    antes = (_estado(objeto), getattr(objeto, caso.campo))

    with pytest.raises(PermissionDenied):
        caso.llamar(objeto, UsuarioFactory(), "Cambio no permitido")

    objeto = type(objeto)._base_manager.get(pk=objeto.pk)
    assert (_estado(objeto), getattr(objeto, caso.campo)) == antes


@pytest.mark.parametrize("url", IDS)
def test_el_servicio_sin_persona_se_niega(url):
    """User-facing edit services require a user: only system jobs run with `por=None`."""
    caso = CASOS[url]
    objeto, _ = _preparar(caso)

    with pytest.raises(PermissionDenied):
        caso.llamar(objeto, None, "Cambio sin persona")
