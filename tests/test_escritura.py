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

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import time, timedelta
from html.parser import HTMLParser
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import get_resolver, reverse
from django.utils import timezone

from mesas.models import Serie
from nucleo.admin import AdminVersionado
from nucleo.cache import version_datos
from nucleo.models import Programa, Rol, ServicioPublico
from nucleo.personas.forms import InstitucionPublicaForm
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
    preparar: Callable[[], tuple]  # -> (object, a user who may edit it)
    campo: str  # a field of the page's form to change
    servicio: str  # "app.nombre" of the service the page calls
    extra: dict = field(default_factory=dict)  # service arguments the object does not hold
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


def _institucion():
    omil = omil_de("05802")
    return omil, usuario_con_rol(Rol.ENCARGADO_OMIL, omil)


CASOS = {
    "mesas:mesa_update": Caso(_mesa, "objetivo", "mesas.mesa_actualizar"),
    "mesas:sesion_update": Caso(_sesion, "lugar", "mesas.sesion_actualizar"),
    "mesas:serie_update": Caso(
        _serie, "lugar", "mesas.serie_modificar_restantes", pagina="mesas:serie_detail"
    ),
    "omil:plan_edit": Caso(_plan, "diagnostico", "omil.plan_guardar", {"lineas": []}),
    "omil:programa_edit": Caso(
        _programa,
        "descripcion",
        "omil.programa_editar",
        {"requisitos": "", "como_derivar": "", "contacto": ""},
    ),
    "convenios:convenio_edit": Caso(
        _convenio, "objeto", "convenios.convenio_editar", {"obligaciones": []}
    ),
    "empresas:empresa_update": Caso(_empresa, "razon_social", "empresas.empresa_actualizar"),
    "empresas:visita_update": Caso(
        _visita, "objetivo", "empresas.visita_actualizar", {"instituciones": []}
    ),
    "empresas:visita_resultado": Caso(
        _visita_realizada, "resultado", "empresas.visita_registrar_resultado", {"acuerdos": []}
    ),
    "empresas:encuentro_update": Caso(_encuentro, "nombre", "empresas.encuentro_actualizar"),
    "nucleo:institucion_edit": Caso(
        _institucion, "horario", "nucleo.personas.institucion_actualizar"
    ),
}

# Which model each case edits (checked against what its `preparar` builds, in `edicion`).
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
    "nucleo:institucion_edit": "nucleo.Institucion",
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


def llamar_servicio(caso: Caso, objeto, por, valor: str):
    """Calls the case's service as its page would, changing `campo` to `valor`: each keyword
    required keyword argument comes from the case's `extra`, `datos` (for the services that
    take the form's fields as one dict) or the object (its field or relation of that name)."""
    paquete, nombre = caso.servicio.rsplit(".", 1)  # "omil.plan_guardar", "nucleo.personas.…"
    servicio = getattr(import_module(f"{paquete}.services"), nombre)
    parametros = inspect.signature(servicio).parameters
    entidad = next(iter(parametros))  # every edit service takes its object first
    kwargs = {entidad: objeto, "por": por, "version": objeto.version}
    for nombre_param, parametro in parametros.items():
        if nombre_param in kwargs:
            continue
        if nombre_param in caso.extra:
            kwargs[nombre_param] = caso.extra[nombre_param]
        elif nombre_param == caso.campo:
            kwargs[nombre_param] = valor
        elif nombre_param == "datos":
            kwargs["datos"] = {caso.campo: valor}
        elif parametro.default is not inspect.Parameter.empty:
            continue  # optional: left as the service's default
        elif hasattr(objeto, nombre_param):
            actual = getattr(objeto, nombre_param)
            kwargs[nombre_param] = list(actual.all()) if hasattr(actual, "all") else actual
        else:
            raise AssertionError(f"{caso.servicio}: indique «{nombre_param}» en extra.")
    return servicio(**kwargs)


@dataclass
class Edicion:
    caso: Caso
    objeto: object
    usuario: object
    pagina: str
    envio: str

    def formulario(self, client) -> dict[str, list[str]]:
        return formulario_de_edicion(client.get(self.pagina), self.envio)

    def estado(self) -> tuple:
        fila = type(self.objeto)._base_manager.get(pk=self.objeto.pk)
        return fila.version, self.objeto.history.count(), getattr(fila, self.caso.campo)


@pytest.fixture(params=list(CASOS))
def edicion(request, client) -> Edicion:
    """One edit page's object, a user who may edit it (signed in) and the page's URLs."""
    caso = CASOS[request.param]
    objeto, usuario = caso.preparar()
    assert objeto._meta.label == MODELOS[request.param]
    client.force_login(usuario)
    envio = reverse(request.param, args=[objeto.pk])
    pagina = reverse(caso.pagina or request.param, args=[objeto.pk])
    return Edicion(caso, objeto, usuario, pagina, envio)


