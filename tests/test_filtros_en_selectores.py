"""List filtering in one style (STYLE.md): the FilterSets are built by the list selectors, which
give the filter (its form, its messages) and the filtered rows; views only pass the query
string."""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.http import QueryDict
from django.utils import timezone

from convenios import selectors as convenios_selectors
from empresas import selectors as empresas_selectors
from mesas import selectors as mesas_selectors
from mesas.models import Acuerdo
from nucleo.models import Rol
from omil import selectors as omil_selectors
from tests.factories import (
    AcuerdoFactory,
    ConvenioFactory,
    EmpresaFactory,
    PlanComunalFactory,
    VisitaEmpresaFactory,
    mesa_regional,
    oficina,
    usuario_con_rol,
)

pytestmark = pytest.mark.django_db

RAIZ = Path(__file__).resolve().parents[1]


def _filtersets_en_vistas() -> list[str]:
    halladas = []
    for app in ["nucleo", "omil", "convenios", "empresas", "mesas", "informes"]:
        for archivo in sorted((RAIZ / app).rglob("views*.py")) + sorted(
            (RAIZ / app).glob("views/*.py")
        ):
            for nodo in ast.walk(ast.parse(archivo.read_text(encoding="utf-8"))):
                funcion = getattr(nodo, "func", None) if isinstance(nodo, ast.Call) else None
                nombre = getattr(funcion, "id", None) or getattr(funcion, "attr", None) or ""
                if nombre.endswith("Filter"):
                    halladas.append(f"{archivo.relative_to(RAIZ)}:{nodo.lineno} {nombre}")
    return halladas


def test_ninguna_vista_arma_un_filterset():
    halladas = _filtersets_en_vistas()

    assert not halladas, "Los FilterSets los arman los selectores:\n" + "\n".join(halladas)


def test_acuerdos_filtrados_abiertos_por_defecto_y_los_mas_urgentes_primero():
    articuladora = usuario_con_rol(Rol.ARTICULADOR)
    mesa = mesa_regional()
    hoy = timezone.localdate()
    tarde = AcuerdoFactory(sesion__mesa=mesa, fecha_limite=hoy + timedelta(days=30))
    pronto = AcuerdoFactory(sesion__mesa=mesa, fecha_limite=hoy + timedelta(days=3))
    AcuerdoFactory(sesion__mesa=mesa, estado=Acuerdo.Estado.CUMPLIDO)

    filtro, acuerdos = mesas_selectors.acuerdos_filtrados(articuladora, QueryDict())

    assert filtro.form.is_valid()
    assert list(acuerdos) == [pronto, tarde]


def test_acuerdos_filtrados_descartan_una_mesa_fuera_del_alcance_con_un_mensaje():
    articuladora = usuario_con_rol(Rol.ARTICULADOR)
    propio = AcuerdoFactory(sesion__mesa=mesa_regional())
    ajena = mesa_regional("08")

    filtro, acuerdos = mesas_selectors.acuerdos_filtrados(
        articuladora, QueryDict(f"mesa={ajena.pk}")
    )

    assert "mesa" in filtro.form.errors
    assert list(acuerdos) == [propio]


def test_convenios_filtrados_por_texto_y_por_termino():
    articuladora = usuario_con_rol(Rol.ARTICULADOR)
    segundo = ConvenioFactory(nombre="Convenio Previene 2", fecha_termino=timezone.localdate())
    primero = ConvenioFactory(
        nombre="Convenio Previene 1", fecha_termino=timezone.localdate() - timedelta(days=1)
    )
    ConvenioFactory(nombre="Acuerdo técnico SEREMI")

    _filtro, convenios = convenios_selectors.convenios_filtrados(
        articuladora, QueryDict("q=Previene"), timezone.localdate()
    )

    assert list(convenios) == [primero, segundo]


def test_empresas_filtradas_por_nombre():
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO, oficina())
    buscada = EmpresaFactory(razon_social="Panadería La Espiga SpA")
    EmpresaFactory(razon_social="Ferretería El Tornillo Ltda")

    _filtro, empresas = empresas_selectors.empresas_filtradas(ejecutivo, QueryDict("q=espiga"))

    assert list(empresas) == [buscada]


def test_visitas_filtradas_en_la_pestana_pedida_o_en_proximas():
    ejecutivo = usuario_con_rol(Rol.EJECUTIVO, oficina())
    proxima = VisitaEmpresaFactory()

    filtro, visitas = empresas_selectors.visitas_filtradas(
        ejecutivo, QueryDict("ver=otra-cosa"), timezone.now()
    )

    assert filtro.vista == "proximas"
    assert list(visitas) == [proxima]


def test_planes_filtrados_del_anio_pedido():
    articuladora = usuario_con_rol(Rol.ARTICULADOR)
    PlanComunalFactory(anio=2025)
    del_anio = PlanComunalFactory(anio=2026)

    filtro, planes = omil_selectors.planes_filtrados(articuladora, QueryDict("anio=2026"))

    assert filtro.form.is_valid()
    assert list(planes) == [del_anio]