# --- The generated tests --------------------------------------------------------------------------


def test_la_pagina_de_edicion_lleva_la_version(client, edicion):
    datos = edicion.formulario(client)

    assert datos["version"] == [str(edicion.objeto.version)]


def test_una_edicion_deja_un_registro_con_persona_e_ip_y_renueva_la_cache(client, edicion):
    campo = edicion.caso.campo
    datos = edicion.formulario(client)
    datos[campo] = ["Texto cambiado por la prueba"]
    registros, cache = edicion.objeto.history.count(), version_datos()

    respuesta = client.post(edicion.envio, datos, REMOTE_ADDR=IP)

    assert respuesta.status_code == 302, respuesta.content.decode()[:3000]
    _, total, valor = edicion.estado()
    assert (valor, total) == ("Texto cambiado por la prueba", registros + 1)
    registro = edicion.objeto.history.order_by("-history_date", "-history_id").first()
    assert (registro.history_user, registro.ip) == (edicion.usuario, IP)
    assert version_datos() != cache


def test_dos_guardados_a_la_vez_el_segundo_se_rechaza_sin_cambiar_nada(client, edicion):
    campo = edicion.caso.campo
    primera, segunda = edicion.formulario(client), edicion.formulario(client)
    primera[campo], segunda[campo] = ["Lo de la primera"], ["Lo de la segunda"]

    assert client.post(edicion.envio, primera).status_code == 302
    antes = edicion.estado()
    respuesta = client.post(edicion.envio, segunda, follow=True)

    assert MENSAJE_CONFLICTO in respuesta.content.decode()
    assert edicion.estado() == antes
    assert antes[2] == "Lo de la primera"


def test_el_servicio_sin_permiso_se_niega_sin_cambiar_nada(edicion):
    antes = edicion.estado()

    with pytest.raises(PermissionDenied):
        llamar_servicio(edicion.caso, edicion.objeto, UsuarioFactory(), "Cambio no permitido")

    assert edicion.estado() == antes


def test_el_servicio_sin_persona_se_niega(edicion):
    """User-facing edit services require a user: only system jobs run with `por=None`."""
    antes = edicion.estado()

    with pytest.raises(PermissionDenied):
        llamar_servicio(edicion.caso, edicion.objeto, None, "Cambio sin persona")

    assert edicion.estado() == antes


def test_el_servicio_con_permiso_guarda(edicion):
    """The same generic call succeeds for the user the page lets edit: the refusals above are
    about permission, not about the arguments."""
    llamar_servicio(edicion.caso, edicion.objeto, edicion.usuario, "Cambio desde el servicio")

    assert edicion.estado()[2] == "Cambio desde el servicio"


# --- The admin: the same lock for a superuser ---------------------------------------------------


def _preparar_modelo(etiqueta: str):
    url = next(url for url, modelo in MODELOS.items() if modelo == etiqueta)
    return CASOS[url].preparar()[0]


ADMINS = sorted(
    m._meta.label for m in admin.site._registry if m._meta.label in set(MODELOS.values())
)


def test_cada_admin_de_un_modelo_versionado_lleva_la_version():
    registrados = {m._meta.label: a for m, a in admin.site._registry.items()}

    sin_version = [
        e
        for e in modelos_versionados() & set(registrados)
        if not isinstance(registrados[e], AdminVersionado)
    ]

    assert sin_version == []


@pytest.mark.parametrize("etiqueta", ADMINS)
def test_en_el_admin_el_segundo_guardado_se_rechaza_sin_cambiar_nada(client, etiqueta):
    objeto = _preparar_modelo(etiqueta)
    client.force_login(UsuarioFactory(is_staff=True, is_superuser=True))
    url = reverse(
        f"admin:{objeto._meta.app_label}_{objeto._meta.model_name}_change", args=[objeto.pk]
    )
    primera = formulario_de_edicion(client.get(url), url)
    segunda = formulario_de_edicion(client.get(url), url)

    assert client.post(url, {**primera, "_save": ["Guardar"]}).status_code == 302
    antes = type(objeto)._base_manager.get(pk=objeto.pk).version, objeto.history.count()
    respuesta = client.post(url, {**segunda, "_save": ["Guardar"]})

    assert respuesta.status_code == 200
    assert MENSAJE_CONFLICTO in respuesta.content.decode()
    assert (type(objeto)._base_manager.get(pk=objeto.pk).version, objeto.history.count()) == antes


# --- nucleo.personas: action forms, not edit forms of a model ------------------------------------
#
# (An institution's public data, InstitucionPublicaForm, is an edit form of a model: it carries
# the lock version and is one of CASOS above, as «nucleo:institucion_edit».)
# Changing a role (CambiarRolForm) and an OMIL's setting (AjustesOmilForm) are not edit forms of
# a model: each is a plain `forms.Form` of one field that states the value the person chooses, not
# a copy of the record to be written back. Two people sending it at once each write their own
# explicit choice, and no other field can be silently reverted, so they carry no lock version and
# are not in CASOS. What the generated tests demand of every write still holds and is checked
# here over every service of nucleo.personas that acts for a person (`por`): the permission from
# nucleo.personas.permissions (PermissionDenied, nothing changed) and a history record with who.
# The services without `por` act on their own authority, listed with the reason.

SIN_POR = {
    "invitacion_aceptar": "the invitee's signed e-mail link is the authority",
    "cuenta_crear_por_invitacion": "the invitee's signed e-mail link is the authority",
    "claveunica_ingresar": "ClaveÚnica's verified RUN is the authority",
}


def _personas_estado(objeto) -> tuple:
    fila = type(objeto)._base_manager.get(pk=objeto.pk)
    campos = [f.attname for f in fila._meta.concrete_fields]
    return tuple(getattr(fila, c) for c in campos), objeto.history.count()


def _membresia():
    from nucleo.models import Rol as R

    gestor = usuario_con_rol(R.GESTOR_TERRITORIAL)
    return gestor.membresias.get()


def _invitacion():
    from nucleo.personas import services

    return services.invitacion_crear(
        email="nueva@omil.cl",
        institucion=omil_de(),
        rol=Rol.GESTOR_TERRITORIAL,
        por=usuario_con_rol(Rol.ARTICULADOR),
    )


PERSONAS = {
    # service: (build the object, the service's arguments but `por`)
    "membresia_cambiar_rol": (_membresia, lambda m: {"membresia": m, "rol": Rol.AUTORIDAD_COMUNAL}),
    "membresia_desactivar": (_membresia, lambda m: {"membresia": m, "reemplazo": None}),
    "omil_ajustar": (omil_de, lambda o: {"institucion": o, "aprobacion_comunal": True}),
    "invitacion_revocar": (_invitacion, lambda i: {"invitacion": i}),
    "institucion_actualizar": (
        omil_de,
        lambda o: {
            "institucion": o,
            "version": o.version,
            **{c: getattr(o, c) for c in InstitucionPublicaForm.Meta.fields},
            "horario": "Lunes a viernes, 8:30 a 14:00",
        },
    ),
    "invitacion_crear": (
        omil_de,
        lambda o: {"email": "otra@omil.cl", "institucion": o, "rol": Rol.GESTOR_TERRITORIAL},
    ),
}


def test_los_formularios_de_personas_son_de_accion_y_no_de_edicion():
    from django import forms

    from nucleo.personas.forms import AjustesOmilForm, CambiarRolForm

    for formulario in (CambiarRolForm, AjustesOmilForm):
        assert not issubclass(formulario, forms.ModelForm)
        assert len(formulario.base_fields) == 1


def test_cada_servicio_de_personas_tiene_su_caso_o_su_razon():
    """Every write (atomic function) of nucleo.personas.services is covered: with `por` below,
    without it in SIN_POR."""
    from nucleo.personas import services

    escrituras = {
        nombre: "por" in inspect.signature(f).parameters
        for nombre, f in inspect.getmembers(services, inspect.isfunction)
        if f.__module__ == services.__name__
        and not nombre.startswith("_")
        and "@transaction.atomic" in inspect.getsource(f)
    }

    assert {n for n, con_por in escrituras.items() if con_por} == set(PERSONAS)
    assert {n for n, con_por in escrituras.items() if not con_por} == set(SIN_POR)


@pytest.mark.parametrize("nombre", list(PERSONAS))
@pytest.mark.parametrize("por", [None, "sin rol", "otra region"])
def test_personas_sin_permiso_se_niega_sin_cambiar_nada(nombre, por):
    from nucleo.personas import services
    from tests.factories import oficina

    preparar, argumentos = PERSONAS[nombre]
    objeto = preparar()
    quien = {
        None: None,
        "sin rol": UsuarioFactory(),
        "otra region": usuario_con_rol(Rol.ARTICULADOR, oficina("sence", "08")),
    }[por]
    antes = _personas_estado(objeto)

    with pytest.raises(PermissionDenied):
        getattr(services, nombre)(**argumentos(objeto), por=quien)

    assert _personas_estado(objeto) == antes


@pytest.mark.parametrize(
    "nombre",
    ["membresia_cambiar_rol", "omil_ajustar", "invitacion_revocar", "institucion_actualizar"],
)
def test_personas_con_permiso_deja_un_registro_con_quien(nombre):
    from nucleo.personas import services

    preparar, argumentos = PERSONAS[nombre]
    objeto = preparar()
    articuladora = usuario_con_rol(Rol.ARTICULADOR)
    registros = objeto.history.count()

    getattr(services, nombre)(**argumentos(objeto), por=articuladora)

    assert objeto.history.count() == registros + 1
    assert objeto.history.order_by("-history_date", "-history_id").first().history_user == (
        articuladora
    )
